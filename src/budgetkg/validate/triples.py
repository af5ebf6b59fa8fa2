"""Findings as RDF: ``bkg:Finding`` resources stored in their document's graph.

So that the saved query ``validation-issues`` lists them across documents,
each finding of a stored document becomes a resource ``{doc}/finding/{n}``
(numbered worst first, so re-validating the same graph mints the same IRIs)
with its severity (a SHACL severity IRI), rule, flagged resource, table, row,
page, expected and found figures and its message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from ..rdf.namespaces import BKG, DCTERMS, RDF, XSD
from ..store import Store
from .findings import ValidationFinding

SH = "http://www.w3.org/ns/shacl#"
FINDING = BKG + "Finding"
_ByTable = dict[Any, list[Any]]  # a table node -> its numbers (or titles), as terms


QUARANTINE_SERIES = "quarantine"  # findings of dropped tables: kept when the document is validated again


def finding_iri(document: str, number: int, series: str = "finding") -> str:
    """The IRI of a document's n-th finding (of a series: ``finding``, or ``quarantine``)."""
    return f"{document}/{series}/{number}"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _dec(value: Decimal) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "decimal"))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def _one(f: ValidationFinding, iri: str) -> list[ox.Triple]:
    s = _n(iri)
    values: list[tuple[str, ox.NamedNode | ox.Literal | None]] = [
        (RDF + "type", _n(FINDING)),
        (BKG + "severity", _n(SH + f.severity)),
        (BKG + "rule", ox.Literal(f.rule)),
        (BKG + "foundIn", _n(f.document)),
        (BKG + "focus", _n(f.focus) if f.focus and f.focus.startswith(("http", "urn")) else None),
        (BKG + "findingTable", _n(f.table_iri) if f.table_iri else None),
        (BKG + "rowNumber", _int(f.row) if f.row is not None else None),
        (BKG + "page", _int(f.page) if f.page is not None else None),
        (BKG + "sourceLine", _int(f.line) if f.line is not None else None),
        (BKG + "expected", _dec(f.expected) if f.expected is not None else None),
        (BKG + "found", _dec(f.found) if f.found is not None else None),
        (BKG + "figures", ox.Literal(" ".join(f"{k}={v}" for k, v in f.figures)) if f.figures else None),
        (BKG + "message", ox.Literal(f.message_zh, language="zh")),
        (BKG + "message", ox.Literal(f.message_en, language="en")),
        (BKG + "sourceShape", _n(f.shape) if f.shape and f.shape.startswith("http") else None),
    ]
    return [ox.Triple(s, _n(p), o) for p, o in values if o is not None]


def finding_triples(findings: Iterable[ValidationFinding], series: str = "finding") -> list[ox.Triple]:
    """Triples of the findings of one document, numbered in the order given."""
    out: list[ox.Triple] = []
    for number, f in enumerate(findings, start=1):
        out.extend(_one(f, finding_iri(f.document, number, series)))
    return out


def with_table_labels(triples: list[ox.Triple]) -> list[ox.Triple]:
    """A document graph's triples and, on each finding about a numbered table of that graph, the table's
    number and titles (``bkg:findingTableNumber``, ``bkg:findingTableTitle``).

    The finding's own star then holds what ``validation-issues`` prints, read in one pass over the
    findings instead of a join with every table of the store (whose cost grew with the corpus's tables,
    not its findings). A table the graph does not hold (a dropped one) or that has no number gives
    nothing, as the join did. Triples already there are not repeated.
    """
    present = set(triples)
    finding, rdf_type = _n(FINDING), _n(RDF + "type")
    findings = {t.subject for t in triples if t.predicate == rdf_type and t.object == finding}
    about, numbers, titles = _table_facts(triples, findings)
    added = []
    for f, table in about:
        for number in numbers.get(table, ()):
            added.append(ox.Triple(f, _n(BKG + "findingTableNumber"), number))
            added += [ox.Triple(f, _n(BKG + "findingTableTitle"), title) for title in titles.get(table, ())]
    return triples + [t for t in dict.fromkeys(added) if t not in present]


def _table_facts(
    triples: list[ox.Triple], findings: set[Any]
) -> tuple[list[tuple[Any, Any]], _ByTable, _ByTable]:
    """(finding, table) pairs, and each table's numbers and titles, from one graph's triples."""
    table_of, number_of, title_of = _n(BKG + "findingTable"), _n(BKG + "tableNumber"), _n(DCTERMS + "title")
    about = [(t.subject, t.object) for t in triples if t.predicate == table_of and t.subject in findings]
    numbers: _ByTable = {}
    titles: _ByTable = {}
    for t in triples:
        if t.predicate == number_of:
            numbers.setdefault(t.subject, []).append(t.object)
        elif t.predicate == title_of:
            titles.setdefault(t.subject, []).append(t.object)
    return about, numbers, titles


def quarantine_findings(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """A stored graph's findings about its dropped tables (made at ingest; validation cannot remake them)."""
    triples = list(triples)
    rdf_type, finding = _n(RDF + "type"), _n(FINDING)
    keep = {
        t.subject
        for t in triples
        if t.predicate == rdf_type
        and t.object == finding
        and isinstance(t.subject, ox.NamedNode)
        and f"/{QUARANTINE_SERIES}/" in t.subject.value
    }
    return [t for t in triples if t.subject in keep]


def without_findings(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """A stored graph's triples minus its bkg:Finding resources (what extraction produced)."""
    triples = list(triples)
    rdf_type, finding = _n(RDF + "type"), _n(FINDING)
    drop = {t.subject for t in triples if t.predicate == rdf_type and t.object == finding}
    return [t for t in triples if t.subject not in drop]


def stored_triples(store: Store, graph: str) -> list[ox.Triple]:
    """The triples of one named graph of the store."""
    name = ox.NamedNode(graph)
    return list(store.select(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"))
