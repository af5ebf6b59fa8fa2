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

The store's graphs are the server's named graphs less those a server keeps
for itself (:data:`SERVER_GRAPHS`, and any graph that describes a SPARQL
service): Virtuoso's default graph unites all graphs, its own included, and
a store that counted them would not equal the embedded one.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from .errors import StoreError, StoreNotFound, StoreReadOnly
from .pieces import evaluate_pieces

DEFAULT_ENDPOINTS = {"query": "/query", "update": "/update", "store": "/store"}
TIMEOUT = 600  # seconds for one request: a bulk write of a large document can take a while
_TRIPLES = "application/n-triples"
# graph answers: N-Triples first, since Virtuoso's Turtle writes the decimal 81.0 as a bare 81 (an integer)
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.5"
SERVER_GRAPHS = (  # graphs a fresh Virtuoso database holds of its own
    "http://www.openlinksw.com/schemas/virtrdf#",  # its quad maps
    "http://www.w3.org/ns/ldp#",  # the Linked Data Platform vocabulary
)
_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"


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
        self.server = ""  # the server's own name for itself (its HTTP Server header), from its answers
        try:
            self._ask("ASK { }")
        except StoreError as e:
            raise StoreNotFound(f"no SPARQL server answers at {location}: {e}") from None

    @property
    def fills_graph_slots(self) -> bool:
        """Whether the API may fill a query's graph slots here (query/departments.py): on an Oxigraph
        server, whose planner starts a ``GRAPH`` group from them as the embedded store's does; not on
        others (Virtuoso 7.2 fails some filled queries outright)."""
        return self._oxigraph

    @property
    def answers_in_pieces(self) -> bool:
        """Whether the API may cut a query in ranges of file names here (query/partition.py): on an Oxigraph
        server, which compares strings as the embedded store does and answers the pieces in its own
        threads. Each piece reads the server's content as it is then (a server keeps no snapshot
        across requests): a document replaced meanwhile is in the answer whole, as before or after."""
        return self._oxigraph

    @property
    def reads_lateral(self) -> bool:
        """Whether the API may write ``LATERAL`` where a query marks it (query/lateral.py): on an Oxigraph
        server, which reads it as the embedded store does; a comment for other servers."""
        return self._oxigraph

    @property
    def _oxigraph(self) -> bool:
        """Whether the server names itself Oxigraph (its HTTP ``Server`` header)."""
        return self.server.startswith("Oxigraph/")

    def select_pieces(
        self,
        pieces: list[str],
        prefixes: dict[str, str] | None = None,
        each: Callable[[Any], Any] | None = None,
    ) -> Any:
        """The pieces of one query sent at once (query/partition.py), their solutions one after the other
        (``each`` as :func:`~budgetkg.store.pieces.evaluate_pieces` takes it)."""
        return evaluate_pieces(lambda text: self.select(text, prefixes=prefixes), pieces, each)

    def state(self) -> None:
        """A server's content can change under us at any time: no token (callers list afresh)."""
        return None

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
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own()} }}")
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def triple_count(self) -> int:
        """Number of quads in all named graphs (the server's own left out)."""
        rows = list(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own()} }}"))
        return int(rows[0]["n"].value)

    def _own(self) -> str:
        """A FILTER that leaves out the graphs the server keeps for itself (see the module docstring)."""
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{_SERVICE}> }} }}")
        theirs = {*SERVER_GRAPHS, *(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))}
        return f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in sorted(theirs))}))"

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
        text = typed_strings(_with_prefixes(sparql, prefixes or {}))
        client.setQuery(text)
        client.queryType = query_form(text)  # SPARQLWrapper's own guess reads words in comments and strings
        client.addParameter("union-default-graph", "true")  # Oxigraph; servers like Virtuoso unite by default
        graph_answer = client.queryType in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat(TURTLE if graph_answer else JSON)
        client.setOnlyConneg(True)  # the Accept header only: Virtuoso obeys a format=turtle parameter over it
        if graph_answer:
            client.addCustomHttpHeader("Accept", _GRAPH_ACCEPT)
        try:
            response = client.query().response
            data, kind = response.read(), response.headers.get("Content-Type", "")
            self.server = response.headers.get("Server", "") or self.server
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
        if graph:
            where = f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)"
        else:
            where = f"GRAPH ?g {{ ?s ?p ?o }} {self._own()}"
        for r in self.select(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"):
            yield ox.Quad(r["s"], r["p"], _canonical(r["o"]), r["g"])

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


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _canonical(term: Any) -> Any:
    """A boolean as ``true``/``false``, the form it was written in: Virtuoso's JSON answers ``1``/``0``."""
    if isinstance(term, ox.Literal) and term.datatype == _BOOLEAN and term.value in ("1", "0"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=_BOOLEAN)
    return term


def _first_line(error: Exception) -> str:
    """A SPARQLWrapper error without its multi-line response dump."""
    return str(error).strip().splitlines()[0][:300]


class _NotFound(Exception):
    """A graph the server does not hold."""


_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the keyword after the prologue, comment lines left out."""
    text = "".join(line for line in sparql.splitlines(True) if not line.lstrip().startswith("#"))
    m = _FORM.match(text, _PROLOGUE.match(text).end())  # type: ignore[union-attr]
    return m.group(1).upper() if m else "SELECT"


def _with_prefixes(sparql: str, prefixes: dict[str, str]) -> str:
    """The query with PREFIX lines for the prefixes it uses but does not declare."""
    upper = sparql.upper()
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in prefixes.items()
        if f"{p}:" in sparql and f"PREFIX {p.upper()}:" not in upper.replace("  ", " ")
    ]
    # one declaration per line: SPARQLWrapper tells a query's form (SELECT or an update) after
    # skipping PREFIX lines, and takes words of a line of several for the form ("DROP" in "dropped")
    return "".join(f"{line}\n" for line in lines) + sparql


_TOKEN = re.compile(
    r"#[^\n]*"  # a comment
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI (its # starts no comment)
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|(?<![?$\w:])VALUES\b|[(){}]",
    re.IGNORECASE,
)
_XSD_STRING = "^^<http://www.w3.org/2001/XMLSchema#string>"


def typed_strings(sparql: str) -> str:
    """The query with each plain non-ASCII string literal of an expression written ``"…"^^xsd:string``.

    The same RDF term (RDF 1.1). Virtuoso 7.2 garbles a plain literal's
    non-ASCII characters in STR and CONCAT (its issue 609) and finds such a
    literal unequal to ``STR()`` of the same stored text; a typed one it gets
    right. But it holds a typed literal unequal to a stored plain one, so
    only literals inside parentheses (FILTER, BIND, function arguments) are
    typed: those of triple patterns and VALUES data, which match stored
    terms, stay as they are, and so do comments, IRIs, ASCII literals and
    literals with a language tag or a datatype.
    """
    depth, values = 0, False

    def typed(m: re.Match[str]) -> str:
        nonlocal depth, values
        token = m.group()
        if token in "()":
            depth += 1 if token == "(" else -1
        elif token.upper() == "VALUES":
            values = True
        elif token == "}":
            values = False  # a VALUES block holds no braces of its own
        elif token[0] in "\"'" and depth > 0 and not values and not token.isascii():
            if not sparql.startswith(("@", "^^"), m.end()):
                return token + _XSD_STRING
        return token

    return _TOKEN.sub(typed, sparql)
