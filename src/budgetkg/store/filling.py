"""An empty embedded store filled with pyoxigraph's bulk loader instead of one transaction per document.

A batch into an empty store (a first ingest) writes each document, its
catalogue entry and its new codes through :class:`Filling` instead of a
transaction: they are appended to ``filling.nq`` in the store directory,
and every ``CHUNK_BYTES`` (and at the end) that file goes through the bulk
loader (:meth:`OxigraphStore.bulk_load`), which writes the database's files
directly. Memory stays flat: documents wait on disk, not in RAM.

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
from typing import IO, Any

from . import oxigraph

CHUNK_BYTES = 32 << 20  # ~15 sample-sized documents: the bulk loader holds about 4x its input in memory


class Filling:
    """Stands in for an empty store's ``write_nquads`` during a batch; :meth:`close` loads the rest."""

    def __init__(self, store: oxigraph.OxigraphStore, chunk_bytes: int | None = None) -> None:
        self.store, self.chunk_bytes = store, chunk_bytes or CHUNK_BYTES
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
        if self._size >= self.chunk_bytes:
            self.flush()

    def flush(self) -> None:
        """Bulk-load what is queued."""
        if not self._size:
            return
        self._file.flush()
        self._file.seek(0)
        if self.store.path is None:
            self.store.bulk_load(self._file, trusted=True)
        else:
            self.store.bulk_load(self.store.layout.filling, trusted=True)  # serialized by staging.nquads
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


__all__ = ["CHUNK_BYTES", "Filling"]
