"""Self-correction of OCR'd amounts across tables: the same figure printed in two tables.

A department budget prints each function line's 合计 twice: in the 收入总表
(by where the money comes from) and in the 支出总表 (by what it is spent on);
their totals are the same figure again. It prints each fund's income twice
too: the 收支总表's 一般公共预算拨款收入 is the 财政拨款收支总表's 一般公共预算拨款.
When a scanned table's own sums
cannot tell a misread (the table has no 小计 column, or every line of a
class is misread alike), the other table can: if two tables disagree on a
line's figure and only one of them reconciles with itself, the other's amounts
on that line are tried with their other readings and the known OCR
confusions (:func:`.ocrfix.tried`), and with the other table's figure when
the reading is that figure with one or two characters lost (``165004`` for
``16500.49``: only the other table can say which were lost). A change is kept only when it alone
makes the line agree with the trusted table, leaves every sum of its own
table that held holding and every sum on its own line reconciling; each is a
finding ``ocr-corrected`` that names the other table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from .facts import DisclosureLine
from .ocrfix import CORRECTED, Key, checked, failures, lines_of, ocr_cells, tried
from .records import Finding
from .tables import LogicalTable
from .text import is_amount

TWINS = ("income", "expenditure")  # tables that print every function line's 合计, the same figure
FUNDS = ("income-expenditure", "fiscal-income-expenditure")  # tables that print each fund's income
LOST = 2  # at most this many characters OCR lost of a figure another table prints
Place = tuple[str, str]  # ("code", "2080107"), ("total", "") or ("fund", "general-public")


def totals(table: LogicalTable) -> dict[Place, tuple[Decimal, DisclosureLine]]:
    """Each function line's and the total line's 合计 in a table."""
    out: dict[Place, tuple[Decimal, DisclosureLine]] = {}
    for line in lines_of(table):
        value = line.amount("total")
        if value is None:
            continue
        place: Place | None = ("total", "") if line.is_total else ("code", line.function_code or "")
        if place and (place[0] == "total" or place[1]) and place not in out:
            out[place] = (value, line)
    return out


def fund_income(table: LogicalTable) -> dict[Place, tuple[Decimal, DisclosureLine]]:
    """Each fund's income line of a two-sided table (收支总表): its first figure."""
    out: dict[Place, tuple[Decimal, DisclosureLine]] = {}
    for line in lines_of(table):
        if line.side != "income" or line.is_total or not line.amounts:
            continue
        fund = line.amounts[0].fund
        if fund and ("fund", fund) not in out:
            out[("fund", fund)] = (line.amounts[0].value, line)
    return out


Figures = Callable[[LogicalTable], dict[Place, tuple[Decimal, DisclosureLine]]]
PAIRS: list[tuple[tuple[str, str], Figures, str]] = [
    (TWINS, totals, "this line's 合计"),
    (FUNDS, fund_income, "this fund's income"),
]


def correct_across(tables: list[LogicalTable], department: str, findings: list[Finding]) -> int:
    """Correct OCR'd figures that another table printing them contradicts; the number corrected."""
    return sum(_correct_pair(tables, *pair, department, findings) for pair in PAIRS)


def _correct_pair(
    tables: list[LogicalTable],
    kinds: tuple[str, str],
    figures: Figures,
    what: str,
    department: str,
    findings: list[Finding],
) -> int:
    twins = [t for t in tables if t.kind in kinds]
    if len({t.kind for t in twins}) < 2 or not any(ocr_cells(t) for t in twins):
        return 0
    trusted = {id(t): not failures(t, department) for t in twins}
    printed: dict[Place, list[tuple[LogicalTable, Decimal, DisclosureLine]]] = defaultdict(list)
    for t in twins:
        for place, (value, line) in figures(t).items():
            printed[place].append((t, value, line))
    count = 0
    for place, seen in printed.items():
        sure = {value for t, value, _ in seen if trusted[id(t)]}
        if len({v for _, v, _ in seen}) < 2 or len(sure) != 1:
            continue  # all agree, or no single figure a table that reconciles vouches for
        target = sure.pop()
        for table, value, line in seen:
            if value == target or trusted[id(table)]:
                continue
            fix = _fix_line(table, line, figures, place, target, department)
            if fix is not None:
                count += 1
                other = next(t for t, v, _ in seen if v == target and trusted[id(t)])
                findings.append(
                    Finding(
                        slug=CORRECTED,
                        message=f"{table.title}: {line.name}: OCR read {fix[0]}, stored {fix[1]} "
                        f"(confidence {fix[2]:.2f}): {other.title} prints {what} as {target}, "
                        "and with it every sum of the line reconciles and none breaks",
                        severity="Info",
                        table=table.number,
                        prov=replace(line.prov, bbox=fix[3]) if line.prov else None,
                    )
                )
    return count


Applied = tuple[str, str, float, "tuple[float, float, float, float] | None"]  # read, stored, confidence, box


def _fix_line(
    table: LogicalTable,
    line: DisclosureLine,
    figures: Figures,
    place: Place,
    target: Decimal,
    department: str,
) -> Applied | None:
    """Apply the one change on ``line``'s row that makes its figure ``target`` and breaks nothing."""
    row = next((r for r in table.rows if line.prov is not None and r.prov == line.prov), None)
    if row is None:
        return None
    before, lines = checked(table, department, exact=True)
    good = []
    for cell in row.cells:
        if cell.confidence is None or not is_amount(cell.text):
            continue
        original = cell.text
        for alt in [*tried(cell), *lost(original, target)]:
            cell.text = alt
            now = figures(table).get(place)
            after, shape = checked(table, department, exact=True)
            cell.text = original
            same = shape == lines and after <= before and not _on(after, line)
            if now is not None and now[0] == target and same:
                good.append((cell, original, alt))
    if len(good) != 1:
        return None  # nothing, or two changes that do as well: leave the figures as read
    cell, original, alt = good[0]
    cell.text = alt
    return original, alt, cell.confidence or 0.0, cell.bbox


def lost(read: str, target: Decimal) -> list[str]:
    """``target`` as printed (two places, grouped if ``read`` is), when ``read`` is it with 1 to
    :data:`LOST` characters lost and at least three kept; else nothing."""
    t = "".join(read.split())
    full = f"{target:,.2f}" if "," in t else f"{target:.2f}"
    missing = len(full) - len(t)
    if not 1 <= missing <= LOST or sum(ch.isdigit() for ch in t) < 3:
        return []
    rest = iter(full)
    return [full] if all(ch in rest for ch in t) else []


def _on(failing: set[Key], line: DisclosureLine) -> bool:
    """True when a failing sum is about ``line``'s own row."""
    return any(key[1] == line.prov for key in failing)
