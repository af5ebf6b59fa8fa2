"""The embedded store: pyoxigraph on disk (or in memory for tests).

Each document's triples live in their own named graph. Replacing a graph is
one SPARQL update (``DROP GRAPH`` then ``INSERT DATA``), which pyoxigraph runs
as a single transaction: a failure leaves the previous graph untouched, and
ingesting a document again never duplicates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox


class OxigraphStore:
    """A pyoxigraph store holding one named graph per document."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))
        else:
            self._store = ox.Store()

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Atomically replace the named graph's content by ``triples``.

        A graph not in the store yet (a new document) is written with one
        ``extend``, a transaction about twice as fast as parsing an update.
        """
        name = ox.NamedNode(graph)
        if triples and not self._has_graph(name):
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
            return
        body = " .\n".join(str(t) for t in triples)
        update = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body} .\n}} }}"
        if not triples:
            update = f"DROP SILENT GRAPH <{graph}>"
        self._store.update(update)

    def write_quads(self, quads: list[ox.Quad], replace: list[str], entries: str | None = None) -> None:
        """In one transaction: drop the graphs ``replace`` (and their subjects' triples in the
        graph ``entries``), then add ``quads`` (in any graphs).

        A batch writes a document, its catalogue entry and its new codes this
        way, so a crash leaves all or none of them.
        """
        names = [ox.NamedNode(g) for g in replace]
        stale = any(self._has_graph(n) for n in names)
        if entries is not None and not stale:
            where = ox.NamedNode(entries)
            stale = any(next(iter(self._store.quads_for_pattern(n, None, None, where)), None) for n in names)
        if not stale:
            self._store.extend(quads)
            return
        ops = [f"DROP SILENT GRAPH {n}" for n in names]
        if entries is not None:
            ops += [f"DELETE WHERE {{ GRAPH <{entries}> {{ {n} ?p ?o }} }}" for n in names]
        if quads:
            body = "\n".join(
                f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads
            )
            ops.append(f"INSERT DATA {{\n{body}\n}}")
        self._store.update(" ;\n".join(ops))

    def _has_graph(self, name: ox.NamedNode) -> bool:
        """Whether the store holds any quad in graph ``name``."""
        return next(iter(self._store.quads_for_pattern(None, None, None, name)), None) is not None

    def remove_graph(self, graph: str) -> None:
        """Remove one document's graph (no error if absent)."""
        self._store.update(f"DROP SILENT GRAPH <{graph}>")

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self) -> int:
        """Number of quads in all graphs."""
        return len(self._store)

    def select(self, sparql: str) -> Any:
        """Run a SELECT over the union of all graphs (GRAPH ?g still names each one)."""
        return self._store.query(sparql, use_default_graph_as_union=True)

    def close(self) -> None:
        """Release the store (on disk: its lock), so another process or handle can open it."""
        if self._store is not None:
            self.flush()
            self._store = None  # type: ignore[assignment]

    def flush(self) -> None:
        """Write buffered changes to disk."""
        if self.path is not None:
            self._store.flush()
