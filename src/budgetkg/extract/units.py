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

Where each table states its unit is worked out by :mod:`.unit_sources`; a
document that prints no unit at all is checked against its explanations by
:mod:`.unit_check`. No factor reaches the store unchecked and unreported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..read.model import Row
from .numbers import Number, read_number


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
SHORT = 40  # a unit line or label is short; running text is not read for units


def spaced(text: str) -> str:
    """The text with full-width forms made ASCII and each run of spaces made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def unit_in(text: str) -> Unit | None:
    """The money unit a text states (a unit line, a bracketed unit, a note), None when none."""
    t = spaced(text)
    for pattern in (_STATEMENT, _BARE_STATEMENT, _BRACKETED, _NOTE):
        m = pattern.search(t)
        if m:
            label = next(g for g in m.groups() if g)
            return UNITS["".join(label.split())]
    return None


def is_unit_line(text: str) -> bool:
    """A statement of a whole table's unit (单位：元), not a label's bracketed unit (预算数（元）)."""
    t = spaced(text)
    return bool(_STATEMENT.search(t) and not _BRACKETED.search(t) or _BARE_STATEMENT.match(t))


def is_unit_statement(text: str) -> bool:
    """A ``单位：元`` statement (colon and all), as a document-wide unit line prints it."""
    return bool(_STATEMENT.search(spaced(text)))


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
        found = next((u for r in rows for t in r.texts if t and len(t) <= SHORT and (u := unit_in(t))), None)
        return found or self.table_unit


COUNT_MEASURES = frozenset({"asset-quantity"})


def is_count(measure: str | None) -> bool:
    """A measure that counts things (车辆, 平方米): its figures are not money and keep their unit."""
    return measure in COUNT_MEASURES


def default_units() -> TableUnits:
    """The units of a table nobody has looked at: everything in 万元."""
    return TableUnits()
