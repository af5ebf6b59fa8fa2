"""Figures a document states in words as none or zero: 0.00, stated rather than tabulated.

One rule for every figure (README, "Zero, blank and stated"): a figure
printed as 0 is 0.00; a figure the text states as none or zero is 0.00
marked as stated (with its sentence); a blank cell nothing states is not
published. A statement never replaces a tabulated figure: it only fills
what the tables leave blank.

What is read here:

* **none statements** (:func:`states_none`): ``没有 / 未 / 无 / 不存在``
  followed, through nothing but words of spending and funds (使用, 安排,
  一般公共预算, 拨款 ...), by the subject (``“三公”经费``, ``基本支出``); or
  the subject (预算, 支出 ...) ``为零 / 为0``. A sentence naming the subject
  beside some other absence (``因无出国计划，“三公”经费减少``, ``未纳入“三公”
  经费``, ``“三公”经费中因公出国费为0``, ``无基本支出以外的收入``) does not
  count. The fund words inside the statement limit it (:func:`none_scope`):
  ``没有使用一般公共预算拨款安排的基本支出`` says nothing of other funds.
  Only the budget year and the year before are taken; a statement naming no
  year is about the budget year.

  - “三公”经费 (its table's note, ``注：2024年没有一般公共预算“三公”经费支出``,
    or the explanations): each year so stated becomes a :class:`ThreePublic`
    of 0.00 in every item (:func:`stated_three_public`);
  - 基本支出 (any table's note, ``注：2024年没有基本支出预算``, or the
    explanations), budget year only (:func:`stated_basic`): stated for all
    funds, every 支出总表 line's blank 基本支出 is 0.00; stated for all funds
    or the general public budget, an empty 一般公共预算基本支出表 gets a 合计
    line of 0.00.

* **items stated as 0** (:func:`fill_stated_items`): a 三公 item the table
  leaves blank that the explanations state as ``0万元`` (``其中因公出国（境）
  费0万元``) in a year the table prints -- read by :mod:`.narrative`, which
  ties each figure to its label and sentence;
* **changes stated as zero**: ``与2023年相比增加0万元``, ``减少0.00万元``,
  ``与上年持平``, ``与上年一致`` on a 三公 figure whose year before the table
  does not print (a change of ``0.5万元``, or on a year other than the one
  before, is not a zero change; a non-zero change is never taken here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..read.model import Document, Paragraph, Provenance
from .facts import Amount, DisclosureLine, StatedFigure, ThreePublic
from .records import FunctionLine
from .tables import LogicalTable
from .text import clean_name, compact, is_amount
from .three_public import FIELDS, MEASURES

THREE_PUBLIC = r"[“”\"'‘’「」]?三公[“”\"'‘’「」]?经费"
BASIC = r"基本支出(?!以外|之外|外)"
_FUND = r"一般公共预算|政府性基金(预算)?|国有资本经营(预算)?|财政拨款|财政|拨款|资金"
# words that may stand between the negation and the subject (什么 was not spent, from which funds)
_BETWEEN = rf"(使用|安排|发生|列支|开支|{_FUND}|的|本级|本部门|本单位|部门|单位|当年|年度|预算)*"
_AFTER = r"(预算数|预算|支出|财政拨款|一般公共预算|拨款|合计|总额|均|全部)*"
_ZERO = r"(为|是)?(零|0(\.0+)?(万元|元)?(?![\d.]))"
_YEARS = re.compile(r"(20\d\d)\s*年")
_SENTENCE = re.compile(r"[^。；;！!]+[。；;！!]?")
_OTHER_FUNDS = ("政府性基金", "国有资本经营")
ZERO = Decimal("0.00")


def _none_patterns(subject: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = re.compile(rf"(没有|未|无|不存在){_BETWEEN}{subject}")
    after = re.compile(rf"(({_FUND})(的|安排的)?)?{subject}{_AFTER}{_ZERO}")
    return before, after


_PATTERNS = {THREE_PUBLIC: _none_patterns(THREE_PUBLIC), BASIC: _none_patterns(BASIC)}


def _none_match(text: str, subject: str) -> re.Match[str] | None:
    t = compact(text)
    before, after = _PATTERNS.get(subject) or _none_patterns(subject)
    return before.search(t) or after.search(t)


def states_none(text: str, subject: str = THREE_PUBLIC) -> bool:
    """True for a sentence stating that there is none of ``subject`` (the negation governs it)."""
    return _none_match(text, subject) is not None


def none_scope(text: str, subject: str = THREE_PUBLIC) -> str | None:
    """Which funds a none-statement covers: "all", "general-public" (一般公共预算, 财政拨款), "other" or None.

    None when the text states no none of ``subject``; "other" for 政府性基金 or
    国有资本经营 only, which says nothing of the general public budget.
    """
    m = _none_match(text, subject)
    if m is None:
        return None
    said = m.group(0)
    if any(f in said for f in _OTHER_FUNDS):
        return "other"
    return "general-public" if re.search(_FUND, said) else "all"


def stated_years(text: str, year: int | None) -> list[int]:
    """The years a none-statement is about: those it names among the budget year and the year before."""
    if year is None:
        return []
    named = {int(y) for y in _YEARS.findall(compact(text))}
    if not named:
        return [year]
    return sorted(y for y in named if y in (year - 1, year))


# -- “三公”经费 --------------------------------------------------------------------------------------


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
    own = [(notes[three.number], three.parts[-1].prov)] if three is not None and three.number in notes else []
    for text, prov in _statements(doc, own, THREE_PUBLIC, "三公"):
        if none_scope(text, THREE_PUBLIC) == "other":
            continue
        for y in stated_years(text, year):
            if y in have:
                continue
            have.add(y)
            item = ThreePublic(year=y, label=f"{y}年", table=table, prov=prov, stated=text)
            for name in FIELDS:
                setattr(item, name, ZERO)
            out.append(item)
    return sorted(out, key=lambda i: i.year)


def fill_stated_items(items: list[ThreePublic], figures: list[StatedFigure]) -> None:
    """Blank 三公 items the explanations state as 0, and zero changes on a year the table does not print.

    ``figures`` are the explanations' figures (:mod:`.narrative`); only
    years the 三公 table prints are filled (a year stated as having none
    already is all zeros), and a tabulated figure is never touched.
    """
    field_of = {measure: name for name, measure in MEASURES.items()}
    by_year = {i.year: i for i in items}
    for fig in figures:
        name = field_of.get(fig.measure or "")
        item = by_year.get(fig.year) if fig.year is not None else None
        if name is None or item is None or item.stated is not None or fig.unit != "万元":
            continue
        if fig.value == 0 and getattr(item, name) is None:
            setattr(item, name, ZERO)
            item.stated_items[name] = fig.sentence
        before = by_year.get(item.year - 1)
        untabulated = before is None or getattr(before, name) is None
        if is_zero_change(fig) and getattr(item, name) is not None and untabulated:
            item.stated_changes.setdefault(name, fig.sentence)


def is_zero_change(fig: StatedFigure) -> bool:
    """A change on the year before stated as zero: 增加0万元, 减少0.00万元, 持平, 与上年一致."""
    if fig.change is not None:
        return fig.change == 0 and (fig.change_percent is None or fig.change_percent == 0)
    return fig.direction == "unchanged" and not fig.change_percent


# -- 基本支出 ----------------------------------------------------------------------------------------


def stated_basic(
    doc: Document,
    tables: list[LogicalTable],
    notes: dict[int, str],
    year: int | None,
    lines: list[FunctionLine],
) -> list[DisclosureLine]:
    """Fill the 支出总表's blank 基本支出 and give an empty 一般公共预算基本支出表 its 合计, as stated none.

    ``lines`` (the 支出总表's) are filled in place when the document states
    no 基本支出 at all for the budget year; the 合计 lines of 0.00 returned
    (one per empty 一般公共预算基本支出表) need a statement for all funds or
    the general public budget. A printed figure is never replaced.
    """
    by_number = {t.number: t for t in tables}
    own = [(text, by_number[n].parts[-1].prov) for n, text in sorted(notes.items()) if n in by_number]
    everything: str | None = None
    general: str | None = None
    for text, _ in _statements(doc, own, BASIC, "基本支出"):
        scope = none_scope(text, BASIC)
        if year is None or year not in stated_years(text, year) or scope in (None, "other"):
            continue
        if scope == "all" and everything is None:
            everything = text
        general = general or text
    if everything is not None:
        for line in lines:
            if line.basic is None:
                line.basic = ZERO
                line.stated["basic"] = everything
    if general is None:
        return []
    out = []
    for table in tables:
        if table.kind != "general-basic" or _prints_amounts(table):
            continue
        amounts = [Amount(measure=m, value=ZERO) for m in ("basic", "personnel", "public")]
        out.append(
            DisclosureLine(
                kind="general-basic",
                name="合计",
                amounts=amounts,
                is_total=True,
                table=table.number,
                row_number=len(table.rows) + 1,
                prov=table.parts[-1].prov,
                stated=general,
            )
        )
    return out


def _prints_amounts(table: LogicalTable) -> bool:
    return any(is_amount(t) for row in table.rows for t in row.texts)


# -- statements ----------------------------------------------------------------------------------


def _statements(
    doc: Document, notes: Iterable[tuple[str, Provenance | None]], subject: str, word: str
) -> list[tuple[str, Provenance | None]]:
    """Sentences stating none of ``subject``: the given table notes first, then the explanations."""
    out: list[tuple[str, Provenance | None]] = []
    for note, prov in notes:
        out += [(s, prov) for s in _sentences(note) if states_none(s, subject)]
    for block in doc.blocks:
        if isinstance(block, Paragraph) and word in block.text:
            out += [(s, block.prov) for s in _sentences(block.text) if states_none(s, subject)]
    return out


def _sentences(text: str) -> list[str]:
    return [clean_name(m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
