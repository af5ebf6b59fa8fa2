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
from .remote import RemoteStore, is_remote

__all__ = [
    "FORMAT",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreNotFound",
    "StoreReadOnly",
    "StoreVersionError",
    "is_remote",
    "location",
    "open_store",
    "upgrade",
]


Store = OxigraphStore | RemoteStore  # what every stage above the store talks to


def open_store(path: str | Path | None, mode: str = "read", wait: float = 0.0) -> Store:
    """The store at ``path``: a directory, a SPARQL server's ``http(s)://`` URL, or None (in memory)."""
    if is_remote(path):
        return RemoteStore(str(path), mode=mode, wait=wait)
    return OxigraphStore(path, mode=mode, wait=wait)


def location(value: str | Path | None) -> str | Path | None:
    """A store location as given: a server's URL stays a string, anything else is a directory."""
    if value is None or is_remote(value):
        return value
    return Path(value)
