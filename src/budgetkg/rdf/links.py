"""Project-to-function links as RDF: one ``bkg:FunctionLink`` per project and function code.

A link is a resource rather than a plain triple so that it can say how it
was found: ``bkg:linkMethod`` (one value per method: stated, project-code,
amount, amount-set, name, goal, indicator), ``bkg:confidence`` (xsd:decimal,
0-1; 1 only for a link the document states) and an ``rdfs:comment`` per piece
of evidence. ``bkg:linkedLine`` points at the 支出总表 line of the code.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..extract.records import BudgetRecords
from ..link import FunctionLink, infer_function_links
from .graph import GraphBuilder
from .mint import function_concept
from .namespaces import BKG, RDF, RDFS
from .terms import decimal_literal as _decimal


def add_function_links(b: GraphBuilder, records: BudgetRecords) -> list[FunctionLink]:
    """Infer the document's links and add their triples; returns the links."""
    links = infer_function_links(records)
    for link in links:
        _link(b, link)
    return links


def _link(b: GraphBuilder, link: FunctionLink) -> None:
    m = b.minter
    iri = m.function_link(link.project, link.code)
    b.add(iri, RDF + "type", BKG + "FunctionLink")
    b.add(iri, BKG + "project", m.project(link.project))
    b.add(iri, BKG + "functionClass", function_concept(link.code))
    b.add(iri, BKG + "functionCode", ox.Literal(link.code))
    if link.line is not None:
        b.add(iri, BKG + "linkedLine", m.line(link.line))
    for method in link.methods:
        b.add(iri, BKG + "linkMethod", ox.Literal(method))
    b.add(iri, BKG + "confidence", _decimal(link.confidence))
    for e in link.evidence:
        b.add(iri, RDFS + "comment", ox.Literal(f"{e.method} ({e.confidence}): {e.note}"))
