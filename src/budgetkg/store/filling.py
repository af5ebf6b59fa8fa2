"""An empty embedded store filled with pyoxigraph's bulk loader instead of one transaction per document.

A batch into an empty store (a first ingest) writes each document, its
catalogue entry and its new codes through :class:`Filling` instead of a
transaction: they are appended to ``filling.nq`` in the store directory,
and every ``BURST_BYTES`` (and at the end) that file goes through the bulk
loader (:meth:`OxigraphStore.bulk_load`), which writes the database's files
directly, ``CHUNK_BYTES`` per load, the loads back to back. Memory stays
flat: documents wait on disk, not in RAM, and the loader holds one chunk.

Why bursts: RocksDB merges each load's files into the store's in background
threads, and a load every few seconds (as documents come) has each merge
rewrite more of a store that grows, so the cost per document grew with the
batch (1,000 documents cost 15x what 100 did). Loads back to back are merged
several at a time. Readers see a burst when it is loaded whole (one
snapshot for it, :meth:`OxigraphStore.held_snapshots`); disk holds at most
``BURST_BYTES`` of N-Quads beside the store.

The bulk loader is no transaction, so a crash must not leave a half-filled
store: ``filling.nq`` stays in the directory until the whole batch is
loaded, and a writer that opens a store where it is left over empties the
store first (:meth:`OxigraphStore.recover_filling`): the store was empty
before the batch, so a fresh run ends with exactly what a clean run stores.

A write that replaces a graph fed already (the same file twice with
``--force``, ``--replace`` among the batch's own documents) loads what is
pending and is then done as a transaction, as without :class:`Filling`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from . import oxigraph

CHUNK_BYTES = 32 << 20  # one bulk load (~15 sample-sized documents): the loader holds about 4x it in memory
BURST_BYTES = 512 << 20  # queued on disk before loading, in CHUNK_BYTES loads back to back


class Filling:
    """Stands in for an empty store's ``write_nquads`` during a batch; :meth:`close` loads the rest."""

    def __init__(
        self, store: oxigraph.OxigraphStore, chunk_bytes: int | None = None, burst_bytes: int | None = None
    ) -> None:
        self.store, self.chunk_bytes = store, chunk_bytes or CHUNK_BYTES
        self.burst_bytes = burst_bytes or BURST_BYTES
        self.fed: set[str] = set()
        self.loaded = 0  # bytes of N-Quads bulk-loaded so far
        self._size = 0
        self._file: IO[bytes]
        if store.path is None:
            self._file = tempfile.TemporaryFile()
        else:
            self._file = open(store.layout.filling, "w+b")  # noqa: SIM115 - closed by close()

    def write_nquads(self, data: bytes, replace: list[str], entries: str | None = None) -> None:
        """Queue ``data`` for the bulk loader (or write it in a transaction when it replaces a fed graph)."""
        if any(g in self.fed for g in replace):
            self.flush()
            self.store.write_nquads(data, replace, entries)
            return
        try:
            self._file.write(data)
            self._file.flush()
        except OSError:  # a full disk: drop the part written, so only whole documents are ever loaded
            self._file.seek(self._size)
            self._file.truncate()
            raise
        self.fed.update(replace)
        self._size += len(data)
        if self._size >= self.burst_bytes:
            self.flush()

    def flush(self) -> None:
        """Bulk-load what is queued."""
        if not self._size:
            return
        self._file.flush()
        self._file.seek(0)
        with self.store.held_snapshots():  # readers see the burst when it is loaded whole
            for chunk in _chunks(self._file, self.chunk_bytes):
                self.store.bulk_load(chunk, trusted=True)  # serialized by staging.nquads
        self.loaded += self._size
        self._file.seek(0)
        self._file.truncate()
        self._size = 0

    def close(self) -> None:
        """Load the rest, then remove ``filling.nq``: the store is whole. When loading fails,
        ``filling.nq`` stays, and the next writer empties the store (it was empty before)."""
        try:
            self.flush()
        finally:
            self._file.close()
        if self.store.path is not None:
            self.store.layout.filling.unlink(missing_ok=True)
        if self.loaded:
            self.store.optimize()  # the loads' files compacted: look-ups search one set of files

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _chunks(file: IO[bytes], size: int) -> Iterator[bytes]:
    """``file``'s N-Quads from where it stands, ``size`` bytes at a time, each ending at a line's end."""
    while data := file.read(size):
        yield data if data.endswith(b"\n") else data + file.readline()


__all__ = ["BURST_BYTES", "CHUNK_BYTES", "Filling"]
