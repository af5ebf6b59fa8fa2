"""RDF stage: extracted records become the triples of one named graph per document."""

from .build import build_graph
from .mint import Minter, function_concept, graph_iri
from .namespaces import BKG, CODE, DEFAULT_BASE, PREFIXES

__all__ = [
    "BKG",
    "CODE",
    "DEFAULT_BASE",
    "PREFIXES",
    "Minter",
    "build_graph",
    "function_concept",
    "graph_iri",
]
