"""The store describes itself: the ontology, the data structures and the code lists in named graphs.

A SPARQL client of the store (or of a release dumped from it) finds what the
data sets' dimensions, measures and codes are without the repository:
``DESCRIBE bkg:fundSource`` or ``DESCRIBE <…/code/fund/general-public>``
answers from the store. Each is a named graph of its own, rewritten at every
ingest so it is the ontology the documents were built with:

- ``<https://w3id.org/budgetkg/ontology/graph>``: ``ontology/budgetkg.ttl``;
- ``<https://w3id.org/budgetkg/structure/graph>``: ``ontology/structure.ttl``
  (the ``qb:DataStructureDefinition`` s);
- ``<https://w3id.org/budgetkg/code/graph>``: the code lists with the codes
  learned from documents (:mod:`budgetkg.codes.graph`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .codes import CodeRegistry, save_registry
from .resources import data_dir

ONTOLOGY_GRAPH = "https://w3id.org/budgetkg/ontology/graph"
STRUCTURE_GRAPH = "https://w3id.org/budgetkg/structure/graph"
STRUCTURE_FILE = "structure.ttl"
GENID = "https://w3id.org/budgetkg/.well-known/genid/"  # RDF 1.1 skolem IRIs of the files' blank nodes


def vocabulary_graphs(folder: Path | None = None) -> dict[str, list[ox.Triple]]:
    """Graph IRI -> triples: the ontology files of ``folder`` (default ``ontology/``), code lists apart.

    Blank nodes (a DSD's component specifications, OWL lists) become skolem
    IRIs numbered in file order, so the same files give the same triples: a
    re-ingest leaves the store as it was, and two stores built alike are equal.
    """
    out: dict[str, list[ox.Triple]] = {ONTOLOGY_GRAPH: [], STRUCTURE_GRAPH: []}
    for path in sorted((folder or data_dir("ontology")).glob("*.ttl")):
        graph = STRUCTURE_GRAPH if path.name == STRUCTURE_FILE else ONTOLOGY_GRAPH
        names: dict[ox.BlankNode, ox.NamedNode] = {}

        def skolem(term: Any, stem: str = path.stem, names: dict[ox.BlankNode, ox.NamedNode] = names) -> Any:
            if not isinstance(term, ox.BlankNode):
                return term
            return names.setdefault(term, ox.NamedNode(f"{GENID}{stem}/{len(names) + 1}"))

        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            out[graph].append(ox.Triple(skolem(q.subject), q.predicate, skolem(q.object)))
    return out


def store_vocabulary(store: Any, codes: CodeRegistry, folder: Path | None = None) -> None:
    """Write the ontology, structure and code graphs of an :class:`~budgetkg.store.OxigraphStore`."""
    for graph, triples in vocabulary_graphs(folder).items():
        store.replace_graph(graph, triples)
    save_registry(store, codes)
