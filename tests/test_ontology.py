"""The ontology: it parses, is consistent, declares every term the pipeline emits, documents itself."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
import rdflib
from owlrl.Namespaces import ERRNS
from rdflib.namespace import OWL, RDF, RDFS

import budgetkg
from budgetkg.ontology import build_docs, declared_terms, load_ontology

BKG = rdflib.Namespace("https://w3id.org/budgetkg/ontology#")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology(codelists=True)


@pytest.fixture(scope="module")
def emitted(kg: budgetkg.KnowledgeGraph) -> dict[str, set[str]]:
    """Every class (rdf:type object) and predicate in the store after ingesting the five samples."""
    # the documents' graphs and the code graph: the ontology's own graphs declare, they do not emit
    own = "FILTER(?g NOT IN (<https://w3id.org/budgetkg/ontology/graph>, <https://w3id.org/budgetkg/structure/graph>))"
    classes = kg.select_sparql(f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} {own} }}").rows
    predicates = kg.select_sparql(f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {own} }}").rows
    return {"classes": {str(r[0]) for r in classes}, "predicates": {str(r[0]) for r in predicates}}


def _errors(g: rdflib.Graph) -> list[str]:
    closure = rdflib.Graph()
    for t in g:
        closure.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return [str(closure.value(e, ERRNS.error)) for e in closure.subjects(RDF.type, ERRNS.ErrorMessage)]


def test_ontology_parses_and_declares_its_core_classes(ontology: rdflib.Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for name in (
        "Department",
        "SubUnit",
        "Region",
        "BudgetDocument",
        "DisclosureTable",
        "BudgetLine",
        "Project",
        "PerformanceIndicator",
        "SpecialFund",
        "CodeConflict",
    ):
        assert BKG[name] in classes, name
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    assert (BKG.Department, RDFS.subClassOf, org.Organization) in ontology


def test_every_emitted_class_and_property_is_declared_with_zh_and_en_labels(
    ontology: rdflib.Graph, emitted: dict[str, set[str]]
) -> None:
    declared = declared_terms(ontology)
    for kind in ("classes", "predicates"):
        missing = sorted(t for t in emitted[kind] - {str(RDF.type)} if t not in declared)
        assert not missing, f"{kind} emitted but not declared in ontology/: {missing}"
        unlabelled = sorted(t for t in emitted[kind] - {str(RDF.type)} if not {"zh", "en"} <= declared[t])
        assert not unlabelled, f"{kind} without both @zh and @en rdfs:label: {unlabelled}"
    # the test has teeth: the data does use the core terms
    assert str(BKG.functionClass) in emitted["predicates"]
    assert str(BKG.CodeConflict) in emitted["classes"]


def test_every_bkg_term_the_ontology_mentions_is_declared_and_defined(ontology: rdflib.Graph) -> None:
    declared = declared_terms(ontology)
    mentioned = {str(t) for triple in ontology for t in triple if str(t).startswith(str(BKG))}
    individuals = {str(BKG.budgetStructure), str(BKG.fundBudgetStructure), str(BKG.incomeBudgetStructure)}
    assert sorted(mentioned - individuals - set(declared)) == []
    for term in sorted(t for t in declared if t.startswith(str(BKG))):
        assert {"zh", "en"} <= declared[term], term
        assert ontology.value(rdflib.URIRef(term), RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_declared_test_detects_an_undeclared_term(ontology: rdflib.Graph) -> None:
    declared = declared_terms(ontology)
    assert str(BKG.amount) in declared and {"zh", "en"} <= declared[str(BKG.amount)]
    assert str(BKG.noSuchProperty) not in declared


def test_consistency_check_catches_a_clash(ontology: rdflib.Graph) -> None:
    """A resource both a budget line and a project (disjoint classes) is reported."""
    g = load_ontology()  # without the code lists: faster, same classes
    thing = rdflib.URIRef("https://example.org/x")
    g.add((thing, RDF.type, BKG.BudgetLine))
    g.add((thing, RDF.type, BKG.Project))
    assert _errors(g), "OWL RL should find the disjoint classes clash"


def test_ontology_code_lists_and_a_document_are_owl_rl_consistent(
    kg: budgetkg.KnowledgeGraph, ontology: rdflib.Graph
) -> None:
    """One OWL RL closure over the ontology, every code list and sample 002's graph finds no clash."""
    rows = kg.select_sparql(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?d a bkg:BudgetDocument ; bkg:sourceFile ?f . "
        "FILTER(STRSTARTS(?f, '002_')) } GRAPH ?g { ?s ?p ?o } }"
    ).rows
    assert len(rows) > 500
    g = rdflib.Graph()
    for t in ontology:
        g.add(t)
    for s, p, o in rows:
        g.add((_term(s), _term(p), _term(o)))
    assert _errors(g) == []


def _term(value: object) -> rdflib.term.Node:
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return rdflib.URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return rdflib.BNode(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return rdflib.Literal(value.value, lang=value.language)
        return rdflib.Literal(value.value, datatype=rdflib.URIRef(value.datatype.value))
    return rdflib.Literal(value)


def test_data_cube_structures_have_dimensions_measure_and_attributes(ontology: rdflib.Graph) -> None:
    qb = rdflib.Namespace("http://purl.org/linked-data/cube#")
    core = {BKG.department, BKG.fiscalYear, BKG.budgetLine, BKG.measure}
    for dsd, extra in (
        (BKG.budgetStructure, set()),
        (BKG.fundBudgetStructure, {BKG.fundSource}),
        (BKG.incomeBudgetStructure, {BKG.incomeCategory}),
    ):
        assert (dsd, RDF.type, qb.DataStructureDefinition) in ontology
        comps = list(ontology.objects(dsd, qb.component))
        dims = {ontology.value(c, qb.dimension) for c in comps} - {None}
        measures = {ontology.value(c, qb.measure) for c in comps} - {None}
        attrs = {ontology.value(c, qb.attribute) for c in comps} - {None}
        assert dims == core | extra, dsd
        assert measures == {BKG.amount}
        assert {BKG.unit, BKG.functionClass, BKG.printedAmount, BKG.printedUnit} <= attrs
        assert not attrs & (dims | {BKG.fundSource, BKG.incomeCategory})  # a dimension is never an attribute
        for prop in dims | attrs:  # labelled, for the merge of the printed-amount attributes too
            labels = {lit.language for lit in ontology.objects(prop, RDFS.label)}
            assert {"zh", "en"} <= labels, prop


def test_docs_build_to_html(tmp_path: Path) -> None:
    out = build_docs(tmp_path / "docs" / "index.html")
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "BudgetLine" in html and "预算行" in html and "CodeConflict" in html
