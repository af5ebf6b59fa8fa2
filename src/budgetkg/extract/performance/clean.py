"""Reader-independent text of performance tables: line-wrap spaces removed.

PDF, Word and text exports wrap long cells at different places, and a wrap
after a comma reads as ``", "`` in one and ``","`` in another. Besides the
spaces :func:`clean_name` drops next to Chinese characters, spaces next to
punctuation go too, so the same cell reads the same from every reader.
"""

from __future__ import annotations

import re

from ..text import clean_name

_AROUND_PUNCT = re.compile(r"\s*([,;:!?，；：。、！？])\s*")


def tidy(text: str) -> str:
    """The cell's text without line-wrap spaces (inside Chinese text and around punctuation)."""
    return _AROUND_PUNCT.sub(r"\1", clean_name(text))


__all__ = ["tidy"]
