"""A header row shifted against its body (converter damage), found by the figures and put back.

PDF and Word converters sometimes print one row of a multi-row header a
column or two off its body: ``小计 | 一般公共预算 | 政府性基金预算`` two
columns right of the amounts they label. Read as printed, the labels land on
the wrong amounts (two columns both "财政拨款", a 合计 over a fund's
figures) and the table's observations come out wrong or duplicated.

The body is taken as the truth, and each label row of the header is tried
at every shift of up to :data:`MAX_SHIFT` columns either way. An alignment
is scored by what the body's figures say about it:

* labels over the wrong kind of data (an amount label over names, a name or
  code label over amounts, a 类 label over 2-digit codes or a 款 / 项 label
  over 3-digit ones, a column of amounts under no label or under a label
  that names no measure, a label right of the body's last column) count
  against it, once per data row;
* two amount columns that would measure the same thing (same measure, fund
  and side) count against it, once per data row; so do, on two-sided tables
  (收支总表), a filled column on neither side and a side without exactly one
  name column;
* each 合计 / 小计 cell that equals the columns it sums counts for it, each
  one that does not against it.

The best shift is used only when it scores at least :data:`MIN_GAIN`
higher than the header as printed (one more fitting figure is no
evidence); where no shift reconciles better, the header is left alone and
validation flags what does not add up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..read.model import Cell, Row
from .columns import TWO_SIDED, classify
from .header import column_kinds, header_size, is_label_row, read_header
from .reconcile import column_sums
from .text import compact, parse_amount

MAX_SHIFT = 3
MIN_GAIN = 2  # a realignment must explain at least this much more than the header as printed


@dataclass
class Realignment:
    """One header row put back over its columns."""

    row: int  # index of the row within its table part (0-based)
    by: int  # how many columns right of its body the row was printed (negative: left)
    before: int  # score of the header as printed
    after: int  # score once realigned


def realign_header(rows: list[Row], width: int, kind: str) -> tuple[list[Row], Realignment | None]:
    """The part's rows with a shifted header row put back, and what was moved (None: nothing)."""
    size = header_size(rows)
    if size == 0 or size >= len(rows):
        return rows, None
    body = max(len(r.cells) for r in rows[size:])
    good, bad, misfits, weight = _fit(rows, width, kind)
    if good and not bad and not misfits:
        return rows, None  # every label fits its figures and the sums add up: nothing to realign
    base = good - bad - misfits * weight
    best: tuple[list[Row], Realignment] | None = None
    for i in range(size):
        if not is_label_row(rows[i]) or len(rows[i].cells) < width:
            continue  # a collapsed row (a Word export's merged cells) has no column positions to shift
        for by in range(-MAX_SHIFT, MAX_SHIFT + 1):
            moved = _unshift(rows[i], by, width, body) if by else None
            if moved is None:
                continue
            candidate = rows[:i] + [moved] + rows[i + 1 :]
            value = score(candidate, max(len(r.cells) for r in candidate), kind)
            if value > (best[1].after if best else base):
                best = candidate, Realignment(row=i, by=by, before=base, after=value)
    if best is None or best[1].after - base < MIN_GAIN:
        return rows, None
    return best


def _unshift(row: Row, by: int, width: int, body: int) -> Row | None:
    """The row moved ``by`` columns left (right when negative), None when a label would fall off.

    Empty cells past the ``body``'s last column (pushed there by the shift) are dropped.
    """
    cells = row.cells + [Cell("") for _ in range(width - len(row.cells))]
    if by > 0:
        if any(c.text.strip() for c in cells[:by]):
            return None
        cells = cells[by:] + [Cell("") for _ in range(by)]
    else:
        if any(c.text.strip() for c in cells[width + by :]):
            return None
        cells = [Cell("") for _ in range(-by)] + cells[: width + by]
    end = len(cells)
    while end > body and not cells[end - 1].text.strip():
        end -= 1
    return Row(cells=cells[:end], prov=row.prov)


def score(rows: list[Row], width: int, kind: str) -> int:
    """How well the header's labels fit the figures of the body under them (higher is better)."""
    good, bad, misfits, weight = _fit(rows, width, kind)
    return good - bad - misfits * weight


def _fit(rows: list[Row], width: int, kind: str) -> tuple[int, int, int, int]:
    """Sums that reconcile, sums that do not, misfit labels, and the weight of a misfit (data rows)."""
    header = read_header(rows, width)
    data = rows[header.size :]
    kinds = column_kinds(data, width)
    columns = classify(header, kinds, kind)
    weight = max(1, sum(1 for r in data if any(_number(t) is not None for t in r.texts)))
    misfits = 0
    for col in columns:
        data_kind = kinds[col.index] if col.index < len(kinds) else "empty"
        if col.role == "amount" and data_kind == "text":
            misfits += 1
        elif col.role in ("name", "code", "seq") and data_kind == "amount":
            misfits += 1
        elif data_kind == "amount" and (
            col.role == "other" or (col.role == "amount" and col.measure is None)
        ):
            misfits += 1
        elif col.part and not _fits_part(
            col.part, [r.texts[col.index] for r in data if col.index < len(r.texts)]
        ):
            misfits += 1
    body = max((len(r.cells) for r in data), default=0)
    misfits += sum(1 for r in rows[: header.size] for t in r.texts[body:] if t)  # labels over no column
    keys = Counter((c.measure, c.fund, c.side) for c in columns if c.role == "amount" and c.measure)
    misfits += sum(n - 1 for n in keys.values())
    if kind in TWO_SIDED:  # every filled column belongs to a side, each side has one name column
        misfits += sum(1 for c in columns if c.side is None and kinds[c.index] != "empty")
        names = Counter(c.side for c in columns if c.role == "name")
        misfits += sum(abs(names[side] - 1) for side in ("income", "expenditure"))
    good = bad = 0
    amount_cols = [c.index for c in columns if c.role == "amount" and header.paths[c.index]]
    for row in data:
        texts = row.texts
        by_path: dict[tuple[str, ...], Decimal] = {}
        for c in amount_cols:
            value = _number(texts[c]) if c < len(texts) else None
            if value is not None:
                by_path[header.paths[c]] = value
        g, b = column_sums(by_path)
        good, bad = good + g, bad + b
    return good, bad, misfits, weight


_PART_DIGITS = {"类": 3, "款": 2, "项": 2}


def _fits_part(part: str, texts: list[str]) -> bool:
    """A 类 column holds 3-digit codes, a 款 or 项 column 2-digit ones (most of its digit cells)."""
    codes = [t for t in (compact(x) for x in texts) if t.isdigit()]
    right = sum(1 for t in codes if len(t) == _PART_DIGITS[part])
    return 2 * right >= len(codes)


def _number(text: str) -> Decimal | None:
    try:
        return parse_amount(text) if compact(text) else None
    except ValueError:
        return None
