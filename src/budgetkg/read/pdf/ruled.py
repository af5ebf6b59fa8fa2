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


def page_edges(page: Any) -> list[dict[str, Any]]:
    """The page's ruling edges, with their orientation taken from their shape.

    pdfplumber keeps the orientation a line had before the page's ``/Rotate``
    was applied, so on a rotated page horizontal rules come out "vertical".
    """
    edges: list[dict[str, Any]] = page.edges
    if not page.rotation:
        return edges
    fixed = []
    for e in edges:
        flat = abs(e["bottom"] - e["top"]) <= abs(e["x1"] - e["x0"])
        fixed.append({**e, "orientation": "h" if flat else "v", "object_type": "rect_edge"})
    return fixed


def _settings(page: Any) -> dict[str, Any] | None:
    """Table settings for the page; None when a rotated page has too few rules for a table."""
    if not page.rotation:
        return LINE_SETTINGS
    edges = page_edges(page)
    if min(sum(e["orientation"] == o for e in edges) for o in "hv") < 2:
        return None
    return {
        **LINE_SETTINGS,
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
        "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"],
    }


def ruled_tables(page: Any, chars: list[Char]) -> list[PageTable]:
    """The tables on the page that ruling lines delimit, each filled with its characters.

    A lone box (one cell) is a frame around text, not a table.
    """
    settings = _settings(page)
    if settings is None:
        return []
    found = page.find_tables(settings)
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
