"""OCR'd amount cells made readable: look-alike characters fixed, amount columns read again as digits.

OCR of a Chinese page reads digits with Chinese-trained models, so an amount
sometimes comes back with a letter for a digit (``2oo0.00``), a full-width
comma for the decimal point (``49，77``) or stray marks (``806.72.``,
``4977-``). :func:`clean_amount` undoes the unambiguous look-alikes; a cell of
an amount column that still is no amount (or needed cleaning) is read again
with digits-only settings. Nothing here guesses a digit: which digit a
misread one should be is decided later, by the table's sums
(:mod:`budgetkg.extract.ocrfix`).
"""

from __future__ import annotations

import re

AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")  # as extract.text reads amounts
LOOK_ALIKES = str.maketrans({"o": "0", "O": "0", "D": "0", "l": "1", "I": "1", "|": "1", "]": "1", "[": "1"})


def is_amount(text: str) -> bool:
    """True for an amount as the extraction parses it (``9,438.90``, ``50``, ``-3.2``)."""
    return bool(AMOUNT.match("".join(text.split())))


_JUNK = re.compile(r"^[^\d-]+|[^\d]+$")
_COMMA_POINT = re.compile(r"^(-?\d+)[,，](\d{2})$")


def clean_amount(text: str) -> str:
    """``text`` with look-alike characters read as digits, if that makes it an amount; else unchanged."""
    t = "".join(text.split()).translate(LOOK_ALIKES).replace("，", ",").replace("。", ".")
    t = _COMMA_POINT.sub(r"\1.\2", t)
    t = _JUNK.sub("", t)
    return t if t and is_amount(t) else text


def amount_columns(rows: list[list[str]]) -> set[int]:
    """The columns where most non-empty cells are amounts once cleaned."""
    width = max((len(r) for r in rows), default=0)
    found = set()
    for col in range(width):
        texts = [r[col] for r in rows if col < len(r) and r[col].strip()]
        amounts = sum(1 for t in texts if is_amount(clean_amount(t)))
        if texts and amounts * 2 > len(texts):
            found.add(col)
    return found


def needs_second_look(text: str, column_has_points: bool) -> bool:
    """True for an amount-column cell OCR read badly: no amount, junk around it, or no point where
    the column's amounts have one (a lost point, or lost digits)."""
    t = "".join(text.split())
    if not t:
        return False
    if not is_amount(t):
        return True
    return column_has_points and "." not in t  # a point lost, or digits: ``2`` for ``2900.00``


CODE_LENGTHS = (3, 5, 7)  # 类, 款 and 项 codes of a function or economic classification printed whole


def is_code_column(texts: list[str]) -> bool:
    """True for a column of whole classification codes: most of its cells 3, 5 or 7 digits, none a point."""
    cells = ["".join(t.split()) for t in texts if t.strip()]
    codes = sum(1 for t in cells if t.isdigit() and len(t) in CODE_LENGTHS)
    return len(cells) >= 3 and codes * 5 >= len(cells) * 4 and not any("." in t for t in cells)


def is_code(text: str) -> bool:
    """True for a whole classification code (``208``, ``20801``, ``2080101``)."""
    t = "".join(text.split())
    return t.isdigit() and len(t) in CODE_LENGTHS
