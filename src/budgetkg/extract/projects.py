"""Projects: from the project list (项目支出表), else from performance-target tables."""

from __future__ import annotations

from ..read.model import Row
from .records import Finding, Project
from .tables import LogicalTable, find_label, header_rows
from .text import clean_name, compact, is_amount, is_total_label, parse_amount

_NAME = ("项目名称",)
_TYPE = ("项目类型", "项目类别")
_AMOUNT = ("合计", "预算数", "金额", "项目金额")
# Labels of the amount in a performance-target table, most specific first.
_PERF_AMOUNT = ("年度预算资金总额", "预算数", "项目资金", "年度预算资金", "资金总额")
_PERF_CODE = ("项目编码", "项目代码")


def extract_projects(tables: list[LogicalTable], findings: list[Finding]) -> list[Project]:
    """Projects of the document; codes found in performance tables are added by name."""
    listed = [p for t in tables if t.kind == "project-list" for p in _from_list(t, findings)]
    performance = [p for t in tables if t.kind == "project-performance" for p in _from_performance(t)]
    if not listed:
        return [p for p in performance if p.amount is not None]
    codes = {p.name: p.code for p in performance if p.code}
    for p in listed:
        p.code = p.code or codes.get(p.name)
    return listed


def _column(header: list[Row], labels: tuple[str, ...]) -> int | None:
    hit = find_label(header, *labels)
    return hit[1] if hit else None


def _from_list(table: LogicalTable, findings: list[Finding]) -> list[Project]:
    rows = table.rows
    header = header_rows(rows)
    name_col = _column(header, _NAME)
    amount_col = _column(header, _AMOUNT)
    if name_col is None or amount_col is None:
        findings.append(
            Finding(
                slug="project-list-columns-missing",
                message=f"项目支出表 (table {table.number}) lacks 项目名称 or 合计 column",
                table=table.number,
            )
        )
        return []
    type_col = _column(header, _TYPE)
    out = []
    for r in rows[len(header) :]:
        texts = r.texts + [""] * 3
        name = clean_name(texts[name_col])
        if not name or is_total_label(name) or compact(name) in _NAME:
            continue
        try:
            amount = parse_amount(texts[amount_col])
        except ValueError:
            findings.append(
                Finding(
                    slug="unparsed-amount",
                    message=f"project {name!r}: amount {texts[amount_col]!r} is not a number",
                    table=table.number,
                    prov=r.prov,
                )
            )
            amount = None
        ptype = clean_name(texts[type_col]) if type_col is not None else None
        out.append(Project(name=name, amount=amount, type=ptype or None, table=table.number, prov=r.prov))
    return out


def _value_after(rows: list[Row], labels: tuple[str, ...], numeric: bool = False) -> tuple[str, Row] | None:
    """The first non-empty cell right of a cell labelled with one of ``labels``."""
    for label in labels:
        for r in rows:
            texts = r.texts
            for j, t in enumerate(texts):
                if not compact(t).rstrip(":：").startswith(label):
                    continue
                for v in texts[j + 1 :]:
                    if v and (not numeric or is_amount(v)):
                        return v, r
                    if v and numeric:
                        break
    return None


def _segments(rows: list[Row]) -> list[list[Row]]:
    """Split rows where a new project starts (a second 项目名称 or 项目编码 label).

    Several performance tables printed one after another without titles read
    as one table; each project's table starts with its name or code label.
    """
    segments: list[list[Row]] = [[]]
    seen: set[str] = set()
    for r in rows:
        labels = {lab for lab in _NAME + _PERF_CODE for t in r.texts if compact(t).rstrip(":：") == lab}
        if labels & seen:
            segments.append([])
            seen = set()
        seen |= labels
        segments[-1].append(r)
    return [s for s in segments if s]


def _from_performance(table: LogicalTable) -> list[Project]:
    """One project per performance-target table segment, from its labelled cells."""
    return [p for seg in _segments(table.rows) if (p := _project_from_rows(seg, table.number))]


def _project_from_rows(rows: list[Row], table: int) -> Project | None:
    name = _value_after(rows, _NAME)
    amount = _value_after(rows, _PERF_AMOUNT, numeric=True)
    if name is None:
        return None
    code = _value_after(rows, _PERF_CODE)
    ptype = _value_after(rows, _TYPE)
    return Project(
        name=clean_name(name[0]),
        amount=parse_amount(amount[0]) if amount else None,
        code=compact(code[0]) if code else None,
        type=clean_name(ptype[0]) if ptype else None,
        source="performance-table",
        table=table,
        prov=name[1].prov,
    )
