"""Every (code, name) pair a document prints in its coded tables.

Budget tables print classification codes in front of a name: in one column
(``2080705 | 公益性岗位补贴``, ``301 01 | 基本工资``) or split into 类/款/项
(or 类/款) columns where a layout may leave an inherited part blank
(``| 07 | | 就业补助``). A row can hold two coded groups (部门预算 and 政府预算
经济分类 side by side). The scanner reads any table this way, whatever its
kind: a run of digit-or-blank cells right before a Chinese name is a code
group; which classification a code belongs to is decided later by the code
lists' notation patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.tables import LogicalTable, header_rows, logical_tables
from ..extract.text import clean_name, compact, is_total_label
from ..read.model import Document, Provenance, Row

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PART_LENGTHS = (3, 2, 2)  # 类, 款, 项 (and 类, 款 of economic codes)


@dataclass(frozen=True)
class PrintedCode:
    """A code and the name printed next to it, with where it was printed."""

    code: str
    name: str
    table: int
    prov: Provenance | None = None


class _GroupState:
    """The last 类 and 款 of one code group position, for inherited blanks."""

    def __init__(self) -> None:
        self.parts = ["", "", ""]

    def build(self, cells: list[str]) -> str | None:
        """The full code of a group of cells, or None when it is not a code."""
        if len(cells) == 1:
            return self._whole(cells[0])
        filled = [c for c in cells if c]
        if len(filled) == 1 and len(filled[0]) in (5, 7):
            return self._whole(filled[0])
        parts = list(cells[:3])
        if len(parts) > 2 and len(parts[0]) == 2 and not parts[1]:
            parts[0], parts[1] = "", parts[0]  # a 款 code drifted into the 类 column
        last = max((i for i, p in enumerate(parts) if p), default=-1)
        if last < 0:
            return None
        for i, p in enumerate(parts[: last + 1]):
            if p and len(p) != _PART_LENGTHS[i]:
                return None
            if p:
                self.parts[i] = p
                self.parts[i + 1 :] = [""] * (2 - i)
        code = "".join(self.parts[: last + 1])
        return code if len(code) == sum(_PART_LENGTHS[: last + 1]) else None

    def _whole(self, cell: str) -> str | None:
        if len(cell) not in (3, 5, 7):
            return None
        self.parts = [cell[:3], cell[3:5], cell[5:7]]
        return cell


def _is_code_cell(text: str) -> bool:
    t = compact(text)
    return t == "" or (t.isdigit() and len(t) <= 7)


def _is_name(text: str) -> bool:
    return bool(_CJK.search(text)) and not is_total_label(text)


def is_coded_table(table: LogicalTable) -> bool:
    """A table whose header names classification codes (科目, or 类 and 款 columns)."""
    texts = [compact(t) for r in header_rows(table.rows)[:5] for t in r.texts]
    return any("科目" in t for t in texts) or ("类" in texts and "款" in texts)


def _skip_columns(table: LogicalTable) -> int:
    """1 when the header's first column is a 序号 (row number) column."""
    for r in header_rows(table.rows)[:4]:
        if r.texts and compact(r.texts[0]) == "序号":
            return 1
    return 0


def _row_codes(row: Row, skip: int, states: list[_GroupState]) -> list[tuple[str, str]]:
    """(code, name) pairs of one row: each run of code cells closed by a name."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    group = 0
    for text in row.texts[skip:]:
        if _is_code_cell(text):
            pending.append(compact(text))
            continue
        if _is_name(text) and any(pending):
            while len(states) <= group:
                states.append(_GroupState())
            code = states[group].build(pending[-3:] if len(pending) > 3 else pending)
            if code:
                out.append((code, clean_name(text)))
            group += 1
        elif _is_name(text) and pending:
            group += 1
        pending = []
    return out


def table_codes(table: LogicalTable) -> list[PrintedCode]:
    """Every (code, name) printed in one logical table, in row order."""
    skip = _skip_columns(table)
    states: list[_GroupState] = []
    out = []
    for row in table.rows:
        for code, name in _row_codes(row, skip, states):
            out.append(PrintedCode(code=code, name=name, table=table.number, prov=row.prov))
    return out


def document_codes(doc: Document, tables: list[LogicalTable] | None = None) -> list[PrintedCode]:
    """Every (code, name) printed in the document's tables (``tables``: its logical tables, if grouped)."""
    grouped = logical_tables(doc) if tables is None else tables
    return [c for t in grouped if is_coded_table(t) for c in table_codes(t)]
