"""The ontology files: loading them, the terms they declare, their HTML documentation.

``ontology/budgetkg.ttl`` declares the classes and properties (and the W3C
terms reused, with Chinese and English labels); ``ontology/codelists/``
holds the SKOS concept schemes. Documentation is generated with pyLODE.
"""

from __future__ import annotations

import logging
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from .resources import data_dir

DECLARING_TYPES = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)


def ontology_files(folder: Path | None = None) -> list[Path]:
    """The ontology's Turtle files (code lists not included)."""
    return sorted((folder or data_dir("ontology")).glob("*.ttl"))


def load_ontology(folder: Path | None = None, codelists: bool = False) -> rdflib.Graph:
    """The ontology as an rdflib graph, with the code lists when asked."""
    folder = folder or data_dir("ontology")
    g = rdflib.Graph()
    files = ontology_files(folder) + (sorted((folder / "codelists").glob("*.ttl")) if codelists else [])
    for p in files:
        g.parse(p, format="turtle")
    return g


def declared_terms(g: rdflib.Graph) -> dict[str, set[str]]:
    """IRI -> the languages of its rdfs:label, for every declared class and property."""
    out: dict[str, set[str]] = {}
    for t in DECLARING_TYPES:
        for s in g.subjects(RDF.type, t):
            if isinstance(s, rdflib.URIRef):
                labels = g.objects(s, RDFS.label)
                out[str(s)] = {o.language or "" for o in labels if isinstance(o, rdflib.Literal)}
    return out


def build_docs(output: Path, folder: Path | None = None) -> Path:
    """Write the ontology's HTML documentation (pyLODE) to ``output``; returns the path."""
    from pylode import OntPub  # imported here: a documentation-only dependency

    output.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # pyLODE logs every step at INFO on the root logger
    try:
        html = OntPub(load_ontology(folder)).make_html()
    finally:
        root.setLevel(level)
    output.write_text(html, encoding="utf-8")
    return output
