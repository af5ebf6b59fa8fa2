"""Query results as rows of Python values, and their table/CSV/JSON renderings.

Money comes back from the store as ``xsd:decimal``; it is kept as Decimal and
printed with at least two decimals (``4444.90``), as budgets publish it.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from ..rdf.namespaces import XSD

_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}


def _boolean(text: str) -> bool:
    return text in ("true", "1")  # both are XSD's lexical forms of true; Virtuoso answers 1


_CONVERT: dict[str, Callable[[str], Any]] = {  # a literal's datatype -> its Python value; others are str
    XSD + "decimal": Decimal,
    **dict.fromkeys(_INTEGER_TYPES, int),
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
}


def to_python(term: Any) -> Any:
    """A result term as a Python value: Decimal, int, float, bool, str or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _CONVERT.get(term.datatype.value)
        return term.value if convert is None else convert(term.value)
    return term.value


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off while a large answer's rows are made, then as it was.

    The rows are many small objects and no cycles, yet every few hundred of them
    start a collection that walks the answer made so far, again and again: at
    10,000 departments that doubled the time of turning 246,000 rows into Python
    values (0.63 -> 1.37 s). Another thread pausing it at the same time leaves
    it on once the first to have paused it is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def python_rows(solutions: Any) -> list[list[Any]]:
    """Each solution's values in the variables' order (None where unbound), as Python values.

    A whole-corpus answer repeats the same terms (a document, a department, a
    unit) in thousands of rows: each distinct term is converted once.
    """
    maker = RowMaker()
    return [maker(solution) for solution in solutions]


class RowMaker:
    """Solutions into rows of Python values, one at a time, each distinct term converted once for a
    whole answer: the threads of its pieces share one (a term two of them meet at once is converted
    twice, to the same value). ``seen`` holds each distinct term and its value."""

    def __init__(self) -> None:
        self.seen: dict[Any, Any] = {}

    def __call__(self, solution: Any) -> list[Any]:
        seen, row = self.seen, []
        for term in solution:  # a solution iterates its values in the variables' order
            try:
                value = seen[term]
            except KeyError:
                value = seen[term] = to_python(term)
            row.append(value)
        return row


def format_value(value: Any) -> str:
    """Text for a cell: decimals with at least 2 places, None as ''."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        exp = value.as_tuple().exponent
        if isinstance(exp, int) and exp > -2:
            value = value.quantize(Decimal("0.01"))
        return format(value, "f")
    return str(value)


@dataclass
class QueryResult:
    """Columns and rows of a SELECT."""

    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)  # for the user: a default used, an empty filter
    floats: set[str] = field(default_factory=set)  # columns that are measures, not money: float in DataFrames

    def typed(self, declared: list[Any]) -> QueryResult:
        """Take the column types a saved query declares (``type: float``, ``boolean``); returns self.

        A boolean column's 1 and 0 become True and False: a server may answer a
        comparison (``?a = ?b``) as an integer, Virtuoso does.
        """
        self.floats = {c.name for c in declared if c.type == "float"}
        booleans = {c.name for c in declared if c.type == "boolean"}
        for i in [i for i, name in enumerate(self.columns) if name in booleans]:
            for row in self.rows:
                if isinstance(row[i], int) and not isinstance(row[i], bool) and row[i] in (0, 1):
                    row[i] = bool(row[i])
        return self

    @classmethod
    def from_solutions(cls, solutions: Any) -> QueryResult:
        with collection_paused():
            return cls([v.value for v in solutions.variables], python_rows(solutions))

    def to_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow([format_value(v) for v in r])
        return out.getvalue()

    def to_json(self) -> str:
        rows = [
            {c: (format_value(v) if isinstance(v, Decimal) else v) for c, v in d.items()}
            for d in self.to_dicts()
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2)
