"""Name evidence: the function's name in a project's name, goal or indicators.

For each project and each of its text sources, only the functions whose
names the source holds best count (ties kept): a project named after
社会保险经办机构 is not also about 社会保险补贴 because both share 社会保险.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.records import FunctionLine
from ..extract.text import compact
from .model import GOAL, INDICATOR, METHOD_ZH, NAME, Evidence, FunctionLink, Links, add_evidence
from .names import MIN_CHARS, MIN_CHARS_LONG_TEXT, NameMatch, is_generic, match_compact
from .texts import Texts

CONFIDENCE = {
    NAME: Decimal("0.70"),  # times the share of the function name found
    GOAL: Decimal("0.50"),
    INDICATOR: Decimal("0.40"),
}


def add_name_evidence(links: Links, projects: dict[int, Texts], lines: dict[str, FunctionLine]) -> None:
    """For each project and text source, the best-matching function names (ties kept)."""
    names = {code: compact(ln.name) for code, ln in lines.items() if not is_generic(ln.name)}
    runs = {k: {code: runs_of(name, k) for code, name in names.items()} for k in _LENGTHS}
    for i, sources in projects.items():
        for source, raw in sources.items():
            min_chars = MIN_CHARS if source == NAME else MIN_CHARS_LONG_TEXT
            texts = [(t, runs_of(t, min_chars)) for t in (compact(x) for x in raw)]
            matches: dict[str, NameMatch] = {}
            for code, name in names.items():
                found = _matches(name, runs[min_chars][code], texts, min_chars)
                if found:
                    matches[code] = max(found, key=lambda m: m.share)
            if matches:
                _add_best(links, i, source, matches, lines)


_LENGTHS = (MIN_CHARS, MIN_CHARS_LONG_TEXT)


def _matches(
    name: str, runs: frozenset[str], texts: list[tuple[str, frozenset[str]]], k: int
) -> list[NameMatch]:
    """The name's matches in the texts (each with its runs of ``k`` characters): those sharing no run
    with the name and not holding it whole are not aligned (:func:`match_compact` would find none)."""
    hits = (t for t, held in texts if name in t or not runs.isdisjoint(held))
    return [m for t in hits if (m := match_compact(name, t, k))]


def runs_of(text: str, length: int) -> frozenset[str]:
    """Every run of ``length`` characters in ``text``.

    :func:`match_compact` needs a run of the name in the text before it aligns
    the two; one set look-up per pair instead of a search for each run of the
    name (most names share no run with most texts).
    """
    return frozenset(text[i : i + length] for i in range(len(text) - length + 1))


def _add_best(
    links: Links, index: int, source: str, matches: dict[str, NameMatch], lines: dict[str, FunctionLine]
) -> None:
    """Evidence for the functions whose names the source holds best (ties kept)."""
    best = max(m.share for m in matches.values())
    for code, m in matches.items():
        if m.share == best:
            conf = (CONFIDENCE[source] * m.share).quantize(Decimal("0.01"))
            note = f"{source} holds {m.matched!r} of {lines[code].name!r}"
            note_zh = f"{METHOD_ZH[source]}含“{m.matched}”（{lines[code].name}）"
            add_evidence(links, index, code, lines[code], Evidence(source, conf, note, note_zh))


def name_confidence(link: FunctionLink | None) -> Decimal:
    """The strongest name evidence of a link (0 when none)."""
    if link is None:
        return Decimal(0)
    named = (e.confidence for e in link.evidence if e.method in (NAME, GOAL, INDICATOR))
    return max(named, default=Decimal(0))
