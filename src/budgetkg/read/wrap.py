"""Join text that a layout wrapped over several lines (a table cell, a paragraph).

Line breaks in a PDF cell or paragraph carry no meaning: Chinese is written
without spaces, so two wrapped CJK pieces join with nothing between them,
while two Latin words are separated by one space. Numbers cut by a narrow
column (``9,488.`` / ``90``) join without a space, so the amount survives.
"""

from __future__ import annotations

from collections.abc import Iterable


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def needs_space(left: str, right: str) -> bool:
    """True when a space belongs between text ending in ``left`` and text starting with ``right``.

    Only a Latin letter next to a Latin letter or digit calls for one; CJK
    text, digits cut mid-number and punctuation join directly.
    """
    if not (left.isascii() and right.isascii()):
        return False
    if _is_latin_letter(left) and right.isalnum():
        return True
    return left.isalnum() and _is_latin_letter(right) or left in ",;:" and _is_latin_letter(right)


def join_wrapped(lines: Iterable[str]) -> str:
    """The lines of one wrapped text joined into one string (blank lines dropped)."""
    out = ""
    for line in lines:
        piece = " ".join(line.split())
        if not piece:
            continue
        if out and needs_space(out[-1], piece[0]):
            out += " "
        out += piece
    return out
