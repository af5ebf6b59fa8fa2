"""A department parameter resolved to its documents' graphs (query/departments.py), and the key
materialised for it at ingest (rdf/publisher.py).

The key is an index: on every sample it must be the publishing department's
label, the name the saved queries filter on.
"""

from __future__ import annotations

import csv

import pyoxigraph as ox

import budgetkg

from .conftest import EXPECTED


def test_every_document_carries_its_publishers_label_once_as_its_name(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?g ?doc ?key ?label WHERE { GRAPH ?g {
             ?doc a bkg:BudgetDocument ; dcterms:publisher ?dept .
             OPTIONAL { ?doc bkg:publisherName ?key }
             OPTIONAL { ?dept rdfs:label ?label } } }"""
    ).rows
    with (EXPECTED / "departments.csv").open(encoding="utf-8") as f:
        departments = sorted(r["department"] for r in csv.DictReader(f))
    assert len(rows) == 5 and len({r[1] for r in rows}) == 5  # one key and one label per document
    assert sorted(str(r[2]) for r in rows) == departments
    assert all(r[2] == r[3] for r in rows)
    terms = list(kg.store.select("SELECT ?key WHERE { GRAPH ?g { ?doc bkg:publisherName ?key } }",
                                 prefixes={"bkg": "https://w3id.org/budgetkg/ontology#"}))
    assert {t["key"].language for t in terms} == {"zh"}  # the label's literal itself, language included
    assert all(isinstance(t["key"], ox.Literal) for t in terms)


def test_only_documents_carry_the_key(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?x WHERE { GRAPH ?g {
             ?x bkg:publisherName ?n FILTER NOT EXISTS { ?x a bkg:BudgetDocument } } }"""
    ).rows
    assert rows == []
