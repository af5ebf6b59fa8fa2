"""Store stage: where the graphs live. The default is an on-disk pyoxigraph store.

:func:`open_store` opens one on purpose: ``mode="read"`` refuses a path
that holds no store; ``mode="write"`` creates it. See ``oxigraph.py`` for
how one writer and many readers share it.
"""

from __future__ import annotations

from pathlib import Path

from .errors import StoreBusy, StoreError, StoreNotFound, StoreReadOnly, StoreVersionError
from .layout import FORMAT, upgrade
from .oxigraph import OxigraphStore

__all__ = [
    "FORMAT",
    "OxigraphStore",
    "StoreBusy",
    "StoreError",
    "StoreNotFound",
    "StoreReadOnly",
    "StoreVersionError",
    "open_store",
    "upgrade",
]


def open_store(path: str | Path | None, mode: str = "read", wait: float = 0.0) -> OxigraphStore:
    """The store at ``path`` (None: in memory), opened for reading or writing."""
    return OxigraphStore(path, mode=mode, wait=wait)
