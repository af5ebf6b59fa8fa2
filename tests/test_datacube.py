"""The published cube is well-formed by the W3C's own rules (vocab-data-cube 11.1), and self-describing.

The rules are the spec's queries (``shapes/datacube/``, run by
``budgetkg.validate.datacube``) over a sample's graph with the ontology, the
data structures and the code lists: zero offenders for every rule, in the
text, PDF and DOCX renderings. A graph built to break every rule makes each
one fire, so a rule that could not fail would fail here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.codes import load_registry
from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import DEFAULT_BASE
from budgetkg.read.model import Document
from budgetkg.validate.datacube import check, load_rules
from budgetkg.vocabulary import ONTOLOGY_GRAPH, STRUCTURE_GRAPH, vocabulary_graphs

from .conftest import SAMPLE_IDS
from .test_parity import rendering

RULES = [f"IC-{n}" for n in range(1, 22)]
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken_cube.ttl"
QB = "http://purl.org/linked-data/cube#"
BKG = "https://w3id.org/budgetkg/ontology#"


@pytest.fixture(scope="module")
def vocabulary() -> list[ox.Triple]:
    """The ontology, the data structures and the code lists, as the store holds them."""
    graphs = vocabulary_graphs()
    return graphs[ONTOLOGY_GRAPH] + graphs[STRUCTURE_GRAPH] + load_registry().triples()


def test_every_rule_of_the_spec_is_there() -> None:
    rules = load_rules()
    assert [r.name for r in rules] == RULES
    assert rules[11].title == "No duplicate observations" and rules[10].title == "All dimensions required"


def _well_formed(records: BudgetRecords, vocabulary: list[ox.Triple]) -> None:
    _, triples = build_graph(records, DEFAULT_BASE)
    found = check(triples + vocabulary)
    assert {rule: rows for rule, rows in found.items() if rows} == {}
    # not vacuous: the graph has observations in data sets of each structure
    structures = {t.object.value for t in triples if t.predicate == ox.NamedNode(QB + "structure")}
    assert structures == {BKG + "budgetStructure", BKG + "fundBudgetStructure", BKG + "incomeBudgetStructure"}


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_every_sample_is_a_well_formed_cube(
    sample: str, records: dict[str, BudgetRecords], vocabulary: list[ox.Triple]
) -> None:
    _well_formed(records[sample], vocabulary)


@pytest.mark.parametrize("fmt", ["pdf-ruled", "docx"])
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_every_rendering_is_a_well_formed_cube(
    sample: str,
    fmt: str,
    rendered: object,
    read_rendering: Callable[[Path], Document],
    vocabulary: list[ox.Triple],
) -> None:
    _well_formed(extract_document(read_rendering(rendering(rendered, sample, fmt))), vocabulary)


def test_each_rule_fires_on_a_graph_that_breaks_it() -> None:
    triples = [
        ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=BROKEN, format=ox.RdfFormat.TURTLE)
    ]
    found = check(triples)
    ex = "<http://example.org/cube/"
    assert [rule for rule in RULES if not found[rule]] == []
    # each rule names the resource planted for it
    assert found["IC-1"] == [(ex + "lost>",)]
    assert found["IC-2"] == [(ex + "noDsd>",)]
    assert found["IC-3"] == [(ex + "noMeasure>",)]
    assert (ex + "noRange>",) in found["IC-4"]
    assert found["IC-5"] == [(ex + "conceptNoList>",)]
    assert found["IC-6"] == [(ex + "optional>",)]
    assert found["IC-7"] == [(ex + "orphanKey>",)]
    assert found["IC-8"] == [(ex + "key>", ex + "notInTheDsd>")]
    assert (ex + "slice1>",) in found["IC-9"]
    assert found["IC-10"] == [(ex + "slice2>", ex + "coded>")]
    assert found["IC-11"] == [(ex + "o3>", ex + "coded>")]
    assert found["IC-12"] == [(ex + "o1>", ex + "o2>"), (ex + "o2>", ex + "o1>")]
    assert found["IC-13"] == [(ex + "o1>", ex + "required>")]
    assert found["IC-14"] == [(ex + "o1>", ex + "m2>")]
    assert found["IC-15"] == [(ex + "t1>",)]
    assert found["IC-16"] == [(ex + "t2>",)]
    assert (ex + "t3>",) in found["IC-17"]
    assert found["IC-18"] == [(ex + "elsewhere>",)]
    assert found["IC-19"] == [(ex + "o4>", ex + "coded>", ex + "notACode>")]
    assert found["IC-20"] == [(ex + "o3>", ex + "hier>", ex + "stray>")]
    assert found["IC-21"] == [(ex + "o3>", ex + "hierInverse>", ex + "stray>")]


def test_a_document_without_its_fund_dimension_breaks_ic11(
    records: dict[str, BudgetRecords], vocabulary: list[ox.Triple]
) -> None:
    """The chosen structure's boundary: a fund column's amount without its fund source is malformed."""
    _, triples = build_graph(records["000"], DEFAULT_BASE)
    fund = ox.NamedNode(BKG + "fundSource")
    dropped = next(t for t in triples if t.predicate == fund)
    found = check([t for t in triples if t != dropped] + vocabulary)
    assert found["IC-11"] == [(str(dropped.subject), str(fund))]
    # by the spec's IC-12 a missing dimension is not compared: it now equals its line's other fund columns
    assert {rule for rule, rows in found.items() if rows} == {"IC-11", "IC-12"}
    assert all(str(dropped.subject) in pair for pair in found["IC-12"])


# -- the store describes itself ------------------------------------------------------------------


def _describe(kg: budgetkg.KnowledgeGraph, iri: str) -> list[ox.Triple]:
    return list(kg.store.select(f"DESCRIBE <{iri}>"))


def test_describe_answers_for_dimensions_measures_and_codes_from_the_store(
    kg: budgetkg.KnowledgeGraph,
) -> None:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for iri, kind in (
        (BKG + "fundSource", QB + "DimensionProperty"),
        (BKG + "budgetLine", QB + "DimensionProperty"),
        (BKG + "amount", QB + "MeasureProperty"),
        (BKG + "unit", QB + "AttributeProperty"),
        (BKG + "fundBudgetStructure", QB + "DataStructureDefinition"),
        ("https://w3id.org/budgetkg/code/fund/general-public", "http://www.w3.org/2004/02/skos/core#Concept"),
    ):
        triples = _describe(kg, iri)
        assert ox.Triple(ox.NamedNode(iri), rdf_type, ox.NamedNode(kind)) in triples, iri


def test_ontology_structures_and_code_lists_have_graphs_of_their_own(kg: budgetkg.KnowledgeGraph) -> None:
    graphs = kg.store.graphs()
    for g in (ONTOLOGY_GRAPH, STRUCTURE_GRAPH, "https://w3id.org/budgetkg/code/graph"):
        assert g in graphs
    ask = "ASK {{ GRAPH <{}> {{ <{}> a <{}> }} }}"
    assert kg.store.select(
        ask.format(STRUCTURE_GRAPH, BKG + "incomeBudgetStructure", QB + "DataStructureDefinition")
    )
    assert not kg.store.select(
        ask.format(ONTOLOGY_GRAPH, BKG + "budgetStructure", QB + "DataStructureDefinition")
    )
    assert kg.store.select(ask.format(ONTOLOGY_GRAPH, BKG + "Project", "http://www.w3.org/2002/07/owl#Class"))
    # the store's graphs are the files as they are now
    files = vocabulary_graphs()
    for g in (ONTOLOGY_GRAPH, STRUCTURE_GRAPH):
        stored = kg.store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
        assert int(next(iter(stored))["n"].value) == len(files[g]) > 0


# -- catalogue records -------------------------------------------------------------------------

CATALOGUE = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?ds ?zh ?en ?dept ?year ?doc ?sum ?doc_sum ?publisher ?issued ?license WHERE {
  ?ds a qb:DataSet .
  OPTIONAL { ?ds dcterms:title ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?ds dcterms:title ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?ds bkg:department ?dept }
  OPTIONAL { ?ds bkg:fiscalYear ?year }
  OPTIONAL { ?ds dcterms:source ?doc . ?doc bkg:checksum ?doc_sum }
  OPTIONAL { ?ds bkg:sourceChecksum ?sum }
  OPTIONAL { ?ds dcterms:publisher ?publisher }
  OPTIONAL { ?ds dcterms:issued ?issued }
  OPTIONAL { ?ds dcterms:license ?license }
} ORDER BY ?ds
"""


def test_every_data_set_carries_its_catalogue_record(kg: budgetkg.KnowledgeGraph) -> None:
    rows = list(kg.store.select(CATALOGUE))
    assert len(rows) == 15  # five documents, three structures each
    for r in rows:
        assert all(
            r[v] is not None
            for v in ("zh", "en", "dept", "year", "doc", "sum", "publisher", "issued", "license")
        )
        assert r["sum"].value == r["doc_sum"].value and len(r["sum"].value) == 64
        assert r["publisher"] == r["dept"]
        assert r["issued"].datatype.value == "http://www.w3.org/2001/XMLSchema#gYear"  # the budget year
        assert r["issued"] == r["year"]  # not the day it was ingested
        assert r["license"].value == "https://creativecommons.org/licenses/by/4.0/"
        assert (
            r["zh"].value.endswith(("部门预算", "（按资金来源）", "（按收入类别）"))
            and r["year"].value in r["zh"].value
        )
    titles = {r["zh"].value for r in rows}
    assert "聊城市人力资源和社会保障局2024年部门预算（按资金来源）" in titles and len(titles) == 15
