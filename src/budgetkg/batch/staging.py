"""A document prepared without touching the store, then written in one transaction.

Ingesting a document reads, extracts, builds and validates it, and learns
the codes it prints. :func:`prepare` runs all of that against a stand-in
store that only records the graph to write, and a registry that records the
codes learned instead of keeping them. :func:`commit` then writes the
document's graph, its catalogue entry and the codes it taught the code lists
in one store transaction: a crash (even ``kill -9``) leaves either all of it
or none of it, never a graph whose codes are missing from the code lists.
Preparing needs no store, so it can run in a worker process (:mod:`.worker`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..codes import CODE_GRAPH, CodeRegistry, CodeUpdate, Concept


class StagedStore:
    """Stands in for the store while a document is prepared: keeps the graph it would write."""

    def __init__(self) -> None:
        self.graph: str | None = None
        self.triples: list[ox.Triple] = []

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        self.graph, self.triples = graph, list(triples)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"the store is not open while a document is prepared (store.{name})")


class RecordingRegistry:
    """A code registry whose ``apply`` records the update instead of keeping it (until the commit)."""

    def __init__(self, registry: CodeRegistry) -> None:
        self._registry = registry
        self.updates: list[CodeUpdate] = []

    def apply(self, update: CodeUpdate) -> None:
        self.updates.append(update)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._registry, name)


@dataclass
class Prepared:
    """A document ready to be stored: its result, graph, triples and the codes it teaches."""

    result: Any  # api.DocumentResult
    graph: str | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)


def prepare(kg: Any, path: Any, codes: CodeRegistry) -> Prepared:
    """Run ``kg._ingest_one`` with the store and the registry standing in: nothing is written."""
    staged, recording = StagedStore(), RecordingRegistry(codes)
    real = kg.store
    kg.store = staged
    try:
        result = kg._ingest_one(path, recording)
    finally:
        kg.store = real
    concepts = [c for u in recording.updates for c in u.concepts]
    return Prepared(result, staged.graph, staged.triples if result.ok else [], concepts)


def commit(
    store: Any,
    prepared: Prepared,
    codes: CodeRegistry,
    entry: list[ox.Triple],
    catalogue: str,
    drop: list[str] | None = None,
) -> None:
    """Write the document, its catalogue entry and its new codes in one transaction; then keep the codes.

    ``drop`` names other documents' graphs to remove in the same transaction
    (``--replace``), with their catalogue entries.
    """
    assert prepared.graph is not None
    code_graph = ox.NamedNode(CODE_GRAPH)
    quads = [_quad(t, ox.NamedNode(prepared.graph)) for t in prepared.triples]
    quads += [_quad(t, code_graph) for c in prepared.concepts for t in codes.concept_triples(c)]
    quads += [_quad(t, ox.NamedNode(catalogue)) for t in entry]
    store.write_quads(quads, replace=[prepared.graph, *(drop or [])], entries=catalogue)
    codes.apply(CodeUpdate(source="", concepts=prepared.concepts))


def _quad(t: ox.Triple, graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(t.subject, t.predicate, t.object, graph)
