"""The concept schemes and their code-list files under ``ontology/codelists/``.

Everything about a scheme (its IRI, labels, what its codes look like, the
code lengths of its levels) is read from the Turtle files, not written here:
``schemes.ttl`` declares the schemes, one file per scheme holds its concepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import BKG, CODE, RDF, SKOS
from ..resources import data_dir

CODE_GRAPH = f"{CODE}graph"
"""The named graph of the store that holds the code lists (seeded and learned)."""


def value(term: object) -> str:
    """The IRI or lexical form of an RDF term."""
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)


@dataclass(frozen=True)
class Scheme:
    """One classification: a SKOS concept scheme under ``code/{slug}``."""

    slug: str
    label: str
    pattern: str | None = None
    level_lengths: tuple[int, ...] = ()

    @property
    def iri(self) -> str:
        return f"{CODE}{self.slug}"

    def concept(self, code: str) -> str:
        """The IRI of the concept with this notation."""
        return f"{self.iri}/{code}"

    def matches(self, code: str) -> bool:
        """True when the code has this scheme's notation pattern."""
        return bool(self.pattern and re.fullmatch(self.pattern, code))

    def level(self, code: str) -> int | None:
        """1 for 类, 2 for 款, 3 for 项 (by code length), None if not hierarchical."""
        n = len(code)
        return self.level_lengths.index(n) + 1 if n in self.level_lengths else None

    def parent(self, code: str) -> str | None:
        """The parent code: the code cut to the next shorter level length."""
        shorter = [n for n in self.level_lengths if n < len(code)]
        return code[: max(shorter)] if shorter else None


def codelist_dir() -> Path:
    """The folder of the code-list Turtle files."""
    return data_dir("ontology") / "codelists"


def codelist_files(folder: Path | None = None) -> list[Path]:
    """Every code-list file, sorted (``schemes.ttl`` among them)."""
    return sorted((folder or codelist_dir()).glob("*.ttl"))


def read_triples(paths: list[Path]) -> list[ox.Triple]:
    """The triples of Turtle files, in file order."""
    out: list[ox.Triple] = []
    for p in paths:
        out.extend(q.triple for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))
    return out


def schemes_from(triples: list[ox.Triple]) -> dict[str, Scheme]:
    """The schemes declared in ``triples``, by slug."""
    by_subject: dict[str, dict[str, str]] = {}
    for t in triples:
        s = t.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(CODE):
            props = by_subject.setdefault(s.value, {})
            if t.predicate.value == RDF + "type" and value(t.object) == SKOS + "ConceptScheme":
                props["type"] = "scheme"
            elif isinstance(t.object, ox.Literal):
                key = t.predicate.value
                if key != SKOS + "prefLabel" or t.object.language == "zh":
                    props.setdefault(key, t.object.value)
    out = {}
    for iri, props in by_subject.items():
        if props.get("type") != "scheme":
            continue
        slug = iri[len(CODE) :]
        lengths = tuple(int(n) for n in props.get(BKG + "levelLengths", "").split())
        label = props.get(SKOS + "prefLabel", slug)
        out[slug] = Scheme(slug, label, props.get(BKG + "notationPattern"), lengths)
    return out


@lru_cache(maxsize=4)
def _cached(folder: Path) -> tuple[tuple[ox.Triple, ...], dict[str, Scheme]]:
    triples = read_triples(codelist_files(folder))
    return tuple(triples), schemes_from(triples)


def load_codelists(folder: Path | None = None) -> tuple[list[ox.Triple], dict[str, Scheme]]:
    """The code-list triples and the schemes they declare (read once per folder)."""
    triples, schemes = _cached((folder or codelist_dir()).resolve())
    return list(triples), schemes
