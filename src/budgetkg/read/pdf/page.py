"""One PDF page as text lines and tables in reading order.

The page is parsed once (pdfplumber's characters and edges); ruled tables
are found first, then tables drawn with horizontal rules only, then tables
without lines. The characters left over become text lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .aligned import borderless_tables, horizontal_rules, rule_stacks, stack_tables
from .grid import PageTable
from .lines import Line, group_lines
from .pdfium import PdfiumPage
from .ruled import inside, ruled_tables

Item = Line | PageTable

SCAN_COVERAGE = 0.5  # images covering this much of a text-less page make it a scan


@dataclass
class PageContent:
    """What one page holds: its lines and tables, top to bottom."""

    number: int
    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    scanned: bool = False

    @property
    def lines(self) -> list[Line]:
        """The text lines of the page (tables excluded)."""
        return [it for it in self.items if isinstance(it, Line)]


def _top(item: Item) -> float:
    return item.top


def read_page(page: Any, number: int) -> PageContent:
    """Lines and tables of one pdfplumber page.

    Text drawn twice on top of itself (how Word and WPS fake a bold face) is
    read once: PDFium's text page drops the second copy; on a page parsed by
    pdfminer, pdfplumber's ``dedupe_chars`` does (it costs as much as the parse).
    """
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    if not isinstance(page, PdfiumPage):
        page = page.dedupe_chars()
    chars = page.chars
    if not any(str(c["text"]).strip() for c in chars):
        content.scanned = image_coverage(page) >= SCAN_COVERAGE
        return content
    tables = ruled_tables(page, chars)
    boxes = [t.bbox for t in tables]
    free = [c for c in chars if not any(inside(c, b) for b in boxes)] if boxes else chars
    lines = group_lines(free)
    for stack in rule_stacks(horizontal_rules(page, boxes)):
        for table, used in stack_tables(stack, lines):
            tables.append(table)
            lines = _without(lines, used)
    found, used = borderless_tables(lines)
    tables.extend(found)
    lines = _without(lines, used)
    items: list[Item] = [*lines, *tables]
    content.items = sorted(items, key=_top)
    return content


def _without(lines: list[Line], used: list[Line]) -> list[Line]:
    ids = {id(ln) for ln in used}
    return [ln for ln in lines if id(ln) not in ids]


def image_coverage(page: Any) -> float:
    """Share of the page area covered by images (overlaps counted once per image)."""
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
        h = max(0.0, min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
        covered += w * h
    return min(1.0, covered / area)
