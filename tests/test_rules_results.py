"""Query results as text, JSON and DataFrame columns, on hand-made rows."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pyoxigraph as ox

from budgetkg.query.frames import column
from budgetkg.query.result import QueryResult, format_value

D = Decimal


def test_decimals_print_plain_with_at_least_two_places() -> None:
    assert format_value(D("4444.9")) == "4444.90"
    assert format_value(D("5")) == "5.00"
    assert format_value(D("1E+2")) == "100.00"
    assert format_value(D("0.125")) == "0.125"  # more places are kept, never rounded away
    assert format_value(D("1E-7")) == "0.0000001"  # never an exponent
    assert format_value(D("-2.85")) == "-2.85"
    assert format_value(None) == ""
    assert format_value(3) == "3"
    assert format_value("公益性岗位补贴") == "公益性岗位补贴"


def test_csv_and_json() -> None:
    r = QueryResult(["a", "b"], [[D("1.5"), "x,y"], [None, 2]])
    assert r.to_csv() == 'a,b\n1.50,"x,y"\n,2\n'
    assert json.loads(r.to_json()) == [{"a": "1.50", "b": "x,y"}, {"a": None, "b": 2}]
    assert "公益" in QueryResult(["n"], [["公益"]]).to_json()  # not escaped


def test_a_column_dtype_follows_its_values() -> None:
    rows = [[D("1.50"), 1, True, "a", 1.5, "a"], [None, None, False, None, None, 2]]
    assert list(column(rows, 0)) == [D("1.50"), None] and column(rows, 0).dtype == object
    assert (
        list(column(rows, 0, "float").fillna(-1)) == [1.5, -1] and column(rows, 0, "float").dtype == "float64"
    )
    assert column(rows, 1).dtype == "Int64" and column(rows, 1).isna().tolist() == [False, True]
    assert column(rows, 2).dtype == "boolean" and column(rows, 2).tolist() == [True, False]
    assert column(rows, 3).dtype == "string" and column(rows, 3).tolist()[0] == "a"
    assert column(rows, 4).dtype == "float64"
    mixed = column(rows, 5)  # text and a number: kept as they are
    assert mixed.dtype == object and mixed.tolist() == ["a", 2]
    empty = column([[None], [None]], 0)
    assert empty.dtype == object and empty.tolist() == [None, None]
    assert isinstance(pd.DataFrame({"x": empty}), pd.DataFrame)


def test_a_boolean_reads_in_both_lexical_forms() -> None:
    from budgetkg.query.result import to_python

    boolean = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    assert [to_python(ox.Literal(v, datatype=boolean)) for v in ("true", "1", "false", "0")] == [
        True,
        True,
        False,
        False,
    ]  # fmt: skip  (Virtuoso answers 1 and 0)


def test_a_column_declared_boolean_takes_a_servers_1_and_0() -> None:
    from budgetkg.query.catalog import Column

    declared = [Column("ok", type="boolean"), Column("n")]
    r = QueryResult(["ok", "n"], [[1, 1], [0, 0], [True, 2], [None, 3], [2, 4]]).typed(declared)
    assert r.rows == [
        [True, 1],
        [False, 0],
        [True, 2],
        [None, 3],
        [2, 4],
    ]  # n stays a number; 2 no truth value
    assert r.to_csv() == "ok,n\nTrue,1\nFalse,0\nTrue,2\n,3\n2,4\n"


def test_json_is_indented_by_two() -> None:
    assert QueryResult(["a"], [[D("1")]]).to_json() == '[\n  {\n    "a": "1.00"\n  }\n]'
