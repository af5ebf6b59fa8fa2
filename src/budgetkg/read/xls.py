"""Old Excel (.xls, BIFF) reader on xlrd: the same sheet layout as the XLSX reader.

Each visible sheet's used range becomes title lines, a table and notes
(:func:`budgetkg.read.xlsx.grid_blocks`); numbers are shown as their cell
format displays them, merged ranges keep their value in the top-left cell.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from .errors import ReadError
from .model import Block, Document, Table
from .xlsx import format_number, grid_blocks, used_range

MEDIA_TYPE = "application/vnd.ms-excel"


def _cell_text(book: Any, sheet: Any, r: int, c: int) -> str:
    """The displayed text of one xlrd cell."""
    import xlrd

    cell = sheet.cell(r, c)
    kind = cell.ctype
    if kind == xlrd.XL_CELL_TEXT:
        return " ".join(str(cell.value).split())
    if kind == xlrd.XL_CELL_NUMBER:
        fmt = "General"
        if 0 <= cell.xf_index < len(book.xf_list):
            found = book.format_map.get(book.xf_list[cell.xf_index].format_key)
            fmt = found.format_str if found is not None else "General"
        return format_number(cell.value, fmt)
    if kind == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(cell.value, "General")
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    return ""  # empty, blank, error


def sheet_grid(book: Any, sheet: Any) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """The sheet's texts (merged ranges: top-left value only) and each merged range's column span."""
    hidden: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], int] = {}
    for rlo, rhi, clo, chi in sheet.merged_cells:
        spans[(rlo, clo)] = chi - clo
        hidden.update((r, c) for r in range(rlo, rhi) for c in range(clo, chi) if (r, c) != (rlo, clo))
    rows = [
        ["" if (r, c) in hidden else _cell_text(book, sheet, r, c) for c in range(sheet.ncols)]
        for r in range(sheet.nrows)
    ]
    return used_range(rows), spans


def read_xls(data: bytes, source: str, checksum: str) -> Document:
    """Read an old Excel workbook into a Document: each visible sheet's title lines and table."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises XLRDError, struct and index errors for broken files
        raise ReadError(source, f"damaged Excel (.xls) file: {type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    number = 0
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        part = grid_blocks(*sheet_grid(book, sheet), str(sheet.name), source, number + 1)
        number += any(isinstance(b, Table) for b in part)
        blocks.extend(part)
    return Document(source=source, checksum=checksum, media_type=MEDIA_TYPE, blocks=blocks, pages=None)
