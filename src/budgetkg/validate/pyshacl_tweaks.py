"""Small adjustments to pySHACL: two keep it fast on a pyoxigraph store, one keeps it robust.

pySHACL is used as published; the first two only avoid work whose result cannot change:

- :class:`StoreView` is pySHACL's view of the validation store, made truthy
  without counting it. pySHACL tests ``datagraph or shapes_graph`` three times
  per result; on a pyoxigraph store that truth test is a COUNT of every triple
  (about 0.1 s on a large document), so each finding would cost a third of a second.
- :func:`remember_checked_queries` makes pySHACL check each SHACL-SPARQL query
  text once. It re-checks the text (no MINUS, VALUES, SERVICE ...) with
  backtracking regular expressions on every evaluation, about 10 ms per long
  query and some 0.25 s per document; the check depends only on the text.

And :func:`literal_message_values` makes pySHACL put a SELECT's values into a
message as they are: it substitutes them with :func:`re.sub`, which reads a
backslash in a value (a name or an indicator printed as ``$\\geq 40\\%$``) as an
escape and fails or garbles the message.
"""

from __future__ import annotations

import re
from functools import wraps
from typing import Any

from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.graph_abstraction import OxigraphDataGraph
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper


class StoreView(OxigraphDataGraph):
    """pySHACL's view of a pyoxigraph store that is truthy without counting its triples."""

    def __bool__(self) -> bool:
        return True


_passed: set[tuple[str, bool, tuple[str, ...]]] = set()


def remember_checked_queries() -> None:
    """Let pySHACL skip re-checking a query text it already accepted (idempotent)."""
    check = SPARQLQueryHelper.check_invalid_sparql
    if getattr(check, "remembers", False):
        return

    @wraps(check)
    def checked_once(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> Any:
        key = (sparql_text, valuenode is None, tuple(sorted(extravars or ())))
        if key in _passed:
            return None
        result = check(self, sparql_text, valuenode=valuenode, extravars=extravars)
        _passed.add(key)  # reached only when the check raised nothing
        return result

    checked_once.remembers = True  # type: ignore[attr-defined]
    SPARQLQueryHelper.check_invalid_sparql = checked_once  # type: ignore[method-assign]


def _bound_values(bound_vars: Any) -> dict[str, Any] | None:
    """The values pySHACL offers a message: the SELECT's variables and this/path/value."""
    if isinstance(bound_vars, dict):
        return dict(bound_vars)
    if not isinstance(bound_vars, (tuple, list)):
        return None
    values: dict[str, Any] = dict(bound_vars[3]) if len(bound_vars) == 4 else {}
    for name, value in zip(("this", "path", "value"), bound_vars[:3], strict=False):
        if value is not None:
            values[name] = value
    return values


def format_message(self: Any, msg: str, bound_vars: Any) -> str:
    """A SHACL-SPARQL message with ``{?var}``/``{$var}`` replaced by the bound values, as they are."""
    values = _bound_values(bound_vars) if bound_vars is not None else None
    if values is None:
        return msg
    for name, value in values.items():
        placeholder = re.compile(r"\{[?$]" + re.escape(str(name)) + r"\}")
        msg = placeholder.sub(_literally(str(value)), msg)
    return msg


_format_message = format_message  # the name the rule tests use


def _literally(text: str) -> Any:
    """A re.sub replacement that inserts ``text`` as it is."""

    def replace(_match: re.Match[str]) -> str:
        return text

    return replace


def literal_message_values() -> None:
    """Let pySHACL substitute message values literally (no escape processing)."""
    ConstraintComponent._format_sparql_based_result_message = format_message  # type: ignore[method-assign]
