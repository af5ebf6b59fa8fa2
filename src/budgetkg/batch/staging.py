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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..codes import CODE_GRAPH, CodeRegistry, CodeUpdate, Concept
from . import worker


class StagedStore:
    """Stands in for the store while a document is prepared: keeps the graph it would write."""

    def __init__(self) -> None:
        self.graph: str | None = None
        self.triples: list[ox.Triple] = []

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        self.graph, self.triples = graph, list(triples)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"the store is not open while a document is prepared (store.{name})")


@contextmanager
def standing_in(kg: Any) -> Iterator[StagedStore]:
    """``kg.store`` replaced by a :class:`StagedStore` for the block, and put back after."""
    staged, real = StagedStore(), kg.store
    kg.store = staged
    try:
        yield staged
    finally:
        kg.store = real


@dataclass
class CodeCheck:
    """One check of a document's printed codes against the code lists, and what it found."""

    printed: list[tuple[str, str, Any]]
    source: str
    scheme: str | None
    update: CodeUpdate


class RecordingRegistry:
    """A code registry whose ``apply`` records the update instead of keeping it (until the commit);
    each ``check`` is recorded too, so the writer can tell whether the code lists it was checked
    against were still current when the document is written (:func:`current`)."""

    def __init__(self, registry: CodeRegistry) -> None:
        self._registry = registry
        self.updates: list[CodeUpdate] = []
        self.checks: list[CodeCheck] = []

    def check(
        self, printed: list[tuple[str, str, Any]], source: str, scheme: str | None = None
    ) -> CodeUpdate:
        update = self._registry.check(printed, source, scheme)
        self.checks.append(CodeCheck(list(printed), source, scheme, update))
        return update

    def apply(self, update: CodeUpdate) -> None:
        self.updates.append(update)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._registry, name)


@dataclass
class Prepared:
    """A document ready to be stored: its result, graph, its triples as N-Quads, the codes it teaches.

    N-Quads bytes cross from a worker process 50 times faster than pickled
    pyoxigraph terms, and the store loads them without making Python objects.
    """

    result: Any  # api.DocumentResult
    graph: str | None = None
    nquads: bytes = b""
    concepts: list[Concept] = field(default_factory=list)
    checks: list[CodeCheck] = field(default_factory=list)


def current(prepared: Prepared, codes: CodeRegistry) -> bool:
    """Whether the code lists ``codes`` find in the document what they found when it was prepared.

    A document prepared while another one that teaches the code lists was
    still being prepared (``--jobs``) may have been checked against code
    lists that lacked those codes: its conflicts, and the codes it adds,
    would then differ from a sequential run's.
    """
    return all(codes.check(c.printed, c.source, c.scheme) == c.update for c in prepared.checks)


def prepare(kg: Any, path: Any, codes: CodeRegistry) -> Prepared:
    """Run ``kg._ingest_one`` with the store and the registry standing in: nothing is written."""
    recording = RecordingRegistry(codes)
    with standing_in(kg) as staged:
        result = kg._ingest_one(path, recording)
    concepts = [c for u in recording.updates for c in u.concepts]
    if not result.ok or staged.graph is None:
        return Prepared(result)
    return Prepared(result, staged.graph, nquads(staged.triples, staged.graph), concepts, recording.checks)


def nquads(triples: list[ox.Triple], graph: str) -> bytes:
    """The triples as N-Quads in ``graph``.

    Serialized as N-Triples, each line then gets the graph: N-Triples escapes
    line breaks inside literals, so `` .\\n`` only ever ends a line.
    """
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return data.replace(b" .\n", f" <{graph}> .\n".encode())


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
    if not hasattr(store, "write_nquads"):  # a SPARQL server: graph, then catalogue; codes at the end
        for g in drop or []:
            store.remove_graph(g)
        parsed = ox.parse(prepared.nquads, format=ox.RdfFormat.N_QUADS)
        store.replace_graph(prepared.graph, [ox.Triple(q.subject, q.predicate, q.object) for q in parsed])
        gone = {prepared.graph, *(drop or [])}
        rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{catalogue}> {{ ?s ?p ?o }} }}")
        kept = [ox.Triple(r["s"], r["p"], r["o"]) for r in rows if r["s"].value not in gone]
        store.replace_graph(catalogue, kept + entry)
    else:
        codes_triples = [t for c in prepared.concepts for t in codes.concept_triples(c)]
        data = prepared.nquads + nquads(codes_triples, CODE_GRAPH) + nquads(entry, catalogue)
        store.write_nquads(data, replace=[prepared.graph, *(drop or [])], entries=catalogue)
    codes.apply(CodeUpdate(source="", concepts=prepared.concepts))


def remove(store: Any, graph: str, catalogue: str) -> None:
    """Remove one document's graph and its catalogue entry in one transaction (on a server: one by one)."""
    if hasattr(store, "write_nquads"):
        store.write_nquads(b"", replace=[graph], entries=catalogue)
        return
    store.remove_graph(graph)
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{catalogue}> {{ ?s ?p ?o }} }}")
    store.replace_graph(catalogue, [ox.Triple(r["s"], r["p"], r["o"]) for r in rows if r["s"].value != graph])


class Preparer:
    """Prepares a batch's documents: in a worker process under limits, or in this process.

    The worker's copy of the code registry is kept in step: the codes each
    committed document taught are sent along with the next request.
    """

    def __init__(self, kg: Any, codes: CodeRegistry, limits: tuple[float, int] | None, stderr: bool) -> None:
        self.kg, self.codes = kg, codes
        self._learned: list[Concept] = []
        self.worker = worker.Worker(self._in_child, *limits, stderr=stderr) if limits else None

    def _in_child(self, arg: tuple[Any, list[Concept]]) -> Prepared:  # pragma: no cover - the child
        path, learned = arg
        if learned:
            self.codes.apply(CodeUpdate(source="", concepts=learned))
        return prepare(self.kg, path, self.codes)

    def __call__(self, path: Any) -> Prepared | worker.Stopped:
        if self.worker is None:
            return prepare(self.kg, path, self.codes)
        learned, self._learned = self._learned, []
        answer: Prepared | worker.Stopped = self.worker.run((path, learned))
        return answer

    def committed(self, prepared: Prepared) -> None:
        """``prepared`` is stored: its codes go to the worker with the next document."""
        self._learned.extend(prepared.concepts)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
