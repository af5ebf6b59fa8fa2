"""How the server's worker processes open the store: read-only, one function.

Every query of the server runs in a worker process holding its own read-only
handle (see :mod:`.pool`), so a query can be killed without touching the
store. The handle is the API's :class:`~budgetkg.api.KnowledgeGraph` opened
with ``mode="read"`` (``open_store(path, mode="read")`` underneath): saved
queries then run exactly as ``budgetkg query`` runs them, and raw SPARQL goes
to its store. The store's readers open its latest snapshot for each read, so
a worker keeps answering while ``budgetkg ingest`` writes, and sees each
document once it is committed.
"""

from __future__ import annotations

from pathlib import Path

from ..api import KnowledgeGraph
from ..settings import Settings
from ..store import StoreError, is_remote


def open_reader(path: str | Path, queries: str | Path | None = None) -> KnowledgeGraph:
    """The store at ``path`` opened for reading (StoreError, one line, if there is none)."""
    if is_remote(path):
        raise StoreError(f"budgetkg serve needs a store directory, not a server's URL: {path}")
    folder = Path(queries) if queries is not None else None
    return KnowledgeGraph(Settings(store=Path(path), queries=folder), mode="read")
