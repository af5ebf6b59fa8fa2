"""A query worker: a process that opens the store read-only and runs one job at a time.

The server talks to it over a pipe (see :mod:`.pool`); killing the process is
how a query past the time limit is stopped, since pyoxigraph cannot cancel a
query. A job is a dict; the answer is ``("ok", payload)`` or
``("error", status, message)`` with a one-line message that never holds a path.
"""

from __future__ import annotations

import signal
from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from ..api import KnowledgeGraph
from ..query import QueryNotFound, QueryResult
from ..query.params import ParameterError
from ..rdf.namespaces import PREFIXES
from ..store import StoreError
from . import formats
from .cache import KeptAnswers
from .reader import open_reader


class TooManyRows(Exception):
    """The result is larger than the row limit."""


def _take(items: Any, limit: int) -> list[Any]:
    """At most ``limit`` items; :class:`TooManyRows` if there are more."""
    out: list[Any] = []
    for item in items:
        if len(out) == limit:
            raise TooManyRows
        out.append(item)
    return out


def _dataset(job: dict[str, Any]) -> dict[str, Any]:
    """pyoxigraph query options for the request's dataset.

    The default graph is the union of all named graphs unless the query (FROM /
    FROM NAMED) or the protocol (default-graph-uri / named-graph-uri) names one.
    """
    default = [ox.NamedNode(g) for g in job.get("default_graphs") or []]
    named = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    if default or named:
        return {"default_graph": default or None, "named_graphs": named or None}
    if job.get("dataset"):
        return {}
    return {"use_default_graph_as_union": True}


def _saved(kg: KnowledgeGraph, job: dict[str, Any], kept: KeptAnswers | None) -> QueryResult:
    """The saved query's whole answer, as ``budgetkg query NAME --param ...`` gives it: the one ``kept``
    holds for the store's current state, else worked out (and kept)."""
    if kept is None:
        return kg.select(job["name"], **job["params"])
    key = KeptAnswers.key(job, kg.store.state())
    result = kept.get(key)
    if result is None:
        result = kg.select(job["name"], **job["params"])
        kept.put(key, result)
    return result


def run(kg: KnowledgeGraph, job: dict[str, Any], kept: KeptAnswers | None = None) -> tuple[Any, ...]:
    """Run one job against the store (raw SPARQL) or the API (saved queries, their whole answers taken
    from ``kept`` where it holds them)."""
    limit = job["max_rows"]
    op = job["op"]
    store = kg.store
    if op == "saved":  # exactly what ``budgetkg query NAME --param ...`` runs
        result = _saved(kg, job, kept)
        if len(result.rows) > limit:
            raise TooManyRows
        return ("ok", result)
    if op == "saved_page":  # rows offset .. offset+limit of that answer, and how many it has in all
        if job["limit"] > limit:
            raise TooManyRows
        result = _saved(kg, job, kept)
        start = job["offset"]
        return ("ok", (replace(result, rows=result.rows[start : start + job["limit"]]), len(result.rows)))
    if op == "sparql":
        result = store.query(job["text"], prefixes=PREFIXES, **_dataset(job))
        fmt = job["fmt"]
        if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
            return ("ok", formats.ask(fmt, bool(result)))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[s[v] for v in variables] for s in _take(result, limit)]
            return ("ok", formats.SELECT_WRITERS[fmt](variables, rows))
        return ("ok", formats.graph(fmt, _take(result, limit)))
    if op == "rows":  # a SELECT whose terms the server formats itself (saved queries, pages)
        result = store.query(job["text"], use_default_graph_as_union=True, prefixes=PREFIXES)
        variables = [v.value for v in result.variables]
        return ("ok", (variables, [[s[v] for v in variables] for s in _take(result, limit)]))
    if op == "graphs":  # the named graphs' names (the service description): one per document and a few
        return ("ok", store.graphs())
    if op == "describe":  # the triples about one IRI, in every graph, without duplicates
        node = ox.NamedNode(job["iri"])
        rows = store.query(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }}")
        triples = sorted((ox.Triple(node, s["p"], s["o"]) for s in _take(rows, limit)), key=str)
        return ("ok", triples)
    return ("error", 400, f"unknown job {op!r}")


def answer(kg: KnowledgeGraph, job: dict[str, Any], kept: KeptAnswers | None = None) -> tuple[Any, ...]:
    """:func:`run`, with every failure as a one-line error answer."""
    try:
        return run(kg, job, kept)
    except TooManyRows:
        if job["op"] == "saved":
            return (
                "error",
                400,
                f"the answer has more than {job['max_rows']} rows (the server's row limit); "
                f"ask for it in pages: offset=0&limit={job['max_rows']}, then offset={job['max_rows']}, ...",
            )
        return (
            "error",
            400,
            f"the result has more than {job['max_rows']} rows (the server's row limit); "
            "add LIMIT/OFFSET or narrow the query",
        )
    except QueryNotFound as e:
        return ("error", 404, str(e))
    except ParameterError as e:
        return ("error", 400, " ".join(str(e).split()))
    except ValueError as e:  # an IRI of the request that is not one (default-graph-uri, a path)
        return ("error", 400, "not a valid IRI: " + " ".join(str(e).split())[:200])
    except SyntaxError as e:
        return ("error", 400, "SPARQL error: " + " ".join(str(e).split())[:300])
    except (OSError, RuntimeError, StoreError):
        return ("error", 500, "the store could not be read")
    except Exception as e:  # a bug: name its kind, never a traceback or a path
        return ("error", 500, f"internal error ({type(e).__name__})")


def main(conn: Any, store_path: str, queries: str | None = None, kept_rows: int = 0) -> None:
    """The worker's loop: open the store, say "ready", answer jobs until told to stop, keeping whole
    saved-query answers of up to ``kept_rows`` rows in all for their next pages (:class:`KeptAnswers`).

    Ctrl-C is ignored here: the server stops its workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        reader = open_reader(store_path, queries)
    except (OSError, StoreError) as e:
        conn.send(("error", 500, str(e)))
        return
    conn.send(("ready",))
    kept = KeptAnswers(kept_rows) if kept_rows > 0 else None
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, KeyboardInterrupt):
                return
            if job is None:
                return
            conn.send(answer(reader, job, kept))  # each read opens the store's latest snapshot
    finally:
        reader.close()
