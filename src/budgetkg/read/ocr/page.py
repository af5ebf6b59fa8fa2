"""One scanned page read by OCR into the same :class:`PageContent` a text page gives.

The page is straightened, its ruled tables found from the rulings in the
image, the rulings erased, and the words read in one OCR run. Words inside a
table's cells fill that cell (the PDF reader's own grid builder, so merged
cells come out as on a text page); every other word becomes a positioned
"character" for the PDF reader's line grouping and aligned-columns table
finder, so a table printed without rulings is found as on a text page.
Boxes are converted to PDF points; each table cell keeps the lowest
confidence of the words it holds (its weakest digit decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


from ..model import Cell
from ..pdf.aligned import borderless_tables
from ..pdf.grid import PageTable, grid_from_cells
from ..pdf.lines import Char, group_lines
from ..pdf.page import Item, PageContent
from .engine import Word, read_words
from .image import grey, rulings, straighten, table_grids

GLYPH_SHARE = 0.8  # a word box is about this share of its font size high


@dataclass
class OcrPage:
    """A page read by OCR: its content, the skew that was undone, and every word's confidence."""

    content: PageContent
    skew: float
    confidences: list[float]


def read_scanned_page(image: Any, width: float, height: float, number: int, lang: str) -> OcrPage:
    """The lines and tables of a page image that shows a ``width`` x ``height`` point page."""
    page = grey(image)
    page, skew = straighten(page)
    grids = table_grids(page)
    clean = page.copy()
    clean[rulings(page) > 0] = 255
    words = read_words(clean, lang)
    scale = width / page.shape[1]
    chars = [_char(w, scale) for w in words]
    tables: list[PageTable] = []
    used: set[int] = set()
    for grid in grids:
        cells = [_points(c, scale) for c in grid.cells]
        box = _points(grid.bbox, scale)
        mine = [i for i, ch in enumerate(chars) if i not in used and _inside(ch, box)]
        used.update(mine)
        table = grid_from_cells(cells, [chars[i] for i in mine])
        _set_confidences(table, [chars[i] for i in mine])
        tables.append(table)
    lines = group_lines(ch for i, ch in enumerate(chars) if i not in used)
    found, taken = borderless_tables(lines)
    for table in found:
        _set_confidences(table, [ch for ln in taken for ch in ln.chars])
    ids = {id(ln) for ln in taken}
    items: list[Item] = [*(ln for ln in lines if id(ln) not in ids), *tables, *found]
    content = PageContent(number=number, width=width, height=height)
    content.items = sorted(items, key=lambda it: it.top)
    return OcrPage(content, skew, [w.confidence for w in words])


def _char(word: Word, scale: float) -> Char:
    x0, top, x1, bottom = (v * scale for v in word.box)
    size = round((bottom - top) / GLYPH_SHARE * 2) / 2 or 1.0
    return {
        "text": word.text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "size": size,
        "fontname": "OCR",
        "upright": True,
        "confidence": word.confidence,
    }


def _points(box: tuple[int, int, int, int], scale: float) -> tuple[float, float, float, float]:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _inside(ch: Char, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _set_confidences(table: PageTable, chars: list[Char]) -> None:
    """Each non-empty cell's confidence: the lowest of the words whose centre lies in its box."""
    for row in table.rows:
        for cell in row:
            if not cell.text or cell.bbox is None:
                continue
            inner = [float(ch["confidence"]) for ch in chars if _inside(ch, cell.bbox)]
            cell.confidence = round(min(inner), 3) if inner else None


def empty_page(number: int, width: float, height: float) -> OcrPage:
    """A page OCR found nothing on."""
    return OcrPage(PageContent(number=number, width=width, height=height), 0.0, [])


