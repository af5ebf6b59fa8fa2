"""Name evidence: a function's name (or most of it) in a project's name, goal or indicators.

``公益性岗位补贴`` in ``社保中心-城乡公益性岗位补贴资金`` is a full match;
``城乡公益性岗位资金`` holds ``公益性岗位``, five of its seven characters, a
partial match (share 0.71). Generic 项 names that every 款 repeats (行政运行,
一般行政管理事务, 事业运行, 其他…支出) say nothing about a project and are
never matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from ..extract.text import compact

# 项 names the classification repeats under many 款: they name no subject.
GENERIC_NAMES = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行", "其他支出"})
MIN_CHARS = 4  # a shared run shorter than this is a word (补贴, 养老), not a subject
MIN_CHARS_LONG_TEXT = 5  # in goals and indicators, where common 4-character words (社会保险) abound
MIN_SHARE = Decimal("0.6")  # of the function name's characters


@dataclass(frozen=True)
class NameMatch:
    """How much of a function name a text holds: 1 for the whole name."""

    share: Decimal
    matched: str


def is_generic(function_name: str) -> bool:
    """True for names that could label any 款's line (行政运行, 其他…支出)."""
    name = compact(function_name)
    return name in GENERIC_NAMES or name.startswith("其他")


def name_match(function_name: str, text: str, min_chars: int = MIN_CHARS) -> NameMatch | None:
    """How much of the function name ``text`` holds, if enough to count.

    The share counts the characters of the name found in the text in order,
    in runs of two or more (劳动人事争议调解仲裁 in 劳动人事争议仲裁… is
    劳动人事争议 + 仲裁, 8 of 10); the longest run must have ``min_chars``.
    """
    name = compact(function_name)
    if not name or is_generic(name):
        return None
    return match_compact(name, compact(text), min_chars)


def match_compact(name: str, hay: str, min_chars: int = MIN_CHARS) -> NameMatch | None:
    """:func:`name_match` for texts already without spaces and a name known not to be generic."""
    if not name or not hay:
        return None
    if name in hay:
        return NameMatch(Decimal(1), name)
    if not any(name[i : i + min_chars] in hay for i in range(len(name) - min_chars + 1)):
        return None  # no run long enough: skip the costly alignment
    matcher = SequenceMatcher(None, name, hay, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    if not blocks or max(b.size for b in blocks) < min_chars:
        return None
    share = (Decimal(sum(b.size for b in blocks)) / Decimal(len(name))).quantize(Decimal("0.01"))
    if share < MIN_SHARE:
        return None
    return NameMatch(share, "…".join(name[b.a : b.a + b.size] for b in blocks))
