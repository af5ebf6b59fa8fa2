"""Two small adjustments that keep pySHACL fast on a pyoxigraph store.

pySHACL is used as published; these only avoid work whose result cannot change:

- :class:`StoreView` is pySHACL's view of the validation store, made truthy
  without counting it. pySHACL tests ``datagraph or shapes_graph`` three times
  per result; on a pyoxigraph store that truth test is a COUNT of every triple
  (about 0.1 s on a large document), so each finding would cost a third of a second.
- :func:`remember_checked_queries` makes pySHACL check each SHACL-SPARQL query
  text once. It re-checks the text (no MINUS, VALUES, SERVICE ...) with
  backtracking regular expressions on every evaluation, about 10 ms per long
  query and some 0.25 s per document; the check depends only on the text.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

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
