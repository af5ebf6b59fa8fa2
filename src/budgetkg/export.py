"""Write query results to files: CSV and JSON (text), Excel and Parquet (binary).

Amounts keep their exactness: CSV and JSON print them as published
(``4444.90``), Excel stores numbers shown with two decimals, Parquet stores
``decimal128`` columns.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .query.result import QueryResult

if TYPE_CHECKING:  # pandas loads only when a frame is written (the CLI starts without it)
    import pandas as pd

TEXT_FORMATS = ("csv", "json")
BINARY_FORMATS = ("xlsx", "parquet")
FORMATS = TEXT_FORMATS + BINARY_FORMATS


class ExportError(ValueError):
    """A format that cannot be written where asked (a binary format to the terminal)."""


def render(result: QueryResult, fmt: str) -> str:
    """CSV or JSON text of a result."""
    if fmt == "csv":
        return result.to_csv()
    if fmt == "json":
        return result.to_json() + "\n"
    raise ExportError(f"{fmt} is not a text format (use one of {', '.join(TEXT_FORMATS)})")


def export(result: QueryResult, fmt: str, output: Path) -> Path:
    """Write a result to ``output`` in ``fmt`` (csv, json, xlsx, parquet); returns the path."""
    if fmt in TEXT_FORMATS:
        output.write_text(render(result, fmt), encoding="utf-8")
    elif fmt in BINARY_FORMATS:
        from .query.frames import to_frame

        frame = to_frame(result)
        if fmt == "xlsx":
            write_xlsx(frame, output)
        else:
            frame.to_parquet(output, index=False)
    else:
        raise ExportError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    return output


def write_xlsx(frame: pd.DataFrame, output: Path, sheet: str = "result") -> None:
    """One sheet, header row frozen, decimal columns shown with two decimals."""
    import pandas as pd

    with pd.ExcelWriter(output, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        ws = writer.sheets[sheet]
        ws.freeze_panes = "A2"
        for j, name in enumerate(frame.columns, start=1):
            if frame[name].dtype == object and frame[name].map(_is_decimal).any():
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = "0.00"


def _is_decimal(value: object) -> bool:
    return isinstance(value, Decimal)
