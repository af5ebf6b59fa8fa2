"""How the server's worker processes open the store: read-only, one function.

Every query of the server runs in a worker process holding its own read-only
handle (see :mod:`.pool`), so a query can be killed without touching the
store. This module is the one place that knows how a store is opened; when the
store gains snapshots it is the one line to change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox


class Reader:
    """A read-only view of a store that re-opens itself when the store has changed on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = self._changed_at()
        self.store: Any = ox.Store.read_only(str(path))

    def _changed_at(self) -> float:
        """When the store last changed (RocksDB rewrites CURRENT or a log on each commit)."""
        try:
            return max(e.stat().st_mtime for e in os.scandir(self.path))
        except (OSError, ValueError):
            return 0.0

    def refresh(self) -> None:
        """Re-open the store if a writer committed since it was opened, so new documents show."""
        stamp = self._changed_at()
        if stamp != self._stamp:
            self.store = ox.Store.read_only(str(self.path))
            self._stamp = stamp


def open_reader(path: str | Path) -> Reader:
    """Open the store at ``path`` for reading (raises OSError if there is none)."""
    p = Path(path)
    if not (p / "CURRENT").is_file():
        raise FileNotFoundError(f"no store at {p} (create one with: budgetkg ingest FILES --store {p})")
    return Reader(p)
