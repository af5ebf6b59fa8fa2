"""The standard disclosure tables as RDF Data Cube observations.

Each line of a table is a ``bkg:BudgetLine`` (a two-sided 收支总表 row gives
two: its income side and its expenditure side); each amount of a line is a
``qb:Observation`` with the department, fiscal year, budget line and measure
as dimensions; an amount of a fund-source column also has the fund source,
one of an income-category column the income category, as a dimension, in a
data set of that structure (``by-fund``, ``by-income``: ``catalogue.py``).
The classifications a line has are attributes: function class (支出功能分类),
the two economic classes (部门预算 and 政府预算经济分类, both kept), and on a
项目支出表 row its project (``bkg:project``, the project of the same name).
The “三公”经费 of a year is a line of its table with one observation per
item; ``bkg:referenceYear`` is the year the column group states (2023年预算数),
while ``bkg:fiscalYear`` stays the budget year of the document that publishes it.

A table that publishes no amount is marked ``bkg:publishedEmpty`` with the
note printed under it (注：此表为空表), which is the fact it states. A year
the document states has no “三公”经费 (its table's note, or a sentence of the
explanations) is a line of 0.00 observations marked ``bkg:statedOnly`` with
the ``bkg:statement`` it was read from; in a document printing no 三公 table
it belongs to table 0, itself marked ``bkg:statedOnly``. So is an empty
一般公共预算基本支出表's 合计 when the document states it has no 基本支出. A
三公 item its table leaves blank and the text states as 0 is one such
observation on the tabulated year's line; a zero change on the year before
that only the text states (增加0万元, 持平) is ``bkg:statedChange 0.00`` on
the year's observation, with its sentence (``bkg:changeStatement``).
"""

from __future__ import annotations

from ..extract.facts import Amount, DisclosureLine, TableStatus, ThreePublic
from ..extract.records import BudgetRecords
from ..extract.stated_none import ZERO
from ..extract.three_public import FIELDS, MEASURES
from .graph import GraphBuilder
from .mint import code_concept, function_concept
from .namespaces import BKG, DCTERMS, RDF
from .terms import literal as _lit
from .terms import year_literal as _year


def add_disclosed_tables(b: GraphBuilder, records: BudgetRecords, dept: str) -> None:
    """Lines, observations and table status of every standard table read."""
    for status in records.table_status:
        _status(b, status)
    projects = {p.name: i for i, p in enumerate(records.projects, start=1) if p.source == "project-list"}
    for line in records.disclosure_lines:
        _line(b, records, dept, line, projects)
    for item in records.three_public:
        _three_public(b, dept, records.department.year, item)


def _status(b: GraphBuilder, status: TableStatus) -> None:
    table = b.minter.table(status.table)
    if status.empty:
        b.add(table, BKG + "publishedEmpty", _lit(True))
    if status.note:
        b.add(table, BKG + "tableNote", _lit(status.note, lang="zh"))


def line_iri(b: GraphBuilder, line: DisclosureLine) -> str:
    """A line is keyed by its physical table and row (and side, on a two-sided table)."""
    prov = line.prov
    table = prov.table if prov and prov.table is not None else line.table
    row = prov.row if prov and prov.row is not None else line.row_number
    iri = b.minter.row(table, row)
    return f"{iri}/{line.side}" if line.side else iri


def row_number(line: DisclosureLine) -> int:
    """The line's ``bkg:rowNumber``: its row in the table as extracted, 1 at least."""
    return max(line.row_number, 1)


def _line(
    b: GraphBuilder, records: BudgetRecords, dept: str, line: DisclosureLine, projects: dict[str, int]
) -> None:
    iri = line_iri(b, line)
    table = b.minter.table(line.table)
    b.add(iri, RDF + "type", BKG + "BudgetLine")
    b.add(iri, BKG + "inTable", table)
    b.add(iri, BKG + "rowNumber", _lit(row_number(line)))
    b.add(iri, BKG + "itemName", _lit(line.name, lang="zh"))
    if line.is_total:
        b.add(iri, BKG + "isTotal", _lit(True))
    if line.side:
        b.add(iri, BKG + "lineSide", _lit(line.side))
    classes = _classes(line)
    if line.kind == "project-list" and not line.is_total and line.name in projects:
        classes.append((BKG + "project", b.minter.project(projects[line.name])))  # the row's project
    if line.function_code:
        b.add(iri, BKG + "functionCode", _lit(line.function_code))
    if line.econ_code:
        b.add(iri, BKG + "economicCode", _lit(line.econ_code))
    if line.gov_econ_code:
        b.add(iri, BKG + "govEconomicCode", _lit(line.gov_econ_code))
    if line.gov_econ_name:
        b.add(iri, BKG + "govEconomicName", _lit(line.gov_econ_name, lang="zh"))
    for prop, concept in classes:
        b.add(iri, prop, concept)
    b.provenance(iri, line.prov)
    if line.stated:
        b.add(iri, BKG + "statedOnly", _lit(True))
        b.add(iri, BKG + "statement", _lit(line.stated, lang="zh"))
    seen: set[str] = set()
    for amount in line.amounts:
        obs = _observation_iri(iri, amount, seen)
        _observation(b, obs, iri, table, dept, records.department.year, amount)
        for prop, concept in classes:
            b.add(obs, prop, concept)
        if line.stated:
            b.add(obs, BKG + "statedOnly", _lit(True))
            b.add(obs, BKG + "statement", _lit(line.stated, lang="zh"))


def _classes(line: DisclosureLine) -> list[tuple[str, str]]:
    out = []
    if line.function_code:
        out.append((BKG + "functionClass", function_concept(line.function_code)))
    if line.econ_code:
        out.append((BKG + "economicClass", code_concept("econ", line.econ_code)))
    if line.gov_econ_code:
        out.append((BKG + "govEconomicClass", code_concept("gov-econ", line.gov_econ_code)))
    return out


def _observation_iri(line: str, amount: Amount, seen: set[str]) -> str:
    key = amount.measure + (f"/{amount.fund}" if amount.fund else "")
    iri, n = f"{line}/{key}", 2
    while iri in seen:  # the same measure and fund in two columns: keep both
        iri, n = f"{line}/{key}-{n}", n + 1
    seen.add(iri)
    return iri


def _observation(
    b: GraphBuilder, obs: str, line: str, table: str, dept: str, year: int | None, amount: Amount
) -> None:
    income = amount.measure == "income"
    dataset = ("by-income" if income else "by-fund") if amount.fund else ""
    unit = code_concept("unit", amount.unit)
    b.observation(obs, dept, year, amount.measure, amount.value, unit, table, dataset)
    b.add(obs, BKG + "budgetLine", line)
    if amount.fund:
        scheme, prop = ("income", "incomeCategory") if income else ("fund", "fundSource")
        b.add(obs, BKG + prop, code_concept(scheme, amount.fund))


def _three_public(b: GraphBuilder, dept: str, year: int | None, item: ThreePublic) -> None:
    table = b.minter.table(item.table)
    if item.table == 0:  # stated in the text of a document that prints no 三公 table
        _stated_table(b, table)
    line = f"{table}/year/{item.year}"
    b.add(line, RDF + "type", BKG + "BudgetLine")
    b.add(line, BKG + "inTable", table)
    row = item.prov.row if item.prov and item.prov.row else 1
    b.add(line, BKG + "rowNumber", _lit(row))
    b.add(line, BKG + "itemName", _lit(item.label or f"{item.year}年", lang="zh"))
    b.add(line, BKG + "referenceYear", _year(item.year))
    b.provenance(line, item.prov)
    for field in FIELDS:
        value = getattr(item, field)
        if value is None:
            continue
        amount = Amount(measure=MEASURES[field], value=value)
        obs = f"{line}/{amount.measure}"
        _observation(b, obs, line, table, dept, year, amount)
        b.add(obs, BKG + "referenceYear", _year(item.year))
        statement = item.stated or item.stated_items.get(field)
        if statement:
            b.add(obs, BKG + "statedOnly", _lit(True))
            b.add(obs, BKG + "statement", _lit(statement, lang="zh"))
        if field in item.stated_changes:
            b.add(obs, BKG + "statedChange", _lit(ZERO))
            b.add(obs, BKG + "changeStatement", _lit(item.stated_changes[field], lang="zh"))
    if item.stated:
        b.add(line, BKG + "statedOnly", _lit(True))
        b.add(line, BKG + "statement", _lit(item.stated, lang="zh"))


def _stated_table(b: GraphBuilder, table: str) -> None:
    """The 三公 "table" of figures a document only states: no printed table, kind three-public."""
    b.add(table, RDF + "type", BKG + "DisclosureTable")
    b.add(table, DCTERMS + "isPartOf", b.minter.document)
    b.add(table, BKG + "tableNumber", _lit(0))
    b.add(table, BKG + "tableKind", _lit("three-public"))
    b.add(table, BKG + "statedOnly", _lit(True))
