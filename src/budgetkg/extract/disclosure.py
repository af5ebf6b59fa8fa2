"""Rows of the standard disclosure tables become lines of amounts.

Handles every table kind whose rows are items with amounts: the two-sided
收支总表 and 财政拨款收支总表, the 收入总表 (by function code, or by budget
unit), the 一般公共预算 / 政府性基金 / 国有资本经营预算支出表, the basic
expenditure tables by economic class (两套经济分类 side by side), the
项目支出表 by fund source, the 政府采购表 and the fixed-asset table
(数量 and 价值 of 房屋, 车辆, 设备). (The 支出总表 is read by
:mod:`.expenditure`, the 三公经费表 by :mod:`.three_public`.)

Each physical part of a table may repeat its header (after a page break) or
not; a part without one continues under the previous part's header.
Classification codes split over 类/款/项 columns are rebuilt with inherited
blanks, as in :mod:`.coded`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read.model import Row, Table
from .coded import CodeBuilder
from .columns import TWO_SIDED, Column, classify
from .facts import Amount, DisclosureLine, TableStatus
from .header import Header, column_kinds, read_header
from .numbers import parse_count
from .ocrcolumns import codes_by_content
from .records import Finding
from .tables import LogicalTable
from .text import clean_name, compact, digits, is_amount, is_total_label
from .units import is_count
from .vocab import fund_of, is_total_name, measure_of, strip_ordinal, unit_of

HANDLED = (
    "income-expenditure",
    "fiscal-income-expenditure",
    "income",
    "general-public",
    "general-basic",
    "basic",
    "government-fund",
    "state-capital",
    "project-list",
    "procurement",
    "assets",
)
ECONOMIC = ("general-basic", "basic")


@dataclass
class _State:
    """Parsing state of one logical table: its current columns and code builders."""

    table: LogicalTable
    columns: list[Column] = field(default_factory=list)
    builders: list[CodeBuilder] = field(default_factory=list)
    lines: list[DisclosureLine] = field(default_factory=list)
    head: list[list[str]] = field(default_factory=list)  # the header rows as printed (compact texts)


def read_table(table: LogicalTable, findings: list[Finding]) -> tuple[list[DisclosureLine], TableStatus]:
    """The lines of one disclosure table and what came of it."""
    assert table.kind
    state = _State(table)
    status = TableStatus(kind=table.kind, title=table.title, table=table.number)
    offset = 0
    for part in table.parts:
        _read_part(state, part, offset, findings)
        offset += len(part.rows)
    if not state.columns:
        status.skipped = "no header row with column labels"
    status.lines = len(state.lines)
    status.amounts = sum(len(ln.amounts) for ln in state.lines)
    status.empty = status.amounts == 0
    return state.lines, status


def _read_part(state: _State, part: Table, offset: int, findings: list[Finding]) -> None:
    width = max((len(r.cells) for r in part.rows), default=0)
    repeated = _repeated_header(state.head, part.rows)
    if repeated:  # the header printed again after a page break: the columns stay as they are
        for i, row in enumerate(part.rows[repeated:], start=offset + repeated + 1):
            state.lines.extend(_read_row(state, row, i, findings))
        return
    kind = state.table.kind or ""
    rows = part.rows
    header = read_header(rows, width)
    if state.columns and not _like_header(state.head, rows[: header.size]):
        header = Header(size=0, paths=[])  # rows without amounts continuing the table, not a new header
    data = rows[header.size :]
    if header.size and any(header.paths):
        state.head = [[compact(t) for t in r.texts] for r in part.rows[: header.size]]
        state.columns = classify(header, column_kinds(data, width), kind)
        codes_by_content(state.columns, data, state.table.title, state.table.number, findings)
        groups = max(1, sum(1 for c in state.columns if c.role == "name"))
        if len(state.builders) != groups:  # a repeated header keeps the 类/款 inherited across the break
            state.builders = [CodeBuilder() for _ in range(groups)]
    if not state.columns:
        return
    for i, row in enumerate(data, start=offset + header.size + 1):
        state.lines.extend(_read_row(state, row, i, findings))


def _repeated_header(head: list[list[str]], rows: list[Row]) -> int:
    """How many leading rows repeat the table's header row for row (0 when they do not)."""
    if not head or len(rows) < len(head):
        return 0
    same = all([compact(t) for t in r.texts] == h for r, h in zip(rows, head, strict=False))
    return len(head) if same else 0


def _like_header(head: list[list[str]], rows: list[Row]) -> bool:
    """Rows that share at least half their labels with the table's header (a header printed again)."""
    known = {t for r in head for t in r if t}
    labels = {compact(t) for r in rows for t in r.texts if compact(t)}
    return bool(labels) and 2 * len(labels & known) >= len(labels)


def _read_row(state: _State, row: Row, index: int, findings: list[Finding]) -> list[DisclosureLine]:
    texts = _realign(row.texts, state.columns)
    kind = state.table.kind or ""
    if kind in TWO_SIDED:
        sides = [_side_line(state, row, texts, index, side, findings) for side in ("income", "expenditure")]
        return [ln for ln in sides if ln is not None]
    line = _coded_line(state, row, texts, index, findings)
    return [line] if line is not None else []


def _realign(texts: list[str], columns: list[Column]) -> list[str]:
    """The row's cells, one per column.

    A row whose name cell holds an amount lost its empty name cell (PDF
    text exports drop it on 合计 rows: ``合 计 | | | 358.89 | ...``, the row
    ending in one empty cell more); the empty cell is put back so the
    amounts fall under their columns.
    """
    width = len(columns)
    texts = texts + [""] * max(0, width - len(texts))
    name = next((c.index for c in columns if c.role == "name"), None)
    if name is not None and is_amount(texts[name]) and not texts[-1]:
        texts = texts[:name] + [""] + texts[name:-1]
    return texts


def _line(state: _State, row: Row, index: int, name: str) -> DisclosureLine:
    return DisclosureLine(
        kind=state.table.kind or "", name=name, table=state.table.number, row_number=index, prov=row.prov
    )


def _amounts(
    state: _State, row: Row, texts: list[str], columns: list[Column], findings: list[Finding]
) -> list[Amount]:
    out = []
    for col in columns:
        try:
            text = texts[col.index]
            value = parse_count(text) if is_count(col.measure) else state.table.units.amount(text, col.index)
        except ValueError:
            findings.append(
                Finding(
                    slug="unparsed-amount",
                    message=f"{state.table.title}: {col.label} cell {texts[col.index]!r} is not an amount",
                    table=state.table.number,
                    prov=row.prov,
                )
            )
            continue
        if value is not None and col.measure:
            out.append(Amount(measure=col.measure, value=value, fund=col.fund, column=col.label))
    return out


# -- two-sided tables (收支总表) --------------------------------------------------------------


def _side_line(
    state: _State, row: Row, texts: list[str], index: int, side: str, findings: list[Finding]
) -> DisclosureLine | None:
    columns = [c for c in state.columns if c.side == side]
    name_col = next((c for c in columns if c.role == "name"), None)
    if name_col is None:
        return None
    name = strip_ordinal(clean_name(texts[name_col.index]))
    amounts = _amounts(state, row, texts, [c for c in columns if c.role == "amount"], findings)
    if not name or not amounts:
        return None
    line = _line(state, row, index, name)
    line.side, line.is_total = side, is_total_name(name)
    row_measure = measure_of(name) if side == "expenditure" else None
    row_fund = None if line.is_total or side == "expenditure" else fund_of(name)
    for a in amounts:
        a.measure = row_measure if row_measure and row_measure != "total" else a.measure
        a.fund = a.fund or row_fund
    line.amounts = amounts
    return line


# -- coded and listed tables ----------------------------------------------------------------------


def _groups(columns: list[Column]) -> list[tuple[list[Column], Column]]:
    """Code groups: the code columns before each name column, with that name column."""
    groups, codes = [], []
    for col in columns:
        if col.role == "code":
            codes.append(col)
        elif col.role == "name":
            groups.append((codes, col))
            codes = []
    return groups


def _coded_line(
    state: _State, row: Row, texts: list[str], index: int, findings: list[Finding]
) -> DisclosureLine | None:
    groups = _groups(state.columns)
    if not groups:
        return None
    coded = any(codes for codes, _ in groups)
    total = any(is_total_label(texts[c.index]) for codes, _ in groups for c in codes)
    found: list[tuple[str | None, str]] = []
    for g, (codes, name_col) in enumerate(groups):
        parts = _normalize([digits(texts[c.index]) for c in codes], [c.part for c in codes])
        code = state.builders[g].build(parts) if any(parts) else None
        found.append((code, clean_name(texts[name_col.index])))
    name = found[0][1]
    total = total or is_total_name(name)
    if coded and not total and not any(code for code, _ in found):
        return None  # a repeated header, a note, an empty or unnumbered row
    if not coded and _is_header_echo(name, groups[0][1]):
        return None
    amounts = _amounts(state, row, texts, [c for c in state.columns if c.role == "amount"], findings)
    if not amounts:
        return None
    kind = state.table.kind or ""
    if kind == "assets":
        name = strip_ordinal(name)
        for a in amounts:
            a.unit = unit_of(name) if a.measure == "asset-quantity" else a.unit
    line = _line(state, row, index, name or "合计")
    line.is_total = total or not name
    line.amounts = amounts
    if not line.is_total:
        _assign_codes(line, found, kind)
    return line


def _normalize(parts: list[str], labels: list[str | None]) -> list[str]:
    """Code parts with a 款 printed in the 类 column (``10 | | | 社会福利``) moved to its place."""
    if len(parts) >= 2 and labels[0] == "类" and len(parts[0]) == 2 and not any(parts[1:]):
        return ["", parts[0]] + parts[2:]
    return parts


def _is_header_echo(name: str, name_col: Column) -> bool:
    """A repeated header row of a list table (its name cell is the column's label)."""
    leaf = name_col.label.rsplit("/", 1)[-1]
    return bool(name) and compact(name) == leaf


def _assign_codes(line: DisclosureLine, found: list[tuple[str | None, str]], kind: str) -> None:
    """Put each code group's code where it belongs: function, or the two economic classifications."""
    for g, (code, name) in enumerate(found):
        if code is None:
            continue
        if kind not in ECONOMIC:
            line.function_code = line.function_code or code
        elif g == 0:
            line.econ_code = code
        else:
            line.gov_econ_code, line.gov_econ_name = code, name


def name_codes(lines: list[DisclosureLine], extra: dict[str, str]) -> None:
    """Give the expenditure items of two-sided tables the 类 code their name has elsewhere.

    ``extra`` maps names to 3-digit function codes as printed in the
    document's coded tables; no name list is built in.
    """
    known = dict(extra)
    for ln in lines:
        if ln.function_code and len(ln.function_code) == 3:
            known.setdefault(strip_ordinal(ln.name), ln.function_code)
    for ln in lines:
        if ln.side == "expenditure" and not ln.is_total and ln.function_code is None:
            ln.function_code = known.get(strip_ordinal(ln.name))
