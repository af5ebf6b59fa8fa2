"""Amount evidence: a project, or a small set of projects, adding up to a line's 项目支出.

Each line gets at most one trusted solution (the only one, the only one the
names support, or what both of two solutions share), worth its base
confidence for its size less the chance of such a sum (see
:mod:`.amounts`). Solutions then compete for their projects, strongest
first, since a project's whole amount can only be spent once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..extract.records import FunctionLine, Project
from .amounts import MAX_SET, AmountIndex
from .by_name import name_confidence
from .model import AMOUNT, AMOUNT_SET, Evidence, Links, add_evidence

# An amount match by set size, before discounting the chance of a coincidence.
AMOUNT_CONFIDENCE = {1: Decimal("0.60"), 2: Decimal("0.45"), 3: Decimal("0.35")}
SHARED = Decimal("0.5")  # factor for a project in both of two solutions
SHARED_WAYS = 2  # with more solutions than this, what they share is chance
MIN_CONFIDENCE = Decimal("0.15")  # amount evidence weaker than this is dropped
LARGE = (150, 400)  # above these many projects, try smaller sets only


@dataclass
class _Solution:
    """Projects whose whole amounts add up to one line's 项目支出."""

    code: str
    line: FunctionLine
    members: frozenset[int]
    evidence: Evidence
    strength: Decimal = Decimal(0)


def add_amount_evidence(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> None:
    """Projects, or small sets of them, whose amounts add up to a line's 项目支出.

    A solution spends each member's whole amount, so one project cannot be in
    the solutions of two lines: where they collide, the stronger solution
    (its own confidence plus the name evidence of its members) wins and the
    other is dropped whole. A project whose name points to another line more
    strongly than a solution's amounts keeps the solution out too.
    """
    index = AmountIndex({i: p.amount for i, p in projects.items() if p.amount is not None})
    max_size = MAX_SET if len(index.items) <= LARGE[0] else 2 if len(index.items) <= LARGE[1] else 1
    per_amount = Counter(ln.project for ln in lines.values())
    found = [s for code, line in lines.items() for s in _line_solutions(links, index, code, line, max_size)]
    for s in found:
        s.strength = s.evidence.confidence + sum(
            (name_confidence(links.get((i, s.code))) for i in s.members), Decimal(0)
        )
        s.evidence = _scaled(s.evidence, per_amount[s.line.project])
    used: set[int] = set()
    for s in sorted(found, key=lambda s: -s.strength):
        if s.members & used or s.evidence.confidence < MIN_CONFIDENCE or _named_elsewhere(links, s):
            continue
        used |= s.members
        for i in sorted(s.members):
            add_evidence(links, i, s.code, s.line, s.evidence)


def _named_elsewhere(links: Links, s: _Solution) -> bool:
    """True when a member's name points to another line more strongly than this solution's amounts."""
    return any(
        c != s.code and i in s.members and name_confidence(link) > s.strength
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
    named = {i for (i, c), link in links.items() if c == code and name_confidence(link)}
    chosen, shared = _choose(found, named)
    out = []
    for size, members in chosen:
        conf = (_worth(index, line.project, size) * (SHARED if shared else 1)).quantize(Decimal("0.01"))
        if members:
            method = AMOUNT if size == 1 and not shared else AMOUNT_SET
            evidence = Evidence(method, conf, *_amount_note(line, size, len(found), shared))
            out.append(_Solution(code, line, members, evidence))
    return out


def _scaled(e: Evidence, ways: int) -> Evidence:
    """Evidence divided among the lines that print the same amount."""
    if ways <= 1:
        return e
    share = (e.confidence / ways).quantize(Decimal("0.01"))
    return Evidence(e.method, share, f"{e.note}; {ways} lines print it", f"{e.note_zh}；{ways} 行金额相同")


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


def _amount_note(line: FunctionLine, size: int, solutions: int, shared: bool) -> tuple[str, str]:
    """Why an amount solution links: in English and in Chinese."""
    if shared:
        return (
            f"in every way projects add up to the line's 项目支出 {line.project}, this one is part of it",
            f"各种组合合计等于该行项目支出 {line.project}，均含此项目",
        )
    what = "the amount equals" if size == 1 else f"{size} projects add up to"
    what_zh = "金额等于" if size == 1 else f"{size} 个项目合计等于"
    if solutions == 1:
        alone, alone_zh = "the only way", "唯一组合"
    else:
        alone, alone_zh = "the way the names support", "名称支持的组合"
    return (
        f"{what} the line's 项目支出 {line.project} ({alone})",
        f"{what_zh}该行项目支出 {line.project}（{alone_zh}）",
    )
