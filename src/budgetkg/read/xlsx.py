"""Excel (XLSX) reader on openpyxl: one table per sheet, merged cells expanded.

Departments that publish their tables as a workbook put one table on each
sheet, usually under a few title lines merged across the sheet (the table
name, ``部门(单位)：X``, ``单位：万元``) and sometimes over a note (``注：...``).
Those single-value rows at the top and bottom become paragraphs, so the
extractor sees the same layout as in a PDF: title lines, then the table.
The sheet name is the table's caption.

Numbers are shown as the sheet shows them (``#,##0.00`` gives ``9,438.90``);
merged ranges keep their value in the top-left cell and leave the rest empty.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from .errors import ReadError
from .model import Block, Cell, Document, Paragraph, Provenance, Row, Table

_DECIMALS = re.compile(r"0\.(0+)")


def format_number(value: float | int | Decimal, number_format: str) -> str:
    """A number as its cell format displays it (decimals, thousands separator, percent)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt == "General" or not any(ch in fmt for ch in "0#"):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    m = _DECIMALS.search(fmt)
    decimals = len(m.group(1)) if m else 0
    if "%" in fmt:
        return f"{float(value) * 100:.{decimals}f}%"
    sep = "," if "," in fmt else ""
    return f"{float(value):{sep}.{decimals}f}"


def cell_value_text(cell: Any) -> str:
    """The displayed text of one openpyxl cell."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, cell.number_format)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return " ".join(str(value).split())


def sheet_grid(ws: Any) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """The sheet's used range as rows of texts, and the column span of each merged range.

    Merged ranges keep only their top-left value; spans are keyed by the
    0-based (row, column) of that cell.
    """
    hidden: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], int] = {}
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row - 1, rng.min_col - 1)] = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    hidden.add((r, c))
    rows: list[list[str]] = []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        texts = ["" if (c.row, c.column) in hidden else cell_value_text(c) for c in row]
        rows.append(texts)
    return used_range(rows), spans


def used_range(rows: list[list[str]]) -> list[list[str]]:
    """The rows without trailing empty rows, cut to the last column holding a value."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, t in enumerate(r) if t), default=0) for r in rows), default=0)
    return [r[:width] for r in rows]


def _line(rows: list[list[str]], spans: dict[tuple[int, int], int], i: int) -> bool:
    """True for an empty row or a row holding one line of text across the sheet (a title or note).

    A lone value counts when merged over at least half the table's width, or
    when it is long text: a lone 合计 in its column is a table row.
    """
    values = [(c, t) for c, t in enumerate(rows[i]) if t]
    if not values:
        return True
    if len(values) > 1:
        return False
    c, text = values[0]
    width = max(len(r) for r in rows)
    return spans.get((i, c), 1) * 2 >= width or len("".join(text.split())) > 15


def split_titles(
    rows: list[list[str]], spans: dict[tuple[int, int], int]
) -> tuple[list[str], list[list[str]], list[str]]:
    """(title lines above the table, table rows, note lines below it)."""
    start, end = 0, len(rows)
    while start < end and _line(rows, spans, start):
        start += 1
    while end > start and _line(rows, spans, end - 1):
        end -= 1
    titles = [t for r in rows[:start] for t in r if t]
    notes = [t for r in rows[end:] for t in r if t]
    return titles, rows[start:end], notes


def sheet_blocks(ws: Any, source: str, number: int) -> list[Block]:
    """Paragraphs and the table of one sheet (``number`` is the table's number)."""
    return grid_blocks(*sheet_grid(ws), str(ws.title), source, number)


def grid_blocks(
    grid: list[list[str]], spans: dict[tuple[int, int], int], name: str, source: str, number: int
) -> list[Block]:
    """Title paragraphs, the table (captioned with the sheet ``name``) and note paragraphs of a sheet grid.

    Shared by the XLSX and the old Excel (.xls) readers.
    """
    titles, table_rows, notes = split_titles(grid, spans)
    blocks: list[Block] = [Paragraph(text=t, prov=Provenance(source=source, table=number)) for t in titles]
    if table_rows:
        rows = [
            Row(cells=[Cell(t) for t in texts], prov=Provenance(source=source, table=number, row=i + 1))
            for i, texts in enumerate(table_rows)
        ]
        prov = Provenance(source=source, table=number)
        blocks.append(Table(number=number, rows=rows, prov=prov, caption=name))
    blocks += [Paragraph(text=t, prov=Provenance(source=source, table=number)) for t in notes]
    return blocks


def read_xlsx(data: bytes, source: str, checksum: str) -> Document:
    """Read an XLSX workbook into a Document: each visible sheet's title lines and table."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises several types for broken packages
        raise ReadError(source, f"damaged Excel file: {type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    number = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        part = sheet_blocks(ws, source, number + 1)
        number += any(isinstance(b, Table) for b in part)
        blocks.extend(part)
    return Document(
        source=source,
        checksum=checksum,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        blocks=blocks,
        pages=None,
    )
