"""Performance targets (绩效目标表) of projects and special funds, and department goals.

Two table layouts are read: forms (one project per form, :mod:`.form`) and
wide tables (one row per indicator, :mod:`.wide`). What a table states that
does not add up or is missing becomes a finding (slugs ``performance-*``);
nothing is repaired.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ...read.model import Provenance
from ..records import Finding
from ..tables import LogicalTable
from ..targets import QUALITATIVE, normalize_target_text
from .department import extract_department_goals
from .form import read_forms
from .model import PROJECT, SPECIAL_FUND, DepartmentGoal, Indicator, PerformanceTarget
from .wide import read_wide

KINDS = {"project-performance": PROJECT, "special-fund-performance": SPECIAL_FUND}
_COMPARISON = re.compile(r"[≥≤<>=≈]")

__all__ = [
    "PROJECT",
    "SPECIAL_FUND",
    "DepartmentGoal",
    "Indicator",
    "PerformanceTarget",
    "extract_department_goals",
    "extract_performance",
]


def extract_performance(tables: list[LogicalTable], findings: list[Finding]) -> list[PerformanceTarget]:
    """Every performance-target table of the document, in order, with findings on what is off."""
    out: list[PerformanceTarget] = []
    for t in tables:
        kind = KINDS.get(t.kind or "")
        if kind is None:
            continue
        wide = read_wide(t)
        if wide is None:
            out.extend(read_forms(t, kind))
            continue
        targets, total = wide
        _check_total(t, targets, total, findings)
        out.extend(targets)
    for target in out:
        _check(target, findings)
    return out


def _check_total(
    table: LogicalTable, targets: list[PerformanceTarget], total: Decimal | None, findings: list[Finding]
) -> None:
    """A wide table's printed 合计 against the sum of its projects."""
    if total is None:
        return
    found = sum((p.amount for p in targets if p.amount is not None), Decimal(0))
    if found != total:
        findings.append(
            Finding(
                slug="performance-total-mismatch",
                message=f"绩效目标表 (table {table.number}): projects add up to {found}, 合计 prints {total}",
                table=table.number,
                prov=table.parts[0].prov,
            )
        )


def _check(target: PerformanceTarget, findings: list[Finding]) -> None:
    """Findings for one target table: no indicators, unnamed or target-less indicators, split amounts."""

    def add(slug: str, message: str, prov: Provenance | None = None) -> None:
        findings.append(Finding(slug=slug, message=message, table=target.table, prov=prov or target.prov))

    if not target.indicators:
        add("performance-indicators-missing", f"{target.name!r}: no indicators read")
    for ind in target.indicators:
        where = f"{target.name!r}, {ind.level2 or ind.level1 or '?'}"
        if ind.level3 is None:
            add("performance-indicator-unnamed", f"{where}: an indicator without a 三级指标 name", ind.prov)
        t = ind.target
        if t.is_empty or (t.value is None and t.qualitative is None):
            add(
                "performance-target-missing",
                f"{where}, {ind.level3 or '?'}: no target value ({t.raw!r})",
                ind.prov,
            )
        elif (
            t.operator == QUALITATIVE
            and _COMPARISON.search(normalize_target_text(t.raw))
            and re.search(r"\d", t.raw)
        ):
            add(
                "performance-target-unparsed",
                f"{where}, {ind.level3 or '?'}: target {t.raw!r} compares a number but does not parse",
                ind.prov,
            )
    parts = (target.fiscal, target.other)
    if target.amount is not None and all(p is not None for p in parts):
        split = sum((p for p in parts if p is not None), Decimal(0))
        if split != target.amount:
            add(
                "performance-amount-split-mismatch",
                f"{target.name!r}: 财政拨款 + 其他资金 = {split}, total prints {target.amount}",
            )
