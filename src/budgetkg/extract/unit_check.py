"""A document that prints no unit of money: its unit checked against the explanations' 万元 figures.

Each candidate unit (万元, 元, 千元, 亿元) scores the figures the explanations
state in 万元 that some table number meets in that unit; the best score wins
if it beats every other. 万元 confirmed is silent; another unit is used with a
``unit-inferred`` Warning naming it (and the tables are marked
``bkg:unitInferred``, which ``shapes/units.ttl`` reports); when nothing
confirms a unit the amounts are read as 万元 with a ``unit-unchecked`` Warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .facts import StatedFigure
from .numbers import read_number
from .records import Finding
from .units import THOUSAND_YUAN, WAN_YUAN, YI_YUAN, YUAN, Unit, to_wan_yuan

if TYPE_CHECKING:
    from .tables import LogicalTable

CANDIDATES = (WAN_YUAN, YUAN, THOUSAND_YUAN, YI_YUAN)


def _table_numbers(tables: list[LogicalTable]) -> set[Decimal]:
    """Every number the tables print, as printed (codes and counts too: they rarely collide)."""
    out: set[Decimal] = set()
    for table in tables:
        for r in table.rows:
            for t in r.texts:
                try:
                    n = read_number(t)
                except ValueError:
                    continue
                if n is not None and not n.percent and n.unit is None and n.value:
                    out.add(n.value)
    return out


def _agrees(figure: Decimal, numbers: set[Decimal], unit: Unit) -> bool:
    """A stated 万元 figure equals a table number in ``unit``, within the figure's own rounding."""
    exponent = figure.as_tuple().exponent
    half = Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    return any(abs(to_wan_yuan(n, unit) - figure) <= half for n in numbers)


def infer_document_unit(
    tables: list[LogicalTable], figures: Sequence[StatedFigure], findings: list[Finding]
) -> Unit:
    """The unit of tables that state none, from the explanations' 万元 figures; a finding says which.

    Each candidate unit (万元, 元, 千元, 亿元) scores the stated figures that
    some table number meets in that unit; the best score wins if it beats
    every other. 万元 confirmed is silent; another unit is a
    ``unit-inferred`` Warning; nothing confirmed is ``unit-unchecked``.
    """
    stated = [f.value for f in figures if f.value and f.unit == "万元" and f.measure != "asset-quantity"]
    numbers = _table_numbers([t for t in tables if t.units.source == "assumed"])
    scores = {u: sum(1 for v in stated if _agrees(v, numbers, u)) for u in CANDIDATES}
    ranked = sorted(CANDIDATES, key=lambda u: -scores[u])
    best, second = ranked[0], ranked[1]
    if scores[best] == 0 or scores[best] == scores[second]:
        findings.append(
            Finding(
                slug="unit-unchecked",
                message=(
                    "no table prints its unit and the explanations' figures confirm none: "
                    "amounts are read as 万元 (the standard tables' unit), unchecked"
                ),
            )
        )
        unit, inferred = WAN_YUAN, False
    else:
        unit, inferred = best, best != WAN_YUAN
        if inferred:
            findings.append(
                Finding(
                    slug="unit-inferred",
                    message=(
                        f"no table prints its unit; the tables' figures meet {scores[best]} of the "
                        f"{len(stated)} 万元 figures the explanations state only when read in {best.label}: "
                        f"amounts are read as {best.label} (unit inferred, ×{best.factor} to 万元)"
                    ),
                )
            )
    for table in tables:
        table.units.inherited = unit
        if table.units.source == "assumed":
            table.units.inferred = inferred
            table.units.source = "inferred" if inferred else "checked" if scores[best] else "assumed"
    return unit
