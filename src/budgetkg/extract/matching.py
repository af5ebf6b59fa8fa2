"""Match names printed twice in one document (a project in its list and its performance table).

Tables of the same budget name a project slightly differently
("2022年后新增退休人员取暖费" / "市直企业2022年以后新增退休人员取暖费"), so
names are matched in rounds, most certain first, one-to-one:

1. ``exact``: the same text;
2. ``normalized``: the same after dropping spaces, punctuation and bracket
   forms (全角/半角) and a leading year (``2024年``);
3. ``containment``: one normalized name contains the other (the shorter at
   least :data:`MIN_CONTAINED` characters long);
4. ``similarity``: a similarity ratio (``difflib``) at least the threshold;
5. ``ocr-characters``: only for left names read by OCR, which may come back
   with their words out of order (``养老保障（先创区-民生）`` read as
   ``〈先创区-民生养老保障)目``): the same characters, in any order, for at
   least :data:`OCR_CHARACTERS` of both names (:func:`shared_characters`), and
   no other free right name as close.

Each match records its method and score, so a consumer can tell a certain
link from a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

DEFAULT_THRESHOLD = 0.6
OCR_CHARACTERS = 0.85  # share of the characters two names have in common, for an OCR'd name
MIN_CONTAINED = 4
# spaces, punctuation and every bracket form a budget (or OCR) prints:
# ASCII, 全角, 《》, 〈〉, 【】, 〔〕, 「」, 『』
_PUNCT = re.compile(r"[\s\-—_·•、，,。.；;：:“”\"'‘’《》〈〉<>()（）\[\]【】〔〕「」『』{}/\\]+")
_YEAR = re.compile(r"^(20\d\d)年(度)?")


@dataclass(frozen=True)
class Match:
    """``left[left_index]`` and ``right[right_index]`` name the same thing."""

    left: int
    right: int
    method: str
    score: float


def normalize_name(name: str) -> str:
    """A name for comparison: NFKC, no spaces, punctuation or brackets, no leading year."""
    t = unicodedata.normalize("NFKC", name)
    t = _PUNCT.sub("", t)
    return _YEAR.sub("", t)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalized names, 0 ... 1 (difflib's ratio)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def shared_characters(a: str, b: str) -> float:
    """How much of two normalized names is the same characters, in any order, 0 ... 1 (Dice on multisets)."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def match_names(
    left: Sequence[str],
    right: Sequence[str],
    threshold: float = DEFAULT_THRESHOLD,
    ocr: Sequence[bool] = (),
) -> list[Match]:
    """One-to-one matches between two lists of names, sorted by ``left`` index.

    ``ocr`` says which left names were read by OCR (none when empty): only those
    may match in the last round, ``ocr-characters``.
    """
    norm_l = [normalize_name(n) for n in left]
    norm_r = [normalize_name(n) for n in right]
    rounds: list[tuple[str, Callable[[int, int], float | None]]] = [
        ("exact", lambda i, j: 1.0 if left[i] == right[j] else None),
        ("normalized", lambda i, j: 1.0 if norm_l[i] and norm_l[i] == norm_r[j] else None),
        ("containment", lambda i, j: _contained(norm_l[i], norm_r[j])),
        ("similarity", lambda i, j: _similar(norm_l[i], norm_r[j], threshold)),
        ("ocr-characters", lambda i, j: _scrambled(norm_l[i], norm_r[j]) if _read(ocr, i) else None),
    ]
    free_l, free_r = set(range(len(left))), set(range(len(right)))
    matches: list[Match] = []
    for method, score in rounds:
        candidates = [
            (s, i, j) for i in sorted(free_l) for j in sorted(free_r) if (s := score(i, j)) is not None
        ]
        if method == "ocr-characters":
            candidates = _unrivalled(candidates)
        # Best score first; ties go to the earlier names, so results are stable.
        for s, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i in free_l and j in free_r:
                matches.append(Match(i, j, method, round(s, 3)))
                free_l.discard(i)
                free_r.discard(j)
    return sorted(matches, key=lambda m: m.left)


def _contained(a: str, b: str) -> float | None:
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_CONTAINED and short in long:
        return similarity(a, b)
    return None


def _similar(a: str, b: str, threshold: float) -> float | None:
    s = similarity(a, b)
    return s if s >= threshold else None


def _read(ocr: Sequence[bool], i: int) -> bool:
    return i < len(ocr) and ocr[i]


def _scrambled(a: str, b: str) -> float | None:
    s = shared_characters(a, b)
    return s if s >= OCR_CHARACTERS else None


def _unrivalled(candidates: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The candidate pairs whose names have no other candidate as close, on either side."""
    out = []
    for s, i, j in candidates:
        if not any(t >= s and (k == i) != (m == j) for t, k, m in candidates if (k == i or m == j)):
            out.append((s, i, j))
    return out


__all__ = [
    "DEFAULT_THRESHOLD",
    "OCR_CHARACTERS",
    "Match",
    "match_names",
    "normalize_name",
    "shared_characters",
    "similarity",
]
