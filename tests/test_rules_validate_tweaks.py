"""pySHACL's adjustments on hand-made values: a message gets a SELECT's values as they are
(backslashes included), from either form pySHACL hands them over in; the query check runs once
per text; the store view is truthy without counting (validate/pyshacl_tweaks.py)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

from budgetkg.validate import pyshacl_tweaks
from budgetkg.validate.pyshacl_tweaks import (
    StoreView,
    _bound_values,
    _format_message,
    literal_message_values,
    remember_checked_queries,
)


def test_bound_values_from_a_dict_or_a_tuple() -> None:
    given = {"n": 3}
    got = _bound_values(given)
    assert got == {"n": 3} and got is not given
    assert _bound_values(("f", "p", "v", {"n": 3})) == {"n": 3, "this": "f", "path": "p", "value": "v"}
    assert _bound_values(["f", None, "v"]) == {"this": "f", "value": "v"}
    assert _bound_values(("f", "p", "v", {"this": "x"})) == {"this": "f", "path": "p", "value": "v"}
    assert _bound_values("text") is None and _bound_values(3) is None


def test_values_go_into_the_message_literally() -> None:
    msg = "{?name} 为 {$n}，{?name} 又见；{?other} 不动"
    assert (
        _format_message(None, msg, {"name": r"$\geq 40\%$", "n": 3})
        == r"$\geq 40\%$ 为 3，$\geq 40\%$ 又见；{?other} 不动"
    )
    assert _format_message(None, msg, None) == msg
    assert _format_message(None, msg, "not values") == msg
    assert _format_message(None, "{?a.b}", {"a.b": "1", "ab": "2"}) == "1"  # the name is not a pattern


def test_the_tweaks_are_installed_once() -> None:
    literal_message_values()
    assert ConstraintComponent._format_sparql_based_result_message is _format_message
    remember_checked_queries()
    first = SPARQLQueryHelper.check_invalid_sparql
    assert getattr(first, "remembers", False) is True
    remember_checked_queries()
    assert SPARQLQueryHelper.check_invalid_sparql is first  # not wrapped twice


def test_a_query_text_is_checked_once(monkeypatch: Any) -> None:
    calls: list[tuple[str, Any, Any]] = []

    def check(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> str:
        calls.append((sparql_text, valuenode, extravars))
        if "BAD" in sparql_text:
            raise ValueError("refused")
        return "checked"

    monkeypatch.setattr(SPARQLQueryHelper, "check_invalid_sparql", check)
    monkeypatch.setattr(pyshacl_tweaks, "_passed", set())
    remember_checked_queries()
    wrapped = SPARQLQueryHelper.check_invalid_sparql
    assert wrapped.__name__ == "check"  # wraps keeps the name
    assert wrapped(None, "SELECT 1", valuenode="v", extravars=["b", "a"]) == "checked"
    assert wrapped(None, "SELECT 1", valuenode="w", extravars=["a", "b"]) is None  # same key: not again
    assert (
        wrapped(None, "SELECT 1", valuenode=None, extravars=["a", "b"]) == "checked"
    )  # no value node: another key
    assert wrapped(None, "SELECT 1", valuenode="v") == "checked"  # other extra variables: another key
    assert calls == [
        ("SELECT 1", "v", ["b", "a"]),
        ("SELECT 1", None, ["a", "b"]),
        ("SELECT 1", "v", None),
    ]
    for _ in range(2):  # a refused text is checked (and refused) every time
        try:
            wrapped(None, "BAD")
        except ValueError:
            pass
    assert len(calls) == 5


def test_the_store_view_is_true_even_when_empty() -> None:
    assert bool(StoreView(ox.Store())) is True
