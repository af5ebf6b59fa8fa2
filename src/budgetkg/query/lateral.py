"""``LATERAL`` where a saved query marks it, for the stores that read it.

Oxigraph's planner joins two groups by hash when it estimates that cheaper,
reading each group whole: for a query that starts from a range of documents
and then looks up each document's indicators, that reads every indicator of
the store, whatever the range. ``LATERAL`` (SEP-0006, which Oxigraph reads)
evaluates the group after it once per row before it, with that row's
variables bound, so the look-ups follow the rows. It is not SPARQL 1.1, so a
saved query writes it as a comment line, only ``# lateral`` indented in the
body; the API makes it the keyword on a store that reads it (the embedded
store, an Oxigraph server). Elsewhere the line is a comment and the two groups
are joined: the same answer whenever the group after the line binds what it
uses itself (a group whose ``FILTER`` or ``BIND`` read a variable of the row
before would differ, so saved queries put none there).
"""

from __future__ import annotations

import re

# The marker: an indented comment line "# lateral" (the header's lines are not indented).
_MARKER = re.compile(r"^([ \t]+)#[ \t]*lateral[ \t]*$", re.MULTILINE)


def has_lateral(query: str) -> bool:
    """Whether the query text marks a ``LATERAL``."""
    return _MARKER.search(query) is not None


def with_lateral(query: str) -> str:
    """The query with each ``# lateral`` line the keyword ``LATERAL`` (its indentation kept)."""
    return _MARKER.sub(lambda m: m.group(1) + "LATERAL", query)


__all__ = ["has_lateral", "with_lateral"]
