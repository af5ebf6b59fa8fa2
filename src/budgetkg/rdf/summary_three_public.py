"""“三公”经费 items on their line, materialised at ingest so a per-year row is one lookup per item.

A “三公”经费 line (one year of the table) has one ``qb:Observation`` per item;
reading a row from them takes, per item, the observation of that measure on
that line, its amount and whether only the text states it: a join per item
the store evaluates over every observation of the measure. So each such line
also says, directly, each item's amount (``bkg:threePublicAmount``,
``bkg:overseasTravelAmount``, ``bkg:officialVehicleAmount``,
``bkg:vehiclePurchaseAmount``, ``bkg:vehicleOperationAmount``,
``bkg:officialReceptionAmount``: the observation's own ``bkg:amount``
literal) and ``bkg:statedMeasure`` for each item whose observation is
``bkg:statedOnly`` (a 0.00 only the text states).

Derived from the document's own triples (the observations stay the data;
these are an index), so they cannot disagree with them.
"""

from __future__ import annotations

import pyoxigraph as ox

from .mint import measure_concept
from .namespaces import BKG

ITEMS = {  # measure slug -> the line's property
    "three-public": "threePublicAmount",
    "overseas-travel": "overseasTravelAmount",
    "official-vehicle": "officialVehicleAmount",
    "vehicle-purchase": "vehiclePurchaseAmount",
    "vehicle-operation": "vehicleOperationAmount",
    "official-reception": "officialReceptionAmount",
}
_MEASURES = {ox.NamedNode(measure_concept(slug)): slug for slug in ITEMS}
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


class _Obs:
    __slots__ = ("amount", "line", "measure", "stated")

    def __init__(self) -> None:
        self.line: ox.NamedNode | None = None
        self.measure: str | None = None
        self.amount: ox.Literal | None = None
        self.stated = False


# the predicates read, spelled once (compared with every triple of the document)
_P_MEASURE, _P_LINE = BKG + "measure", BKG + "budgetLine"
_P_AMOUNT, _P_STATED = BKG + "amount", BKG + "statedOnly"


def three_public_summary(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Each “三公”经费 observation's amount (and stated marker) on its line."""
    seen: dict[object, _Obs] = {}
    for t in triples:
        p = t.predicate.value
        if p == _P_MEASURE and t.object in _MEASURES:
            seen.setdefault(t.subject, _Obs()).measure = _MEASURES[t.object]  # type: ignore[index]
        elif p == _P_LINE and isinstance(t.object, ox.NamedNode):
            seen.setdefault(t.subject, _Obs()).line = t.object
        elif p == _P_AMOUNT and isinstance(t.object, ox.Literal):
            seen.setdefault(t.subject, _Obs()).amount = t.object
        elif p == _P_STATED and t.object == _TRUE:
            seen.setdefault(t.subject, _Obs()).stated = True
    out: list[ox.Triple] = []
    stated = ox.NamedNode(BKG + "statedMeasure")
    for obs in seen.values():
        if obs.measure is None or obs.line is None or obs.amount is None:
            continue
        out.append(ox.Triple(obs.line, ox.NamedNode(BKG + ITEMS[obs.measure]), obs.amount))
        if obs.stated:
            out.append(ox.Triple(obs.line, stated, ox.NamedNode(measure_concept(obs.measure))))
    return out


__all__ = ["ITEMS", "three_public_summary"]
