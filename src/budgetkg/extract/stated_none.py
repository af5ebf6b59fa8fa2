"""“三公”经费 a document states as none: zero, stated rather than tabulated.

A department without 三公经费 often prints its 三公 table empty with a note
(``注：2024年没有一般公共预算“三公”经费支出。``) or says so in the
explanations (``2023年、2024年均未使用一般公共预算拨款安排‘三公’经费支出。``).
That is a published figure -- zero -- not a missing one: each year so stated
becomes a :class:`ThreePublic` of 0.00 in every item, carrying the statement
(``stated``), so queries list the department with zeros and can tell them
from tabulated figures.

Only statements whose negation governs the 三公经费 itself count: ``没有 /
未 / 无`` followed, through nothing but words of spending and funds (使用,
安排, 一般公共预算, 拨款 ...), by ``“三公”经费``; or ``“三公”经费`` (预算,
支出 ...) ``为零 / 为0``. A sentence naming 三公 beside some other absence
(``因无出国计划，“三公”经费减少``, ``未纳入“三公”经费``, ``“三公”经费中因公
出国费为0``) does not. A year the 三公 table prints figures for keeps them:
a statement never replaces a tabulated figure. Only the budget year and the
year before are taken (the years a 三公 table compares); a statement naming
no year is about the budget year.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Document, Paragraph, Provenance
from .facts import ThreePublic
from .tables import LogicalTable
from .text import clean_name, compact
from .three_public import FIELDS

_THREE = r"[“”\"'‘’「」]?三公[“”\"'‘’「」]?经费"
# words that may stand between the negation and 三公经费 (什么 was not spent, from which funds)
_BETWEEN = (
    r"(使用|安排|发生|列支|开支|一般公共预算|财政|拨款|资金|的|本级|本部门|本单位|部门|单位|当年|年度|预算)*"
)
_NONE_BEFORE = re.compile(rf"(没有|未|无|不存在){_BETWEEN}{_THREE}")
_AFTER = r"(预算数|预算|支出|财政拨款|一般公共预算|拨款|合计|总额|均|全部)*"
_NONE_AFTER = re.compile(rf"{_THREE}{_AFTER}(为|是)?(零|0(\.0+)?(万元|元)?(?![\d.]))")
_YEARS = re.compile(r"(20\d\d)\s*年")
_SENTENCE = re.compile(r"[^。；;！!]+[。；;！!]?")
ZERO = Decimal("0.00")


def states_none(text: str) -> bool:
    """True for a sentence stating that there are no 三公经费 (the negation governs 三公经费)."""
    t = compact(text)
    return bool(_NONE_BEFORE.search(t) or _NONE_AFTER.search(t))


def stated_years(text: str, year: int | None) -> list[int]:
    """The years a none-statement is about: those it names among the budget year and the year before."""
    if year is None:
        return []
    named = {int(y) for y in _YEARS.findall(compact(text))}
    if not named:
        return [year]
    return sorted(y for y in named if y in (year - 1, year))


def stated_three_public(
    doc: Document,
    tables: list[LogicalTable],
    notes: dict[int, str],
    year: int | None,
    tabulated: list[ThreePublic],
) -> list[ThreePublic]:
    """A zero 三公 item for each year the document states none and its table prints no figure."""
    three = next((t for t in tables if t.kind == "three-public"), None)
    table = three.number if three else 0
    have = {i.year for i in tabulated}
    out: list[ThreePublic] = []
    for text, prov in _statements(doc, three, notes):
        for y in stated_years(text, year):
            if y in have:
                continue
            have.add(y)
            item = ThreePublic(year=y, label=f"{y}年", table=table, prov=prov, stated=text)
            for name in FIELDS:
                setattr(item, name, ZERO)
            out.append(item)
    return sorted(out, key=lambda i: i.year)


def _statements(
    doc: Document, three: LogicalTable | None, notes: dict[int, str]
) -> list[tuple[str, Provenance | None]]:
    """Sentences stating no 三公经费: the 三公 table's note first, then the explanations."""
    out: list[tuple[str, Provenance | None]] = []
    if three is not None and three.number in notes:
        note = notes[three.number]
        out += [(s, three.parts[-1].prov) for s in _sentences(note) if states_none(s)]
    for block in doc.blocks:
        if isinstance(block, Paragraph) and "三公" in block.text:
            out += [(s, block.prov) for s in _sentences(block.text) if states_none(s)]
    return out


def _sentences(text: str) -> list[str]:
    return [clean_name(m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
