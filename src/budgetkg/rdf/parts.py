"""Several facts of one resource in one plain string, for the queries that list many of them.

Over a national corpus a query that lists every department's rows pays one
index look-up per property per row. So the ingest-time index also writes, on
the resources such queries list, some of their properties again in one
string: their values' lexical forms in a fixed order, each separated from the
next by a tab, an absent value empty. A SPARQL 1.1 query splits it with
``STRBEFORE`` and ``STRAFTER`` on any store (``indicator-benchmarks`` reads
``bkg:targetParts``, ``spending-by-economic-class`` ``bkg:basicLineParts``).

Only the last part may hold a tab: a query splits at the tabs before it. The
parts before it are codes, numbers and fixed words; one that holds a tab
anyway is refused (``ValueError``) rather than written where it would be read
back wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

SEPARATOR = "\t"


def join_parts(head: Sequence[str | None], last: str | None) -> str:
    """The parts in one string: ``head`` (each free of tabs) then ``last``, None written as empty."""
    fields = tuple(part or "" for part in head)
    if any(SEPARATOR in part for part in fields):
        raise ValueError(f"a part before the last holds a tab: {fields!r}")
    return SEPARATOR.join((*fields, last or ""))


__all__ = ["SEPARATOR", "join_parts"]
