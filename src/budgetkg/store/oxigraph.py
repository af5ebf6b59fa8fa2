"""The embedded store: pyoxigraph on disk (or in memory for tests).

Each document's triples live in their own named graph. Replacing a graph is
one transaction: a failure leaves the previous graph untouched, and
ingesting a document again never duplicates it.

On disk, one writer and any number of readers share a store (see
``layout.py``): writes go to ``db/`` under the store's write lock, taken for
the duration of :meth:`OxigraphStore.writing`; reads go to the latest
read-only snapshot, which the writer renews after each commit, so a reader
never waits for a writer and sees every document committed before its query.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from . import snapshots
from .errors import StoreError, StoreReadOnly
from .layout import Layout
from .lock import WriterLock
from .pieces import evaluate_pieces
from .textindex import Rows, TextIndex, rows_of_lines, rows_of_triples, watched_lines

MODES = ("read", "write")
SNAPSHOT_INTERVAL = 1.0  # seconds: during a long write, readers see commits at most this late


class OxigraphStore:
    """A pyoxigraph store holding one named graph per document.

    ``mode="read"`` opens an existing store for reading only; ``"write"``
    creates it if missing and may write (taking the write lock, waiting up to
    ``wait`` seconds for another writer). ``path=None`` is a private store in
    memory, for tests and one-off runs.
    """

    def __init__(self, path: str | Path | None = None, mode: str = "write", wait: float = 0.0) -> None:
        if mode not in MODES:
            raise ValueError(f"store mode must be one of {', '.join(MODES)}: {mode!r}")
        self.path = Path(path) if path is not None else None
        self.mode = mode
        self.wait = wait
        self._memory = ox.Store() if self.path is None else None
        self._db: ox.Store | None = None  # the primary, open while writing
        self._depth = 0
        self._last_snapshot = 0.0
        self._dirty = False
        self._holding = 0  # inside held_snapshots(): commits wait for its end to be seen
        self._writes = 0  # writes through this handle: part of state() while it writes (or in memory)
        if self.path is None:
            return
        self.layout = Layout(self.path)
        self._lock = WriterLock(self.layout.lock)
        self._reader = snapshots.Reader(self.layout.snapshots)
        self.text_index = TextIndex(self.path)  # project texts beside the store (textindex.py)
        if mode == "read" or self.layout.marker.exists() or self.layout.is_old_format():
            self.layout.check()
        else:
            with self.writing():  # a new store: its folders, marker and first snapshot
                pass

    # -- writing ------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock (and the primary open) for a series of writes; re-entrant."""
        if self.path is None:
            yield
            return
        if self.mode != "write":
            raise StoreReadOnly(f"store {self.path} was opened for reading only")
        if self._depth == 0:
            self._open_primary()
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                with suppress(OSError):  # a full disk: the first error is the one to report
                    self._close_primary()
            raise
        self._depth -= 1
        if self._depth == 0:
            self._close_primary()

    def _open_primary(self) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        except OSError as e:
            raise StoreError(f"cannot create store {self.path}: {e.strerror}") from None
        self._lock.acquire(self.wait)
        try:
            if not self.layout.marker.exists():
                self.layout.create()
            self.layout.check()
            self._db = ox.Store(str(self.layout.db))
            if snapshots.latest(self.layout.snapshots) is None:
                self._dirty = True
            self.recover_filling()
            if self.text_index.open(snapshots.latest(self.layout.snapshots) or 0, self._db):
                self._snapshot()  # built again from the store: readers use it from this snapshot on
        except OSError as e:
            self._lock.release()
            raise StoreError(f"cannot open store {self.path} for writing: {_reason(e)}") from None
        except BaseException:
            self._lock.release()
            raise

    def _close_primary(self) -> None:
        try:
            if self._dirty:
                self._snapshot()
            snapshots.prune(self.layout.snapshots)
        finally:
            self.text_index.close()
            self._db = None
            self._lock.release()

    def _snapshot(self) -> None:
        assert self._db is not None
        number = snapshots.next_number(self.layout.snapshots)
        self.text_index.snapshotting(number)
        snapshots.make(self._db, self.layout.snapshots, number)
        # the older ones go now, not when the write ends: each pins the database files of its moment,
        # which compaction replaces, and a batch that kept them all filled the disk (test_store_access.py)
        snapshots.prune(self.layout.snapshots)
        self.text_index.pruned(number)
        self._dirty = False
        self._last_snapshot = time.monotonic()

    def committed(self) -> None:
        """A unit of work is committed: let readers see it (at most every SNAPSHOT_INTERVAL)."""
        self._dirty = True
        self._writes += 1
        due = time.monotonic() - self._last_snapshot >= SNAPSHOT_INTERVAL
        if self._db is not None and not self._holding and due:
            self._snapshot()

    @contextmanager
    def held_snapshots(self) -> Iterator[None]:
        """Readers see the block's commits together, at its end: one snapshot instead of one a second.

        For back-to-back bulk loads (:mod:`.filling`): each snapshot is a
        checkpoint of every database file, and pruning the one before unlinks
        them all, a cost that grows with the store.
        """
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self._dirty and self._db is not None:
            self._snapshot()

    def _writable(self) -> ox.Store:
        self._writes += 1  # (and again when committed: a state read in between is not the one after)
        if self._memory is not None:
            return self._memory
        if self._db is None:
            raise RuntimeError("store writes must run inside OxigraphStore.writing()")
        return self._db

    def is_empty(self) -> bool:
        """Whether the store holds no quad at all (a first ingest fills it with the bulk loader)."""
        with self.writing():
            return next(iter(self._writable().quads_for_pattern(None, None, None, None)), None) is None

    def recover_filling(self) -> None:
        """Empty a store whose filling was interrupted (``filling.nq`` left over): it was empty before."""
        if self.path is None or not self.layout.filling.exists():
            return
        db = self._writable()
        db.clear()
        db.flush()
        self.text_index.broken()  # the index is built again (empty) when it opens
        self.layout.filling.unlink()
        self._dirty = True

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Atomically replace the named graph's content by ``triples``.

        A graph not in the store yet (a new document) is written with one
        ``extend``, a transaction about twice as fast as parsing an update.
        """
        with self.writing():
            db = self._writable()
            name = ox.NamedNode(graph)
            gen = self._indexing(rows_of_triples(graph, triples))
            if triples and not _has_graph(db, name):
                db.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
            elif triples:
                body = " .\n".join(str(t) for t in triples)
                insert = f"INSERT DATA {{ GRAPH <{graph}> {{\n{body} .\n}} }}"
                db.update(f"DROP SILENT GRAPH <{graph}> ;\n{insert}")
            else:
                db.update(f"DROP SILENT GRAPH <{graph}>")
            self._indexed([str(name)], gen)
            self.committed()

    def write_nquads(self, data: bytes, replace: list[str], entries: str | None = None) -> None:
        """In one transaction: drop the graphs ``replace`` (and their subjects' triples in the
        graph ``entries``), then add the quads of ``data`` (N-Quads, any graphs).

        A batch writes a document, its catalogue entry and its new codes this
        way, so a crash leaves all or none of them.
        """
        with self.writing():
            db = self._writable()
            names = [ox.NamedNode(g) for g in replace]
            gen = self._indexing(rows_of_lines(watched_lines(data)))
            stale = any(_has_graph(db, n) for n in names)
            if entries is not None and not stale:
                where = ox.NamedNode(entries)
                stale = any(next(iter(db.quads_for_pattern(n, None, None, where)), None) for n in names)
            if not stale:
                db.load(data, format=ox.RdfFormat.N_QUADS)
            else:
                ops = [f"DROP SILENT GRAPH {n}" for n in names]
                if entries is not None:
                    ops += [f"DELETE WHERE {{ GRAPH <{entries}> {{ {n} ?p ?o }} }}" for n in names]
                if data:
                    body = "\n".join(
                        f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
                    )
                    ops.append(f"INSERT DATA {{\n{body}\n}}")
                db.update(" ;\n".join(ops))
            self._indexed([str(n) for n in names], gen)
            self.committed()

    def remove_graph(self, graph: str) -> None:
        """Remove one document's graph (no error if absent)."""
        with self.writing():
            self._writable().update(f"DROP SILENT GRAPH <{graph}>")
            self._indexed([str(ox.NamedNode(graph))], None)
            self.committed()

    def bulk_load(
        self, data: bytes | IO[bytes] | Path, replace: Iterable[str] = (), trusted: bool = False
    ) -> None:
        """Add N-Quads (bytes, a binary stream or a file) with pyoxigraph's bulk loader.

        For filling a store with many documents: the loader streams the input
        straight into the database's files, several times faster than
        transactions, but it is not one transaction (an interrupted load
        leaves part of the data). The graphs named in ``replace`` are dropped
        first, so a document loaded again replaces its graph; readers see the
        load when it is complete. ``trusted``: N-Quads this process serialized
        from pyoxigraph terms (valid by construction), so the loader's checks of
        every IRI are skipped (lenient: a tenth of the load's CPU, the same quads).
        """
        with self.writing():
            db = self._writable()
            for graph in replace:
                if _has_graph(db, ox.NamedNode(graph)):
                    db.update(f"DROP SILENT GRAPH <{graph}>")
            gen, data = (None, data) if self.path is None else self.text_index.loading(data)
            if isinstance(data, Path):
                db.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS, lenient=trusted)
            else:
                db.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=trusted)
            if self.path is not None:
                self.text_index.loaded(gen, [str(ox.NamedNode(g)) for g in replace], data)
            self.committed()

    def optimize(self) -> None:
        """Compact the database's files, then let readers see the compacted store.

        The bulk loader writes each load as new files beside the old ones, and
        a store filled by many loads is never compacted by itself: every look-up
        then searches each file (a 1,000-department store bulk-loaded in chunks
        had 93 of them and answered its queries 3.5-5x slower than compacted).
        Called after a bulk fill or ``load``; costs about 25 s of CPU per 10
        million quads.
        """
        with self.writing():
            self._writable().optimize()
            self._dirty = True

    def _indexing(self, rows: Rows) -> int | None:
        """Before a write commits: its texts into the text index (an in-memory store has none)."""
        return None if self.path is None else self.text_index.adding(rows)

    def _indexed(self, replaced: list[str], gen: int | None) -> None:
        """After a write committed: the graphs it replaced or removed hold only what it wrote."""
        if self.path is not None:
            self.text_index.replaced(replaced, gen)

    def flush(self) -> None:
        """Write buffered changes to disk."""
        if self._db is not None:
            self._db.flush()

    # -- reading ------------------------------------------------------------
    def _readable(self) -> ox.Store:
        """The primary while this process writes (it sees its own writes), else the latest snapshot."""
        if self._memory is not None:
            return self._memory
        if self._db is not None:
            return self._db
        try:
            return self._reader.open_latest()
        except OSError as e:
            raise StoreError(f"cannot read store {self.path}: {_reason(e)}") from None

    def refresh(self) -> None:
        """Let the next read see the latest committed documents (reads already do this)."""
        if self.path is not None and self._db is None:
            self._readable()

    fills_graph_slots = True  # the API may fill a query's graph slots (query/departments.py)
    answers_in_pieces = True  # the API may cut a query in ranges of file names (query/partition.py)
    reads_lateral = True  # the API may write LATERAL where a query marks it (query/lateral.py)

    def state(self) -> Hashable:
        """A token equal between two calls only if the content read is the same (a cache key).

        Readers read an immutable snapshot, named by its number; a store in memory,
        or one this process is writing, counts its writes.
        """
        if self._memory is not None or self._db is not None:
            return ("writes", id(self), self._writes)
        self._readable()
        return ("snapshot", str(self.path), self._reader.number)

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store."""
        return sorted(g.value for g in self._readable().named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return _has_graph(self._readable(), ox.NamedNode(graph))

    def triple_count(self) -> int:
        """Number of quads in all graphs."""
        return len(self._readable())

    def select(self, sparql: str, prefixes: dict[str, str] | None = None) -> Any:
        """Run a query over the union of all graphs (GRAPH ?g still names each one).

        ``prefixes`` are predeclared: the text need not declare them, and a
        syntax error's position stays the one in the text given.
        """
        return self._readable().query(sparql, use_default_graph_as_union=True, prefixes=prefixes)

    def select_pieces(
        self,
        pieces: list[str],
        prefixes: dict[str, str] | None = None,
        each: Callable[[Any], Any] | None = None,
    ) -> Any:
        """Run the pieces of one query (query/partition.py) on one snapshot, each in its own thread, and
        give their solutions one after the other, in the pieces' order (one piece: :meth:`select`);
        ``each`` as :func:`~budgetkg.store.pieces.evaluate_pieces` takes it."""
        return _evaluate(self._readable(), pieces, prefixes, each)

    def select_matching(
        self,
        keyword: str,
        sparql: Callable[[list[str] | None, list[str] | None], list[str]],
        prefixes: dict[str, str] | None = None,
    ) -> tuple[Any, bool]:
        """Run the pieces ``sparql(candidates, texts)`` like :meth:`select_pieces`, where ``candidates`` are
        the subjects whose indexed texts contain ``keyword`` and ``texts`` those texts (see textindex.py),
        both None when the text index cannot answer for the snapshot read (missing, rebuilt, older than
        its floor): the query must then find them itself. Returns the solutions and whether the index
        answered.

        The index is consulted for the very snapshot the query then reads.
        """
        for _ in range(3):  # a writer may prune the index between our snapshot and our look-up: read the next
            db = self._readable()
            if self.path is None:
                return _evaluate(db, sparql(None, None), prefixes), False
            number = None if self._db is not None else self._reader.number
            found = self.text_index.matches(keyword, number)
            if found is not None or self._db is not None:
                break
            if snapshots.latest(self.layout.snapshots) == number:
                break  # the index does not cover the latest snapshot: SPARQL alone
        subjects, texts = (found.subjects, found.texts) if found is not None else (None, None)
        return _evaluate(db, sparql(subjects, texts), prefixes), found is not None

    def query(self, sparql: str, **options: Any) -> Any:
        """Run any query with pyoxigraph's own options (e.g. ``use_default_graph_as_union``)."""
        return self._readable().query(sparql, **options)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of all graphs."""
        name = ox.NamedNode(graph) if graph else None
        return iter(self._readable().quads_for_pattern(None, None, None, name))

    def close(self) -> None:
        """Release the store: the write lock if held, the snapshot if open."""
        if self.path is not None:
            while self._depth:
                self._depth -= 1
            if self._db is not None:
                self._close_primary()
            self._reader.close()


def _evaluate(
    db: ox.Store,
    pieces: list[str],
    prefixes: dict[str, str] | None,
    each: Callable[[Any], Any] | None = None,
) -> Any:
    """The pieces' solutions one after the other, each evaluated by pyoxigraph in a thread of its own."""

    def run(text: str) -> Any:
        return db.query(text, use_default_graph_as_union=True, prefixes=prefixes)

    return evaluate_pieces(run, pieces, each)


def _has_graph(store: ox.Store, name: ox.NamedNode) -> bool:
    """Whether the store holds any quad in graph ``name``."""
    return next(iter(store.quads_for_pattern(None, None, None, name)), None) is not None


def _reason(e: OSError) -> str:
    """An OS or RocksDB error as a short reason, without the engine's internals."""
    text = str(e)
    for marker in ("No space left", "Read-only file system", "Permission denied"):
        if marker in text:
            return marker.lower()
    return e.strerror or text.split(":")[0]
