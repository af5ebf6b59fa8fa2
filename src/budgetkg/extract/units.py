"""The unit each table prints its amounts in, and amounts normalised to 万元.

Budgets print money in 元, 千元, 万元 or 亿元, and say so in many places:

* a unit line above or below the title, or between it and the table
  (``单位：元``, ``金额单位：万元``, ``（单位：万元）``), or as a row of the
  table itself (Word exports put it in the first row);
* the title itself (``收支总表（单位：元）``, ``支出总表(万元)``);
* a header cell (``预算数（元）``, ``金额(万元)``, ``价值（金额单位：万元）``):
  it sets the unit of its column (and of the empty cells a merged label
  spreads over);
* a note under the table (``注：本表金额单位为元``);
* a cell of its own (``113.7万元``).

The nearest statement wins: a cell's own unit, then its column's, then the
table's, then the document's (a table that prints none inherits it: a
unit line standing apart from any table, else the unit most tables print).

Amounts become :class:`Money`: a ``Decimal`` in 万元 that remembers the
figure and unit as printed (``bkg:printedAmount``, ``bkg:printedUnit``).
Converting is exact: a power of ten moves the decimal point
(``94889000.00`` 元 is ``9488.90`` 万元, ``0.444490`` 亿元 is ``4444.90``);
no digit is dropped. An amount printed in 万元 is kept exactly as printed.

A document that prints no unit at all is checked against the figures its
explanations state in 万元 (:func:`infer_document_unit`): the unit under
which the tables' numbers meet those figures is used, with a
``unit-inferred`` Warning naming it; when no unit is confirmed the amounts
are read as 万元 with a ``unit-unchecked`` Warning. No factor reaches the
store unchecked and unreported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..read.model import Block, Document, Heading, Paragraph, Row, Table
from .numbers import Number, normalize, read_number

if TYPE_CHECKING:  # tables.py holds a TableUnits on each logical table
    from .facts import StatedFigure
    from .records import Finding
    from .tables import LogicalTable


@dataclass(frozen=True)
class Unit:
    """A unit of money: its code list slug, its label and its power of ten to 万元."""

    slug: str  # code/unit slug
    label: str
    exponent: int  # 1 unit = 10**exponent 万元

    @property
    def factor(self) -> Decimal:
        """How many 万元 one unit is (exact: 0.0001 for 元)."""
        return Decimal(1).scaleb(self.exponent)


YUAN = Unit("yuan", "元", -4)
THOUSAND_YUAN = Unit("thousand-yuan", "千元", -1)
WAN_YUAN = Unit("wan-yuan", "万元", 0)
YI_YUAN = Unit("yi-yuan", "亿元", 4)
UNITS = {u.label: u for u in (YUAN, THOUSAND_YUAN, WAN_YUAN, YI_YUAN)}
BY_SLUG = {u.slug: u for u in UNITS.values()}

# Patterns run on the text with full-width forms made ASCII and runs of spaces made one, so
# "单位：万 元" (a PDF's letter spacing) reads, and a unit ends where the text does not go on
# in Chinese: "编制单位：元谋县人社局" names a county, not a unit.
_MONEY = r"(万\s?元|千\s?元|亿\s?元|元)"
_ENDS = r"(?![\u4e00-\u9fff])"
_UNIT_WORD = r"(?:金额|计量|货币)?单\s?位"
# 单位：元 / 金额单位：万元 / 计量单位：元 (a colon is needed unless the line is nothing else)
_STATEMENT = re.compile(rf"{_UNIT_WORD}\s?[:：]\s?{_MONEY}{_ENDS}(?!\s?[/每])")
_BARE_STATEMENT = re.compile(rf"^{_UNIT_WORD}\s?{_MONEY}$")
# （万元） / (单位：元) / （金额单位：万元）
_BRACKETED = re.compile(rf"\(\s?(?:{_UNIT_WORD}\s?[:：]?\s?)?{_MONEY}\s?\)")
# 注：本表金额单位为元 / 以万元为单位
_NOTE = re.compile(rf"单位\s?(?:为|是|均为|均是)\s?{_MONEY}{_ENDS}|以\s?{_MONEY}\s?为(?:计量)?单位")
_NEAR = 6  # blocks looked at before a table for its unit line
_SHORT = 40  # a unit line is short; running text is not read for units


def _spaced(text: str) -> str:
    """The text with full-width forms made ASCII and each run of spaces made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def unit_in(text: str) -> Unit | None:
    """The money unit a text states (a unit line, a bracketed unit, a note), None when none."""
    t = _spaced(text)
    for pattern in (_STATEMENT, _BARE_STATEMENT, _BRACKETED, _NOTE):
        m = pattern.search(t)
        if m:
            label = next(g for g in m.groups() if g)
            return UNITS["".join(label.split())]
    return None


def _is_unit_line(text: str) -> bool:
    """A statement of a whole table's unit (单位：元), not a label's bracketed unit (预算数（元）)."""
    t = _spaced(text)
    return bool(_STATEMENT.search(t) and not _BRACKETED.search(t) or _BARE_STATEMENT.match(t))


def to_wan_yuan(printed: Decimal, unit: Unit) -> Decimal:
    """The amount in 万元, exactly: the decimal point moved by the unit's power of ten.

    No digit is lost; trailing zeros are dropped down to two decimals, and
    a converted amount has at least two (``94889000.00`` 元 -> ``9488.90``,
    ``123.45`` 元 -> ``0.012345``, ``0.45`` 亿元 -> ``4500.00``). An amount
    printed in 万元 is returned exactly as printed.
    """
    if unit.exponent == 0:
        return printed
    value = printed.scaleb(unit.exponent).normalize()
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return value


class Money(Decimal):
    """An amount in 万元 that remembers how it was printed (``printed`` in ``unit``).

    It is a ``Decimal`` everywhere (sums, comparisons, ``str``); arithmetic
    gives plain Decimals, which have no printed form of their own.
    """

    printed: Decimal
    unit: Unit

    def __new__(cls, printed: Decimal, unit: Unit = WAN_YUAN) -> Money:
        obj = super().__new__(cls, to_wan_yuan(printed, unit))
        obj.printed = printed
        obj.unit = unit
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Money, (self.printed, self.unit))

    def __copy__(self) -> Money:
        return self

    def __deepcopy__(self, memo: object) -> Money:
        return self


def money(number: Number, unit: Unit = WAN_YUAN) -> Money:
    """A number read from a cell as money: the cell's own unit, else ``unit``."""
    if number.percent:
        raise ValueError(f"{number.value}% is a percentage, not an amount")
    return Money(number.value, UNITS[number.unit] if number.unit else unit)


def parse_money(text: str, unit: Unit = WAN_YUAN) -> Money | None:
    """The amount a cell prints, in 万元 (None when blank); ValueError when it is no amount."""
    number = read_number(text)
    return None if number is None else money(number, unit)


@dataclass
class TableUnits:
    """The units of one table: the table's own, and those its header cells give columns."""

    unit: Unit | None = None  # stated by the table (line, title, note, unit row)
    columns: dict[int, Unit] = field(default_factory=dict)  # stated by header cells
    inherited: Unit = WAN_YUAN  # the document's unit, for what the table leaves unsaid
    inferred: bool = False  # the document's unit was inferred, not printed
    source: str = "assumed"  # where the table's unit comes from: printed, header, document, inferred, assumed

    def unit_of(self, column: int | None = None) -> Unit:
        """The unit of a column (or of the table, for ``None``)."""
        if column is not None and column in self.columns:
            return self.columns[column]
        if self.unit is not None:
            return self.unit
        only = set(self.columns.values())
        if len(only) == 1:  # every labelled column says the same: the table's unit
            return only.pop()
        return self.inherited

    @property
    def table_unit(self) -> Unit:
        """The unit most of the table's amounts are printed in."""
        return self.unit_of(None)

    def amount(self, text: str, column: int | None = None) -> Money | None:
        """A cell's amount in 万元 (None when blank); ValueError for a cell that is no amount."""
        return parse_money(text, self.unit_of(column))

    def labelled(self, rows: Sequence[Row]) -> Unit:
        """The unit a label cell of ``rows`` names (``年度预算资金（万元）``), else the table's."""
        found = next((u for r in rows for t in r.texts if t and len(t) <= _SHORT and (u := unit_in(t))), None)
        return found or self.table_unit


COUNT_MEASURES = frozenset({"asset-quantity"})


def is_count(measure: str | None) -> bool:
    """A measure that counts things (车辆, 平方米): its figures are not money and keep their unit."""
    return measure in COUNT_MEASURES


def default_units() -> TableUnits:
    """The units of a table nobody has looked at: everything in 万元."""
    return TableUnits()


# -- where a table states its unit -------------------------------------------------------------------


def header_units(rows: Sequence[Row]) -> tuple[Unit | None, dict[int, Unit]]:
    """A unit row or cell (``单位：元``) and the units of labelled columns, from a table's leading rows.

    Only the rows before the first data row count; a label's unit spreads to
    the empty cells right of it (a merged label).
    """
    from .header import header_size  # header imports text, which imports this module's numbers

    table_unit: Unit | None = None
    columns: dict[int, Unit] = {}
    for r in rows[: header_size(list(rows))]:
        texts = r.texts
        for j, t in enumerate(texts):
            if not t:
                continue
            u = unit_in(t)
            if u is None:
                continue
            if _is_unit_line(t):
                table_unit = table_unit or u  # a unit line set as a row
                continue
            end = j + 1
            while end < len(texts) and not texts[end]:
                end += 1
            for k in range(j, end):
                columns[k] = u
    return table_unit, columns


def _blocks_before(blocks: list[Block], at: int) -> Iterable[Block]:
    """The short paragraphs and headings before block ``at``, nearest first, up to the previous table."""
    for k in range(at - 1, max(-1, at - 1 - _NEAR), -1):
        block = blocks[k]
        if isinstance(block, Table):
            return
        yield block


def _notes_after(blocks: list[Block], at: int) -> Iterable[Block]:
    """The short lines and notes right after block ``at``, up to the next table or title."""
    for block in blocks[at + 1 : at + 1 + _NEAR]:
        if isinstance(block, Table) or isinstance(block, Heading):
            return
        text = normalize(block.text)
        if not text.startswith(("注", "(注")):
            return
        yield block


def _stated(blocks: Iterable[Block]) -> Unit | None:
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)) and len(normalize(block.text)) <= _SHORT:
            u = unit_in(block.text)
            if u is not None:
                return u
    return None


def _notes(blocks: Iterable[Block]) -> Unit | None:
    return next((u for b in blocks if isinstance(b, Paragraph) and (u := unit_in(b.text))), None)


def assign_units(doc: Document, tables: list[LogicalTable]) -> Unit | None:
    """Set every logical table's :class:`TableUnits`; the document's unit, None when nothing states one.

    A table's own unit comes from its title, the unit line before it, a unit
    row in it or a note after it; its columns' from header cells. The
    document's unit is a unit line that belongs to no table, else the unit
    most tables state (the first in the document on a tie).
    """
    index = {id(b): k for k, b in enumerate(doc.blocks)}
    own: list[Unit | None] = []
    claimed: set[int] = set()
    for table in tables:
        first = index.get(id(table.parts[0]))
        last = index.get(id(table.parts[-1]))
        row_unit, columns = header_units(table.parts[0].rows)
        before = list(_blocks_before(doc.blocks, first)) if first is not None else []
        notes = list(_notes_after(doc.blocks, last)) if last is not None else []
        unit = unit_in(table.title) if table.title else None
        unit = unit or _stated(before) or row_unit or _notes(notes)
        claimed.update(id(b) for b in before + notes)
        table.units = TableUnits(unit=unit, columns=columns, source="printed" if unit else "assumed")
        if unit is None and columns:
            table.units.source = "header"
        own.append(unit or (table.units.table_unit if columns else None))
    loose = [
        u
        for b in doc.blocks
        if isinstance(b, Paragraph) and id(b) not in claimed and len(normalize(b.text)) <= _SHORT
        if (u := unit_in(b.text)) is not None and _STATEMENT.search(_spaced(b.text))
    ]
    stated = [u for u in own if u is not None]
    document = loose[0] if loose else _most_common(stated)
    if document is not None:
        for table in tables:
            table.units.inherited = document
            if table.units.source == "assumed":
                table.units.source = "document"
    return document


def _most_common(units: list[Unit]) -> Unit | None:
    if not units:
        return None
    counts = Counter(units)
    best = max(counts.values())
    return next(u for u in units if counts[u] == best)


# -- a document that states no unit ------------------------------------------------------------------

CANDIDATES = (WAN_YUAN, YUAN, THOUSAND_YUAN, YI_YUAN)


def _table_numbers(tables: list[LogicalTable]) -> set[Decimal]:
    """Every number the tables print, as printed (codes and counts too: they rarely collide)."""
    out: set[Decimal] = set()
    for table in tables:
        for r in table.rows:
            for t in r.texts:
                try:
                    n = read_number(t)
                except ValueError:
                    continue
                if n is not None and not n.percent and n.unit is None and n.value:
                    out.add(n.value)
    return out


def _agrees(figure: Decimal, numbers: set[Decimal], unit: Unit) -> bool:
    """A stated 万元 figure equals a table number in ``unit``, within the figure's own rounding."""
    exponent = figure.as_tuple().exponent
    half = Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    return any(abs(to_wan_yuan(n, unit) - figure) <= half for n in numbers)


def infer_document_unit(
    tables: list[LogicalTable], figures: Sequence[StatedFigure], findings: list[Finding]
) -> Unit:
    """The unit of tables that state none, from the explanations' 万元 figures; a finding says which.

    Each candidate unit (万元, 元, 千元, 亿元) scores the stated figures that
    some table number meets in that unit; the best score wins if it beats
    every other. 万元 confirmed is silent; another unit is a
    ``unit-inferred`` Warning; nothing confirmed is ``unit-unchecked``.
    """
    from .records import Finding

    stated = [f.value for f in figures if f.value and f.unit == "万元" and f.measure != "asset-quantity"]
    numbers = _table_numbers([t for t in tables if t.units.source == "assumed"])
    scores = {u: sum(1 for v in stated if _agrees(v, numbers, u)) for u in CANDIDATES}
    ranked = sorted(CANDIDATES, key=lambda u: -scores[u])
    best, second = ranked[0], ranked[1]
    if scores[best] == 0 or scores[best] == scores[second]:
        findings.append(
            Finding(
                slug="unit-unchecked",
                message=(
                    "no table prints its unit and the explanations' figures confirm none: "
                    "amounts are read as 万元 (the standard tables' unit), unchecked"
                ),
            )
        )
        unit, inferred = WAN_YUAN, False
    else:
        unit, inferred = best, best != WAN_YUAN
        if inferred:
            findings.append(
                Finding(
                    slug="unit-inferred",
                    message=(
                        f"no table prints its unit; the tables' figures meet {scores[best]} of the "
                        f"{len(stated)} 万元 figures the explanations state only when read in {best.label}: "
                        f"amounts are read as {best.label} (unit inferred, ×{best.factor} to 万元)"
                    ),
                )
            )
    for table in tables:
        table.units.inherited = unit
        if table.units.source == "assumed":
            table.units.inferred = inferred
            table.units.source = "inferred" if inferred else "checked" if scores[best] else "assumed"
    return unit
