"""How the server's worker processes open the store: read-only, one function.

Every query of the server runs in a worker process holding its own read-only
handle (see :mod:`.pool`), so a query can be killed without touching the
store. The store's readers open its latest snapshot for each read, so a worker
keeps answering while ``budgetkg ingest`` writes, and sees each document once
it is committed.
"""

from __future__ import annotations

from pathlib import Path

from ..store import OxigraphStore, open_store


def open_reader(path: str | Path) -> OxigraphStore:
    """Open the store at ``path`` for reading (StoreError, one line, if there is none)."""
    return open_store(path, mode="read")
