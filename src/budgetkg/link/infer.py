"""Infer which function line (项) pays for each project of one document.

Every method adds evidence to a (project, function code) link; a link's
confidence combines its evidence (see :class:`FunctionLink`). A link the
document states beats every inferred one: a project with a stated code gets
no inferred links at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..extract.records import BudgetRecords, FunctionLine, Project
from ..extract.text import compact
from .amounts import MAX_SET, AmountIndex
from .codes import FUNCTION_CODE, embedded_codes, stated_code
from .model import (
    AMOUNT,
    AMOUNT_SET,
    GOAL,
    INDICATOR,
    NAME,
    PROJECT_CODE,
    STATED,
    Evidence,
    FunctionLink,
)
from .names import MIN_CHARS, MIN_CHARS_LONG_TEXT, NameMatch, is_generic, match_compact
from .texts import Texts, project_texts

CONFIDENCE = {
    STATED: Decimal("1.00"),
    PROJECT_CODE: Decimal("0.90"),
    NAME: Decimal("0.70"),  # times the share of the function name found
    GOAL: Decimal("0.50"),
    INDICATOR: Decimal("0.40"),
}
# An amount match by set size, before discounting the chance of a coincidence.
AMOUNT_CONFIDENCE = {1: Decimal("0.60"), 2: Decimal("0.45"), 3: Decimal("0.35")}
SHARED = Decimal("0.5")  # factor for a project in both of two solutions
SHARED_WAYS = 2  # with more solutions than this, what they share is chance
MIN_CONFIDENCE = Decimal("0.15")  # amount evidence weaker than this is dropped
_LARGE = (150, 400)  # above these many projects, try smaller sets only

Links = dict[tuple[int, str], FunctionLink]


def infer_function_links(records: BudgetRecords) -> list[FunctionLink]:
    """The links of every project of the document, ordered by project then code."""
    lines = project_lines(records.function_lines)
    links: Links = {}
    projects = dict(enumerate(records.projects, start=1))
    stated = _add_stated(links, projects, lines)
    inferred = {i: p for i, p in projects.items() if i not in stated}
    _add_codes(links, inferred, lines)
    _add_names(links, {i: t for i, t in project_texts(records).items() if i in inferred}, lines)
    _add_amounts(links, inferred, lines)
    return [links[k] for k in sorted(links)]


def project_lines(lines: list[FunctionLine]) -> dict[str, FunctionLine]:
    """The 项 lines with a 项目支出, by code (a code printed twice keeps its first line).

    When no line has a 项目支出 column value at all (a layout without one),
    every 项 line is a candidate.
    """
    items = [ln for ln in lines if ln.code and FUNCTION_CODE.match(ln.code) and not ln.is_total]
    with_project = [ln for ln in items if ln.project]
    out: dict[str, FunctionLine] = {}
    for ln in with_project or items:
        out.setdefault(ln.code or "", ln)
    return out


def _add(links: Links, index: int, code: str, line: FunctionLine | None, evidence: Evidence) -> None:
    link = links.setdefault((index, code), FunctionLink(project=index, code=code, line=line))
    link.evidence.append(evidence)


def _add_stated(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> set[int]:
    done = set()
    for i, p in projects.items():
        code = stated_code(p)
        if code:
            _add(links, i, code, lines.get(code), Evidence(STATED, CONFIDENCE[STATED], "printed"))
            done.add(i)
    return done


def _add_codes(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> None:
    for i, p in projects.items():
        for code in embedded_codes(p.code, set(lines)):
            note = f"project code {p.code} contains {code}"
            _add(links, i, code, lines[code], Evidence(PROJECT_CODE, CONFIDENCE[PROJECT_CODE], note))


def _add_names(links: Links, projects: dict[int, Texts], lines: dict[str, FunctionLine]) -> None:
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
                _add_best_names(links, i, source, matches, lines)


def _add_best_names(
    links: Links, index: int, source: str, matches: dict[str, NameMatch], lines: dict[str, FunctionLine]
) -> None:
    """Evidence for the functions whose names the source holds best (ties kept)."""
    best = max(m.share for m in matches.values())
    for code, m in matches.items():
        if m.share == best:
            conf = (CONFIDENCE[source] * m.share).quantize(Decimal("0.01"))
            note = f"{source} holds {m.matched!r} of {lines[code].name!r}"
            _add(links, index, code, lines[code], Evidence(source, conf, note))


@dataclass
class _Solution:
    """Projects whose whole amounts add up to one line's 项目支出."""

    code: str
    line: FunctionLine
    members: frozenset[int]
    evidence: Evidence
    strength: Decimal = Decimal(0)


def _add_amounts(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> None:
    """Projects, or small sets of them, whose amounts add up to a line's 项目支出.

    A solution spends each member's whole amount, so one project cannot be in
    the solutions of two lines: where they collide, the stronger solution
    (its own confidence plus the name evidence of its members) wins and the
    other is dropped whole. A project whose name points to another line more
    strongly than a solution's amounts keeps the solution out too.
    """
    index = AmountIndex({i: p.amount for i, p in projects.items() if p.amount is not None})
    max_size = MAX_SET if len(index.items) <= _LARGE[0] else 2 if len(index.items) <= _LARGE[1] else 1
    per_amount = Counter(ln.project for ln in lines.values())
    found = [s for code, line in lines.items() for s in _line_solutions(links, index, code, line, max_size)]
    for s in found:
        s.strength = s.evidence.confidence + sum(
            (_name_confidence(links.get((i, s.code))) for i in s.members), Decimal(0)
        )
        s.evidence = _scaled(s.evidence, per_amount[s.line.project])
    used: set[int] = set()
    for s in sorted(found, key=lambda s: -s.strength):
        if s.members & used or s.evidence.confidence < MIN_CONFIDENCE or _named_elsewhere(links, s):
            continue
        used |= s.members
        for i in sorted(s.members):
            _add(links, i, s.code, s.line, s.evidence)


def _named_elsewhere(links: Links, s: _Solution) -> bool:
    """True when a member's name points to another line more strongly than this solution's amounts."""
    return any(
        c != s.code and i in s.members and _name_confidence(link) > s.strength
        for (i, c), link in links.items()
    )


def _line_solutions(
    links: Links, index: AmountIndex, code: str, line: FunctionLine, max_size: int
) -> list[_Solution]:
    """The solution worth trusting for one line, if any (see :func:`_choose`)."""
    if not line.project:
        return []
    found = [(size, s) for size, sols in index.solutions(line.project, max_size).items() for s in sols]
    if not found:
        return []
    named = {i for (i, c), link in links.items() if c == code and _name_confidence(link)}
    chosen, shared = _choose(found, named)
    out = []
    for size, members in chosen:
        conf = (_worth(index, line.project, size) * (SHARED if shared else 1)).quantize(Decimal("0.01"))
        if members:
            method = AMOUNT if size == 1 and not shared else AMOUNT_SET
            evidence = Evidence(method, conf, _amount_note(line, size, len(found), shared))
            out.append(_Solution(code, line, members, evidence))
    return out


def _scaled(e: Evidence, ways: int) -> Evidence:
    """Evidence divided among the lines that print the same amount."""
    if ways <= 1:
        return e
    return Evidence(e.method, (e.confidence / ways).quantize(Decimal("0.01")), e.note)


def _name_confidence(link: FunctionLink | None) -> Decimal:
    """The strongest name evidence of a link (0 when none)."""
    if link is None:
        return Decimal(0)
    named = (e.confidence for e in link.evidence if e.method in (NAME, GOAL, INDICATOR))
    return max(named, default=Decimal(0))


def _worth(index: AmountIndex, target: Decimal, size: int) -> Decimal:
    """A solution's base confidence for its size, less the chance of hitting such a target."""
    return AMOUNT_CONFIDENCE[size] * (1 - index.coincidence(target, size))


def _choose(
    found: list[tuple[int, frozenset[int]]], named: set[int]
) -> tuple[list[tuple[int, frozenset[int]]], bool]:
    """The solution to trust: the only one, the only one the names support, or what both share.

    Returns the chosen (size, members) and whether they are only what several
    solutions have in common.
    """
    if len(found) == 1:
        return found, False
    supported = [f for f in found if f[1] & named]
    if len(supported) == 1:
        return supported, False
    pool = supported or found
    if len(pool) > SHARED_WAYS:
        return [], True
    common = frozenset.intersection(*(s for _, s in pool))
    return [(max(size for size, _ in pool), common)], True


def _amount_note(line: FunctionLine, size: int, solutions: int, shared: bool) -> str:
    what = "the amount equals" if size == 1 else f"{size} projects add up to"
    if shared:
        return f"in both ways projects add up to the line's 项目支出 {line.project}"
    alone = "the only way" if solutions == 1 else "the way the names support"
    return f"{what} the line's 项目支出 {line.project} ({alone})"
