"""Bind query parameters safely: as serialized RDF literals in a VALUES block.

The user's value never becomes SPARQL syntax: pyoxigraph serializes it as an
N-Triples literal (quotes, backslashes and newlines escaped), and that one
token is placed in ``VALUES ?_name { ... }`` at the start of the WHERE group,
so FILTERs in the group see it. A parameter left unset stays unbound.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _strip_comments(text: str) -> str:
    """The query with ``#`` comment lines blanked (same length), to search safely."""
    return "".join(" " * len(ln) if ln.lstrip().startswith("#") else ln for ln in text.splitlines(True))


def bind_parameters(query: str, values: dict[str, str]) -> str:
    """The query with ``VALUES ?_k { "v" }`` added for each parameter value."""
    if not values:
        return query
    m = _WHERE.search(_strip_comments(query))
    if m is None:
        raise ValueError("a query with parameters needs a WHERE { ... } clause")
    block = "".join(f"\n  VALUES ?_{k} {{ {ox.Literal(v)} }}" for k, v in values.items())
    return query[: m.end()] + block + query[m.end() :]
