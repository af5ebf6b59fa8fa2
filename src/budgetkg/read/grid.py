"""Merged table cells expanded to a full grid, the one convention every reader follows.

A cell spanning several columns or rows keeps its text in its top-left grid
position and leaves the positions it covers empty, which is how the text
dumps print merged cells. DOCX (``gridSpan``, ``vMerge``) and HTML
(``colspan``, ``rowspan``) tables both go through :func:`expand_spans`.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_COLSPAN = 1000  # the HTML limits: a larger span is a typo, not a table
MAX_ROWSPAN = 65534


@dataclass(frozen=True)
class Span:
    """One source cell: its text and how many grid rows and columns it covers."""

    text: str
    rows: int = 1
    cols: int = 1


def expand_spans(rows: list[list[Span]]) -> list[list[str]]:
    """The rows as a rectangle of texts, each cell placed by the HTML table model.

    A cell goes to the first column of its row not covered by a cell above
    spanning down into it; a span past the last row is cut there. Rows are
    padded with empty texts to the widest row.
    """
    covered: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], str] = {}
    height = len(rows)
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in covered:
                c += 1
            down = max(1, min(cell.rows, MAX_ROWSPAN, height - r))
            across = max(1, min(cell.cols, MAX_COLSPAN))
            for dr in range(down):
                for dc in range(across):
                    covered.add((r + dr, c + dc))
            placed[(r, c)] = cell.text
            c += across
        width = max(width, c)
    width = max([width] + [c + 1 for (_, c) in covered])
    return [[placed.get((r, c), "") for c in range(width)] for r in range(height)]
