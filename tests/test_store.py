"""The embedded store: re-ingest replaces, a failed write changes nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.codes import CODE_GRAPH
from budgetkg.store import OxigraphStore
from budgetkg.vocabulary import ONTOLOGY_GRAPH, STRUCTURE_GRAPH

from .conftest import SAMPLES, sample_path


def test_reingest_keeps_triple_count(tmp_path: Path) -> None:
    kg = budgetkg.open(tmp_path / "kg")
    kg.ingest([SAMPLES])
    first = kg.triple_count()
    assert first > 5000
    kg.ingest([SAMPLES])
    assert kg.triple_count() == first
    # one graph per document, plus the code lists', the ontology's and the data structures' graphs
    vocabulary = {CODE_GRAPH, ONTOLOGY_GRAPH, STRUCTURE_GRAPH}
    assert vocabulary <= set(kg.store.graphs())
    assert len([g for g in kg.store.graphs() if g not in vocabulary]) == 5


def test_same_document_same_iris(tmp_path: Path) -> None:
    a = budgetkg.open(tmp_path / "a")
    b = budgetkg.open(tmp_path / "b")
    a.ingest([sample_path("002")])
    b.ingest([sample_path("002")])
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert a.select_sparql(q).rows == b.select_sparql(q).rows


def test_store_persists_on_disk(tmp_path: Path) -> None:
    kg = budgetkg.open(tmp_path / "kg")
    kg.ingest([sample_path("000")])
    n = kg.triple_count()
    del kg
    assert budgetkg.open(tmp_path / "kg").triple_count() == n


def test_failed_replace_leaves_graph_untouched() -> None:
    store = OxigraphStore(None)
    g = "https://example.org/g"
    t = ox.Triple(
        ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("1")
    )
    store.replace_graph(g, [t])
    broken = ox.Triple(
        ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("2")
    )
    original = OxigraphStore.replace_graph

    def half_write(self: OxigraphStore, graph: str, triples: list[ox.Triple]) -> None:
        self._writable().update(
            f"DROP GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{ {triples[0]} . <bad }} }}"
        )

    OxigraphStore.replace_graph = half_write  # type: ignore[method-assign]
    try:
        with pytest.raises(SyntaxError):
            store.replace_graph(g, [broken])
    finally:
        OxigraphStore.replace_graph = original  # type: ignore[method-assign]
    assert store.triple_count() == 1
    assert [r["o"].value for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")] == ["1"]


def test_failed_first_write_of_a_graph_leaves_nothing() -> None:
    """A new graph is written with one ``extend`` transaction: a failure midway writes no quad."""
    store = OxigraphStore(None)
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    good = [ox.Triple(s, p, ox.Literal(str(i))) for i in range(1000)]
    with pytest.raises(AttributeError):
        store.replace_graph("https://example.org/new", [*good, None])  # type: ignore[list-item]
    assert store.triple_count() == 0
    store.replace_graph("https://example.org/new", good)
    assert store.triple_count() == 1000
    store.replace_graph("https://example.org/new", good[:10])  # an existing graph is replaced, not added to
    assert store.triple_count() == 10
