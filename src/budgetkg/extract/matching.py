"""Match names printed twice in one document (a project in its list and its performance table).

Tables of the same budget name a project slightly differently
("2022年后新增退休人员取暖费" / "市直企业2022年以后新增退休人员取暖费"), so
names are matched in rounds, most certain first, one-to-one:

1. ``exact``: the same text;
2. ``normalized``: the same after dropping spaces, punctuation and bracket
   forms (全角/半角) and a leading year (``2024年``);
3. ``containment``: one normalized name contains the other (the shorter at
   least :data:`MIN_CONTAINED` characters long);
4. ``similarity``: a similarity ratio (``difflib``) at least the threshold.

Each match records its method and score, so a consumer can tell a certain
link from a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

DEFAULT_THRESHOLD = 0.6
MIN_CONTAINED = 4
_PUNCT = re.compile(r"[\s\-—_·•、，,。.；;：:“”\"'‘’《》<>()（）\[\]【】{}/\\]+")
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


def match_names(
    left: Sequence[str], right: Sequence[str], threshold: float = DEFAULT_THRESHOLD
) -> list[Match]:
    """One-to-one matches between two lists of names, sorted by ``left`` index."""
    norm_l = [normalize_name(n) for n in left]
    norm_r = [normalize_name(n) for n in right]
    rounds: list[tuple[str, Callable[[int, int], float | None]]] = [
        ("exact", lambda i, j: 1.0 if left[i] == right[j] else None),
        ("normalized", lambda i, j: 1.0 if norm_l[i] and norm_l[i] == norm_r[j] else None),
        ("containment", lambda i, j: _contained(norm_l[i], norm_r[j])),
        ("similarity", lambda i, j: _similar(norm_l[i], norm_r[j], threshold)),
    ]
    free_l, free_r = set(range(len(left))), set(range(len(right)))
    matches: list[Match] = []
    for method, score in rounds:
        candidates = [
            (s, i, j) for i in sorted(free_l) for j in sorted(free_r) if (s := score(i, j)) is not None
        ]
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


__all__ = ["DEFAULT_THRESHOLD", "Match", "match_names", "normalize_name", "similarity"]
