"""Conflicts and new codes as data: ``bkg:CodeConflict`` resources and findings.

A conflict is recorded, never resolved: the code list keeps its first name,
the conflict resource names the concept, both names and where the other name
was printed, and the concept gets the printed name as ``skos:altLabel`` so a
search by either name finds it.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from ..extract.records import Finding
from ..rdf.namespaces import BKG, CODE, RDF, SKOS, XSD
from .registry import CodeUpdate, Conflict
from .schemes import Scheme


def conflict_iri(prefix: str, c: Conflict) -> str:
    """A stable IRI for a conflict under ``prefix`` (a document IRI or the code namespace)."""
    digest = hashlib.sha256(f"{c.printed}\n{c.source}".encode()).hexdigest()[:8]
    return f"{prefix}/code-conflict/{c.scheme}/{c.code}/{digest}"


def conflict_triples(
    c: Conflict, schemes: dict[str, Scheme], prefix: str = CODE.rstrip("/"), document: str | None = None
) -> list[ox.Triple]:
    """The triples recording one conflict (and the printed name as an alternative label)."""
    iri = ox.NamedNode(conflict_iri(prefix, c))
    concept = ox.NamedNode(schemes[c.scheme].concept(c.code))

    def t(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(p), o)

    out = [
        t(iri, RDF + "type", ox.NamedNode(BKG + "CodeConflict")),
        t(iri, BKG + "conflictConcept", concept),
        t(iri, BKG + "conflictCode", ox.Literal(c.code)),
        t(iri, BKG + "keptLabel", ox.Literal(c.kept, language="zh")),
        t(iri, BKG + "printedLabel", ox.Literal(c.printed, language="zh")),
        t(iri, BKG + "printedIn", ox.Literal(c.source)),
        t(concept, SKOS + "altLabel", ox.Literal(c.printed, language="zh")),
    ]
    if document:
        out.append(t(iri, BKG + "foundIn", ox.NamedNode(document)))
    integer = ox.NamedNode(XSD + "integer")
    if c.prov and c.prov.page is not None:
        out.append(t(iri, BKG + "page", ox.Literal(str(c.prov.page), datatype=integer)))
    if c.prov and c.prov.line is not None:
        out.append(t(iri, BKG + "sourceLine", ox.Literal(str(c.prov.line), datatype=integer)))
    return out


def update_findings(update: CodeUpdate, schemes: dict[str, Scheme]) -> list[Finding]:
    """Findings for an update: each conflict, each code of no scheme, new codes in one line."""
    out = [
        Finding(
            slug="code-name-conflict",
            message=(
                f"{schemes[c.scheme].label} {c.code} is printed as {c.printed!r}; "
                f"the code list keeps {c.kept!r}"
            ),
            table=c.prov.table if c.prov else None,
            prov=c.prov,
        )
        for c in update.conflicts
    ]
    for code, name, prov in update.unknown:
        out.append(
            Finding(
                slug="code-outside-classification",
                message=f"code {code} ({name}) fits no classification's code pattern",
                table=prov.table if prov else None,
                prov=prov,
            )
        )
    named = [c for c in update.concepts if c.label]
    if named:
        codes = ", ".join(c.code for c in named[:10]) + (" ..." if len(named) > 10 else "")
        out.append(
            Finding(
                slug="code-added-to-list",
                message=f"{len(named)} code(s) not in the code lists were added: {codes}",
                severity="Info",
            )
        )
    return out
