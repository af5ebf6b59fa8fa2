"""The code registry: which codes are known, under which name, and conflicts.

The registry starts from the code-list files (``ontology/codelists``) and
grows with every code a document prints that is not there yet (with its
parent found by prefix). A code printed under a name other than the one the
registry holds is a *conflict*: the first name is kept, the other one is
recorded (never overwritten), so nobody loses a published name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..extract.text import compact
from ..rdf.namespaces import BKG, RDF, SKOS, XSD
from ..read.model import Provenance
from .schemes import Scheme, value


def same_name(a: str, b: str) -> bool:
    """Names equal up to spaces and full-/half-width forms (（） vs ())."""
    return _norm(a) == _norm(b)


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", compact(name)).replace("“", '"').replace("”", '"')


@dataclass
class Concept:
    """A code of a scheme and the name kept for it (None: only seen as a parent)."""

    scheme: str
    code: str
    label: str | None
    source: str | None = None


@dataclass(frozen=True)
class Conflict:
    """One code printed under a name other than the kept one."""

    scheme: str
    code: str
    kept: str
    printed: str
    source: str
    prov: Provenance | None = None


@dataclass
class CodeUpdate:
    """What one source adds to the registry: new concepts, conflicts, codes of no scheme."""

    source: str
    concepts: list[Concept] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unknown: list[tuple[str, str, Provenance | None]] = field(default_factory=list)


class CodeRegistry:
    """Known concepts by (scheme, code), seeded from files, grown by documents."""

    def __init__(self, schemes: dict[str, Scheme], seed: list[ox.Triple]) -> None:
        self.schemes = schemes
        self.seed = seed
        self.concepts: dict[tuple[str, str], Concept] = {}
        self.learned: dict[tuple[str, str], Concept] = {}
        self.recorded: list[ox.Triple] = []  # conflicts recorded at code-list level (imports)
        self._index(seed, learned=False)

    # -- reading -------------------------------------------------------------
    def _index(self, triples: list[ox.Triple], learned: bool) -> None:
        """Add the concepts of ``triples`` not known yet (a known code keeps its name)."""
        found: dict[str, dict[str, str]] = {}
        for t in triples:
            p = t.predicate.value
            if p in (SKOS + "notation", SKOS + "inScheme", BKG + "firstSeenIn") or (
                p == SKOS + "prefLabel" and isinstance(t.object, ox.Literal) and t.object.language == "zh"
            ):
                found.setdefault(value(t.subject), {}).setdefault(p, value(t.object))
        for props in found.values():
            scheme = self._slug(props.get(SKOS + "inScheme"))
            code = props.get(SKOS + "notation")
            if scheme is None or code is None or (scheme, code) in self.concepts:
                continue
            c = Concept(scheme, code, props.get(SKOS + "prefLabel"), props.get(BKG + "firstSeenIn"))
            self.concepts[(scheme, code)] = c
            if learned:
                self.learned[(scheme, code)] = c

    def _slug(self, iri: str | None) -> str | None:
        return next((s.slug for s in self.schemes.values() if s.iri == iri), None)

    def merge(self, triples: list[ox.Triple]) -> None:
        """Take in concepts learned and conflicts recorded earlier (the store's code graph)."""
        self._index(triples, learned=True)
        kind = ox.NamedNode(BKG + "CodeConflict")
        conflicts = {t.subject for t in triples if t.predicate.value == RDF + "type" and t.object == kind}
        seed = set(map(str, self.seed))
        self.recorded.extend(
            t
            for t in triples
            if t.subject in conflicts or (t.predicate.value == SKOS + "altLabel" and str(t) not in seed)
        )

    def record(self, triples: list[ox.Triple]) -> None:
        """Keep triples about conflicts (of an imported list) in the code graph."""
        self.recorded.extend(triples)

    def scheme_of(self, code: str) -> Scheme | None:
        """The scheme whose notation pattern the code has."""
        return next((s for s in self.schemes.values() if s.matches(code)), None)

    def get(self, scheme: str, code: str) -> Concept | None:
        return self.concepts.get((scheme, code))

    # -- observing -----------------------------------------------------------
    def check(
        self, printed: list[tuple[str, str, Provenance | None]], source: str, scheme: str | None = None
    ) -> CodeUpdate:
        """What (code, name) pairs printed in ``source`` would add, without changing the registry.

        ``scheme`` forces the scheme (an official list of one classification);
        otherwise each code goes to the scheme whose pattern it has.
        """
        update = CodeUpdate(source)
        overlay: dict[tuple[str, str], Concept] = {}
        seen: set[tuple[str, str, str]] = set()
        for code, name, prov in printed:
            sch = self.schemes.get(scheme) if scheme else self.scheme_of(code)
            if sch is None:
                update.unknown.append((code, name, prov))
                continue
            known = overlay.get((sch.slug, code)) or self.concepts.get((sch.slug, code))
            if known is None or known.label is None:
                self._add(sch, code, name, source, overlay)
            elif not same_name(known.label, name) and (sch.slug, code, _norm(name)) not in seen:
                seen.add((sch.slug, code, _norm(name)))
                update.conflicts.append(Conflict(sch.slug, code, known.label, name, source, prov))
        update.concepts = list(overlay.values())
        return update

    def _add(
        self,
        sch: Scheme,
        code: str,
        name: str | None,
        source: str,
        overlay: dict[tuple[str, str], Concept],
    ) -> None:
        """A new concept (or a name for a parent-only one), and any missing ancestors."""
        overlay[(sch.slug, code)] = Concept(sch.slug, code, name, source if name else None)
        parent = sch.parent(code)
        if parent and (sch.slug, parent) not in overlay and (sch.slug, parent) not in self.concepts:
            self._add(sch, parent, None, source, overlay)

    def apply(self, update: CodeUpdate) -> None:
        """Keep the concepts of an update (after its document was stored)."""
        for c in update.concepts:
            self.concepts[(c.scheme, c.code)] = c
            self.learned[(c.scheme, c.code)] = c

    # -- writing -------------------------------------------------------------
    def concept_triples(self, c: Concept) -> list[ox.Triple]:
        """The SKOS triples of one concept: notation, label, scheme, level, parent."""
        return concept_triples(self.schemes[c.scheme], c)

    def triples(self) -> list[ox.Triple]:
        """Seed triples and learned concepts: the content of the store's code graph."""
        out = list(self.seed)
        for c in sorted(self.learned.values(), key=lambda c: (c.scheme, c.code)):
            out.extend(self.concept_triples(c))
        seen = set(map(str, out))
        for t in self.recorded:
            if str(t) not in seen:
                seen.add(str(t))
                out.append(t)
        return out


def concept_triples(sch: Scheme, c: Concept) -> list[ox.Triple]:
    """SKOS triples of a concept: type, notation, zh label, scheme, level, broader/narrower."""
    iri = ox.NamedNode(sch.concept(c.code))
    scheme = ox.NamedNode(sch.iri)

    def t(p: str, o: ox.NamedNode | ox.Literal, s: ox.NamedNode = iri) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)

    out = [
        t(RDF + "type", ox.NamedNode(SKOS + "Concept")),
        t(SKOS + "notation", ox.Literal(c.code)),
        t(SKOS + "inScheme", scheme),
    ]
    if c.label:
        out.append(t(SKOS + "prefLabel", ox.Literal(c.label, language="zh")))
    if c.source:
        out.append(t(BKG + "firstSeenIn", ox.Literal(c.source)))
    level = sch.level(c.code)
    if level:
        out.append(t(BKG + "codeLevel", ox.Literal(str(level), datatype=ox.NamedNode(XSD + "integer"))))
    parent = sch.parent(c.code)
    if parent:
        out.append(t(SKOS + "broader", ox.NamedNode(sch.concept(parent))))
        out.append(t(SKOS + "narrower", iri, ox.NamedNode(sch.concept(parent))))
    elif level == 1:
        out.append(t(SKOS + "topConceptOf", scheme))
        out.append(t(SKOS + "hasTopConcept", iri, scheme))
    return out
