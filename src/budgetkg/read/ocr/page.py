"""One scanned page read by OCR into the same :class:`PageContent` a text page gives.

The page is straightened and its ruled tables found from the rulings in the
image. OCR reads the page twice: with the rulings erased, in sparse-text mode,
for the words in the tables' cells; with the tables blanked out, as a column
of lines, for titles and running text (sparse mode cuts large titles into
pieces). Words inside a table's cells fill that cell (the PDF reader's own grid builder, so merged
cells come out as on a text page); every other word becomes a positioned
"character" for the PDF reader's line grouping and aligned-columns table
finder, so a table printed without rulings is found as on a text page.
Boxes are converted to PDF points; each table cell keeps the lowest
confidence of the words it holds (its weakest digit decides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Any

from ..model import Cell
from ..pdf.aligned import borderless_tables
from ..pdf.grid import PageTable, grid_from_cells
from ..pdf.lines import Char, group_lines
from ..pdf.page import Item, PageContent
from .amounts import amount_columns, clean_amount, is_amount, is_code, is_code_column, needs_second_look
from .engine import COLUMN, SPARSE, Reading, Word, read_cells, read_twice, read_words
from .image import grey, has_ink, inner, rulings, straighten, table_grids

GLYPH_SHARE = 0.9  # an OCR line's box is about this share of its font size high
LABEL_DOUBT = 0.9  # a label (header cell, line name) read with less confidence is read again
LOOK_ALIKE_CONFIDENCE = 0.5  # a cell whose letters were read as digits is among the least sure
_STRAY = re.compile(r"^[^\w(（]+|[^\w)）]+$")  # marks before or after a label: speckles read as 。，”.


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
    tables_only = _only(clean, [g.bbox for g in grids])
    words = read_words(tables_only, lang, SPARSE) if grids else []
    text = page.copy()
    for grid in grids:
        x0, top, x1, bottom = grid.bbox
        text[top : bottom + 1, x0 : x1 + 1] = 255
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
    _fix_amounts(tables, clean, scale)
    _fix_labels(tables, clean, scale, lang)
    free = read_words(text, lang, COLUMN)
    lines = group_lines(_char(w, scale) for w in on_lines(free))
    found, taken = borderless_tables(lines)
    for table in found:
        _set_confidences(table, [ch for ln in taken for ch in ln.chars])
    ids = {id(ln) for ln in taken}
    items: list[Item] = [*(ln for ln in lines if id(ln) not in ids), *tables, *found]
    content = PageContent(number=number, width=width, height=height)
    content.items = sorted(items, key=lambda it: it.top)
    return OcrPage(content, skew, [w.confidence for w in [*words, *free]])


def on_lines(words: list[Word]) -> list[Word]:
    """The words (outside tables) with the top and bottom of the text line they sit on.

    Glyph boxes vary (一 is flat, 的 tall) and the OCR engine may cut one
    printed line into several; words whose middles lie within half a word
    height of a line's middle join it, and take its median bottom
    and its glyph height (:func:`_glyph_height`), so lines are grouped, and
    their font size measured, as on a text page.
    """
    bands: list[list[Word]] = []
    for w in sorted(words, key=_middle):
        if bands and abs(_middle(w) - _middle_of(bands[-1])) <= 0.5 * _height_of(bands[-1]):
            bands[-1].append(w)
        else:
            bands.append([w])
    out = []
    for band in bands:
        bottom = int(median(w.box[3] for w in band))
        top = bottom - _glyph_height(band)
        out += [Word(w.text, (w.box[0], top, w.box[2], bottom), w.confidence, w.line) for w in band]
    return out


def _glyph_height(band: list[Word]) -> int:
    """The line's glyph height: its flattest word that is not punctuation.

    Tesseract's Chinese word boxes often overshoot (a ``万`` boxed half as
    high again as its neighbours); they rarely undershoot, except punctuation.
    """
    heights = [w.box[3] - w.box[1] for w in band if any(ch.isalnum() for ch in w.text)]
    return max(4, min(heights) if heights else int(median(w.box[3] - w.box[1] for w in band)))


def _middle(w: Word) -> float:
    return (w.box[1] + w.box[3]) / 2


def _middle_of(band: list[Word]) -> float:
    return median(_middle(w) for w in band)


def _height_of(band: list[Word]) -> float:
    return max(4.0, median(w.box[3] - w.box[1] for w in band))


def _only(page: Any, boxes: list[tuple[int, int, int, int]]) -> Any:
    """The page with everything outside ``boxes`` blanked (the sparse read looks at the tables only)."""
    import numpy as np

    mask = np.zeros(page.shape, dtype=bool)
    for x0, top, x1, bottom in boxes:
        mask[top : bottom + 1, x0 : x1 + 1] = True
    out = page.copy()
    out[~mask] = 255
    return out


def _crop(page: Any, bbox: tuple[float, float, float, float], scale: float) -> Any:
    """The pixels inside a cell's box (given in points), its rulings left out."""
    box = inner(tuple(int(round(v / scale)) for v in bbox))  # type: ignore[arg-type]
    return page[box[1] : box[3], box[0] : box[2]]


def _fix_amounts(tables: list[PageTable], page: Any, scale: float) -> None:
    """Amount-column cells cleaned of look-alikes; the badly read ones read again as digits only.

    The cells to read again, of all the page's tables, are read together, in
    one Tesseract run (:func:`read_cells`).
    """
    columns: list[tuple[list[Cell], bool]] = []
    for table in tables:
        body = table.rows[_header_rows(table) :]
        texts = [[c.text for c in row] for row in body]  # a header (or one printed again) is no evidence
        for col in sorted(amount_columns(texts)):
            cells = [row[col] for row in body if col < len(row)]
            points = sum(1 for c in cells if "." in c.text) * 2 >= sum(1 for c in cells if c.text.strip()) > 0
            columns.append((cells, points))
    again = [(c, p) for cells, p in columns for c in cells if c.bbox and _doubtful_amount(c, p, page, scale)]
    taken = {id(c) for c, _ in again}
    codes = [
        c
        for cells in _code_columns(tables)
        for c in cells
        if c.text.strip() and not is_code(c.text) and c.bbox and id(c) not in taken
    ]
    crops = [_crop(page, c.bbox, scale) for c in [*(c for c, _ in again), *codes]]  # type: ignore[arg-type]
    pairs = read_twice(crops, "eng", digits=True)
    reread = {id(c): (pair, p) for (c, p), pair in zip(again, pairs[: len(again)], strict=True)}
    for cell, (first, second) in zip(codes, pairs[len(again) :], strict=True):
        code = next((r for r in (first, second) if is_code(r[0])), None)
        if code is not None:  # a code with a digit lost (2 for 221) or a mark added
            cell.text, cell.confidence = code
    for cells, _ in columns:
        for cell in cells:
            if id(cell) in reread and _take_reading(cell, *reread[id(cell)]):
                continue
            cleaned = clean_amount(cell.text)
            if cleaned != cell.text:
                cell.text = cleaned
                cell.confidence = min(cell.confidence or 1.0, LOOK_ALIKE_CONFIDENCE)


def _doubtful_amount(cell: Cell, points: bool, page: Any, scale: float) -> bool:
    """An amount cell worth reading again: badly read, or empty where there is ink (a figure OCR missed)."""
    if cell.text.strip():
        return needs_second_look(cell.text, points)
    if not points or cell.bbox is None:
        return False
    box = inner(tuple(int(round(v / scale)) for v in cell.bbox))  # type: ignore[arg-type]
    return has_ink(page, box)


def _code_columns(tables: list[PageTable]) -> list[list[Cell]]:
    """The body cells of every column of whole classification codes (:func:`is_code_column`)."""
    out = []
    for table in tables:
        body = table.rows[_header_rows(table) :]
        width = max((len(r) for r in body), default=0)
        for col in range(width):
            cells = [row[col] for row in body if col < len(row)]
            if is_code_column([c.text for c in cells]):
                out.append(cells)
    return out


def _take_reading(cell: Cell, pair: tuple[Reading, Reading], points: bool) -> bool:
    """Put the better of a cell's two digit readings in it; False when neither is a clean amount.

    A clean amount (with a point where the column has them) beats one that is
    not, else the more confident wins. When both are clean amounts and differ,
    the cell keeps the other as an alternative, with the lower confidence:
    which one is right is for the tables' sums to say (``extract.ocrfix``).
    """
    good = [r for r in pair if is_amount(r[0]) and not needs_second_look(r[0], points)]
    if not good:
        return False
    best = max(good, key=lambda r: r[1])
    others = tuple(dict.fromkeys(r[0] for r in good if r[0] != best[0]))
    cell.text, cell.confidence = best[0], min(r[1] for r in good) if others else best[1]
    cell.alternatives = others
    return True


def _fix_labels(tables: list[PageTable], page: Any, scale: float, lang: str) -> None:
    """The doubtful labels read again: header cells and the names of the lines.

    The column labels decide what a table is and which measure a column
    holds; the line names (本年支出合计, 一般公共预算收入) which line is which.
    A label is doubtful when OCR was less than ``LABEL_DOUBT`` sure of it, or
    (in the header) found nothing where there is ink (a cell covered by a
    merged cell is left alone). The doubtful cells of all the page's tables
    are read together (:func:`read_cells`); a reading replaces the first only
    when Tesseract is surer of it.
    """
    doubtful = []
    for table in tables:
        doubtful += _doubtful_labels(table, page, scale)
    reads = read_cells([_crop(page, c.bbox, scale) for c in doubtful], lang)  # type: ignore[arg-type]
    for cell, (text, confidence) in zip(doubtful, reads, strict=True):
        text = _STRAY.sub("", text)
        if text and confidence > (cell.confidence or 0.0):
            cell.text, cell.confidence = text, confidence


def _header_rows(table: PageTable) -> int:
    """How many rows the header has: those before the first with an amount that has a point."""
    for i, row in enumerate(table.rows):
        if any("." in c.text and is_amount(clean_amount(c.text)) for c in row):
            return i
    return len(table.rows)


def _doubtful_labels(table: PageTable, page: Any, scale: float) -> list[Cell]:
    """The labels of ``table`` worth reading again (see :func:`_fix_labels`)."""
    boxes = [c.bbox for row in table.rows for c in row if c.text and c.bbox is not None]
    header = _header_rows(table)
    doubtful = []
    for i, row in enumerate(table.rows):
        for cell in row:
            if cell.bbox is None:
                continue
            if cell.text:
                unsure = (cell.confidence or 0.0) < LABEL_DOUBT and not is_amount(clean_amount(cell.text))
            elif i < header:
                cx, cy = (cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2
                covered = any(b[0] < cx < b[2] and b[1] < cy < b[3] for b in boxes)
                box = inner(tuple(int(round(v / scale)) for v in cell.bbox))  # type: ignore[arg-type]
                unsure = not covered and has_ink(page, box)
            else:
                unsure = False
            if unsure:
                doubtful.append(cell)
    return doubtful


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
