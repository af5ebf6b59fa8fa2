"""Split a saved query by ranges of file names, so that the store answers it on several cores.

A large answer costs the embedded store one index look-up per column per row
(benchmarks/README.md), on one core. A saved query whose rows are ordered by
the document's file name first (``ORDER BY ?d0 ?d1 ?d2 ?d_rest ...``, the
name in pieces) can be answered in pieces instead: the documents whose names
fall in ``[a, b)``, ``[b, c)``, ... each in a thread of its own (pyoxigraph
evaluates without holding Python's lock), and the pieces' rows put one after
the other in range order are the whole answer in its order. A range holds
every document of a name, so two documents printed under the same file name
(two departments' ``2024年部门预算.pdf``) are sorted within one piece, and a
``DISTINCT`` never has to compare rows of two pieces (they differ in the name).

Where: an indented comment line ``# file-name range: ?document`` in the group
that binds the file name (``?doc bkg:sourceFile ?document``, a required
pattern: a row without a file name would fail the range's filter). The API
writes there ``FILTER(?document >= "a" && ?document < "b")`` (the first range
has no lower bound, the last no upper one, so any name is in exactly one
range, whatever names the store holds when the query runs). The API cuts
on its embedded store and on an Oxigraph server (``store.answers_in_pieces``);
for a SPARQL client and other servers it stays a comment and the query runs
whole.
SPARQL compares simple literals by code point (Oxigraph: Rust's ``str``
order), as Python's ``sorted`` does, and the pieces' ``ORDER BY`` on the
name's pieces gives the same order as the name itself.

The cut points come from the store's file names, listed once per state of the
store (:class:`FileNameCache`); a list older than the snapshot the pieces read
only makes the pieces less even, never the answer different.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from .cache import PerState

# The slot: an indented comment line "# file-name range: ?var" (the header's lines are not indented).
RANGE_SLOT = re.compile(r"^([ \t]+)#[ \t]*file-name range:[ \t]*\?(\w+)[ \t]*$", re.MULTILINE)

NAMES = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT DISTINCT ?name WHERE { GRAPH ?g { ?doc bkg:sourceFile ?name } }"""

# A piece's documents, at least: below this a piece's own cost (the query's fixed part, a thread) is more
# than the rows it takes off the others (measured: 100 documents in two pieces 0.09 -> 0.06 s).
DOCUMENTS_PER_PIECE = 16


def has_range_slot(query: str) -> bool:
    """Whether the query text has a file-name range slot the API may fill."""
    return RANGE_SLOT.search(query) is not None


def cut_points(names: Iterable[str], pieces: int) -> list[str]:
    """Up to ``pieces - 1`` names, increasing, that cut the sorted distinct ``names`` into even ranges.

    Each is the first name of a range after the first; none is the smallest name (the first range
    would be empty), so fewer come back when there are fewer distinct names than pieces.
    """
    distinct = sorted(set(names))
    n = len(distinct)
    points = {distinct[i * n // pieces] for i in range(1, pieces)} if n else set()
    return sorted(p for p in points if p != distinct[0])


def pieces_of(query: str, points: list[str]) -> list[str]:
    """The query once per range between the cut points, its range slots filled, in range order."""
    bounds: list[str | None] = [None, *points, None]
    return [_bind(query, low, high) for low, high in zip(bounds, bounds[1:], strict=False)]


def _bind(query: str, low: str | None, high: str | None) -> str:
    def fill(m: re.Match[str]) -> str:
        var = m.group(2)
        tests = [f"?{var} >= {ox.Literal(low)}"] if low is not None else []
        tests += [f"?{var} < {ox.Literal(high)}"] if high is not None else []
        return f"{m.group(1)}FILTER({' && '.join(tests)})" if tests else m.group(1) + "# the whole range"

    return RANGE_SLOT.sub(fill, query)


def piece_count(threads: int, documents: int) -> int:
    """How many pieces: one per thread, as long as each has ``DOCUMENTS_PER_PIECE`` documents."""
    return max(1, min(threads, documents // DOCUMENTS_PER_PIECE))


def file_names(store: Any) -> tuple[str, ...]:
    """The store's distinct file names, sorted."""
    return tuple(sorted(r["name"].value for r in store.select(NAMES)))


class FileNameCache(PerState[tuple[str, ...]]):
    """The store's distinct file names, listed again only when the store's state token changes."""

    def __init__(self) -> None:
        super().__init__(file_names)


__all__ = ["DOCUMENTS_PER_PIECE", "FileNameCache", "cut_points", "has_range_slot", "piece_count", "pieces_of"]
