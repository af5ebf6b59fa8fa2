"""A scanned table's code column told by its cells when OCR misread its label.

A column is a code column by its header label (``科目编码``, 类/款/项,
:mod:`.columns`); OCR sometimes misreads that label (``科目 . 编``), and the
column's codes are then taken for amounts: every sum of the table fails and
its lines lose their function codes. In an OCR'd table (its cells carry a
confidence) a column that its label does not name as code, name, type or
row number is read as the code column when its cells are classification
codes: at least :data:`MIN_CODES` of them, every one 3, 5 or 7 digits (a
合计 label aside), and
at least one of the longer ones under a shorter one of the same column (a
类/款/项 hierarchy, which no column of figures has). Each such column is a
finding ``ocr-column-by-content`` naming the label as read. Printed tables
are never touched: their labels are read as printed.
"""

from __future__ import annotations

import re

from ..read.model import Row
from .columns import Column
from .records import Finding
from .text import compact, is_total_label

CODE_BY_CONTENT = "ocr-column-by-content"
MIN_CODES = 3
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def is_code_hierarchy(texts: list[str]) -> bool:
    """True when ``texts`` (the non-empty cells of a column) are classification codes of one hierarchy.

    A 合计 label printed in the code column (the total line) is no evidence either way.
    """
    codes = [compact(t) for t in texts if not is_total_label(compact(t))]
    if len(codes) < MIN_CODES or not all(_CODE.match(c) for c in codes):
        return False
    present = set(codes)
    return any(len(c) > 3 and c[:-2] in present for c in codes)


def codes_by_content(
    columns: list[Column], rows: list[Row], title: str, table: int, findings: list[Finding]
) -> None:
    """The OCR'd columns whose cells are codes but whose label does not say so made code columns, in place."""
    for col in columns:
        if col.role not in ("amount", "other"):
            continue
        cells = [r.cells[col.index] for r in rows if col.index < len(r.cells)]
        cells = [c for c in cells if c.text.strip()]
        if not cells or any(c.confidence is None for c in cells):
            continue
        if not is_code_hierarchy([c.text for c in cells]):
            continue
        codes = sum(1 for c in cells if not is_total_label(compact(c.text)))
        col.role, col.measure, col.fund, col.part = "code", None, None, None
        findings.append(
            Finding(
                slug=CODE_BY_CONTENT,
                message=f"{title}: column {col.index + 1} (label read by OCR as {col.label or '(none)'!r}) "
                f"holds classification codes ({codes} cells, 类/款/项 nested): read as the code column",
                severity="Info",
                table=table,
                prov=rows[0].prov if rows else None,
            )
        )
