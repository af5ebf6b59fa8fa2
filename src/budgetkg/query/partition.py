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

A query ordered by other columns before the file name (``ORDER BY ?unit
DESC(?value) ?d0 ...``) names them on its slot line, ``# file-name range:
?document after ?unit DESC(?value)``: its pieces are then merged by those
columns (:func:`merge`), a piece's rows staying in its order and, where the
columns tie, an earlier range's rows coming first, as its names sort first.
The merge compares what SPARQL orders the same way in Python: unbound first,
numbers by value, simple strings by code point; a column holding anything
else (a language-tagged or typed string, a date, numbers exact and floating
mixed, a number and a string) leaves the merge to the store: the API asks
for the query whole (:class:`Unmergeable`).

A query whose ``ORDER BY`` is all columns it returns may say so, naming those
after the file name ``then`` (``# file-name range: ?document after ?unit
DESC(?value) then ?project ?indicator ...``): its order is the ``after``
columns, the file name, then these. The API then asks the store for the rows
unordered (:func:`unordered`: the query's last line, its ``ORDER BY``, taken
off) and sorts them itself by the same rules (:func:`sorted_rows`): the engine
compares two long strings by reading both from disk, a tie-breaker between
the rows of one document that cost a piece of ``indicator-benchmarks`` a
fifth of its time, where Python compares the strings it has read once.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

import pyoxigraph as ox

from ..rdf.namespaces import XSD
from .cache import PerState

# The slot: an indented comment line "# file-name range: ?var", optionally "after" the columns the query
# orders by before the file name (the header's lines are not indented).
RANGE_SLOT = re.compile(
    r"^([ \t]+)#[ \t]*file-name range:[ \t]*\?(\w+)"
    r"(?:[ \t]+after[ \t]+([^\n]*?))?(?:[ \t]+then[ \t]+([^\n]*?))?[ \t]*$",
    re.MULTILINE,
)
# A query's ORDER BY that the API may take off: its last line, nothing but blanks after it.
_ORDER_BY = re.compile(r"^ORDER BY[ \t][^\n]*\s*\Z", re.MULTILINE)
_KEY = re.compile(r"\s*(?:(ASC|DESC)\(\s*\?(\w+)\s*\)|\?(\w+))\s*", re.IGNORECASE)
# The numbers the merge compares, by their lexical forms (an ill-typed literal, "9.5"^^xsd:integer, is
# not a number to the store): exact ones, then floating ones.
_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBERS = {
    **{XSD + t: (1, _INTEGER) for t in ("integer", "int", "long", "short", "byte")},
    XSD + "decimal": (1, _DECIMAL),
    **{XSD + t: (2, _DECIMAL + r"(?:[eE][+-]?[0-9]+)?|[+-]?INF") for t in ("double", "float")},
}

NAMES = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT DISTINCT ?name WHERE { GRAPH ?g { ?doc bkg:sourceFile ?name } }"""

# A piece's documents, at least: below this a piece's own cost (the query's fixed part, a thread) is more
# than the rows it takes off the others (measured: 100 documents in two pieces 0.09 -> 0.06 s).
DOCUMENTS_PER_PIECE = 16


def has_range_slot(query: str) -> bool:
    """Whether the query text has a file-name range slot the API may fill: one whose ``after`` and ``then``
    columns, if it names any, read as sort keys (a query with a slot it cannot read is answered whole)."""
    if RANGE_SLOT.search(query) is None:
        return False
    try:
        leading_keys(query)
        trailing_keys(query)
    except ValueError:
        return False
    return True


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


@dataclass(frozen=True)
class SortKey:
    """One column the query orders by before the file name, and its direction."""

    variable: str
    descending: bool = False


class Unmergeable(ValueError):
    """A column of the pieces holds terms the merge does not compare as the store would."""


def leading_keys(query: str) -> list[SortKey]:
    """The columns named ``after`` on the query's range slot (none: the file name comes first).

    A slot whose ``after`` text is not a list of ``?var``, ``ASC(?var)`` or ``DESC(?var)`` is an
    error of the saved query, raised here."""
    m = RANGE_SLOT.search(query)
    return _keys((m.group(3) or "") if m else "")


def trailing_keys(query: str) -> list[SortKey]:
    """The columns named ``then`` on the query's range slot (none: the store orders the rows).

    Raises ValueError when the text after ``then`` is not a list of sort keys, or when the query does not
    end with one ``ORDER BY`` line the API could take off (:func:`unordered`)."""
    m = RANGE_SLOT.search(query)
    keys = _keys((m.group(4) or "") if m else "")
    if keys and _ORDER_BY.search(query) is None:
        raise ValueError("file-name range: 'then' columns, but the query does not end with its ORDER BY line")
    return keys


def sort_keys(query: str) -> list[SortKey]:
    """The whole order of a query with ``then`` columns: the ``after`` columns, the file name, then those."""
    m = RANGE_SLOT.search(query)
    return [*leading_keys(query), SortKey(m.group(2)), *trailing_keys(query)] if m else []


def unordered(query: str) -> str:
    """The query without its ``ORDER BY`` (its last line), for the API to order the rows itself."""
    return _ORDER_BY.sub("", query)


def _keys(spec: str) -> list[SortKey]:
    """Sort keys written as ``?var``, ``ASC(?var)`` or ``DESC(?var)``; ValueError for anything else."""
    keys, at = [], 0
    while at < len(spec):
        k = _KEY.match(spec, at)
        if k is None or k.end() == at:
            raise ValueError(f"file-name range: cannot read the columns after it: {spec!r}")
        keys.append(SortKey(k.group(2) or k.group(3), (k.group(1) or "").upper() == "DESC"))
        at = k.end()
    return keys


def merge(
    pieces: Sequence[Sequence[Any]], keys: list[SortKey], variables: list[str] | None = None
) -> list[Any]:
    """The pieces' solutions (each sorted by ``keys`` then the file name) as one answer in that order.

    A solution's columns are read by name, or by position in ``variables`` (the result's, faster).
    Raises :class:`Unmergeable` when a column holds terms not compared here as SPARQL orders them."""
    if len(pieces) < 2 or not keys:
        return [s for piece in pieces for s in piece]
    at = [variables.index(k.variable) if variables else k.variable for k in keys]
    terms = [[tuple(s[a] for a in at) for s in piece] for piece in pieces]
    orders = [_order(key, {row[i] for piece in terms for row in piece}) for i, key in enumerate(keys)]
    runs = [
        [(tuple(map(dict.__getitem__, orders, row)), s) for row, s in zip(rows, piece, strict=True)]
        for rows, piece in zip(terms, pieces, strict=True)
    ]
    return [s for _, s in heapq.merge(*runs, key=lambda run: run[0])]


def sorted_rows(
    rows: list[list[Any]], seen: dict[Any, Any], keys: list[SortKey], variables: list[str]
) -> list[list[Any]]:
    """Rows of Python values, sorted by ``keys`` as the store's ORDER BY sorts the solutions they were
    made of; where every key ties, in their order (Python's sort is stable). ``seen`` holds each
    distinct term of the solutions and its value (:class:`~budgetkg.query.result.RowMaker`).

    Each key column's distinct values are ranked once, by the terms they came from: every term that gave
    a value must rank as SPARQL orders it, the same as the others (a value printed as an exact number by
    one term and as a floating one by another is not one rank). Raises :class:`Unmergeable` when a key is
    not one of the ``variables``, or its column holds what is not compared here as the store would."""
    missing = [k.variable for k in keys if k.variable not in variables]
    if missing:
        raise Unmergeable(f"ordered by ?{missing[0]}, which the query does not return")
    terms: dict[Any, list[Any]] = {}  # a value -> the terms that gave it
    for term, value in seen.items():
        terms.setdefault(value, []).append(term)
    columns = []
    for key in keys:  # (map and itemgetter: the loops over the rows run in C)
        column = list(map(itemgetter(variables.index(key.variable)), rows))
        ordinal = _ordinals(key, set(column), terms)
        if len(ordinal) > 1:  # a column of one value orders nothing
            columns.append(list(map(ordinal.__getitem__, column)))
    if not columns:  # every row ties
        return rows
    order = list(zip(*columns, strict=True))  # each row's key, built in C (a Python key function per row: 3x)
    return [rows[i] for i in sorted(range(len(rows)), key=order.__getitem__)]


def _ordinals(key: SortKey, values: set[Any], terms: dict[Any, list[Any]]) -> dict[Any, int]:
    """Each distinct value of a key column as a number that sorts as SPARQL orders the terms it came
    from, in the key's direction (:func:`_ordinal`)."""
    rank: dict[Any, tuple[int, Any]] = {}
    for value in values:
        ranks = {_rank(term) for term in terms[value]}
        if len(ranks) > 1:
            raise Unmergeable(f"?{key.variable}: {value!r} comes from terms the store orders apart")
        rank[value] = ranks.pop()
    return _ordinal(key, rank)


def _order(key: SortKey, terms: set[Any]) -> dict[Any, int]:
    """Each distinct term of a column as a number that sorts as SPARQL orders it (:func:`_ordinal`)."""
    return _ordinal(key, {term: _rank(term) for term in terms})


def _ordinal(key: SortKey, ranks: dict[Any, tuple[int, Any]]) -> dict[Any, int]:
    """Each item of a column by its rank (:func:`_rank`) as a number: items that rank alike get one number
    (9.5 and 9.50 tie), and DESC is ASC reversed (unbound last). One kind of value a column, besides
    unbound, or :class:`Unmergeable`."""
    if len({r[0] for r in ranks.values()} - {0}) > 1:
        raise Unmergeable(f"?{key.variable} holds numbers and strings, or exact and floating numbers")
    place = {rank: i for i, rank in enumerate(sorted(set(ranks.values())))}
    sign = -1 if key.descending else 1
    return {item: sign * place[rank] for item, rank in ranks.items()}


def _rank(term: Any) -> tuple[int, Any]:
    """A term as SPARQL orders it among its column's: (0, 0) unbound, (1, n) an exact number, (2, x) a
    floating one, (3, s) a simple string; anything else (NaN among it) is :class:`Unmergeable`."""
    if term is None:
        return (0, 0)
    if isinstance(term, ox.Literal):  # a language-tagged one is an rdf:langString: neither of these
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return (3, term.value)
        kind, lexical = _NUMBERS.get(datatype, (0, ""))
        if kind and re.fullmatch(lexical, term.value):
            return (kind, Decimal(term.value.replace("INF", "Infinity")))
    raise Unmergeable(f"not compared in a merge: {term}")


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


__all__ = [
    "DOCUMENTS_PER_PIECE",
    "FileNameCache",
    "SortKey",
    "Unmergeable",
    "cut_points",
    "has_range_slot",
    "leading_keys",
    "merge",
    "piece_count",
    "pieces_of",
    "sort_keys",
    "sorted_rows",
    "trailing_keys",
    "unordered",
]
