"""Classification code lists: SKOS concept schemes loaded from ``ontology/codelists``.

- :mod:`.schemes` the schemes and their files; :mod:`.registry` known codes,
  learned codes and conflicts; :mod:`.scan` the (code, name) pairs a document
  prints; :mod:`.usage` the check at ingest; :mod:`.graph` the store's code
  graph; :mod:`.importer` official CSV/XLSX lists; :mod:`.seed` the generated
  code-list files.
"""

from __future__ import annotations

from .graph import load_registry, save_registry
from .registry import CodeRegistry, CodeUpdate, Concept, Conflict
from .schemes import CODE_GRAPH, Scheme, load_codelists
from .usage import check_document

__all__ = [
    "CODE_GRAPH",
    "CodeRegistry",
    "CodeUpdate",
    "Concept",
    "Conflict",
    "Scheme",
    "check_document",
    "load_codelists",
    "load_registry",
    "save_registry",
]
