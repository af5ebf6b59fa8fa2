"""A document's Data Cube data sets and what a data catalogue needs to know about each.

A document's amounts go into up to three ``qb:DataSet`` s, one per data
structure (``ontology/structure.ttl``), so that within a data set the
dimensions alone tell observations apart (W3C Data Cube IC-12):

- ``…/dataset`` (``bkg:budgetStructure``): department, fiscal year, budget
  line, measure; always present, so every document has a data set;
- ``…/dataset/by-fund`` (``bkg:fundBudgetStructure``): plus the fund source
  of a fund column (财政拨款, 一般公共预算, 单位资金 ...);
- ``…/dataset/by-income`` (``bkg:incomeBudgetStructure``): plus the income
  category of an income column (事业收入, 其他收入 ...).

Each data set carries its catalogue record (DCAT / Dublin Core): a title in
Chinese and English, the department, the fiscal year, the source document and
the SHA-256 of its file, the publisher, the issued date and the license.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from ..extract.records import BudgetRecords
from .graph import GraphBuilder
from .namespaces import BKG, DCAT, DCTERMS, QB, RDF, XSD
from .terms import literal as _lit
from .terms import year_literal

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Structure:
    """One kind of data set: its structure and how its title names it."""

    kind: str  # the data set IRI's last segment ("" for the main data set)
    dsd: str  # the local name of its qb:DataStructureDefinition in bkg:
    zh: str
    en: str


STRUCTURES = (
    Structure("", "budgetStructure", "部门预算", "department budget"),
    Structure("by-fund", "fundBudgetStructure", "部门预算（按资金来源）", "department budget by fund"),
    Structure("by-income", "incomeBudgetStructure", "部门预算（按收入类别）", "department budget by income"),
)


def add_datasets(
    b: GraphBuilder,
    records: BudgetRecords,
    dept: str,
    issued: date | None = None,
    license: str = DEFAULT_LICENSE,  # noqa: A002 - the Dublin Core term's name
) -> None:
    """The data sets the observations were put in (the main one always), each with its catalogue record."""
    for s in STRUCTURES:
        if s.kind == "" or s.kind in b.datasets:
            _dataset(b, records, dept, s, issued, license)


def _dataset(
    b: GraphBuilder,
    records: BudgetRecords,
    dept: str,
    s: Structure,
    issued: date | None,
    license: str,  # noqa: A002
) -> None:
    m = b.minter
    iri = m.dataset_of(s.kind)
    d = records.department
    year = f"{d.year}年" if d.year else ""
    b.add(iri, RDF + "type", QB + "DataSet")
    b.add(iri, RDF + "type", DCAT + "Dataset")  # the data set is a DCAT data set of the publisher
    b.add(iri, QB + "structure", BKG + s.dsd)
    b.add(iri, DCTERMS + "title", _lit(f"{d.name}{year}{s.zh}", lang="zh"))
    b.add(iri, DCTERMS + "title", _lit(f"{d.name} {s.en}" + (f" {d.year}" if d.year else ""), lang="en"))
    b.add(iri, BKG + "department", dept)
    b.add(iri, BKG + "fiscalYear", year_literal(d.year))
    b.add(iri, DCTERMS + "source", m.document)
    b.add(iri, BKG + "sourceChecksum", _lit(records.checksum))
    b.add(iri, DCTERMS + "publisher", dept)
    # issued: a date given by the caller; else the budget year, when budgets are published (公开
    # after approval) -- a property of the document, so every run on any day stores the same quads
    if issued is not None:
        b.add(iri, DCTERMS + "issued", ox.Literal(issued.isoformat(), datatype=ox.NamedNode(XSD + "date")))
    elif d.year:
        b.add(iri, DCTERMS + "issued", year_literal(d.year))
    b.add(iri, DCTERMS + "license", license)
