"""The header of a table as a grid: one path of labels per column.

Budget tables have multi-row headers with merged cells: ``基本支出`` over
``小计 | 人员支出 | 日常公用支出``, ``财政拨款`` over ``小计 | 一般公共预算 |
政府性基金预算``. A column's *path* lists the labels above it, top to
bottom (``("基本支出", "人员支出")``), so a ``小计`` is told apart by its
parent.

Two ways of writing merged cells are read:

* aligned rows (PDF text, DOCX with expanded merges): a merged cell's text
  stands in its first column and the columns it covers are empty; an empty
  cell under a label with no sub-labels below it continues that label down;
* collapsed rows (Word text exports): a horizontally merged cell is *one*
  cell, so the row is shorter than the table. Its cells are laid over the
  row below, each taking a run of labelled columns (see :func:`_collapsed`).

Furniture rows (``单位：万元``, ``预算年度：2024``), blank rows and the
``栏次`` numbering row carry no labels and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.model import Row
from .numbers import normalize
from .text import compact, is_amount, is_total_label

_FURNITURE = re.compile(r"^(单位[:：]|金额单位|预算年度|部门[(（]单位[)）]|编制单位)")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")

Span = tuple[str, int, int]  # label, first column, end column (exclusive)


@dataclass
class Header:
    """The header of one physical table part."""

    size: int  # leading rows that are header (labels, furniture, 栏次)
    paths: list[tuple[str, ...]]  # per column: its labels, top to bottom

    def label(self, col: int) -> str:
        """The column's path as one string (``基本支出/人员支出``), '' when unlabelled."""
        return "/".join(self.paths[col]) if col < len(self.paths) else ""

    @property
    def width(self) -> int:
        return len(self.paths)


def is_label_row(row: Row) -> bool:
    """A header row holding labels: not blank, not furniture, not the 栏次 numbering."""
    texts = [compact(t) for t in row.texts]
    if not any(texts) or "栏次" in texts:
        return False
    return not any(_FURNITURE.match(t) for t in texts)


def read_header(rows: list[Row], width: int | None = None) -> Header:
    """The header of a table part: its size and a label path for each of ``width`` columns."""
    head = rows[: header_size(rows)]
    width = width or max((len(r.cells) for r in rows), default=0)
    labels = [[compact(t) for t in r.texts] for r in head if is_label_row(r)]
    kinds = column_kinds(rows[len(head) :], width)
    spans = _row_spans(labels, width, kinds)
    paths = [_path(spans, c) for c in range(width)]
    return Header(size=len(head), paths=paths)


def header_size(rows: list[Row]) -> int:
    """How many leading rows are header: those before the first row that reads as data.

    A data row holds an amount, a classification code, an ordinal-numbered
    item (``十八、粮油物资储备支出``) or is an empty 合计 row -- a row of a
    continued table can be all of these without any amount.
    """
    for i, row in enumerate(rows):
        texts = [compact(t) for t in row.texts]
        if "栏次" in texts:
            continue
        filled = [t for t in texts if t]
        if any(is_amount(t) for t in filled) or any(_CODE.match(t) or _ORDINAL.match(t) for t in filled):
            return i
        if texts and is_total_label(texts[0]) and len(filled) == 1:
            return i  # an empty table's 合计 row
    return len(rows)


def column_kinds(rows: list[Row], width: int) -> list[str]:
    """What the data cells of each column hold: 'amount', 'number' (no decimals), 'text' or 'empty'.

    Only rows holding an amount count: a header repeated inside a part (a
    page break in a PDF table) or a note row says nothing about the columns.
    """
    grid = [[compact(t) for t in r.texts] for r in rows]
    with_amounts = [g for g in grid if any(_is_decimal(t) for t in g)] or grid
    kinds = []
    for c in range(width):
        cells = [g[c] for g in with_amounts if c < len(g) and g[c]]
        if not cells:
            kinds.append("empty")
        elif not all(is_amount(t) for t in cells):
            kinds.append("text")
        elif any(_is_decimal(t) for t in cells):
            kinds.append("amount")
        else:
            kinds.append("number")
    return kinds


def _is_decimal(text: str) -> bool:
    """An amount written with decimals or thousands separators (not a bare number such as a code)."""
    t = normalize(text)  # full-width １２３．４５ too
    return ("." in t or "," in t) and is_amount(text)


def _path(spans: list[list[Span]], col: int) -> tuple[str, ...]:
    path: list[str] = []
    for row in spans:
        for label, start, end in row:
            if start <= col < end and (not path or path[-1] != label):
                path.append(label)
    return tuple(path)


def _row_spans(labels: list[list[str]], width: int, kinds: list[str]) -> list[list[Span]]:
    """The spans of every label row, worked out from the bottom row up."""
    if not labels:
        return []
    bottom = labels[-1]
    result: list[list[Span]] = [[(t, c, c + 1) for c, t in enumerate(bottom[:width]) if t]]
    for cells in reversed(labels[:-1]):
        below = result[0]
        stripped = _strip(cells)
        if len(stripped) < width and "" not in stripped:
            spans = _collapsed(stripped, below, width, kinds)
        else:
            spans = _aligned(cells[:width], below, width)
        result.insert(0, spans)
    return result


def _strip(cells: list[str]) -> list[str]:
    """The cells without trailing empty ones (a padded row reads like a short one)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _aligned(cells: list[str], below: list[Span], width: int) -> list[Span]:
    """Spans of an aligned row: a label covers the empty cells to its right that have sub-labels."""
    spans = []
    for c, label in enumerate(cells):
        if not label:
            continue
        end = c + 1
        while end < width and (end >= len(cells) or not cells[end]):
            end += 1
        has_children = any(c < start < end for _, start, _ in below)
        if has_children:
            last_child = max(stop for _, start, stop in below if c <= start < end)
            spans.append((label, c, max(last_child, c + 1)))
        else:
            spans.append((label, c, c + 1))
    return spans


def _collapsed(cells: list[str], below: list[Span], width: int, kinds: list[str]) -> list[Span]:
    """Spans of a collapsed row: each cell takes one unlabelled column or a run of labelled ones.

    A column with no label below continues the upper cell down (one column).
    A run of labelled columns is shared by as many upper cells as are left
    over once the columns after the run have had theirs; it is split where a
    label repeats (``项目 金额 | 项目 合计 ...``), else where names give way
    to amounts.
    """
    covered = [False] * width
    starts = {}
    for label, start, end in below:
        starts[start] = label
        for c in range(start, min(end, width)):
            covered[c] = True
    spans: list[Span] = []
    col, i = 0, 0
    while i < len(cells) and col < width:
        if not covered[col]:
            spans.append((cells[i], col, col + 1))
            col, i = col + 1, i + 1
            continue
        end = col
        while end < width and covered[end]:
            end += 1
        need = len(cells) - i - _slots(covered, end)
        segments = _split(col, end, max(need, 1), starts, kinds)
        for seg_start, seg_end in segments:
            if i < len(cells):
                spans.append((cells[i], seg_start, seg_end))
                i += 1
        col = end
    return spans


def _slots(covered: list[bool], start: int) -> int:
    """How many upper cells the columns from ``start`` on can take (one per blank, one per run)."""
    slots, c = 0, start
    while c < len(covered):
        slots += 1
        if covered[c]:
            while c < len(covered) and covered[c]:
                c += 1
        else:
            c += 1
    return slots


def _split(
    start: int, end: int, parts: int, starts: dict[int, str], kinds: list[str]
) -> list[tuple[int, int]]:
    """Cut the run of columns [start, end) into ``parts`` segments at the likeliest boundaries."""
    inner = [c for c in sorted(starts) if start < c < end]
    if parts <= 1 or not inner:
        return [(start, end)]
    first = starts.get(start)
    repeats = [c for c in inner if starts[c] == first]
    to_amount = [c for c in inner if kinds[c] == "amount" and kinds[c - 1] != "amount"]
    rest = [c for c in inner if c not in repeats and c not in to_amount]
    cuts = sorted((repeats + to_amount + rest)[: parts - 1])
    bounds = [start] + cuts + [end]
    return list(zip(bounds, bounds[1:], strict=False))
