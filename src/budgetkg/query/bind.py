"""Bind query parameters safely: each value as one serialized RDF term in place of its variable.

The user's value never becomes SPARQL syntax: pyoxigraph serializes it as an
N-Triples literal (quotes, backslashes and newlines escaped) or IRI, and that
one token replaces every ``?_name`` of the query; ``BOUND(?_name)`` becomes
``true``. A parameter left unset stays an unbound variable, so
``FILTER(!BOUND(?_name) || ...)`` lets everything through.

Why constants and not a ``VALUES`` block: the engine's planner orders a
query by the terms each pattern has bound. A constant sits in the pattern or
filter that uses it -- a department's name filters right after the pattern
that binds the name, a function's concept starts the lookup of its lines --
whereas a ``VALUES`` block is joined on its own and a filter that reads it
waits until every pattern of the group has run: over a national corpus that
is the difference between visiting one department's graph and visiting all.
Substitution also reaches every group and subquery (``GRAPH``, ``UNION``
branches, ``SELECT`` inside ``SELECT``) without the scoping rules of
``VALUES``.
"""

from __future__ import annotations

import re

import pyoxigraph as ox


def _name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"not a parameter name: {name!r}")
    return re.escape(name)


def bind_parameters(query: str, values: dict[str, str | ox.NamedNode]) -> str:
    """The query with each ``?_k`` replaced by its value's term (a str is a literal)."""
    for k, v in values.items():
        term = str(v if isinstance(v, ox.NamedNode) else ox.Literal(v))
        name = _name(k)
        query = re.sub(rf"\bBOUND\s*\(\s*[?$]_{name}\s*\)", "true", query, flags=re.IGNORECASE)
        query = re.sub(rf"[?$]_{name}(?!\w)", lambda _m, t=term: t, query)  # type: ignore[misc]
    return query
