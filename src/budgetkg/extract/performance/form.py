"""Form-style performance-target tables: labelled cells above an indicator grid.

The common layout (项目支出绩效目标表, 专项资金绩效目标表) prints the project
as label/value cells (项目名称, 项目编码, 主管部门, 实施单位, 年度预算资金总额,
其中：财政拨款, 年度总体目标 ...) and then the indicator grid. Several forms
printed one after another without a title read as one table; a form starts
where a name or code label appears a second time.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ...read.model import Row
from ..tables import LogicalTable
from ..text import compact, is_amount
from ..units import TableUnits, Unit, default_units, parse_money
from .clean import tidy
from .grid import GridReader, header_columns, task_of
from .model import Indicator, PerformanceTarget

NAME = ("项目名称", "专项资金名称", "资金名称")
CODE = ("项目编码", "项目编号", "项目代码")
SUPERVISOR = ("主管部门",)
IMPLEMENTER = ("实施单位", "实施机构", "项目实施单位")
UNIT = ("单位名称", "预算单位")
TYPE = ("项目类型", "项目类别")
# The amount, most specific label first (项目资金 heads the block in some layouts).
AMOUNT = ("年度预算资金总额", "预算数", "年度预算资金", "资金总额", "项目资金")
FISCAL = ("其中:财政拨款", "其中:财政资金", "财政拨款", "财政资金")
OTHER = ("其他资金",)
GOAL = ("年度总体绩效目标", "年度总体目标", "年度绩效目标", "总体绩效目标", "项目绩效目标", "绩效目标")
_LABELS = NAME + CODE + SUPERVISOR + IMPLEMENTER + UNIT + TYPE + AMOUNT + FISCAL + OTHER + GOAL
_FURNITURE = re.compile(r"^(单位[:：]|金额单位|计量单位[:：])")
_FORM_LABELS = frozenset(NAME + CODE)
_LABEL_MAX = 30  # a label cell is short; longer cells are values


def _key(text: str) -> str:
    """A cell as a label: no spaces, ASCII colon, no trailing colon."""
    return compact(text).replace("：", ":").rstrip(":")


def _is_label(text: str) -> bool:
    """A label cell (``主管部门``, ``年度预算资金总额(万元)``), not text that starts like one."""
    k = _key(text)
    return any(k.startswith(lab) and len(k) - len(lab) <= 4 for lab in _LABELS)


def value_after(rows: list[Row], labels: tuple[str, ...], numeric: bool = False) -> str | None:
    """The first non-empty cell right of a cell labelled with one of ``labels``.

    For a numeric label the cell must be an amount; a label followed by
    another label has no value.
    """
    keyed = [(r.texts, [_key(t) if len(t) <= _LABEL_MAX else "" for t in r.texts]) for r in rows]
    for label in labels:
        for texts, keys in keyed:
            for j, k in enumerate(keys):
                if not k.startswith(label):
                    continue
                for v in texts[j + 1 :]:
                    if not v:
                        continue
                    if numeric and not is_amount(v):
                        break
                    if _is_label(v):
                        break
                    return v
    return None


def split_forms(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by form: a new one starts where a name or code label is seen again."""
    forms: list[list[Row]] = [[]]
    seen: set[str] = set()
    for r in rows:
        labels = {k for t in r.texts if len(t) <= _LABEL_MAX and (k := _key(t)) in _FORM_LABELS}
        if labels & seen:
            forms.append([])
            seen = set()
        seen |= labels
        forms[-1].append(r)
    return [f for f in forms if f]


def read_forms(table: LogicalTable, kind: str) -> list[PerformanceTarget]:
    """Every form of a logical table that names a project and states something about it."""
    out = []
    for rows in split_forms(table.rows):
        target = read_form(rows, kind, table.number, table.units)
        if target is not None:
            out.append(target)
    return out


def read_form(
    rows: list[Row], kind: str, table: int, units: TableUnits | None = None
) -> PerformanceTarget | None:
    """One form: its labelled cells and its indicator grid (None when it names no project).

    Amounts are in the unit a label names (``年度预算资金（万元）``), else the table's.
    """
    start = next((i for i, r in enumerate(rows) if header_columns(r)), None)
    info = rows if start is None else rows[:start]
    unit = (units or default_units()).labelled(info)
    name = value_after(info, NAME)
    code = value_after(info, CODE)
    amount = _amount(value_after(info, AMOUNT, numeric=True), unit)
    if not name or (start is None and code is None and amount is None):
        return None
    target = PerformanceTarget(
        kind=kind,
        name=tidy(name),
        code=compact(code) if code else None,
        amount=amount,
        fiscal=_amount(value_after(info, FISCAL, numeric=True), unit),
        other=_amount(value_after(info, OTHER, numeric=True), unit),
        unit=_text(value_after(info, UNIT)),
        type=_text(value_after(info, TYPE)),
        supervisor=_text(value_after(info, SUPERVISOR)),
        implementer=_text(value_after(info, IMPLEMENTER)),
        goal=_text(value_after(info, GOAL)),
        table=table,
        prov=rows[0].prov,
    )
    if start is not None:
        target.indicators = read_grid(rows, start)
    return target


def read_grid(rows: list[Row], start: int) -> list[Indicator]:
    """The indicators below the header at ``start``; a unit line ends them (another table follows)."""
    grid = GridReader(header_columns(rows[start]) or {})
    grid.task = next((t for r in rows[:start] if (t := task_of(r.texts))), None)
    for r in rows[start + 1 :]:
        if any(_FURNITURE.match(compact(t)) for t in r.texts):
            break
        grid.feed(r)
    return grid.indicators


def _amount(text: str | None, unit: Unit) -> Decimal | None:
    return parse_money(text, unit) if text else None


def _text(text: str | None) -> str | None:
    return tidy(text) if text else None


__all__ = ["GOAL", "read_form", "read_forms", "read_grid", "split_forms", "value_after"]
