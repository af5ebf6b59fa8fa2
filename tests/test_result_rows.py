"""Query solutions become rows of Python values (query/result.py), exactly as before the speed-up.

Each distinct term is converted once per answer; the rows must still hold, in
the SELECT's column order, the value and type each term's datatype gives.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from budgetkg.query.result import QueryResult, to_python

QUERY = """
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?z ?a ?b WHERE {
  VALUES (?a ?b ?z) {
    ("4444.90"^^xsd:decimal "一"@zh <https://example.org/x>)
    ("4444.90"^^xsd:decimal "7"^^xsd:integer UNDEF)
    ("4444.9"^^xsd:decimal "0.5"^^xsd:double "true"^^xsd:boolean)
    (UNDEF "1"^^xsd:boolean "2024"^^xsd:gYear)
    ("3"^^xsd:long "0"^^xsd:boolean "x")
  }
}"""


def test_rows_hold_each_terms_value_in_column_order() -> None:
    r = QueryResult.from_solutions(ox.Store().query(QUERY))
    assert r.columns == ["z", "a", "b"]
    assert r.rows == [
        ["https://example.org/x", Decimal("4444.90"), "一"],
        [None, Decimal("4444.90"), 7],
        [True, Decimal("4444.9"), 0.5],
        ["2024", None, True],
        ["x", 3, False],
    ]
    types = [[type(v).__name__ for v in row] for row in r.rows]
    assert types == [
        ["str", "Decimal", "str"],
        ["NoneType", "Decimal", "int"],
        ["bool", "Decimal", "float"],
        ["str", "NoneType", "bool"],
        ["str", "int", "bool"],
    ]


def test_a_repeated_term_gives_equal_values_and_each_row_its_own_list() -> None:
    r = QueryResult.from_solutions(ox.Store().query(QUERY))
    assert r.rows[0][1] == r.rows[1][1]
    r.rows[0][1] = None  # a row is the caller's to change (typed() does): the others keep theirs
    assert r.rows[1][1] == Decimal("4444.90")


def test_to_python_of_each_kind_of_term() -> None:
    assert to_python(None) is None
    assert to_python(ox.NamedNode("https://example.org/a")) == "https://example.org/a"
    assert to_python(ox.BlankNode("b1")) == "b1"
    assert to_python(ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int"))) == 12
    assert (
        to_python(ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#float"))) == 1.5
    )
    assert to_python(ox.Literal("x", language="en")) == "x"


def test_the_collector_is_paused_while_rows_are_made_and_then_as_it_was() -> None:
    import gc

    from budgetkg.query import result

    states: list[bool] = []
    real = result.python_rows

    def watching(solutions: object) -> list[list[object]]:
        states.append(gc.isenabled())
        return real(solutions)

    result.python_rows = watching  # type: ignore[assignment]
    try:
        assert gc.isenabled()
        QueryResult.from_solutions(ox.Store().query(QUERY))
        assert gc.isenabled() and states == [False]  # off while the rows were made, on again after
        gc.disable()  # a caller that turned it off keeps it off
        QueryResult.from_solutions(ox.Store().query(QUERY))
        assert not gc.isenabled() and states == [False, False]
    finally:
        gc.enable()
        result.python_rows = real
