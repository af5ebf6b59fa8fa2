"""Self-correction of OCR'd amounts by the document's own arithmetic.

A scanned table's amounts come with the OCR engine's confidence. Where the
table's sums fail (the same checks :mod:`.reconcile` reports: 小计/合计
columns, 类/款/项 totals, the balance of a 收支总表; the 支出总表's lines
checked the same way), the least confident
amounts are tried with the digits OCR is known to confuse (0/8/6/9, 1/7,
3/8/9, 5/6), a lost or doubled decimal point, a thousands separator read as
a point and a doubled digit read once. Another reading OCR gave of the cell
(the cell's alternatives) is tried first.
A change is kept only when it alone makes sums reconcile exactly that
failed, breaks none that held, changes the figure by more than a cent
(a cent is the documents' own rounding), and no other single change does as well (else the
case is ambiguous and left alone). Each change is a finding
``ocr-corrected`` (Info) naming what was read, what is stored and why;
the sums of an OCR'd table that still fail give ``ocr-unreconciled``
(Warning) and its amounts stay as read. Nothing here changes printed text:
only cells that carry an OCR confidence are candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ..read.model import Cell, Document, Provenance, Row
from .disclosure import HANDLED, read_table
from .expenditure import extract_function_lines
from .facts import Amount, DisclosureLine
from .reconcile import SUM_CHECKS, check_table
from .records import Finding
from .tables import LogicalTable, logical_tables
from .text import compact, is_amount
from .three_public import FIELDS, extract_three_public

CONFUSIONS: dict[str, str] = {
    "0": "869",
    "8": "0369",
    "6": "0895",
    "9": "08653",
    "1": "7",
    "7": "1",
    "3": "89",
    "5": "69",
}
ROUNDING = Decimal("0.01")  # sums off by this much are the documents' own rounding, left to reconcile
_FIGURE = re.compile(r"-?\d+\.\d{2}\b")
CANDIDATES = 8  # the least confident OCR'd amounts of a failing table tried (besides those on failing lines)
ON_FAILING_LINES = 24  # at most this many amounts on failing lines are tried, least confident first
CORRECTED = "ocr-corrected"
UNRECONCILED = "ocr-unreconciled"

Key = tuple[str, Provenance | None, str]
Shape = list[tuple[Any, ...]]


@dataclass
class Fix:
    """One accepted correction."""

    table: LogicalTable
    row: Row
    cell: Cell
    read: str
    stored: str
    repaired: int  # how many failing sums it made reconcile


def variants(text: str) -> list[str]:
    """The readings OCR may have confused ``text`` with, most likely kinds first.

    Single-digit swaps from :data:`CONFUSIONS`; with two or more points, all but
    the last read as thousands separators (``1.234.56`` -> ``1,234.56``) or a
    doubled point dropped (``12..5`` -> ``12.5``); without a point, one put back
    before the last two digits (``1035124`` -> ``10351.24``); last, a digit
    of the whole part printed twice and read once (``1650.49`` -> ``16500.49``:
    OCR merges a pair of like glyphs).
    """
    t = compact(text)
    out: list[str] = []
    for i, ch in enumerate(t):
        for alt in CONFUSIONS.get(ch, ""):
            out.append(t[:i] + alt + t[i + 1 :])
    if t.count(".") >= 2:
        head, _, tail = t.rpartition(".")
        out.append(head.replace(".", ",") + "." + tail)
        out.append(t.replace("..", "."))
    if "." not in t and len(t.replace(",", "").lstrip("-")) > 2:
        out.append(t[:-2] + "." + t[-2:])
    whole = t.find(".") if "." in t else len(t)  # the decimals keep their printed number of places
    for i, ch in enumerate(t[:whole]):
        if ch.isdigit() and (i == 0 or t[i - 1] != ch):  # a digit printed twice, read once
            out.append(t[: i + 1] + ch + t[i + 1 :])
    seen = {t}
    result = []
    for v in out:
        if v not in seen and is_amount(v):
            seen.add(v)
            result.append(v)
    return result


def tried(cell: Cell) -> list[str]:
    """What a cell's figure may really be: the other readings OCR gave of it first, then :func:`variants`."""
    first = [a for a in cell.alternatives if a != cell.text and is_amount(a)]
    return list(dict.fromkeys([*first, *variants(cell.text)]))


def failures(table: LogicalTable, department: str, exact: bool = False) -> set[Key]:
    """The sums of the table that do not reconcile, as stable keys (check, line, what failed).

    Unless ``exact``, a sum missed by a cent is the document's own rounding and not counted.
    """
    return checked(table, department, exact)[0]


def checked(table: LogicalTable, department: str, exact: bool = False) -> tuple[set[Key], Shape]:
    """The table's failing sums (:func:`failures`) and its :func:`shape`, from one reading of it."""
    if table.kind == THREE_PUBLIC:
        return _three_public(table, exact)
    lines = lines_of(table)
    found: list[Finding] = []
    check_table(lines, table.title, department, found)
    keys = {
        (f.slug, f.prov, _subject(f.message))
        for f in found
        if f.slug in SUM_CHECKS and (exact or _off(f.message))
    }
    return keys | over_total(lines, table.title), shape(lines)


THREE_PUBLIC = "three-public"
ANY_YEAR = 1  # a 三公 group labelled with no year is checked as well (the year is not what is checked)


def _three_public(table: LogicalTable, exact: bool) -> tuple[set[Key], Shape]:
    """A 三公 table's failing sums (合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行) and its shape."""
    found: list[Finding] = []
    items = extract_three_public([table], ANY_YEAR, found)
    keys = {(f.slug, f.prov, _subject(f.message)) for f in found if exact or _off(f.message)}
    return keys, [(i.year, i.label, [f for f in FIELDS if getattr(i, f) is not None]) for i in items]


OVER_TOTAL = "item-over-total"


def over_total(lines: list[DisclosureLine], title: str) -> set[Key]:
    """The items of a two-sided table (收支总表) larger than their side's 本年 total, as failing keys.

    A 收支总表 lists its income items, some of them parts of others (财政拨款收入
    and 其中 一般公共预算收入), so they need not add up to 本年收入合计; but no
    item exceeds it. An OCR'd figure that lost its point (``165004`` for
    ``16500.49``) breaks that bound and nothing else: checked only here, for the
    OCR correction, so a printed table's findings stay as they were.
    """
    out: set[Key] = set()
    for side in ("income", "expenditure"):
        mine = [ln for ln in lines if ln.side == side]
        total = next((ln for ln in mine if ln.is_total and ln.name.startswith("本年")), None)
        if total is None or not total.amounts:
            continue
        bound = max(a.value for a in total.amounts)
        for ln in mine:
            if not ln.is_total and any(a.value > bound for a in ln.amounts):
                out.add((OVER_TOTAL, ln.prov, f"{title}: {ln.name}"))
    return out


def lines_of(table: LogicalTable) -> list[DisclosureLine]:
    """A table's lines as the sums check them (the 支出总表's function lines too)."""
    scratch: list[Finding] = []
    return summary_lines(table, scratch) if table.kind == "expenditure" else read_table(table, scratch)[0]


def shape(lines: list[DisclosureLine]) -> Shape:
    """What the lines are, without their figures: side, code, name, total or not, each amount's column.

    A correction changes figures only: a change that moves, drops or adds a line
    (a code cell's digits taken for an amount's) changes the shape and is refused.
    """
    return [
        (ln.side, ln.function_code, ln.name, ln.is_total, [(a.measure, a.fund, a.column) for a in ln.amounts])
        for ln in lines
    ]


def _off(message: str) -> bool:
    """True unless the sum misses by a rounding cent or less (a document's own rounding, not OCR)."""
    figures = _FIGURE.findall(message)
    if len(figures) < 2:
        return True
    return abs(Decimal(figures[-1]) - Decimal(figures[-2])) > ROUNDING


def summary_lines(table: LogicalTable, findings: list[Finding]) -> list[DisclosureLine]:
    """The expenditure summary's function lines as disclosure lines, so the same sums check them.

    合计 is the sum of 基本支出 and 项目支出 on each line; 类, 款 and the 合计 line
    are the sums of the lines below them.
    """
    out = []
    for fl in extract_function_lines([table], findings):
        amounts = [
            Amount(measure=m, value=v, column=c)
            for m, c, v in (
                ("total", "合计", fl.total),
                ("basic", "基本支出", fl.basic),
                ("project", "项目支出", fl.project),
            )
            if v is not None
        ]
        out.append(
            DisclosureLine(
                kind="expenditure",
                name=fl.name,
                amounts=amounts,
                function_code=fl.code,
                is_total=fl.is_total,
                table=fl.table,
                row_number=fl.row_number,
                prov=fl.prov,
            )
        )
    return out


def _subject(message: str) -> str:
    """What a sum finding is about, without the amounts (``表: 行: 列``)."""
    return message.split(" is ")[0]


def ocr_cells(table: LogicalTable) -> list[tuple[Row, Cell]]:
    """The table's OCR'd amount cells, least confident first."""
    cells = [
        (row, cell)
        for row in table.rows
        for cell in row.cells
        if cell.confidence is not None and is_amount(cell.text)
    ]
    return sorted(cells, key=lambda rc: rc[1].confidence or 0.0)


def candidates(table: LogicalTable, failing: set[Key]) -> list[tuple[Row, Cell]]:
    """The OCR'd amounts worth trying: those on lines whose sums fail, and the least confident.

    A misread figure breaks the sums of its own line (合计 = 基本 + 项目) where the table has
    them, whatever its confidence: OCR is sometimes sure of a wrong digit.
    """
    lines = {key[1] for key in failing}
    cells = ocr_cells(table)
    chosen = [rc for rc in cells if rc[0].prov in lines][:ON_FAILING_LINES]
    taken = {id(cell) for _, cell in chosen}
    return chosen + [rc for rc in cells[:CANDIDATES] if id(rc[1]) not in taken]


def correct_table(table: LogicalTable, department: str) -> tuple[list[Fix], set[Key]]:
    """Corrections accepted in one table, and the sums that still fail afterwards.

    Greedy: the best unrivalled single change is applied (:func:`unrivalled`),
    then the next is looked for, until no change repairs a failing sum. A
    change that only brings an item under its total (:func:`over_total`) is
    none: a bound says a figure is wrong, not what it is.
    """
    fixes: list[Fix] = []
    while failures(table, department):  # more than rounding fails
        failing, lines = checked(table, department, exact=True)
        found: list[Trial] = []
        for row, cell in candidates(table, failing):
            original = cell.text
            for alt in tried(cell):
                if abs(_value(alt) - _value(original)) <= ROUNDING:
                    continue  # a one-cent change cannot be told from the document's rounding
                cell.text = alt
                after, now = checked(table, department, exact=True)
                cell.text = original
                repairs = frozenset(failing - after)
                if after < failing and now == lines and any(k[0] != OVER_TOTAL for k in repairs):
                    found.append(Trial(row, cell, original, alt, repairs))
        best = unrivalled(found)
        if best is None:
            break  # nothing repairs, or every change has a rival: leave the figures as read
        best.cell.text = best.alt
        fixes.append(Fix(table, best.row, best.cell, best.original, best.alt, len(best.repairs)))
    return fixes, failures(table, department)


@dataclass(frozen=True)
class Trial:
    """One change tried: which cell, what it was read as, what was tried, which failing sums it repairs."""

    row: Row
    cell: Cell
    original: str
    alt: str
    repairs: frozenset[Key]


def unrivalled(trials: list[Trial]) -> Trial | None:
    """The change to apply: the one repairing most among those no other change rivals; None if none.

    Two changes are rivals when they repair a sum in common (or change the same
    cell): which one is right, the sums cannot tell. A change is rivalled by one
    that repairs as many sums or more; one that repairs fewer is a worse
    explanation and does not stand in its way. Changes repairing different sums
    (two misread figures in one table) do not rival each other.
    """
    for trial in sorted(trials, key=lambda t: -len(t.repairs)):
        rivals = [
            other
            for other in trials
            if other is not trial
            and len(other.repairs) >= len(trial.repairs)
            and (other.repairs & trial.repairs or other.cell is trial.cell)
        ]
        if not rivals:
            return trial
    return None


def _second(fix: Fix) -> str:
    return "; a second reading of the cell gave it" if fix.stored in fix.cell.alternatives else ""


def _value(text: str) -> Decimal:
    return Decimal(compact(text).replace(",", ""))


def correct_document(doc: Document, department: str, findings: list[Finding]) -> int:
    """Correct the OCR'd amounts of every disclosure table in ``doc`` in place; the number corrected.

    Each table is corrected by its own sums first, then the tables that print the same
    figures by each other (:mod:`.ocrcross`). Each correction and each OCR'd table whose
    sums still fail is added to ``findings``.
    """
    from .ocrcross import correct_across  # it builds on this module's checks

    count = 0
    tables = logical_tables(doc)
    kinds = (*HANDLED, "expenditure", THREE_PUBLIC)
    ocrd = [t for t in tables if t.kind in kinds and ocr_cells(t)]
    for table in ocrd:
        fixes, _ = correct_table(table, department)
        for fix in fixes:
            count += 1
            prov = replace(fix.row.prov, bbox=fix.cell.bbox)
            name = next((t for t in fix.row.texts if t and not is_amount(t)), f"row {fix.row.prov.row}")
            findings.append(
                Finding(
                    slug=CORRECTED,
                    message=f"{table.title}: {name}: OCR read {fix.read}, stored {fix.stored} "
                    f"(confidence {fix.cell.confidence:.2f}{_second(fix)}): with it {fix.repaired} "
                    "failing sum(s) reconcile and none breaks",
                    severity="Info",
                    table=table.number,
                    prov=prov,
                )
            )
    count += correct_across(tables, department, findings)
    for table in ocrd:
        failing = failures(table, department)
        if failing:
            over = sorted(key[2].split(": ", 1)[-1] for key in failing if key[0] == OVER_TOTAL)
            findings.append(
                Finding(
                    slug=UNRECONCILED,
                    message=f"{table.title}: {len(failing)} sum(s) of this OCR'd table still fail; "
                    "its amounts are stored as read"
                    + (f"; larger than their side's 本年 total: {', '.join(over)}" if over else ""),
                    table=table.number,
                    prov=table.parts[0].prov,
                )
            )
    return count


def ocr_report(doc: Document, findings: list[Finding]) -> dict[str, Any] | None:
    """How the document was OCR'd, for the ingest report: engine, version, pages, mean confidence,
    figures corrected and sums still failing (the tables' own checks, after correction); None if not OCR'd."""
    if doc.ocr is None:
        return None
    o = doc.ocr
    return {
        "engine": o.engine,
        "version": o.version,
        "lang": o.lang,
        "pages": list(o.pages),
        "mean_confidence": o.mean_confidence,
        "corrected": sum(1 for f in findings if f.slug == CORRECTED),
        "still_failing": sum(1 for f in findings if f.slug in SUM_CHECKS),
    }
