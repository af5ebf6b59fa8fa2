"""Bind query parameters safely: as serialized RDF terms in VALUES blocks.

The user's value never becomes SPARQL syntax: pyoxigraph serializes it as an
N-Triples literal (quotes, backslashes and newlines escaped) or IRI, and that
one token is placed in ``VALUES ?_name { ... }`` at the start of the WHERE
group, so FILTERs in the group see it. A parameter left unset stays unbound.

The same block also opens every ``GRAPH ?var { ... }`` group. SPARQL
evaluates such a group on its own, where the outer VALUES is out of scope,
so a query that filters or looks up by a parameter *inside* the graph (the
selective pattern first, as a national corpus needs) sees its value there
too. A one-row VALUES joins with the outer one to the same value, so this
never changes an answer.

A text value is written with its datatype, ``"养老"^^xsd:string``: the same
RDF term as the plain literal, which queries compare as text (``STR(?_name)``),
and the form Virtuoso (7.2) compares right; ``STR()`` of a plain non-ASCII
literal from a query's text it garbles.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_STRING = "<http://www.w3.org/2001/XMLSchema#string>"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_GRAPH = re.compile(r"\bGRAPH\s+\?\w+\s*\{", re.IGNORECASE)


def _strip_comments(text: str) -> str:
    """The query with ``#`` comment lines blanked (same length), to search safely."""
    return "".join(" " * len(ln) if ln.lstrip().startswith("#") else ln for ln in text.splitlines(True))


def bind_parameters(query: str, values: dict[str, str | ox.NamedNode]) -> str:
    """The query with ``VALUES ?_k { "v" }`` added for each parameter value (a str is a literal)."""
    if not values:
        return query
    plain = _strip_comments(query)
    m = _WHERE.search(plain)
    if m is None:
        raise ValueError("a query with parameters needs a WHERE { ... } clause")
    terms = {
        k: str(v) if isinstance(v, ox.NamedNode) else f"{ox.Literal(v)}^^{_STRING}" for k, v in values.items()
    }
    block = "".join(f"\n  VALUES ?_{k} {{ {term} }}" for k, term in terms.items())
    ends = sorted({m.end(), *(g.end() for g in _GRAPH.finditer(plain))}, reverse=True)
    for end in ends:
        query = query[:end] + block + query[end:]
    return query
