"""A table found on one page, as a full grid of cells with their boxes.

Both ways of finding tables (ruling lines, text alignment) end in a
:class:`PageTable`: every row has one :class:`~budgetkg.read.model.Cell` per
column. A merged cell keeps its text in its first (top-left) grid position
and leaves the positions it covers empty, as the text dumps show merged cells.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..model import Cell
from ..wrap import join_wrapped
from .lines import Char, group_lines

BBox = tuple[float, float, float, float]


@dataclass
class PageTable:
    """A table on one page: rows of cells and the column boundaries (x positions)."""

    rows: list[list[Cell]]
    xs: list[float]
    bbox: BBox
    kind: str  # "ruled" or "aligned"

    @property
    def top(self) -> float:
        """Top of the table on its page."""
        return self.bbox[1]


def cluster_positions(values: list[float], tol: float = 1.5) -> list[float]:
    """Sorted positions with near-duplicates (within ``tol``) merged to their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest to ``value``."""
    i = bisect_right(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def grid_from_cells(cells: list[BBox], chars: list[Char]) -> PageTable:
    """A full grid from cell boxes (x0, top, x1, bottom), filled with the characters inside."""
    xs = cluster_positions([c[0] for c in cells] + [c[2] for c in cells])
    ys = cluster_positions([c[1] for c in cells] + [c[3] for c in cells])
    nrows, ncols = len(ys) - 1, len(xs) - 1
    owner: list[list[int]] = [[-1] * ncols for _ in range(nrows)]
    spans = []
    for k, (x0, top, x1, bottom) in enumerate(cells):
        r0, r1 = _index(ys, top), _index(ys, bottom)
        c0, c1 = _index(xs, x0), _index(xs, x1)
        spans.append((r0, c0))
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < nrows and c < ncols:
                    owner[r][c] = k
    buckets: list[list[Char]] = [[] for _ in cells]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        c = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        if 0 <= r < nrows and 0 <= c < ncols and owner[r][c] >= 0:
            buckets[owner[r][c]].append(ch)
    rows: list[list[Cell]] = []
    for r in range(nrows):
        row = []
        for c in range(ncols):
            k = owner[r][c]
            if k >= 0 and spans[k] == (r, c):
                row.append(Cell(cell_text(buckets[k]), _round(cells[k])))
            else:
                row.append(Cell("", _round((xs[c], ys[r], xs[c + 1], ys[r + 1]))))
        rows.append(row)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return PageTable(rows=rows, xs=xs, bbox=_round(bbox), kind="ruled")


def cell_text(chars: list[Char]) -> str:
    """The text of one cell: its lines top to bottom, wrapped lines joined."""
    if not chars:
        return ""
    return join_wrapped(line.text for line in group_lines(chars))


def _round(b: tuple[float, float, float, float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
