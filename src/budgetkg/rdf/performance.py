"""Performance targets as RDF: indicators of projects and special funds, department goals.

- A project's performance table adds to its ``bkg:Project`` node: the table
  (``bkg:performanceTable``), how it was matched to the project list
  (``bkg:matchMethod``, ``bkg:matchScore``), its goal, supervising
  department, implementing and budget unit; the amount the table prints is a
  ``qb:Observation`` of measure ``performance-budget`` derived from that
  table, whose budget line is the project (the amount is printed on the
  project's own table), so a list amount and a differing table amount both
  stay, each with its source.
- A special fund (专项资金) is a ``bkg:SpecialFund`` with its amount and goal.
- Each 三级指标 is a ``bkg:PerformanceIndicator`` (``bkg:indicatorOf`` its
  project, fund or department goal) with its levels as concepts of
  ``code/indicator`` and as printed names, and its target parsed (operator,
  value, upper bound, unit, qualitative value, weight) next to the raw text.
- Department goals (部门整体绩效目标) are ``bkg:DepartmentGoal`` nodes.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from ..extract.matching import match_names
from ..extract.performance.model import PROJECT, DepartmentGoal, Indicator, PerformanceTarget
from ..extract.records import BudgetRecords
from .graph import GraphBuilder
from .mint import indicator_concept
from .namespaces import BKG, DCTERMS, ORG, PROV, RDF
from .terms import WAN_YUAN
from .terms import decimal_literal as _decimal
from .terms import year_literal as _year

PERFORMANCE_BUDGET = "performance-budget"


def _text(value: str, lang: str | None = "zh") -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def add_performance(b: GraphBuilder, records: BudgetRecords, dept: str) -> None:
    """Triples of every performance table and department goal of one document."""
    m = b.minter
    funds = 0
    for target in records.performance:
        if target.kind == PROJECT and target.project is not None:
            owner = m.project(target.project + 1)
            _project_target(b, records, dept, owner, target)
        else:
            funds += 1
            owner = m.special_fund(funds)
            _special_fund(b, records, dept, owner, target)
        for k, ind in enumerate(target.indicators, start=1):
            _indicator(b, owner, m.indicator(owner, k), ind)
    for n, goal in enumerate(records.department_goals, start=1):
        _goal(b, records, dept, m.department_goal(n), goal)


def _organization(b: GraphBuilder, records: BudgetRecords, name: str | None) -> str | None:
    """The IRI of a named unit: the department or one of its units when the name is theirs.

    Names are matched exactly, normalized or by containment (``(本级)`` /
    ``（本级）``), never by mere similarity; an unknown name is an
    organization of its own.
    """
    if not name:
        return None
    known = [records.department.name] + [u.name for u in records.department.subunits]
    found = match_names([name], known, threshold=1.01)
    if found:
        return b.minter.organization(known[found[0].right])
    iri = b.minter.organization(name)
    b.add(iri, RDF + "type", ORG + "Organization")
    b.label(iri, name)
    return iri


def _project_target(
    b: GraphBuilder, records: BudgetRecords, dept: str, project: str, t: PerformanceTarget
) -> None:
    if t.table is not None:
        b.add(project, BKG + "performanceTable", b.minter.table(t.table))
    if t.match:
        b.add(project, BKG + "matchMethod", _text(t.match, lang=None))
    if t.match_score is not None:
        b.add(project, BKG + "matchScore", _decimal(Decimal(str(t.match_score))))
    _common(b, records, project, t)
    b.add(project, BKG + "budgetUnit", _organization(b, records, t.unit))
    if t.unit_code:
        b.add(project, BKG + "budgetUnitCode", _text(t.unit_code, lang=None))
    if t.amount is None or t.table is None:
        return
    obs = f"{project}/{PERFORMANCE_BUDGET}"
    table = b.minter.table(t.table)
    b.observation(obs, dept, records.department.year, PERFORMANCE_BUDGET, t.amount, WAN_YUAN, table)
    b.add(obs, BKG + "budgetLine", project)  # printed on the project's own table: the project is its line
    b.add(obs, BKG + "project", project)


def _special_fund(
    b: GraphBuilder, records: BudgetRecords, dept: str, fund: str, t: PerformanceTarget
) -> None:
    b.document_item(fund, BKG + "SpecialFund", t.name, dept, records.department.year)
    if t.amount is not None:
        b.add(fund, BKG + "amount", _decimal(t.amount))
        b.printed(fund, t.amount)
    if t.table is not None:
        b.add(fund, PROV + "wasDerivedFrom", b.minter.table(t.table))
    _common(b, records, fund, t)
    b.provenance(fund, t.prov)


def _common(b: GraphBuilder, records: BudgetRecords, owner: str, t: PerformanceTarget) -> None:
    """What projects and funds share: goal, supervising department, implementing unit."""
    if t.goal:
        b.add(owner, BKG + "annualGoal", _text(t.goal))
    b.add(owner, BKG + "supervisingDepartment", _organization(b, records, t.supervisor))
    b.add(owner, BKG + "implementingUnit", _organization(b, records, t.implementer))


def _indicator(b: GraphBuilder, owner: str, iri: str, ind: Indicator) -> None:
    b.add(iri, RDF + "type", BKG + "PerformanceIndicator")
    b.add(iri, BKG + "indicatorOf", owner)
    if ind.level1_code:
        b.add(iri, BKG + "indicatorLevel1", indicator_concept(ind.level1_code))
    if ind.level2_code:
        b.add(iri, BKG + "indicatorLevel2", indicator_concept(ind.level2_code))
    for prop, text in (
        ("indicatorLevel1Name", ind.level1),
        ("indicatorLevel2Name", ind.level2),
        ("indicatorName", ind.level3),
        ("indicatorDescription", ind.description),
        ("targetBasis", ind.basis),
        ("policyTask", ind.task),
    ):
        if text:
            b.add(iri, BKG + prop, _text(text))
    t = ind.target
    if t.operator:
        b.add(iri, BKG + "comparisonOperator", _text(t.operator, lang=None))
    if t.value is not None:
        b.add(iri, BKG + "targetValue", _decimal(t.value))
    if t.upper is not None:
        b.add(iri, BKG + "targetUpperValue", _decimal(t.upper))
    if t.unit:
        b.add(iri, BKG + "targetUnit", _text(t.unit, lang=None))
    if t.qualitative:
        b.add(iri, BKG + "qualitativeValue", _text(t.qualitative))
    if ind.weight is not None:
        b.add(iri, BKG + "weight", _decimal(ind.weight))
    if t.raw.strip():
        b.add(iri, BKG + "rawText", _text(t.raw, lang=None))
    b.provenance(iri, ind.prov)


def _goal(b: GraphBuilder, records: BudgetRecords, dept: str, iri: str, goal: DepartmentGoal) -> None:
    b.add(iri, RDF + "type", BKG + "DepartmentGoal")
    if goal.title:  # a title, not an rdfs:label: the indicators query lists labelled projects and funds
        b.add(iri, DCTERMS + "title", _text(goal.title))
    b.add(iri, BKG + "annualGoal", _text(goal.goal))
    b.add(iri, BKG + "department", dept)
    b.add(iri, BKG + "fiscalYear", _year(records.department.year))
    b.add(iri, DCTERMS + "source", b.minter.document)
    if goal.indicator_text:
        b.add(iri, BKG + "rawText", _text(goal.indicator_text))
    b.provenance(iri, goal.prov)
    for k, ind in enumerate(goal.indicators, start=1):
        _indicator(b, iri, b.minter.indicator(iri, k), ind)


__all__ = ["PERFORMANCE_BUDGET", "add_performance"]
