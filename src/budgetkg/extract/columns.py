"""The role of each column of a disclosure table, from its header labels and data.

A column is a row number (序号), a code part (类/款/项 or a whole code), a
name, a project type, or an amount. An amount column gets a measure and a
fund source from its labels (:mod:`.vocab`) and from the kind of table:

* in tables whose columns are fund sources (收入总表, 基本支出预算表,
  项目支出表, 政府采购表) every amount has the table's measure (income,
  basic, project, procurement) and the column's fund source;
* in tables whose columns are measures (一般公共预算支出表, 基本支出表,
  政府性基金 / 国有资本经营预算支出表) every amount has the column's measure
  and the table's fund source;
* two-sided tables (收支总表, 财政拨款收支总表) put income on the left and
  expenditure on the right: each column belongs to a side.
"""

from __future__ import annotations

from dataclasses import dataclass

from .header import Header
from .vocab import asset_measure_of, fund_of, measure_of

TWO_SIDED = ("income-expenditure", "fiscal-income-expenditure")
# kind -> measure of every amount (columns are fund sources)
FUND_COLUMNS = {"income": "income", "basic": "basic", "project-list": "project", "procurement": "procurement"}
# kind -> fund source of every amount (columns are measures)
MEASURE_COLUMNS = {
    "general-public": "general-public",
    "general-basic": "general-public",
    "government-fund": "government-fund",
    "state-capital": "state-capital",
}
_SPLIT = ("类", "款", "项")
_NAME_LEAVES = ("项目", "项目名称", "预算单位", "单位名称", "单位", "科目")


@dataclass
class Column:
    """One column of a table and what it holds."""

    index: int
    label: str  # header labels joined with "/"
    role: str  # seq, code, name, type, amount or other
    part: str | None = None  # 类, 款 or 项 for a split code column
    side: str | None = None  # income or expenditure on two-sided tables
    measure: str | None = None
    fund: str | None = None


def classify(header: Header, kinds: list[str], kind: str) -> list[Column]:
    """The columns of a table part, given its header and what its data cells hold."""
    columns = [_column(c, header.paths[c], kinds[c] if c < len(kinds) else "empty", kind)
               for c in range(header.width)]
    amounts = [c for c in columns if c.role == "amount"]
    if amounts and not amounts[0].label and amounts[0].measure is None:
        amounts[0].measure = _default_measure(kind, amounts[0].side)  # an unlabelled first amount: 合计
    for col in amounts[1:]:
        if not col.label:
            col.role = "other"
    return columns


def _column(index: int, path: tuple[str, ...], data: str, kind: str) -> Column:
    label = "/".join(path)
    leaf = path[-1] if path else ""
    side = _side(path) if kind in TWO_SIDED else None
    role = _role(path, leaf, data)
    col = Column(index=index, label=label, role=role, side=side)
    if role == "code" and leaf in _SPLIT:
        col.part = leaf
    if role == "amount":
        col.measure, col.fund = _measure_fund(path, kind, side)
    return col


def _side(path: tuple[str, ...]) -> str | None:
    top = path[0] if path else ""
    if "收入" in top:
        return "income"
    if "支出" in top:
        return "expenditure"
    return None


def _role(path: tuple[str, ...], leaf: str, data: str) -> str:
    if "序号" in path:
        return "seq"
    if leaf in _SPLIT or any("编码" in p for p in path):
        return "code"
    if any(p.startswith(("项目类型", "项目类别")) for p in path):
        return "type"
    if _is_name(path, leaf):
        return "name"
    if data == "amount" or (data in ("empty", "number") and path):
        return "amount"
    if data == "text" and not path:
        return "name"
    return "other"


def _is_name(path: tuple[str, ...], leaf: str) -> bool:
    if any("名称" in p for p in path) or leaf in _NAME_LEAVES or leaf.endswith("经济分类科目"):
        return True
    return leaf.startswith(("项目(", "项目（"))


def _measure_fund(path: tuple[str, ...], kind: str, side: str | None) -> tuple[str | None, str | None]:
    measure = next((m for p in reversed(path) if (m := measure_of(p))), None)
    fund = next((f for p in reversed(path) if (f := fund_of(p))), None)
    if kind == "income" and measure == "total":
        return "total", fund  # 合计 of an income table: income and carry-overs together
    if kind in FUND_COLUMNS:
        return FUND_COLUMNS[kind], fund
    if kind in MEASURE_COLUMNS:
        measure = measure or "total"
        if kind == "general-basic" and measure == "total":
            measure = "basic"  # every amount of the table is basic expenditure
        return measure, fund or MEASURE_COLUMNS[kind]
    if kind in TWO_SIDED:
        if side == "income":
            return "income", None
        if kind == "fiscal-income-expenditure":
            return "expenditure", fund or "fiscal"
        return "expenditure", fund
    if kind == "assets":
        return next((m for p in reversed(path) if (m := asset_measure_of(p))), None), None
    return measure, fund


def _default_measure(kind: str, side: str | None) -> str:
    if kind in FUND_COLUMNS:
        return FUND_COLUMNS[kind]
    if side == "income":
        return "income"
    return "basic" if kind == "general-basic" else "total"
