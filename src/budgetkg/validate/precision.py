"""How finely each table prints its amounts: the rounding tolerance scales with it.

``Settings.rounding_tolerance`` (0.01 per summed figure) is meant for the
usual table: 万元 with two decimals, where one unit of the last printed digit
is 0.01 万元. A table printed in a coarser unit rounds at another place:
亿元 with four decimals at 1 万元, 亿元 with two at 100 万元. The tolerance is
multiplied by

    factor of the printed unit (bkg:factorToWanYuan) × 10^(2 − max(2, decimals))

where ``decimals`` is the most decimals any of the table's printed figures
(``bkg:printedAmount``) shows, and never by less than 1: the tolerance as set
is the floor in every unit, so a table printed more finely (元 to the fen)
is judged as its 万元 figures are, and a 万元 table with at most two
decimals keeps the tolerance as set. A finding on no table (a figure of the
explanations, a document total) gets the coarsest scale of the document's
tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ..rdf.namespaces import BKG, PROV

_QUERY = f"""
SELECT ?table ?factor ?printed WHERE {{
  ?item <{BKG}printedAmount> ?printed ; <{BKG}printedUnit> ?unit ; <{PROV}wasDerivedFrom> ?table .
  ?unit <{BKG}factorToWanYuan> ?factor .
}}
"""


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


@dataclass
class RoundingScales:
    """The tolerance multiplier of each table (by IRI) and of the document as a whole."""

    tables: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: ox.Store) -> RoundingScales:
        """The scales of the document in ``store`` (validation holds one document at a time)."""
        factors: dict[str, Decimal] = {}
        decimals: dict[str, int] = {}
        for row in store.query(_QUERY, use_default_graph_as_union=True):  # type: ignore[union-attr]
            table = row["table"].value
            factors[table] = max(factors.get(table, Decimal(0)), Decimal(row["factor"].value))
            decimals[table] = max(decimals.get(table, 0), _decimals(row["printed"].value))
        return cls({t: max(Decimal(1), f.scaleb(2 - max(2, decimals[t]))) for t, f in factors.items()})

    @property
    def document(self) -> Decimal:
        """The coarsest scale of any table, 1 when no table printed an amount."""
        return max(self.tables.values(), default=Decimal(1))

    def of(self, table: str | None) -> Decimal:
        """The scale for a finding on ``table`` (or on no table)."""
        if table is None or table not in self.tables:
            return self.document
        return self.tables[table]
