"""Tables without vertical lines, found from the alignment of their text.

Two cases reach this module, both after ruled tables are taken out:

* tables with horizontal rules only: consecutive rules of similar width form
  a stack, and each band between two rules is a row;
* tables without any lines: a run of consecutive text lines that each break
  into several chunks at wide gaps; each line is a row, and a lone chunk under
  a text column continues the cell above (a wrapped name).

Columns come from *gutters*: x ranges that (almost) no row covers with text.
A header cell spanning several columns covers a gutter in one or two rows
only, so a gutter may be covered by up to a quarter of the rows. Each chunk
goes to the column where it starts, so a merged header's text lands in its
first column as the text dumps show it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..model import Cell
from ..wrap import join_wrapped
from .grid import BBox, PageTable
from .lines import Line, split_chunks
from .ruled import page_edges

MIN_RULE = 20.0  # shorter horizontal strokes are not table rules
MAX_BAND = 320.0  # a taller gap between rules does not hold one table row
MIN_GUTTER = 2.0
_AMOUNTISH = re.compile(r"^[-+]?[\d,.%]+$")
_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$")


@dataclass
class Rule:
    """A horizontal rule: its y, x extent and the stretches actually drawn.

    A rule under a row stops where a cell of that row merges with the row
    below, so ``segments`` tells which columns it separates.
    """

    y: float
    x0: float
    x1: float
    segments: list[tuple[float, float]]

    def covers(self, x: float) -> bool:
        """True when the rule is drawn at ``x``."""
        return any(a - 1.0 <= x <= b + 1.0 for a, b in self.segments)


def horizontal_rules(page: Any, exclude: list[BBox]) -> list[Rule]:
    """Horizontal strokes at least :data:`MIN_RULE` long, outside the given boxes, merged by y."""
    raw = []
    for e in page_edges(page):
        if e["orientation"] != "h":
            continue
        if e["x1"] - e["x0"] < MIN_RULE:
            continue
        y = float(e["top"])
        if any(b[0] - 1 <= e["x0"] and e["x1"] <= b[2] + 1 and b[1] - 2 <= y <= b[3] + 2 for b in exclude):
            continue
        raw.append(Rule(y, float(e["x0"]), float(e["x1"]), [(float(e["x0"]), float(e["x1"]))]))
    raw.sort(key=lambda r: r.y)
    merged: list[Rule] = []
    for r in raw:
        if merged and r.y - merged[-1].y <= 1.5:
            m = merged[-1]
            m.x0, m.x1 = min(m.x0, r.x0), max(m.x1, r.x1)
            m.segments = _union(m.segments + r.segments)
        else:
            merged.append(r)
    return merged


def rule_stacks(rules: list[Rule]) -> list[list[Rule]]:
    """Runs of rules close together and overlapping in x: candidate tables."""
    stacks: list[list[Rule]] = []
    for r in rules:
        if stacks:
            last = stacks[-1][-1]
            overlap = min(last.x1, r.x1) - max(last.x0, r.x0)
            shorter = min(last.x1 - last.x0, r.x1 - r.x0)
            if r.y - last.y <= MAX_BAND and overlap >= 0.5 * shorter:
                stacks[-1].append(r)
                continue
        stacks.append([r])
    return [s for s in stacks if len(s) >= 2]


# ------------------------------------------------------------------ columns


def _union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _depth_segments(bands: list[list[tuple[float, float]]]) -> list[tuple[float, float, int]]:
    """(x0, x1, number of bands with text there) for each stretch between interval ends."""
    points = sorted({x for band in bands for iv in band for x in iv})
    segments = []
    for a, b in pairwise(points):
        mid = (a + b) / 2
        depth = sum(1 for band in bands if any(x0 <= mid <= x1 for x0, x1 in band))
        segments.append((a, b, depth))
    return segments


def _runs(segments: list[tuple[float, float, int]], limit: int) -> list[tuple[float, float]]:
    """Maximal x ranges where at most ``limit`` bands have text."""
    runs: list[tuple[float, float]] = []
    for a, b, depth in segments:
        if depth > limit:
            continue
        if runs and runs[-1][1] == a:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def gutters(rows: list[list[Line]]) -> list[float]:
    """x positions between columns, from two kinds of evidence.

    * a stretch that no row has text in (text of any alignment);
    * a left edge shared by chunks of several rows (left-aligned columns),
      where at most a quarter of the rows have text reaching across from the
      left: those are header cells spanning several columns.

    A column holding text in only a few rows still gets its own boundary,
    and a spanning header no longer hides the columns below it.
    """
    bands = [_union([(c.x0, c.x1) for c in chunks]) for chunks in rows]
    segments = _depth_segments(bands)
    if not segments:
        return []
    left, right = segments[0][0], segments[-1][1]
    cuts = [(a + b) / 2 for a, b in _runs(segments, 0) if b - a >= MIN_GUTTER and left < a and b < right]
    limit = max(1, len(rows) // 4)
    chunks = [c for row in rows for c in row]
    shared = column_starts(rows)
    for x in shared + _lone_starts(chunks, shared):
        probe = x - 0.5
        if probe <= left + 1.0:
            continue
        crossing = [c for c in chunks if c.x0 < probe < c.x1]
        if sum(1 for row in rows if any(c in crossing for c in row)) > limit:
            continue
        members = [c for c in chunks if abs(c.x0 - x) <= 1.5]
        if _aligned_with(crossing, members):
            continue  # right- or centre-aligned text of one column, not a column start
        lone = x not in shared
        if lone and not all(any(abs(c.x0 - s) <= 1.5 for s in shared) for c in crossing):
            continue
        cuts.append(probe)
    return _distinct(sorted(cuts), [c.x0 for c in chunks])


def _lone_starts(chunks: list[Line], shared: list[float]) -> list[float]:
    """Left edges of chunks that share theirs with no other row: a column holding one text."""
    return sorted({round(c.x0, 1) for c in chunks if not any(abs(c.x0 - s) <= 1.5 for s in shared)})


def _aligned_with(crossing: list[Line], members: list[Line]) -> bool:
    """True when most crossing chunks end, or are centred, where most members do.

    Then the crossing text and the chunks starting at the candidate edge are
    right-aligned or centred in one column, and the edge starts no column.
    """
    def shares(c: Line) -> bool:
        right = sum(1 for m in members if abs(c.x1 - m.x1) <= 1.5)
        centre = sum(1 for m in members if abs((c.x0 + c.x1) - (m.x0 + m.x1)) <= 3.0)
        return max(right, centre) * 2 >= len(members)

    return bool(crossing) and sum(1 for c in crossing if shares(c)) * 2 > len(crossing)


def column_starts(rows: list[list[Line]]) -> list[float]:
    """Left edges shared (within 1.5 pt) by chunks of at least two rows."""
    edges = sorted((round(c.x0, 1), r) for r, chunks in enumerate(rows) for c in chunks)
    starts: list[float] = []
    group: list[tuple[float, int]] = []
    for edge in [*edges, (float("inf"), -1)]:
        if group and edge[0] - group[0][0] > 1.5:
            if len({r for _, r in group}) >= 2:
                starts.append(min(x for x, _ in group))
            group = []
        group.append(edge)
    return starts


def _distinct(cuts: list[float], starts: list[float]) -> list[float]:
    """Cuts that each open a column where some chunk starts (no empty columns, no duplicates)."""
    out: list[float] = []
    for i, cut in enumerate(cuts):
        nxt = cuts[i + 1] if i + 1 < len(cuts) else float("inf")
        if any(cut < x < nxt for x in starts):
            out.append(cut)
    return out


def _column(cuts: list[float], chunk: Line) -> int:
    return bisect_right(cuts, chunk.x0 + 0.5)


def build_table(rows: list[list[Line]], bbox: BBox, single_ok: bool = False) -> PageTable | None:
    """A table from rows of chunks, or None when the text shows fewer than two columns.

    ``single_ok`` accepts one column: rules between many rows show a table
    even where a page holds only one of its columns (a continued table).
    """
    cuts = gutters(rows)
    if not cuts and not single_ok:
        return None
    ncols = len(cuts) + 1
    cells: list[list[list[Line]]] = [[[] for _ in range(ncols)] for _ in rows]
    for r, chunks in enumerate(rows):
        for ch in chunks:
            cells[r][_column(cuts, ch)].append(ch)
    if not single_ok and not any(sum(1 for c in row if c) >= 2 for row in cells):
        return None
    xs = [bbox[0], *cuts, bbox[2]]
    out_rows = []
    for row in cells:
        out = []
        for c, pieces in enumerate(row):
            pieces.sort(key=lambda p: (round(p.top), p.x0))
            text = join_wrapped(p.text for p in pieces)
            box = _box(pieces) if pieces else (xs[c], bbox[1], xs[c + 1], bbox[3])
            out.append(Cell(text, box))
        out_rows.append(out)
    return PageTable(rows=out_rows, xs=xs, bbox=bbox, kind="aligned")


def _box(pieces: list[Line]) -> BBox:
    return (
        round(min(p.x0 for p in pieces), 2),
        round(min(p.top for p in pieces), 2),
        round(max(p.x1 for p in pieces), 2),
        round(max(p.bottom for p in pieces), 2),
    )


# ------------------------------------------------------------------ ruled rows


def stack_tables(stack: list[Rule], lines: list[Line]) -> list[tuple[PageTable, list[Line]]]:
    """The tables between a stack of rules, each with the lines it used.

    A band that is not a table row (only one-chunk lines, and much taller than
    the other bands or in another font size: the title between two tables)
    splits the stack.
    """
    x0 = min(r.x0 for r in stack) - 2
    x1 = max(r.x1 for r in stack) + 2
    ys = [r.y for r in stack]
    inner = [ln for ln in lines if ys[0] < ln.center_y < ys[-1] and ln.x0 >= x0 and ln.x1 <= x1]
    if not inner:
        return []
    bands: list[list[Line]] = [[] for _ in range(len(ys) - 1)]
    cells: list[list[Line]] = [[] for _ in range(len(ys) - 1)]
    for ln in inner:
        band = bisect_right(ys, ln.center_y) - 1
        bands[band].append(ln)
        for chunk in split_chunks(ln):
            cells[_merged_band(stack, band, (chunk.x0 + chunk.x1) / 2)].append(chunk)
    out = []
    for first, last in _row_runs(bands, ys):
        table, used = _band_table(bands[first:last], cells[first:last], ys[first : last + 1], x0 + 2, x1 - 2)
        if table is not None:
            out.append((table, used))
    return out


def _merged_band(stack: list[Rule], band: int, x: float) -> int:
    """The band a chunk belongs to: up past rules not drawn above it (a vertically merged cell)."""
    while band > 0 and not stack[band].covers(x):
        band -= 1
    return band


def _row_runs(bands: list[list[Line]], ys: list[float]) -> list[tuple[int, int]]:
    """Runs [first, last) of consecutive bands that look like table rows.

    A band of one-chunk lines is not a row when, compared with the nearest
    multi-column bands above and below, it is set in another font size or is
    much taller with lines spaced as paragraphs: a title between two tables.
    """
    lone = [bool(b) and all(len(split_chunks(ln)) == 1 for ln in b) for b in bands]
    rowlike = [i for i, b in enumerate(bands) if b and not lone[i]]
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(len(bands)):
        if lone[i] and _separates(bands, ys, i, _neighbours(rowlike, i)):
            if i > start:
                runs.append((start, i))
            start = i + 1
    if len(bands) > start:
        runs.append((start, len(bands)))
    return runs


def _neighbours(rowlike: list[int], i: int) -> list[int]:
    k = bisect_right(rowlike, i)
    return rowlike[max(0, k - 1) : k + 1]


def _separates(bands: list[list[Line]], ys: list[float], i: int, near: list[int]) -> bool:
    """True when lone band ``i`` differs from all its row-like neighbours (font or height)."""
    if not near:
        return False
    size = sorted(ln.size for ln in bands[i])[len(bands[i]) // 2]
    height = ys[i + 1] - ys[i]
    for j in near:
        other = sorted(ln.size for ln in bands[j])[len(bands[j]) // 2]
        same_font = abs(size - other) <= 0.6
        tall = height > 2.5 * (ys[j + 1] - ys[j]) and _spaced_lines(bands[i])
        if same_font and not tall:
            return False
    return True


def _spaced_lines(band: list[Line]) -> bool:
    """True when some lines stand apart as paragraphs do, not packed like a wrapped cell."""
    band = sorted(band, key=lambda ln: ln.top)
    return any(b.top - a.bottom > 0.8 * b.size for a, b in pairwise(band))


def _band_table(
    bands: list[list[Line]], cells: list[list[Line]], ys: list[float], x0: float, x1: float
) -> tuple[PageTable | None, list[Line]]:
    """A table from bands between rules.

    A band is one row (its lines are a cell's wrapped text), except a band
    where several lines carry amounts: rules that only frame the table or
    its header (a three-line table), with one row per line inside.
    """
    rows: list[list[Line]] = []
    for band, chunks in zip(bands, cells, strict=True):
        if sum(1 for ln in band if any(_is_amount(c.text) for c in split_chunks(ln))) >= 2:
            rows.extend(split_lines(band))
        else:
            rows.append(chunks)
    single_ok = sum(1 for row in rows if row) >= 3
    table = build_table(rows, (round(x0, 2), round(ys[0], 2), round(x1, 2), round(ys[-1], 2)), single_ok)
    return (table, [ln for b in bands for ln in b]) if table else (None, [])


def _is_amount(text: str) -> bool:
    """A published amount: decimals or thousands separators (``1,295.06``, ``50.00``)."""
    return bool(_AMOUNT.match("".join(text.split())))


def split_lines(lines: list[Line]) -> list[list[Line]]:
    """Rows from lines without rules between them.

    A line continues the row above (wrapped cell text) when it holds a lone
    non-number chunk under a text chunk of that row, or when it holds no
    number at all, every chunk sits under a text chunk and the row above is a
    data row (it has an amount). Header lines stay rows of their own.
    """
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        chunks = split_chunks(ln)
        if rows and _continues(chunks, rows[-1]):
            rows[-1].extend(chunks)
            continue
        rows.append(list(chunks))
    return rows


def _continues(chunks: list[Line], row: list[Line]) -> bool:
    if any(_AMOUNTISH.match(c.text.replace(" ", "")) for c in chunks):
        return False
    if len(chunks) == 1 and len(row) >= 2 and _under_text(chunks[0], row):
        return True
    data_row = any(_is_amount(c.text) for c in row)
    return data_row and all(_under_text(c, row) for c in chunks)


def _under_text(chunk: Line, row: list[Line]) -> bool:
    """True when the chunk starts under a text (non-amount) chunk of the row."""
    return any(
        abs(c.x0 - chunk.x0) <= chunk.size and not _AMOUNTISH.match(c.text.replace(" ", "")) for c in row
    )


# ------------------------------------------------------------------ no lines


def borderless_tables(lines: list[Line]) -> tuple[list[PageTable], list[Line]]:
    """Tables drawn without lines: runs of lines that break into aligned chunks."""
    tables: list[PageTable] = []
    used: list[Line] = []
    run: list[Line] = []
    ordered: list[Line | None] = [*sorted(lines, key=lambda ln: ln.top), None]
    for ln in ordered:
        if ln is not None and _continues_run(run, ln):
            run.append(ln)
            continue
        table, taken = _run_table(run)
        if table is not None:
            tables.append(table)
            used.extend(taken)
        run = [ln] if ln is not None and len(split_chunks(ln)) >= 2 else []
    return tables, used


def _continues_run(run: list[Line], ln: Line) -> bool:
    if not run:
        return len(split_chunks(ln)) >= 2
    gap = ln.top - run[-1].bottom
    if gap > 1.5 * ln.size:
        return False
    if len(split_chunks(ln)) >= 2:
        return True
    return _under_text(split_chunks(ln)[0], split_chunks(run[-1]))


def _run_table(run: list[Line]) -> tuple[PageTable | None, list[Line]]:
    """The table a run of lines makes: at least three lines with several chunks.

    Trailing one-chunk lines belong to it only as wrapped text of its last row.
    """
    if sum(1 for ln in run if len(split_chunks(ln)) >= 2) < 3:
        return None, []
    rows = split_lines(run)
    while rows and len(rows[-1]) < 2:
        rows.pop()
    kept = {id(c) for row in rows for c in row}
    run = [ln for ln in run if all(id(c) in kept for c in split_chunks(ln))]
    bbox = (
        round(min(ln.x0 for ln in run), 2),
        round(min(ln.top for ln in run), 2),
        round(max(ln.x1 for ln in run), 2),
        round(max(ln.bottom for ln in run), 2),
    )
    table = build_table(rows, bbox)
    return (table, run) if table else (None, [])
