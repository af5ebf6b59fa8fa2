"""Performance indicators indexed at ingest, so the indicator roll-ups stay cheap over a national corpus.

The queries that compare or count indicators across every department
(``indicator-benchmarks``, ``vague-indicators-summary``) would otherwise walk,
for every indicator, a chain of optional properties from the indicator to its
project, fund or goal, to the document and its department. So each
document's graph also says, directly:

- on each indicator: its document (``bkg:indicatorDocument``, where its
  project, fund or goal names one with ``dcterms:source``); each of its level
  concepts, 一级 and 二级 alike (``bkg:indicatorKind``); each of its level
  names as printed, as a plain string (``bkg:indicatorKindName``); the name
  of what it belongs to, as a plain string (``bkg:indicatorOwnerName``: its
  project's or fund's ``rdfs:label``, else its goal's ``dcterms:title``, else
  empty; one for every indicator with an owner, so a query reads its
  project column in one look-up instead of three); its target's parts in one
  string (``bkg:targetParts``: operator, value, unit and the target as
  printed, each separated from the next by a tab, an absent part empty:
  ``≥\t95\t%\t≥95%``; a query listing targets reads them in one look-up
  instead of four, as ``indicator-benchmarks`` does); and, when
  its target is vague, why (``bkg:vagueReason``: ``empty``, ``qualitative``,
  ``approximate`` or ``no-unit``, the first that applies, as the
  ``vague-indicators`` query decides it);
- on the document, when it has indicators: how many (``bkg:indicatorCount``),
  how many are vague (``bkg:vagueIndicatorCount``) and how many for each
  reason (``bkg:qualitativeIndicatorCount``, ``bkg:noUnitIndicatorCount``,
  ``bkg:approximateIndicatorCount``, ``bkg:emptyIndicatorCount``).

Everything is derived from the document's own triples, not from the records,
so the counts and owner names can be derived again from what is actually
stored when a partial document's tables are quarantined (:func:`recount`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import BKG, DCTERMS, RDF, RDFS
from .parts import join_parts
from .terms import literal as _lit

EMPTY, QUALITATIVE, APPROXIMATE, NO_UNIT = "empty", "qualitative", "approximate", "no-unit"
COUNTS = (  # (reason or None for all / any vague, the document's count property)
    ("all", "indicatorCount"),
    ("vague", "vagueIndicatorCount"),
    (QUALITATIVE, "qualitativeIndicatorCount"),
    (NO_UNIT, "noUnitIndicatorCount"),
    (APPROXIMATE, "approximateIndicatorCount"),
    (EMPTY, "emptyIndicatorCount"),
)
APPROXIMATELY = "≈"

_TYPE = ox.NamedNode(RDF + "type")
_DOCUMENT = ox.NamedNode(BKG + "BudgetDocument")
_INDICATOR = ox.NamedNode(BKG + "PerformanceIndicator")
_SOURCE = ox.NamedNode(DCTERMS + "source")
_OF = ox.NamedNode(BKG + "indicatorOf")
_Owners = dict[ox.NamedNode, ox.NamedNode]  # a project, fund or goal -> its document
_COUNT_PROPS = frozenset(ox.NamedNode(BKG + prop) for _, prop in COUNTS)
_OWNER_NAME = ox.NamedNode(BKG + "indicatorOwnerName")
_TARGET_PARTS = ox.NamedNode(BKG + "targetParts")


def vague_reason(raw: bool, value: bool, operator: str | None, unit: bool) -> str | None:
    """Why a target is vague, None when it is not: no text, no number, only roughly, or no unit.

    The first reason that applies, in that order (a target with no text has no number either).
    """
    if not raw:
        return EMPTY
    if not value:
        return QUALITATIVE
    if operator == APPROXIMATELY:
        return APPROXIMATE
    if not unit:
        return NO_UNIT
    return None


class _Indicator:
    __slots__ = ("kinds", "names", "operator", "owner", "raw", "unit", "value")

    def __init__(self) -> None:
        self.owner: ox.NamedNode | None = None
        self.raw: str | None = None  # the target's parts: each literal's lexical form, None when absent
        self.value: str | None = None
        self.unit: str | None = None
        self.operator: str | None = None
        self.kinds: list[ox.NamedNode] = []
        self.names: list[str] = []

    @property
    def reason(self) -> str | None:
        raw, value, unit = (part is not None for part in (self.raw, self.value, self.unit))
        return vague_reason(raw, value, self.operator, unit)

    @property
    def parts(self) -> str | None:
        """The target's parts in one string (:func:`target_parts`), None when it has none of them."""
        fields = (self.operator, self.value, self.unit, self.raw)
        return None if all(f is None for f in fields) else target_parts(*fields)


def target_parts(operator: str | None, value: str | None, unit: str | None, raw: str | None) -> str:
    """``bkg:targetParts``: operator, value (its lexical form), unit and the target as printed, separated
    by tabs, an absent part empty (rdf/parts.py). Only the last part may hold a tab: a query splits at
    the first three.

    The operator is one of a few symbols and words, the value a decimal and a unit has no spaces (its
    parser drops them, extract/targets.py); a part that holds a tab anyway is refused (ValueError) rather
    than written where it would be read back wrong.
    """
    return join_parts((operator, value, unit), raw)


_PARTS = {BKG + "rawText": "raw", BKG + "targetValue": "value", BKG + "targetUnit": "unit"}
# the predicates read, spelled once (compared with every triple of the document)
_P_TYPE, _P_SOURCE = RDF + "type", DCTERMS + "source"
_P_OF, _P_OPERATOR = BKG + "indicatorOf", BKG + "comparisonOperator"
_P_LABEL, _P_TITLE = RDFS + "label", DCTERMS + "title"
_KINDS = (BKG + "indicatorLevel1", BKG + "indicatorLevel2")
_NAMES = (BKG + "indicatorLevel1Name", BKG + "indicatorLevel2Name")


class _Names:
    """Each resource's labels and titles, as printed (their plain strings)."""

    def __init__(self) -> None:
        self.labels: dict[ox.NamedNode, list[str]] = {}
        self.titles: dict[ox.NamedNode, list[str]] = {}

    def of(self, owner: ox.NamedNode) -> list[str]:
        """What the project column shows for an owner: its labels, else its titles, else empty."""
        return self.labels.get(owner) or self.titles.get(owner) or [""]


def _indicators(triples: Iterable[ox.Triple]) -> tuple[dict[ox.NamedNode, _Indicator], _Owners, _Names]:
    """The document's indicators (in the order first typed), each owner's document, and the names."""
    typed: list[ox.NamedNode] = []
    facts: dict[ox.NamedNode, _Indicator] = {}
    sources: _Owners = {}
    names = _Names()
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _P_TYPE and o == _INDICATOR:
            typed.append(s)
        elif p == _P_SOURCE and isinstance(o, ox.NamedNode):
            sources[s] = o
        elif p == _P_OF and isinstance(o, ox.NamedNode):
            facts.setdefault(s, _Indicator()).owner = o
        elif p in _PARTS and isinstance(o, ox.Literal):
            setattr(facts.setdefault(s, _Indicator()), _PARTS[p], o.value)
        elif p == _P_OPERATOR and isinstance(o, ox.Literal):
            facts.setdefault(s, _Indicator()).operator = o.value
        elif p in _KINDS and isinstance(o, ox.NamedNode):
            facts.setdefault(s, _Indicator()).kinds.append(o)
        elif p in _NAMES and isinstance(o, ox.Literal):
            facts.setdefault(s, _Indicator()).names.append(o.value)
        elif p == _P_LABEL and isinstance(o, ox.Literal):
            names.labels.setdefault(s, []).append(o.value)
        elif p == _P_TITLE and isinstance(o, ox.Literal):
            names.titles.setdefault(s, []).append(o.value)
    return {i: facts.get(i) or _Indicator() for i in dict.fromkeys(typed)}, sources, names


def indicator_summary(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The indicator index of one document's triples: per indicator, and the document's counts."""
    indicators, sources, names = _indicators(triples)
    out: list[ox.Triple] = []
    for iri, ind in indicators.items():
        doc = sources.get(ind.owner) if ind.owner is not None else None
        if doc is not None:
            out.append(ox.Triple(iri, ox.NamedNode(BKG + "indicatorDocument"), doc))
        out += _owner_names(iri, ind, names)
        for kind in dict.fromkeys(ind.kinds):
            out.append(ox.Triple(iri, ox.NamedNode(BKG + "indicatorKind"), kind))
        for name in dict.fromkeys(ind.names):
            out.append(ox.Triple(iri, ox.NamedNode(BKG + "indicatorKindName"), ox.Literal(name)))
        parts = ind.parts
        if parts is not None:
            out.append(ox.Triple(iri, _TARGET_PARTS, ox.Literal(parts)))
        reason = ind.reason
        if reason is not None:
            out.append(ox.Triple(iri, ox.NamedNode(BKG + "vagueReason"), ox.Literal(reason)))
    return out + _counts(indicators, sources)


def _owner_names(iri: ox.NamedNode, ind: _Indicator, names: _Names) -> list[ox.Triple]:
    """The indicator's owner's names, as its project column shows them (none without an owner)."""
    if ind.owner is None:
        return []
    return [ox.Triple(iri, _OWNER_NAME, ox.Literal(name)) for name in dict.fromkeys(names.of(ind.owner))]


def _counts(indicators: dict[ox.NamedNode, _Indicator], sources: _Owners) -> list[ox.Triple]:
    """Each document's indicator counts (only documents with indicators have them)."""
    tallies: dict[ox.NamedNode, dict[str, int]] = {}
    for ind in indicators.values():
        doc = sources.get(ind.owner) if ind.owner is not None else None
        if doc is None:
            continue
        tally = tallies.setdefault(doc, dict.fromkeys((key for key, _ in COUNTS), 0))
        tally["all"] += 1
        reason = ind.reason
        if reason is not None:
            tally["vague"] += 1
            tally[reason] += 1
    return [
        ox.Triple(doc, ox.NamedNode(BKG + prop), _lit(tally[key]))
        for doc, tally in tallies.items()
        for key, prop in COUNTS
    ]


def recount(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with the documents' indicator counts and the indicators' owner names derived again
    from what they still hold.

    For a partial document: quarantine drops indicators (with their own index
    triples) but keeps the document, whose counts must say what is stored; it
    may drop a project and keep an indicator of it (without its ``bkg:indicatorOf``),
    which then has no owner name either.
    """
    counted = {t.subject for t in triples if t.predicate in _COUNT_PROPS}  # a graph built without: none
    named = any(t.predicate == _OWNER_NAME for t in triples)
    kept = [t for t in triples if t.predicate not in _COUNT_PROPS and t.predicate != _OWNER_NAME]
    indicators, sources, names = _indicators(kept)
    if named:
        kept += [n for iri, ind in indicators.items() for n in _owner_names(iri, ind, names)]
    return kept + [t for t in _counts(indicators, sources) if t.subject in counted]


__all__ = ["COUNTS", "indicator_summary", "recount", "target_parts", "vague_reason"]
