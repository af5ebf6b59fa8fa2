"""Read-only by construction: what a request may ask, decided on the parsed query.

The query is parsed with rdflib's SPARQL grammar (not matched by regex). Only a
query form (SELECT, ASK, CONSTRUCT, DESCRIBE) is accepted; an update (INSERT,
DELETE, LOAD, CLEAR, ...) is refused, and so is any ``SERVICE`` pattern,
anywhere in the query (in OPTIONAL, EXISTS, sub-queries), because the store
would fetch the URL. ``FROM``/``FROM NAMED`` only name graphs of the store:
pyoxigraph never fetches them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class Refused(Exception):
    """A request the server will not run: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class CheckedQuery:
    """A query that may run: its text, form (SELECT/ASK/CONSTRUCT/DESCRIBE) and projected variables."""

    text: str
    form: str
    dataset: bool  # the query names its own dataset (FROM / FROM NAMED)


def _names(node: Any) -> Iterator[str]:
    """The names of every grammar rule in a parse tree."""
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _names(value)


# rdflib's SPARQL grammar (pyparsing) is not safe to use from two threads at once: pyparsing learns each
# parse action's number of arguments on its first calls, and two requests parsed together (the endpoint
# checks each in a thread of its own) can make it learn a wrong one, after which every query is refused
# with "SPARQL error: ... missing 1 required positional argument". One parse at a time.
_PARSING = threading.Lock()


def parse_query(text: str) -> Any:
    """rdflib's parse of a SPARQL query, one parse at a time in this process."""
    with _PARSING:
        return parseQuery(text)


def _is_update(text: str) -> bool:
    try:
        with _PARSING:
            parseUpdate(text)
    except Exception:
        return False
    return True


@lru_cache(maxsize=512)  # parsing is the slow part of a cheap request: a query asked again is not re-parsed
def check_query(text: str) -> CheckedQuery:
    """The query if it is a read-only query form without SERVICE; else :class:`Refused`."""
    if not text.strip():
        raise Refused(400, "empty query")
    try:
        tree = parse_query(text)
    except ParseException as e:
        if _is_update(text):
            raise Refused(
                403, "updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: this endpoint is read-only"
            ) from None
        raise Refused(400, f"SPARQL syntax error at line {e.lineno}, column {e.col}: {e.msg}") from None
    except Exception as e:  # the parser's other complaints (undefined prefix ...)
        raise Refused(400, f"SPARQL error: {_one_line(str(e))}") from None
    names = set(_names(tree))
    if "ServiceGraphPattern" in names:
        raise Refused(403, "SERVICE is not allowed: this endpoint never fetches other endpoints or URLs")
    return CheckedQuery(text, FORMS[tree[1].name], "DatasetClause" in names)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
