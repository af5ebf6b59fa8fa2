"""Figures stated in the explanation chapters, each with the sentence stating it.

The chapters repeat and extend the tables in prose: the year-over-year
change of the budget total, the “三公”经费 and 机关运行经费 (amount and
direction), the 政府采购 split into 货物 / 工程 / 服务, and the vehicles and
large equipment the department holds (国有资产). Sentences are read clause
by clause (clauses end at ，；：、。):

* ``<label> 13.38 万元`` states a figure; its label says what it is of;
* ``比上年减少 2.85 万元`` / ``下降 17.56%`` / ``与上年基本持平`` / ``与上年一致`` is
  the change of the figure before it in the sentence -- or, when a sentence
  opens with it, of the first figure of the sentence before; a comparison
  naming another year than the one before the figure's (``与2022年相比``) is
  not a change on the year before and is left alone;
* a change with a subject of its own (``基本支出增加 129.81 万元``) is that
  other item's, not the figure's, and is left alone;
* ``100 万元以上`` is a threshold, not a figure; ``占 54.65%`` is a share.

Only figures whose label names one of the topics are kept; nothing here
knows any document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeGuard

from ..read.model import Block, Document, Heading, Paragraph, Provenance
from .facts import StatedFigure
from .text import clean_name
from .vocab import strip_ordinal

_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|%|％|辆|台)")
# a clause runs to the next ，；：、。 (a comma between digit groups, 9,488.9, is no clause end)
_CLAUSE = re.compile(r"(?:[^，,；;：:、。]|(?<=\d),(?=\d{3}(?!\d)))+[，,；;：:、。]?")
_DIRECTION = re.compile(r"(增加|增长|上升|提高|减少|下降|降低)")
_UNCHANGED = re.compile(
    r"持平|无增减|没有变化|保持不变|未发生变化|(与|和|同)(上年|上一年|20\d\d\s*年)度?(预算数?)?(一致|相同)"
)
_YEAR = re.compile(r"(20\d\d)\s*年")
_COMPARISON = re.compile(r"^(比|较|与)?(上年|上一年|20\d\d\s*年)?(度)?(预算数?|同期)?(相比)?$")
_LEADING = re.compile(r"^(其中|包括|共有|本部门|截至)")
_TRAILING = re.compile(r"(为|共|共计|合计|安排|预算数为)$")
_ENDS_OPEN = re.compile(r"[^。；;！？!?：:]$")
_DOWN = ("减少", "下降", "降低")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")

# (label words, topic, measure): the first entry whose words all occur in the label wins
TOPICS: list[tuple[tuple[str, ...], str, str]] = [
    (("三公",), "three-public", "three-public"),
    (("因公出国",), "three-public", "overseas-travel"),
    (("公务用车", "购置及运"), "three-public", "official-vehicle"),
    (("公务用车购置",), "three-public", "vehicle-purchase"),
    (("公务用车运",), "three-public", "vehicle-operation"),
    (("公务接待",), "three-public", "official-reception"),
    (("机关运行经费",), "operating-costs", "operating-costs"),
    (("政府采购货物",), "procurement", "procurement-goods"),
    (("政府采购工程",), "procurement", "procurement-works"),
    (("政府采购服务",), "procurement", "procurement-services"),
    (("政府采购",), "procurement", "procurement"),
    (("收支", "预算"), "budget-total", "total"),
    (("车",), "vehicles", "asset-quantity"),
    (("设备",), "equipment", "asset-quantity"),
]
_UNIT_TOPICS = {"辆": ("vehicles",), "台": ("equipment",)}


@dataclass
class _Figure:
    figure: StatedFigure
    measure: str | None


@dataclass
class _Reader:
    """Reading state of one run of paragraphs: the figures of the current and previous sentence."""

    year: int | None
    prov: Provenance
    section: str = ""
    figures: list[_Figure] = field(default_factory=list)
    current: list[_Figure] = field(default_factory=list)
    previous: list[_Figure] = field(default_factory=list)


def extract_narrative(doc: Document, year: int | None) -> list[StatedFigure]:
    """Every topical figure stated in the document's running text."""
    out: list[StatedFigure] = []
    for text, prov, section in _runs(doc):
        reader = _Reader(year=year, prov=prov, section=section)
        for sentence in re.findall(r"[^。]+。?", text):
            _read_sentence(reader, sentence)
        out.extend(f.figure for f in reader.figures if f.measure and _in_context(f, section))
    return out


def _in_context(found: _Figure, section: str) -> bool:
    """三公 items (出国, 公务用车, 接待) count only where the sentence or section is about 三公.

    A 公用经费 breakdown also lists a 公务接待费 (the economic class), which
    is not the 三公 figure.
    """
    if found.figure.topic != "three-public" or found.measure == "three-public":
        return True
    return "三公" in found.figure.sentence or "三公" in section


def _is_heading(text: str) -> bool:
    """A numbered title line set as a paragraph (``二、“三公”经费支出情况``): no sentence punctuation."""
    return bool(_ORDINAL.match(text)) and not re.search(r"[，,。；;]", text) and len(text) <= 40


def _is_title_paragraph(block: Block) -> TypeGuard[Paragraph]:
    return isinstance(block, Paragraph) and _is_heading(clean_name(block.text))


def _runs(doc: Document) -> list[tuple[str, Provenance, str]]:
    """Paragraph texts with their section title; a paragraph cut mid-sentence is joined to the next."""
    runs: list[tuple[str, Provenance, str]] = []
    open_run, section = False, ""
    for block in doc.blocks:
        if isinstance(block, Heading) or _is_title_paragraph(block):
            section, open_run = clean_name(block.text), False
            continue
        if not isinstance(block, Paragraph):
            open_run = False
            continue
        text = clean_name(block.text)
        if open_run and runs:
            runs[-1] = (clean_name(runs[-1][0] + text), runs[-1][1], runs[-1][2])
        else:
            runs.append((text, block.prov, section))
        open_run = bool(_ENDS_OPEN.search(text))
    return runs


def _read_sentence(reader: _Reader, sentence: str) -> None:
    reader.current = []
    for clause in _CLAUSE.findall(sentence):
        numbers = [m for m in _NUMBER.finditer(clause) if not _is_threshold(clause, m)]
        for m in numbers:
            _read_number(reader, clause, m, sentence)
        if not numbers and _UNCHANGED.search(clause):
            target = _target(reader)
            if target is not None and target.figure.direction is None and _on_year_before(target, clause):
                target.figure.direction = "unchanged"
                _cite(target, sentence)
    if reader.current:
        reader.previous = reader.current


def _is_threshold(clause: str, m: re.Match[str]) -> bool:
    return m.group(2) == "万元" and clause[m.end() :].lstrip().startswith("以上")


def _read_number(reader: _Reader, clause: str, m: re.Match[str], sentence: str) -> None:
    before = clause[: m.start()]
    value, unit = Decimal(m.group(1).replace(",", "")), m.group(2).replace("％", "%")
    moves = list(_DIRECTION.finditer(before))
    if moves:
        move = moves[-1]
        comparison = before[: move.start()].strip()
        if _COMPARISON.match(comparison):
            _change(reader, value, unit, move.group(1), sentence, comparison)
        return
    if unit == "%" or before.rstrip().endswith("占"):
        return  # a share, not a figure
    label = _label(before)
    measure = _measure(label, unit)
    figure = StatedFigure(
        topic=_topic(label, measure),
        item=label,
        measure=measure,
        value=value,
        unit=unit,
        year=_year(label, sentence, reader.year),
        sentence=sentence,
        prov=reader.prov,
    )
    found = _Figure(figure, measure)
    reader.figures.append(found)
    reader.current.append(found)


def _change(reader: _Reader, value: Decimal, unit: str, word: str, sentence: str, comparison: str) -> None:
    target = _target(reader)
    if target is None or not _on_year_before(target, comparison):
        return
    fig = target.figure
    direction = "decrease" if word in _DOWN else "increase"
    if unit == "%":
        if fig.change_percent is None:
            fig.change_percent = value
            fig.direction = fig.direction or direction
    elif fig.change is None and unit == fig.unit:
        fig.change, fig.direction = value, direction
    _cite(target, sentence)


def _on_year_before(target: _Figure, text: str) -> bool:
    """False when ``text`` compares with a year other than the one before the figure's (与2022年相比)."""
    year = target.figure.year
    named = {int(y) for y in _YEAR.findall(text)} - {year}
    return year is None or not named or named == {year - 1}


def _target(reader: _Reader) -> _Figure | None:
    """The figure a change refers to: the last of this sentence, else the first of the one before."""
    if reader.current:
        return reader.current[-1]
    return reader.previous[0] if reader.previous else None


def _cite(target: _Figure, sentence: str) -> None:
    """Add the sentence stating a change to the figure's sentence, once."""
    if sentence not in target.figure.sentence:
        target.figure.sentence += sentence


def _label(text: str) -> str:
    label = strip_ordinal(text.strip(" ，,；;：:、。（("))
    for _ in range(2):
        label = _LEADING.sub("", label).strip()
        label = _TRAILING.sub("", label).strip()
    return label


def _measure(label: str, unit: str) -> str | None:
    allowed = _UNIT_TOPICS.get(unit)
    for words, topic, measure in TOPICS:
        if all(w in label for w in words) and (allowed is None or topic in allowed):
            if allowed is None and topic in ("vehicles", "equipment"):
                continue  # money figures are never counts
            return measure
    return None


def _topic(label: str, measure: str | None) -> str:
    return next((topic for words, topic, m in TOPICS if m == measure and all(w in label for w in words)), "")


def _year(label: str, sentence: str, year: int | None) -> int | None:
    m = re.search(r"(20\d\d)\s*年", label) or re.search(r"截至\s*(20\d\d)\s*年", sentence)
    return int(m.group(1)) if m else year
