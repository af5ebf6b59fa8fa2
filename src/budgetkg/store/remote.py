"""A SPARQL 1.1 server as the store, for a corpus that outgrows one machine.

Documents are written with the SPARQL 1.1 Graph Store HTTP Protocol: one
named graph per document, replaced as a whole by one ``PUT`` (the server
makes it atomic), removed by ``DELETE``. Everything else is a SPARQL query
sent with SPARQLWrapper; its answer (SPARQL JSON results or N-Triples) is
parsed by pyoxigraph into the same terms the embedded store returns, so the
rest of budgetkg cannot tell the two apart.

A location is the server's base URL. The endpoints default to Oxigraph
server's (``/query``, ``/update``, ``/store``); a server that names them
otherwise is given them as URL parameters, e.g. Virtuoso::

    http://localhost:8890?query=/sparql&update=/sparql&store=/sparql-graph-crud
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from .errors import StoreError, StoreNotFound, StoreReadOnly

DEFAULT_ENDPOINTS = {"query": "/query", "update": "/update", "store": "/store"}
TIMEOUT = 600  # seconds for one request: a bulk write of a large document can take a while
_TRIPLES = "application/n-triples"


def is_remote(location: object) -> bool:
    """Whether a store location is a server's URL rather than a directory."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def endpoints(location: str) -> dict[str, str]:
    """The query, update and graph-store URLs of a location (see the module docstring)."""
    parts = urllib.parse.urlsplit(location)
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    given = dict(urllib.parse.parse_qsl(parts.query))
    unknown = set(given) - set(DEFAULT_ENDPOINTS)
    if unknown:
        raise StoreError(f"store URL {location}: unknown parameter {', '.join(sorted(unknown))} "
                         f"(it takes {', '.join(DEFAULT_ENDPOINTS)})")  # fmt: skip
    paths = {**DEFAULT_ENDPOINTS, **given}
    return {k: v if v.startswith(("http://", "https://")) else base + v for k, v in paths.items()}


class RemoteStore:
    """The store interface of :class:`~budgetkg.store.OxigraphStore` over a SPARQL server."""

    def __init__(self, location: str, mode: str = "read", wait: float = 0.0) -> None:
        self.location = location
        self.path = None
        self.mode = mode
        self.urls = endpoints(location)
        try:
            self._ask("ASK { }")
        except StoreError as e:
            raise StoreNotFound(f"no SPARQL server answers at {location}: {e}") from None

    # -- writing ------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """The server orders concurrent writes itself; nothing to hold here."""
        if self.mode != "write":
            raise StoreReadOnly(f"store {self.location} was opened for reading only")
        yield

    def committed(self) -> None:
        """Each write is committed by the server as it answers."""

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace one named graph as a whole (Graph Store Protocol PUT; empty: DELETE)."""
        with self.writing():
            if not triples:
                self.remove_graph(graph)
                return
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            self._request("PUT", self._graph_url(graph), body, {"Content-Type": _TRIPLES})

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph (no error if absent)."""
        with self.writing():
            try:
                self._request("DELETE", self._graph_url(graph))
            except _NotFound:
                pass

    def flush(self) -> None:
        """Nothing is buffered here."""

    def _graph_url(self, graph: str) -> str:
        return f"{self.urls['store']}?{urllib.parse.urlencode({'graph': graph})}"

    # -- reading ------------------------------------------------------------
    def refresh(self) -> None:
        """Every query sees the server's latest state."""

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def triple_count(self) -> int:
        """Number of quads in all named graphs."""
        rows = list(self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    def select(self, sparql: str, prefixes: dict[str, str] | None = None) -> Any:
        """A query over the union of the named graphs: solutions, a boolean or triples, as pyoxigraph's."""
        return self.query(sparql, prefixes=prefixes)

    def query(self, sparql: str, prefixes: dict[str, str] | None = None, **options: Any) -> Any:
        """Any query, sent with SPARQLWrapper; ``prefixes`` are declared where the text does not."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        client = SPARQLWrapper(self.urls["query"])
        client.setMethod(POST)
        client.setTimeout(TIMEOUT)
        client.setQuery(_with_prefixes(sparql, prefixes or {}))
        client.addParameter("union-default-graph", "true")  # Oxigraph; servers like Virtuoso unite by default
        graph_answer = client.queryType in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat(TURTLE if graph_answer else JSON)
        try:
            response = client.query().response
            data, kind = response.read(), response.headers.get("Content-Type", "")
        except QueryBadFormed as e:
            raise SyntaxError(f"{self.location}: {_first_line(e)}") from None
        except SPARQLWrapperException as e:
            raise StoreError(f"{self.location}: {_first_line(e)}") from None
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{self.location}: {getattr(e, 'reason', e)}") from None
        if graph_answer:
            rdf = ox.RdfFormat.N_TRIPLES if "n-triples" in kind else ox.RdfFormat.TURTLE
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=rdf)]
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        for r in self.select(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"):
            yield ox.Quad(r["s"], r["p"], r["o"], r["g"])

    def close(self) -> None:
        """Nothing to release: each request stands alone."""

    def _ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def _request(
        self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[bytes, str]:
        """One HTTP request; the body and content type, or a one-line StoreError."""
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            if e.code == 404 and method == "DELETE":
                raise _NotFound from None
            detail = e.read().decode(errors="replace").strip().splitlines()
            answered = f"{self.location}: the server answered {e.code}"
            raise StoreError(answered + (f": {detail[0][:200]}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"{self.location}: {reason}") from None


def _first_line(error: Exception) -> str:
    """A SPARQLWrapper error without its multi-line response dump."""
    return str(error).strip().splitlines()[0][:300]


class _NotFound(Exception):
    """A graph the server does not hold."""


def _with_prefixes(sparql: str, prefixes: dict[str, str]) -> str:
    """The query with PREFIX lines for the prefixes it uses but does not declare."""
    upper = sparql.upper()
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in prefixes.items()
        if f"{p}:" in sparql and f"PREFIX {p.upper()}:" not in upper.replace("  ", " ")
    ]
    return " ".join(lines) + ("\n" if lines else "") + sparql
