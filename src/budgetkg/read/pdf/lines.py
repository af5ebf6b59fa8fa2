"""Text lines from a page's characters.

pdfplumber gives positioned characters; a *line* is the characters sharing a
baseline, left to right, with spaces where the PDF has a space glyph or a gap
wider than a third of the font size. Lines also know their font size and
whether they are bold, which later tells headings from running text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Char = dict[str, Any]

SPACE_GAP = 0.35  # a gap wider than this many em between glyphs is a space
CHUNK_GAP = 0.9  # a gap wider than this many em (not filled by spaces) separates chunks


@dataclass
class Line:
    """Characters on one baseline, in reading order."""

    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str = ""
    chunks: list[Line] = field(default_factory=list, repr=False)

    @property
    def center_y(self) -> float:
        """Vertical middle of the line."""
        return (self.top + self.bottom) / 2


def _is_space(ch: Char) -> bool:
    return not str(ch["text"]).strip()


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def make_line(chars: list[Char]) -> Line:
    """A line from characters already known to share a baseline (any order)."""
    chars = sorted(chars, key=lambda c: c["x0"])
    ink = [c for c in chars if not _is_space(c)] or chars
    size = _median([float(c["size"]) for c in ink])
    bold = sum(1 for c in ink if "bold" in str(c.get("fontname", "")).lower()) * 2 > len(ink)
    return Line(
        chars=chars,
        x0=min(c["x0"] for c in ink),
        x1=max(c["x1"] for c in ink),
        top=min(c["top"] for c in ink),
        bottom=max(c["bottom"] for c in ink),
        size=size,
        bold=bold,
        text=chars_text(chars, size),
    )


def chars_text(chars: list[Char], size: float) -> str:
    """Text of characters on one line, with spaces for space glyphs and wide gaps."""
    out: list[str] = []
    prev_x1: float | None = None
    for c in chars:
        if _is_space(c):
            if out and out[-1] != " ":
                out.append(" ")
            prev_x1 = max(prev_x1 or c["x1"], c["x1"])
            continue
        if prev_x1 is not None and c["x0"] - prev_x1 > SPACE_GAP * size and out and out[-1] != " ":
            out.append(" ")
        out.append(str(c["text"]))
        prev_x1 = c["x1"]
    return "".join(out).strip()


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Cluster characters into lines by baseline, top to bottom."""
    upright = sorted((c for c in chars if c.get("upright", True)), key=lambda c: c["bottom"])
    groups: list[list[Char]] = []
    anchor = 0.0
    for c in upright:
        if groups and c["bottom"] - anchor <= 0.35 * float(c["size"]):
            groups[-1].append(c)
        else:
            groups.append([c])
            anchor = c["bottom"]
    lines = [make_line(g) for g in groups if any(not _is_space(c) for c in g)]
    return [ln for ln in lines if ln.text]


def split_chunks(line: Line) -> list[Line]:
    """The line cut at wide gaps: the pieces of text that sit in different table columns.

    Space glyphs inside a cell's text (``科目    编码``) fill their part of a
    gap; only the unfilled part counts.
    """
    if line.chunks:
        return line.chunks
    pieces: list[list[Char]] = [[]]
    edge: float | None = None  # right edge of the last glyph, space or not
    for c in line.chars:
        if _is_space(c):
            if pieces[-1]:
                pieces[-1].append(c)
                edge = max(edge or c["x1"], c["x1"])
            continue
        if edge is not None and c["x0"] - edge > CHUNK_GAP * line.size:
            pieces.append([])
        pieces[-1].append(c)
        edge = c["x1"]
    line.chunks = [make_line(p) for p in pieces if p]
    return line.chunks
