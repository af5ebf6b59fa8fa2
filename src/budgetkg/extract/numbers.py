"""Numbers as budgets print them: one cell's text becomes a number, a blank, or a refusal.

What a cell may hold (spaces anywhere are ignored, full-width forms are read
as their ASCII equivalents, ``１２３．４５`` is ``123.45``):

* an amount: ``9438.90``, ``9,438.90`` (thousands separators in groups of
  three; ``1,23,4`` is refused), ``50``, ``.5`` is refused;
* a negative amount: ``-12.30``, ``−12.30``, ``(12.30)`` / ``（12.30）``
  (accounting brackets: the figure must have decimals or separators, so an
  ordinal such as ``(1)`` is not a number) and ``△12.30`` (the Chinese
  accounts' sign for a decrease);
* an amount with its own unit: ``113.7万元``, ``5,000元``, ``0.45亿元`` -- the
  cell's unit overrides the table's (see :mod:`.units`);
* a percentage: ``12.5%``, ``12.5％`` -- a number, but never an amount;
* nothing: an empty cell, ``-``, ``--``, ``—``, ``——``, ``－``, ``/``,
  ``…``. Such a cell is *blank* (not published), not zero: a zero is printed
  as ``0`` or ``0.00``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Cells that publish nothing (after NFKC: the full-width hyphen is "-").
BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "...", "......", "─"})  # "…" is "..." after NFKC
MONEY_UNITS = ("万元", "千元", "亿元", "元")  # longest first where one ends another
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CELL = re.compile(
    rf"^(?P<sign>[-+△]?)(?:(?P<plain>{_NUMBER})|\((?P<bracketed>{_NUMBER})\))"
    rf"(?P<suffix>%|万元|千元|亿元|元)?$"
)
_MINUS = str.maketrans({"−": "-", "﹣": "-", "‐": "-", "‑": "-", "（": "(", "）": ")", "，": ","})


@dataclass(frozen=True)
class Number:
    """A number read from a cell: its value as printed, and what followed it."""

    value: Decimal
    unit: str | None = None  # 万元 / 千元 / 亿元 / 元 when the cell names its unit
    percent: bool = False

    @property
    def is_amount(self) -> bool:
        return not self.percent


def normalize(text: str) -> str:
    """The cell's text with full-width forms made ASCII and every space removed."""
    t = unicodedata.normalize("NFKC", text).translate(_MINUS)
    return "".join(t.split())


def is_blank(text: str) -> bool:
    """A cell that publishes nothing: empty, or a dash or slash standing for nothing."""
    return normalize(text) in BLANKS


def read_number(text: str) -> Number | None:
    """The number a cell prints, None when it is blank; ValueError when it is something else."""
    number = _read(text)
    if isinstance(number, str):
        raise ValueError(number)
    return number


@lru_cache(maxsize=1 << 16)
def _read(text: str) -> Number | None | str:
    """:func:`read_number`, with the reason a text is no number as a str: kept for the next time.

    A cell is read by several passes (column kinds, header fitting, the
    amounts), and a document prints many figures more than once; a Number is
    immutable, so the same one can be handed out again.
    """
    t = normalize(text)
    if t in BLANKS:
        return None
    m = _CELL.match(t)
    if m is None:
        return f"not a number: {text!r}"
    bracketed = m.group("bracketed")
    digits = bracketed or m.group("plain")
    if bracketed is not None and "." not in digits and "," not in digits:
        return f"not a number: {text!r} (an ordinal?)"
    if bracketed is not None and m.group("sign"):
        return f"not a number: {text!r} (two signs)"
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return f"not a number: {text!r}"
    if bracketed is not None or m.group("sign") in ("-", "△"):
        value = -value
    suffix = m.group("suffix")
    if suffix == "%":
        return Number(value, percent=True)
    return Number(value, unit=suffix)


def looks_like_number(text: str) -> bool:
    """True for a cell :func:`read_number` reads as a number (not blank, not text)."""
    try:
        return read_number(text) is not None
    except ValueError:
        return False


def parse_count(text: str) -> Decimal | None:
    """A count as printed (车辆 ``4``, 平方米 ``5,400``), None when blank; ValueError for anything else."""
    number = read_number(text)
    if number is None:
        return None
    if number.percent or number.unit:
        raise ValueError(f"not a count: {text!r}")
    return number.value
