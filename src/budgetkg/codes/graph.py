"""The code lists in the store: one named graph, ``https://w3id.org/budgetkg/code/graph``.

It holds the code-list files (``ontology/codelists``) plus every code learned
from ingested documents or imported from an official list. Loading merges
the files (the current seed) with what the store learned before; saving
rewrites the graph only when its content changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .registry import CodeRegistry
from .schemes import CODE_GRAPH, load_codelists


def graph_triples(store: Any, graph: str = CODE_GRAPH) -> list[ox.Triple]:
    """The triples of one named graph of an :class:`~budgetkg.store.OxigraphStore`."""
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]


def load_registry(store: Any | None = None, folder: Path | None = None) -> CodeRegistry:
    """The registry of the code-list files, plus the codes the store learned before."""
    seed, schemes = load_codelists(folder)
    registry = CodeRegistry(schemes, seed)
    if store is not None:
        registry.merge(graph_triples(store))
    return registry


def save_registry(store: Any, registry: CodeRegistry) -> bool:
    """Write the registry to the store's code graph if it changed; True when written."""
    new = registry.triples()
    if set(map(str, new)) == set(map(str, graph_triples(store))):
        return False
    store.replace_graph(CODE_GRAPH, new)
    return True
