"""Records of performance targets: indicators, project and special-fund targets, department goals.

Values are as published: names cleaned of line-wrap spaces, amounts as
``Decimal`` in 万元, targets parsed but with their raw text kept. Level names
(一级/二级指标) are the canonical labels of the recognised level concept, so
that ``经济成本`` and ``经济成本指标`` compare equal across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ...read.model import Provenance
from ..targets import Target

PROJECT = "project"
SPECIAL_FUND = "special-fund"


@dataclass
class Indicator:
    """One 三级指标 with its levels, target and weight."""

    level1: str | None
    level2: str | None
    level3: str | None
    target: Target
    level1_code: str | None = None  # slug of code/indicator/{slug}
    level2_code: str | None = None
    weight: Decimal | None = None
    description: str | None = None  # 绩效指标描述 / 指标解释
    basis: str | None = None  # 指标值确定依据 / 评扣分标准
    task: str | None = None  # 主要政策任务 of a special fund
    prov: Provenance | None = None


@dataclass
class PerformanceTarget:
    """A project's or special fund's performance-target table (绩效目标表).

    ``project`` is the index (0-based) of the project in
    ``BudgetRecords.projects`` this table belongs to, with the method that
    matched it by name (``exact``, ``normalized``, ``containment``,
    ``similarity``) or ``derived`` when the project was read from this table.
    """

    kind: str  # PROJECT or SPECIAL_FUND
    name: str
    code: str | None = None
    amount: Decimal | None = None
    fiscal: Decimal | None = None  # 其中：财政拨款
    other: Decimal | None = None  # 其他资金
    unit: str | None = None  # 单位名称 (the budget unit)
    unit_code: str | None = None
    type: str | None = None  # 项目类别
    supervisor: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    goal: str | None = None  # 年度总体目标
    indicators: list[Indicator] = field(default_factory=list)
    project: int | None = None
    match: str | None = None
    match_score: float | None = None
    table: int | None = None
    prov: Provenance | None = None


@dataclass
class DepartmentGoal:
    """A department-level performance goal (部门整体绩效目标): overall or one sub-goal."""

    title: str
    goal: str
    indicator_text: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    prov: Provenance | None = None


__all__ = ["PROJECT", "SPECIAL_FUND", "DepartmentGoal", "Indicator", "PerformanceTarget"]
