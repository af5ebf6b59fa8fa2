"""Rows of classification-coded tables: code, name and amounts by measure.

Budget tables print codes either in one column (``2080705``) or split into
类/款/项 columns (``208 | 01 | 05``), where a layout may leave inherited
parts blank. :func:`coded_rows` rebuilds the full 3/5/7-digit code and maps
the amounts that follow the name to the measure labels of the header, in
order, so it works whatever the column count of the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..read.model import Row
from .records import Finding
from .text import clean_name, compact, digits, is_total_label
from .units import TableUnits, default_units

_SPLIT_LABELS = ("类", "款", "项")


@dataclass
class CodedRow:
    """A data row: rebuilt code (None for a total row), name and amounts by label."""

    code: str | None
    name: str
    amounts: dict[str, Decimal | None]
    row: Row
    is_total: bool
    index: int  # 1-based position of the row in the logical table


@dataclass
class Layout:
    """How a coded table lays out its leading columns."""

    skip: int  # leading columns to ignore (序号)
    split: int  # number of split code columns (类/款/项), 0 for one code column
    labels: list[str]  # measure labels, in column order, after the name


def detect_layout(header: list[Row], measures: tuple[str, ...]) -> Layout:
    """Read the header rows: 序号 column, split code columns, measure labels."""
    skip = 0
    split = 0
    for r in header:
        texts = [compact(t) for t in r.texts]
        if texts and texts[0] == "序号":
            skip = 1
        n = sum(1 for t in texts if t in _SPLIT_LABELS)
        split = max(split, n)
    cells = sorted(
        ((j, compact(t)) for r in header for j, t in enumerate(r.texts)),
        key=lambda jt: jt[0],
    )
    labels = []
    for _, t in cells:
        for m in measures:
            if t == m or (t.startswith(m) and m not in labels):
                if m not in labels:
                    labels.append(m)
                break
    return Layout(skip=skip, split=split, labels=labels)


class CodeBuilder:
    """Rebuilds full codes from split 类/款/项 parts with inherited blanks."""

    def __init__(self) -> None:
        self.lei = ""
        self.kuan = ""

    def build(self, parts: list[str]) -> str | None:
        """The full code for one row's code parts (already digits or '')."""
        if len(parts) == 1 or (parts and len(parts[0]) in (5, 7)):
            code = parts[0]
            self._remember(code)
            return code or None
        lei, kuan, xiang = (parts + ["", "", ""])[:3]
        if lei:
            self.lei, self.kuan = lei, ""
        if kuan:
            self.kuan = kuan
        if xiang:
            return self.lei + self.kuan + xiang
        if kuan:
            return self.lei + kuan
        return lei or None

    def _remember(self, code: str) -> None:
        if len(code) >= 3:
            self.lei = code[:3]
        if len(code) >= 5:
            self.kuan = code[3:5]


def coded_rows(
    rows: list[Row],
    layout: Layout,
    table: int,
    findings: list[Finding],
    offset: int = 0,
    units: TableUnits | None = None,
) -> list[CodedRow]:
    """Parse the data rows of a coded table; unparseable cells become findings.

    ``offset`` is the number of rows (the header) before ``rows`` in the table;
    ``units`` the table's units (amounts are normalised to 万元).
    """
    units = units or default_units()
    builder = CodeBuilder()
    out = []
    for index, r in enumerate(rows, start=offset + 1):
        texts = r.texts[layout.skip :]
        ncode = max(layout.split, 1)
        code_cells, rest = texts[:ncode], texts[ncode:]
        if not rest:
            continue
        name, values = rest[0], rest[1:]
        total = any(is_total_label(c) for c in code_cells + [name])
        if not total and not any(digits(c) for c in code_cells):
            continue  # a repeated header row, a note, or an empty row
        parts = [digits(c) for c in code_cells]
        code = None if total else builder.build(parts)
        first = layout.skip + ncode + 1  # the column of the first amount
        amounts = _amounts(values, layout.labels, r, table, findings, units, first)
        if amounts is None:
            continue
        label = "合计" if total and not name.strip() else clean_name(name)
        out.append(CodedRow(code=code, name=label, amounts=amounts, row=r, is_total=total, index=index))
    return out


def _amounts(
    values: list[str],
    labels: list[str],
    row: Row,
    table: int,
    findings: list[Finding],
    units: TableUnits,
    first: int,
) -> dict[str, Decimal | None] | None:
    result: dict[str, Decimal | None] = {}
    for column, (label, text) in enumerate(zip(labels, values, strict=False), start=first):
        try:
            result[label] = units.amount(text, column)
        except ValueError:
            findings.append(
                Finding(
                    slug="unparsed-amount",
                    message=f"table {table} row {row.prov.row}: {label} cell {text!r} is not an amount",
                    table=table,
                    prov=row.prov,
                )
            )
            return None
    return result
