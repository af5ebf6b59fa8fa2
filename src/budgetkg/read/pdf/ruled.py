"""Tables drawn with ruling lines, found by pdfplumber's line strategy."""

from __future__ import annotations

from typing import Any

from .grid import BBox, PageTable, grid_from_cells
from .lines import Char

LINE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


def inside(ch: Char, bbox: BBox, pad: float = 0.5) -> bool:
    """True when the character's centre lies within the box."""
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] - pad <= cx <= bbox[2] + pad and bbox[1] - pad <= cy <= bbox[3] + pad


def ruled_tables(page: Any, chars: list[Char]) -> list[PageTable]:
    """The tables on the page that ruling lines delimit, each filled with its characters.

    A lone box (one cell) is a frame around text, not a table.
    """
    found = page.find_tables(LINE_SETTINGS)
    tables = []
    for t in found:
        if len(t.cells) < 2:
            continue
        bbox = t.bbox
        mine = [c for c in chars if inside(c, bbox)]
        table = grid_from_cells([tuple(c) for c in t.cells], mine)
        if len(table.xs) >= 3 or len(table.rows) >= 2:
            tables.append(table)
    return tables
