"""Recognise disclosure tables by their title and join tables split over pages.

A *logical table* is one published table: its title (the last title-like
heading or paragraph before it), its kind (from :data:`TABLE_KINDS`), and the
rows of every physical table that continues it (a table that follows another
with no new title in between, as after a page break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read.model import Document, Heading, Paragraph, Row, Table
from .align import Realignment, realign_header
from .header import header_size
from .records import Finding
from .text import compact, is_amount, normalize_title
from .units import TableUnits, default_units

# kind -> (title must match, title must not match). First match wins, so
# the more specific kinds come first. Titles vary between layouts
# (支出总表 / 支出总体情况表 / 部门预算支出总表); these patterns are about
# the Ministry of Finance's standard table names, not any one document.
TABLE_KINDS: list[tuple[str, str, str | None]] = [
    ("special-fund-performance", r"专项资金.*绩效目标表", None),
    ("department-performance", r"部门整体.*绩效目标表", None),
    ("project-performance", r"绩效目标表", None),
    ("three-public", r"三公.*经费", None),
    ("government-fund", r"政府性基金.*(支出|预算)", None),
    ("state-capital", r"国有资本经营.*(支出|预算)", None),
    ("fiscal-income-expenditure", r"财政拨款收支", None),
    ("income-expenditure", r"收支(总体情况|预算总|总)表", None),
    ("income", r"收入(总体情况|预算总|总)表", None),
    ("general-basic", r"一般公共预算.*基本支出", None),
    ("general-public", r"一般公共预算.*支出", None),
    ("basic", r"基本支出.*表", None),
    ("project-list", r"项目支出.*表", r"绩效"),
    ("expenditure", r"支出(总体情况|预算总|总)表", None),
    ("procurement", r"政府采购.*表", None),
    ("assets", r"(固定资产|国有资产|资产占用).*表", None),
    ("units", r"(机构设置|单位构成|预算单位).*", None),
]

# tables whose header is checked against its figures (forms such as 绩效目标表 are not)
REALIGNED_KINDS = (
    "income-expenditure",
    "fiscal-income-expenditure",
    "income",
    "expenditure",
    "general-public",
    "general-basic",
    "basic",
    "government-fund",
    "state-capital",
    "project-list",
    "procurement",
    "assets",
    "three-public",
)
_TITLE_MAX = 45
_SHORT_TITLE = 12
_CONTINUED = re.compile(r"[(（]续[)）]$|^续表|续表$|[(（]续表[)）]$")
_FURNITURE = re.compile(
    r"^(部门[(（]单位[)）]|单位[:：]|金额单位|单位名称[:：]|预算年度|编制单位|续表|部门公开表|第?\d+页|[-—]?\d+[-—]?$)"
)


def is_furniture(text: str) -> bool:
    """Text that sits around a table without starting a new one (unit line, page number)."""
    t = compact(text)
    return len(t) <= 12 or bool(_FURNITURE.match(t))


def _with_table_word(title: str) -> str:
    """A normalized title; a short one printed without its 表 (部门政府采购预算) gets it back."""
    t = normalize_title(title)
    return t if t.endswith("表") or len(t) > _SHORT_TITLE else t + "表"


def classify_title(title: str) -> str | None:
    """The kind of table a title names, or None when it names none we know."""
    t = _with_table_word(title)
    for kind, pattern, exclude in TABLE_KINDS:
        if re.search(pattern, t) and not (exclude and re.search(exclude, t)):
            return kind
    return None


def is_title_like(text: str) -> bool:
    """A short line naming a table (ends in 表 or names a known table kind).

    The length limit applies to the title without its number and
    publisher-and-year prefix (``XX局2025年部门收支总表``), which can be long.
    """
    t = compact(text)
    if not t or len(normalize_title(t)) > _TITLE_MAX or len(t) > 2 * _TITLE_MAX or t.startswith(("注", "-")):
        return False
    return _with_table_word(t).endswith("表") and classify_title(t) is not None


def is_continuation_title(text: str) -> bool:
    """A title marked as the continuation of the table before (``收支总表（续）``, ``续表1``)."""
    t = compact(text)
    return bool(_CONTINUED.search(t)) and is_title_like(_CONTINUED.sub("", t))


def first_row_title(table: Table) -> str | None:
    """The title printed inside a table's first row (its only label, maybe beside a unit), else None."""
    if not table.rows:
        return None
    texts = [t for t in table.rows[0].texts if t]
    titles = [t for t in texts if is_title_like(t) and _full_title(t)]
    others = [t for t in texts if t not in titles]
    if len(titles) == 1 and all(_FURNITURE.match(compact(t)) for t in others):
        return titles[0]
    return None


def _full_title(text: str) -> bool:
    """A title as printed in full (ends in 表, or is long), not a header label like ``2024年基本支出``."""
    t = normalize_title(text)
    return t.endswith("表") or len(t) > _SHORT_TITLE


@dataclass
class LogicalTable:
    """One published table, possibly spread over several physical tables."""

    title: str
    kind: str | None
    parts: list[Table] = field(default_factory=list)
    units: TableUnits = field(default_factory=default_units)  # set by units.assign_units
    realigned: list[tuple[Row, Realignment]] = field(default_factory=list)  # header rows put back, as printed

    @property
    def number(self) -> int:
        """The number of its first physical table."""
        return self.parts[0].number

    @property
    def rows(self) -> list[Row]:
        """All rows of all parts, in order."""
        return [r for t in self.parts for r in t.rows]


def logical_tables(doc: Document) -> list[LogicalTable]:
    """Group the document's tables into logical tables with their titles.

    A table continues the previous one when nothing but short furniture
    (``单位：万元``, a page number, ``续表``) or a title marked as continued
    (``收支总表（续）``) of the same kind stands between them; a title, a
    heading (other than a unit line that OCR measured large) or running
    text starts a new one. A title printed inside a
    table's first row is taken as the title and its row left out.
    """
    result: list[LogicalTable] = []
    title: str | None = None
    caption: str | None = None
    continues = False
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            text = compact(block.text)
            if continues and result and _continues(block.text, result[-1]):
                pass
            elif is_title_like(block.text):
                title, continues = block.text, False
            elif (isinstance(block, Heading) and not _FURNITURE.match(text)) or not is_furniture(text):
                title, caption, continues = None, None, False
            elif text:
                caption = block.text
            continue
        inner = first_row_title(block)
        if inner is not None:
            block = Table(number=block.number, rows=block.rows[1:], prov=block.prov, caption=block.caption)
            if not (continues and result and _continues(inner, result[-1])):
                title, continues = inner, False
        if result and continues:
            result[-1].parts.append(_realigned(block, result[-1], result[-1].parts[0]))
            continue
        t = title or block.caption or caption or ""
        table = LogicalTable(title=t, kind=classify_title(t) if t else None)
        table.parts.append(_realigned(block, table))
        result.append(table)
        title, caption, continues = None, None, True
    return result


def _realigned(part: Table, table: LogicalTable, first: Table | None = None) -> Table:
    """The part with a header row shifted against its body put back (:mod:`.align`), noted on ``table``.

    A part continuing ``first`` is checked only when it starts with ``first``'s header printed
    again (the same labels): rows without amounts after a page break are not a header.
    """
    if table.kind not in REALIGNED_KINDS:
        return part
    if first is not None and not _repeats_header(first, part):
        return part
    width = max((len(r.cells) for r in part.rows), default=0)
    rows, moved = realign_header(part.rows, width, table.kind)
    if moved is None:
        return part
    table.realigned.append((part.rows[moved.row], moved))
    return Table(number=part.number, rows=rows, prov=part.prov, caption=part.caption)


def _continues(text: str, table: LogicalTable) -> bool:
    """A title marked as continued that names the same kind of table as ``table``."""
    return is_continuation_title(text) and classify_title(_CONTINUED.sub("", compact(text))) == table.kind


def header_rows(rows: list[Row]) -> list[Row]:
    """The leading rows before the first row holding an amount (the header)."""
    out = []
    for r in rows:
        texts = r.texts
        if any(is_amount(t) for t in texts) and not any(compact(t) == "栏次" for t in texts):
            break
        out.append(r)
    return out


def find_label(rows: list[Row], *labels: str) -> tuple[int, int] | None:
    """(row index, column) of the first cell whose compact text equals or starts with a label."""
    for i, r in enumerate(rows):
        for j, t in enumerate(r.texts):
            c = compact(t)
            if any(c == lab or c.startswith(lab) for lab in labels):
                return i, j
    return None


def _repeats_header(first: Table, part: Table) -> bool:
    labels = {compact(t) for r in first.rows[: header_size(first.rows)] for t in r.texts if compact(t)}
    again = {compact(t) for r in part.rows[: header_size(part.rows)] for t in r.texts if compact(t)}
    return bool(again) and again <= labels


def realigned_findings(tables: list[LogicalTable]) -> list[Finding]:
    """A Warning for each header row read realigned: which table, which row, how far it stood off."""
    out = []
    for table in tables:
        for row, moved in table.realigned:
            side = "right" if moved.by > 0 else "left"
            labels = " | ".join(t for t in row.texts if t)
            out.append(
                Finding(
                    slug="header-realigned",
                    message=(
                        f"{table.title}: a header row ({labels}) stood {abs(moved.by)} column(s) {side} "
                        f"of the figures it labels; read realigned, where the columns' kinds and sums fit "
                        f"(score {moved.before} as printed, {moved.after} realigned)"
                    ),
                    table=table.number,
                    prov=row.prov,
                )
            )
    return out
