"""Query results as pandas DataFrames with typed columns.

Money stays ``Decimal`` by default (an object column: pandas has no exact
decimal dtype of its own), or becomes float64 with ``numbers="float"`` for
plotting and statistics. Whole numbers become nullable ``Int64``, booleans
``boolean``, text ``string``; a column with no value at all stays ``object``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from .result import QueryResult

NUMBERS = ("decimal", "float")


def to_frame(result: QueryResult, numbers: str = "decimal") -> pd.DataFrame:
    """The result as a DataFrame; ``numbers`` is "decimal" (exact, default) or "float"."""
    if numbers not in NUMBERS:
        raise ValueError(f"numbers must be one of {', '.join(NUMBERS)}, not {numbers!r}")
    kinds = ["float" if c in result.floats else numbers for c in result.columns]
    columns = {c: column(result.rows, i, kinds[i]) for i, c in enumerate(result.columns)}
    return pd.DataFrame(columns, columns=result.columns)


def column(rows: list[list[Any]], index: int, numbers: str = "decimal") -> pd.Series:
    """One column as a Series whose dtype follows its values."""
    values = [r[index] for r in rows]
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pd.Series(values, dtype=object)
    if Decimal in kinds and kinds <= {Decimal, int}:
        if numbers == "float":
            return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
        return pd.Series([None if v is None else Decimal(v) for v in values], dtype=object)
    if kinds == {bool}:
        return pd.Series(values, dtype="boolean")
    if kinds == {int}:
        return pd.Series(values, dtype="Int64")
    if kinds <= {int, float}:
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
    if kinds == {str}:
        return pd.Series(values, dtype="string")
    return pd.Series(values, dtype=object)
