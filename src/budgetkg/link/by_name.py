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
    for i, sources in projects.items():
        for source, raw in sources.items():
            texts = [compact(t) for t in raw]
            min_chars = MIN_CHARS if source == NAME else MIN_CHARS_LONG_TEXT
            matches: dict[str, NameMatch] = {}
            for code, name in names.items():
                found = [m for t in texts if (m := match_compact(name, t, min_chars))]
                if found:
                    matches[code] = max(found, key=lambda m: m.share)
            if matches:
                _add_best(links, i, source, matches, lines)


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
