"""Records become RDF: one named graph per document.

Amounts are RDF Data Cube observations (``qb:Observation``): one per line
and measure (and fund source or income category, in a data set of their
own: ``catalogue.py``), with the department, fiscal year, budget line and
measure as dimensions and ``bkg:amount`` (``xsd:decimal``, 万元, as
published) as the measure. Lines and projects keep their provenance (table,
row, page, text line) so every figure can be traced to its source.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from ..extract.records import BudgetRecords, FunctionLine, Project
from ..read.model import Provenance
from .catalogue import DEFAULT_LICENSE, add_datasets
from .graph import GraphBuilder
from .links import add_function_links
from .mint import Minter, code_concept, function_concept
from .namespaces import BKG, DCTERMS, ORG, PROV, RDF, SKOS
from .narrative import add_narrative
from .observations import add_disclosed_tables
from .ocr import add_ocr_reading
from .performance import add_performance
from .publisher import add_publisher_name
from .summary import add_summary
from .summary_indicators import indicator_summary
from .summary_three_public import three_public_summary
from .terms import WAN_YUAN, year_literal
from .terms import literal as _lit

MEASURES = (("total", "total"), ("basic", "basic"), ("project", "project"))


def build_graph(
    records: BudgetRecords,
    base: str,
    issued: date | None = None,
    license: str = DEFAULT_LICENSE,  # noqa: A002
) -> tuple[str, list[ox.Triple]]:
    """The named-graph IRI and the triples of one document's records.

    ``issued`` (default: the budget year) and ``license`` go into the catalogue record of its data sets.
    """
    b = GraphBuilder(Minter(base, records.checksum))
    dept = _department(b, records)
    _document(b, records, dept)
    add_publisher_name(b, records)  # the department's name on the document: listed in one scan
    add_ocr_reading(b, records)
    for t in records.tables:
        _table(b, t.number, t.kind, t.title, t.prov)
        b.add(b.minter.table(t.number), BKG + "printedUnit", code_concept("unit", t.unit))
        if t.unit_inferred:
            b.add(b.minter.table(t.number), BKG + "unitInferred", _lit(True))
    for line in records.function_lines:
        _line(b, records, dept, line)
    for i, project in enumerate(records.projects, start=1):
        _project(b, records, dept, i, project)
    add_performance(b, records, dept)
    links = add_function_links(b, records)
    add_disclosed_tables(b, records, dept)
    add_narrative(b, records, dept)
    add_datasets(b, records, dept, issued, license)
    add_summary(b, records, [(b.minter.function_link(k.project, k.code), k.code) for k in links])
    b.triples += indicator_summary(b.triples) + three_public_summary(b.triples)  # rdf/summary_*.py
    return b.minter.graph, b.triples


def _department(b: GraphBuilder, records: BudgetRecords) -> str:
    d = records.department
    iri = b.minter.organization(d.name)
    b.add(iri, RDF + "type", BKG + "Department")
    b.add(iri, RDF + "type", ORG + "Organization")
    b.label(iri, d.name)
    b.add(iri, SKOS + "prefLabel", _lit(d.name, lang="zh"))
    if d.code:
        b.add(iri, BKG + "departmentCode", _lit(d.code))
    if d.region:
        region = b.minter.region(d.region)
        b.add(region, RDF + "type", BKG + "Region")
        b.label(region, d.region)
        b.add(iri, BKG + "region", region)
    for u in d.subunits:
        unit = b.minter.organization(u.name)
        b.add(unit, RDF + "type", BKG + "SubUnit")
        b.add(unit, RDF + "type", ORG + "Organization")
        b.label(unit, u.name)
        b.add(unit, ORG + "subOrganizationOf", iri)
        b.add(iri, ORG + "hasSubOrganization", unit)
        for prop, value in (("unitNature", u.nature), ("unitRank", u.rank), ("fundingForm", u.funding)):
            if value:
                b.add(unit, BKG + prop, _lit(value, lang="zh"))
    return iri


def _document(b: GraphBuilder, records: BudgetRecords, dept: str) -> None:
    m = b.minter
    b.add(m.document, RDF + "type", BKG + "BudgetDocument")
    b.add(m.document, BKG + "sourceFile", _lit(records.source))
    b.add(m.document, BKG + "checksum", _lit(records.checksum))
    b.add(m.document, BKG + "fiscalYear", year_literal(records.department.year))
    b.add(m.document, DCTERMS + "publisher", dept)


def _table(b: GraphBuilder, number: int, kind: str | None, title: str, prov: Provenance | None) -> None:
    iri = b.minter.table(number)
    b.add(iri, RDF + "type", BKG + "DisclosureTable")
    b.add(iri, DCTERMS + "isPartOf", b.minter.document)
    b.add(iri, BKG + "tableNumber", _lit(number))
    if kind:
        b.add(iri, BKG + "tableKind", _lit(kind))
    if title:
        b.add(iri, DCTERMS + "title", _lit(title, lang="zh"))
    b.provenance(iri, prov)


def _line(b: GraphBuilder, records: BudgetRecords, dept: str, line: FunctionLine) -> None:
    m = b.minter
    # Rows are numbered within their physical table: a summary split over
    # pages has two row 3s, so the physical table number keys the IRI.
    table = line.prov.table if line.prov and line.prov.table is not None else line.table
    row = line.prov.row if line.prov and line.prov.row is not None else 0
    iri = m.row(table, row)
    b.add(iri, RDF + "type", BKG + "BudgetLine")
    b.add(iri, BKG + "inTable", m.table(line.table))
    b.add(iri, BKG + "rowNumber", _lit(line.row_number))
    b.add(iri, BKG + "itemName", _lit(line.name, lang="zh"))
    if line.is_total:
        b.add(iri, BKG + "isTotal", _lit(True))
    if line.code:
        b.add(iri, BKG + "functionCode", _lit(line.code))
        b.add(iri, BKG + "functionClass", function_concept(line.code))
    b.provenance(iri, line.prov)
    for slug, attr in MEASURES:
        amount = getattr(line, attr)
        if amount is None:
            continue
        obs = m.observation(table, row, slug)
        b.observation(obs, dept, records.department.year, slug, amount, WAN_YUAN, m.table(line.table))
        b.add(obs, BKG + "budgetLine", iri)
        if line.code:
            b.add(obs, BKG + "functionClass", function_concept(line.code))
        if attr in line.stated:  # a blank the text states as none (没有基本支出预算): 0.00, stated
            b.add(obs, BKG + "statedOnly", _lit(True))
            b.add(obs, BKG + "statement", _lit(line.stated[attr], lang="zh"))


def _project(b: GraphBuilder, records: BudgetRecords, dept: str, index: int, p: Project) -> None:
    iri = b.minter.project(index)
    b.document_item(iri, BKG + "Project", p.name, dept, records.department.year)
    if p.amount is not None:
        b.add(iri, BKG + "amount", _lit(p.amount))
        b.printed(iri, p.amount)
    if p.code:
        b.add(iri, BKG + "projectCode", _lit(p.code))
    if p.type:
        b.add(iri, BKG + "projectType", _lit(p.type, lang="zh"))
    b.add(iri, BKG + "extractedFrom", _lit(p.source))
    if p.table is not None:
        b.add(iri, PROV + "wasDerivedFrom", b.minter.table(p.table))
    b.provenance(iri, p.prov)
