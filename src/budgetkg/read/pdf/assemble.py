"""Blocks in reading order from the pages' lines and tables.

Lines become paragraphs and headings:

* a heading is a line set clearly larger than the body text; heading levels
  rank the heading sizes of the document, largest first;
* a new paragraph starts where the font changes, where the gap to the line
  above is wider than the usual line spacing, where a line is indented (first
  line indent), or after a line that stops well short of the right margin;
* a paragraph running over a page break is joined.

A table that ends one page and starts the next one continues: the parts are
joined into one table, and header rows repeated on the new page are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from ..model import Block, Cell, Heading, Paragraph, Provenance, Row, Table
from ..wrap import join_wrapped
from .grid import PageTable
from .lines import Line
from .page import PageContent

HEADING_RATIO = 1.12  # a line this much larger than body text is a heading
SHORT_LINE_EM = 4.0  # a line ending this many em before the margin ends its paragraph
INDENT_EM = 1.2  # a line starting this many em right of the margin starts a paragraph
PAGE_BREAK_EM = 2.0  # over a page break, a paragraph continues only after a full line
HEAD_ROWS = 6  # at most this many header rows repeat on a continuation page
OCR_ALIKE = 0.7  # an OCR'd header row repeats another when its text is at least this alike (difflib ratio)


# a line opening an enumerated item or a note, after a line that closes a sentence
ENUMERATION = re.compile(
    r"^([(（]?[一二三四五六七八九十百\d]{1,3}[)）]|[一二三四五六七八九十百\d]{1,3}[、.．](?!\d)|"
    r"第[一二三四五六七八九十]+[部章节]|注[:：])"
)
_CLOSING = ("。", "；", ";", "：", ":", "！", "？")


@dataclass
class Style:
    """Document-wide typography: body size, heading levels, usual line gaps."""

    body: float
    levels: dict[float, int]
    tight_gap: dict[float, float]

    def level(self, line: Line) -> int | None:
        """The heading level of a line, or None for body text."""
        if line.size < self.body * HEADING_RATIO or len(line.text) > 60:
            return None
        return self.levels.get(_size_key(line.size))


_OPENING = "（(“‘《〈【[{"
_CLOSING_MARKS = "）)”’》〉】]}、。，．,.；;：:！!？?%"
_WORD = re.compile(r"[0-9A-Za-z.,%+\-/]")


def first_word_width(line: Line) -> float:
    """Width of the first unbreakable unit of a line.

    That is opening brackets, then a Latin word or number (or one CJK
    character), then closing punctuation: line breaking never separates them.
    A line that stops short of the margin still belongs to its paragraph when
    this unit of the next line would not have fitted in the space left.
    """
    chars = [str(c["text"]) for c in line.chars if str(c["text"]).strip()]
    ink = [c for c in line.chars if str(c["text"]).strip()]
    n, i = len(chars), 0
    while i < n and chars[i] in _OPENING:
        i += 1
    if i < n and _WORD.fullmatch(chars[i]):
        while i < n and _WORD.fullmatch(chars[i]):
            i += 1
    elif i < n:
        i += 1
    while i < n and chars[i] in _CLOSING_MARKS:
        i += 1
    if 0 < i < n and chars[i - 1] in ")）]】" and _WORD.fullmatch(chars[i]):
        while i < n and _WORD.fullmatch(chars[i]):  # no break between ")" and a number
            i += 1
    return float(ink[i - 1]["x1"] - ink[0]["x0"]) if i else 0.0


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def document_style(pages: list[PageContent]) -> Style:
    """Body size (the most used), heading sizes ranked, and the line gap inside paragraphs."""
    weight: Counter[float] = Counter()
    gaps: dict[float, list[float]] = {}
    for page in pages:
        prev: Line | None = None
        for line in page.lines:
            weight[_size_key(line.size)] += len(line.text)
            if prev is not None and _size_key(prev.size) == _size_key(line.size):
                gap = line.top - prev.bottom
                if -1 < gap < 1.5 * line.size:
                    gaps.setdefault(_size_key(line.size), []).append(gap)
            prev = line
    body = weight.most_common(1)[0][0] if weight else 10.0
    big = sorted((s for s in weight if s >= body * HEADING_RATIO), reverse=True)
    tight = {s: sorted(g)[len(g) // 5] for s, g in gaps.items() if g}
    return Style(body=body, levels={s: i + 1 for i, s in enumerate(big)}, tight_gap=tight)


@dataclass
class Margins:
    """Left and right edges of the running text on one page, and the page width."""

    left: float
    right: float
    width: float = 0.0


def page_margins(page: PageContent, typical_right: dict[int, float]) -> Margins:
    """The text column of a page: leftmost line start, and the right edge of its longest line.

    A page with only a few short lines takes the right edge usual for pages
    of its width, so a short last line still reads as the end of a paragraph.
    """
    lines = page.lines
    if not lines:
        return Margins(0.0, page.width, page.width)
    right = max(max(ln.x1 for ln in lines), typical_right.get(round(page.width), 0.0))
    return Margins(left=min(ln.x0 for ln in lines), right=right, width=page.width)


def typical_rights(pages: list[PageContent]) -> dict[int, float]:
    """For each page width, the right edge of running text: where the longest lines end.

    Taken over the body lines of every page of that width (furniture is
    already gone), so that a page holding only short lines still knows its
    margin.
    """
    by_width: dict[int, list[float]] = {}
    for page in pages:
        ends = [ln.x1 for ln in page.lines if ln.x1 <= page.width]
        if ends:
            by_width.setdefault(round(page.width), []).append(max(ends))
    return {w: max(v) for w, v in by_width.items()}


class Assembler:
    """Accumulates blocks page by page."""

    def __init__(self, source: str, style: Style) -> None:
        self.source = source
        self.style = style
        self.blocks: list[Block] = []
        self.para: list[Line] = []
        self.para_page = 0
        self.line_page = 0  # page of the last line added
        self.para_pages: list[int] = []
        self.para_margins = Margins(0.0, 0.0)
        self.last_table: tuple[Table, PageTable] | None = None
        self.part_heads: list[list[list[Cell]]] = []
        self.tables = 0

    # -------------------------------------------------------------- text

    def _breaks(self, prev: Line, line: Line, margins: Margins, same_page: bool) -> bool:
        """True when ``line`` starts a new paragraph after ``prev``."""
        st = self.style
        if st.level(prev) != st.level(line) or abs(prev.size - line.size) > 0.5 or prev.bold != line.bold:
            return True
        size = line.size
        if line.x0 - margins.left > INDENT_EM * size:
            return True
        if prev.text.endswith(_CLOSING) and ENUMERATION.match(line.text):
            return True
        short = SHORT_LINE_EM if same_page else PAGE_BREAK_EM
        room = self.para_margins.right - prev.x1
        if room > short * size and first_word_width(line) < room - 0.5 * size:
            return True
        if not same_page:
            return self.para_margins.width != margins.width
        tight = st.tight_gap.get(_size_key(size), 0.5 * size)
        return line.top - prev.bottom > tight + 0.3 * size

    def add_line(self, line: Line, page: PageContent, margins: Margins) -> None:
        """Add a text line: it continues the open paragraph or starts a new one."""
        if self.para:
            prev = self.para[-1]
            if self._breaks(prev, line, margins, same_page=self.line_page == page.number):
                self.flush()
        if not self.para:
            self.para_page = page.number
            self.para_margins = margins
        self.para.append(line)
        self.para_pages.append(page.number)
        self.line_page = page.number
        self.last_table = None

    def flush(self) -> None:
        """Close the open paragraph into a Heading or Paragraph block."""
        if not self.para:
            return
        text = join_wrapped(ln.text for ln in self.para)
        first = self.para[0]
        here = [ln for ln, pg in zip(self.para, self.para_pages, strict=True) if pg == self.para_page]
        prov = Provenance(
            source=self.source,
            page=self.para_page,
            bbox=(
                round(min(ln.x0 for ln in here), 2),
                round(first.top, 2),
                round(max(ln.x1 for ln in here), 2),
                round(here[-1].bottom, 2),
            ),
        )
        level = self.style.level(first)
        if level is not None:
            self.blocks.append(Heading(text=text, level=level, prov=prov))
        else:
            self.blocks.append(Paragraph(text=text, prov=prov))
        self.para, self.para_pages = [], []

    # -------------------------------------------------------------- tables

    def add_table(self, pt: PageTable, page: PageContent, first_on_page: bool) -> None:
        """Add a table: it continues the previous page's last table or starts a new one."""
        self.flush()
        if self.last_table is not None and first_on_page:
            table, prev_pt = self.last_table
            rows = continuation_rows(prev_pt, pt)
            if rows is not None:
                start = len(table.rows)
                rows = drop_repeated_header(self.part_heads, rows)
                self.part_heads.append(rows[:HEAD_ROWS])
                table.rows.extend(self._rows(rows, page.number, table.number, start))
                self.last_table = (table, _with_rows(prev_pt, pt))
                return
        self.tables += 1
        table = Table(
            number=self.tables,
            rows=self._rows(pt.rows, page.number, self.tables, 0),
            prov=Provenance(source=self.source, page=page.number, table=self.tables, bbox=pt.bbox),
        )
        self.blocks.append(table)
        self.last_table = (table, pt)
        self.part_heads = [pt.rows[:HEAD_ROWS]]

    def _rows(self, rows: list[list[Cell]], page: int, number: int, start: int) -> list[Row]:
        return [
            Row(cells=cells, prov=Provenance(source=self.source, page=page, table=number, row=start + i + 1))
            for i, cells in enumerate(rows)
        ]

    def end_page(self, has_trailing_table: bool) -> None:
        """Forget the last table unless it ended the page (only then can it continue)."""
        if not has_trailing_table:
            self.last_table = None


def _with_rows(prev: PageTable, cont: PageTable) -> PageTable:
    """The geometry that later continuation pages must match: the first part's columns."""
    return PageTable(rows=prev.rows, xs=prev.xs, bbox=cont.bbox, kind=prev.kind)


def continuation_rows(prev: PageTable, cont: PageTable) -> list[list[Cell]] | None:
    """The continuation's rows in the previous part's columns, or None if it is another table.

    Parts with the same columns join as they are. A part whose column rules
    are a subset of the previous part's (merged cells on that page), or a
    table found by text alignment that lacks columns empty on its page, has
    its cells placed by position into the previous part's columns.
    """
    width = prev.xs[-1] - prev.xs[0]
    if width <= 0:
        return None
    tol = 0.05 * width
    if abs(prev.xs[0] - cont.xs[0]) > tol or abs(prev.xs[-1] - cont.xs[-1]) > tol:
        return None
    if len(prev.xs) == len(cont.xs) and all(abs(a - b) <= 3.0 for a, b in zip(prev.xs, cont.xs, strict=True)):
        return cont.rows
    if all(any(abs(x - p) <= 3.0 for p in prev.xs) for x in cont.xs):
        return [_remap(row, prev.xs) for row in cont.rows]  # its rules are a subset of the table's
    if prev.kind != "aligned" and cont.kind != "aligned":
        return None
    targets = [_column_of((a + b) / 2, prev.xs) for a, b in pairwise(cont.xs)]
    if any(b <= a for a, b in pairwise(targets)):
        return None  # two of its columns fall into one: a table with other columns
    return [_remap(row, prev.xs) for row in cont.rows]


def _column_of(x: float, xs: list[float]) -> int:
    return max(0, min(len(xs) - 2, sum(1 for b in xs[1:-1] if b <= x)))


def _remap(row: list[Cell], xs: list[float]) -> list[Cell]:
    out = [Cell("", None) for _ in range(len(xs) - 1)]
    for cell in row:
        if not cell.text or cell.bbox is None:
            continue
        col = _column_of(cell.bbox[0] + 0.5, xs)
        out[col] = Cell(join_wrapped([out[col].text, cell.text]), cell.bbox, cell.confidence)
    return out


def _norm(cells: list[Cell]) -> list[str]:
    return ["".join(c.text.split()) for c in cells]


def drop_repeated_header(heads: list[list[list[Cell]]], rows: list[list[Cell]]) -> list[list[Cell]]:
    """The continuation rows without leading rows that repeat the first rows of an earlier part.

    ``heads`` holds the first rows of each part joined so far: the header
    that repeats is the one of the table that LibreOffice or Word continued,
    which need not be the first part's.
    """
    best = 0
    for head in heads:
        k = 0
        while k < len(rows) - 1 and k < len(head) and _repeats(rows[k], head[k]):
            k += 1
        best = max(best, k)
    return rows[best:]


def _repeats(row: list[Cell], head: list[Cell]) -> bool:
    """True when ``row`` prints ``head`` again: the same texts or, one of them read by OCR, much alike.

    OCR reads a header printed on every page a little differently each time
    (``预算年度：2024`` once, ``2024人:`` the next, or as printed on a page with
    text); rows of which one was OCR'd repeat when their texts are at least
    :data:`OCR_ALIKE` alike and neither holds a figure with decimals (a data
    row is never taken for a header). Printed rows repeat only as printed.
    """
    if _norm(row) == _norm(head):
        return True
    if not (_ocr(row) or _ocr(head)) or any(_DECIMAL.search(c.text) for c in [*row, *head]):
        return False
    from difflib import SequenceMatcher

    a, b = "|".join(_norm(row)), "|".join(_norm(head))
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= OCR_ALIKE


_DECIMAL = re.compile(r"\d[.,]\d")


def _ocr(cells: list[Cell]) -> bool:
    return any(c.confidence is not None for c in cells)


def assemble(pages: list[PageContent], source: str) -> list[Block]:
    """All blocks of the document in reading order."""
    style = document_style(pages)
    rights = typical_rights(pages)
    asm = Assembler(source, style)
    for page in pages:
        margins = page_margins(page, rights)
        for i, item in enumerate(page.items):
            if isinstance(item, Line):
                asm.add_line(item, page, margins)
            else:
                asm.add_table(item, page, first_on_page=i == 0)
        asm.end_page(bool(page.items) and isinstance(page.items[-1], PageTable))
    asm.flush()
    return asm.blocks
