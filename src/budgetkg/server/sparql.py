"""The SPARQL 1.1 Protocol endpoint at /sparql, and its Service Description.

GET ``?query=``, POST form (``query=``) and POST ``application/sparql-query``.
The query is checked (:mod:`.guard`) before it reaches a worker; the answer's
format comes from a ``format`` parameter or Accept (:mod:`.formats`).
``default-graph-uri`` / ``named-graph-uri`` set the dataset as the protocol says.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from . import formats
from .guard import Refused, check_query
from .http import error, read_body

if TYPE_CHECKING:
    from .app import Server

SD = "http://www.w3.org/ns/sparql-service-description#"
FMT = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"]
GRAPH_FORMATS = ["Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


async def request_params(request: Request, server: Server) -> dict[str, list[str]]:
    """The protocol parameters of a GET or POST request (body size bounded)."""
    limit = server.settings.max_body
    if len(request.url.query.encode()) > limit:
        raise Refused(414, f"query string longer than the server's limit of {limit} bytes")
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request, limit)
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/sparql-update":
            raise Refused(403, "updates are refused: this endpoint is read-only")
        else:
            raise Refused(415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
    return params


async def endpoint(request: Request) -> Response:
    """Answer one SPARQL protocol request."""
    server: Server = request.app.state.server
    try:
        params = await request_params(request, server)
        if "update" in params:
            raise Refused(403, "updates are refused: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            return await service_description(request, server, params.get("format", []))
        if len(queries) > 1:
            raise Refused(400, "give exactly one query parameter")
        checked = await asyncio.to_thread(check_query, queries[0])  # off the event loop
        graph = checked.form in ("CONSTRUCT", "DESCRIBE")
        offered = list(formats.GRAPH_TYPES) if graph else list(formats.RESULT_TYPES)
        fmt = formats.choose(request.headers.get("accept"), params.get("format", []), offered, offered[0])
        if fmt is None:
            raise Refused(406, "no acceptable format; this query can answer in " + ", ".join(offered))
        job: dict[str, Any] = {
            "op": "sparql",
            "text": checked.text,
            "dataset": checked.dataset,
            "fmt": fmt,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
            "max_rows": server.settings.max_rows,
        }
        payload, kept = await server.run_kept(job)
    except Refused as e:
        return error(e.status, e.message, _retry(e))
    media = formats.GRAPH_TYPES[fmt][0] if graph else formats.RESULT_TYPES[fmt]
    headers = {"Vary": "Accept", "X-Budgetkg-Answer": "kept" if kept else "fresh"}
    return Response(payload, media_type=media + "; charset=utf-8", headers=headers)


def _retry(e: Refused) -> dict[str, str] | None:
    retry = getattr(e, "retry_after", None)
    return {"Retry-After": str(retry)} if retry else None


async def service_description(request: Request, server: Server, fmts: list[str]) -> Response:
    """The SPARQL 1.1 Service Description (browsers are sent to the query page)."""
    offered = ["html", *formats.GRAPH_TYPES]
    fmt = formats.choose(request.headers.get("accept"), fmts, offered, "turtle")
    if fmt is None:
        return error(406, "the service description is available as " + ", ".join(offered))
    if fmt == "html":
        return RedirectResponse("/query", status_code=303)
    graphs = await server.graph_names()
    endpoint_iri = str(request.url.replace(query="", fragment=""))
    triples = describe_service(endpoint_iri, graphs)
    media = formats.GRAPH_TYPES[fmt][0]
    return Response(
        formats.graph(fmt, triples), media_type=media + "; charset=utf-8", headers={"Vary": "Accept"}
    )


def describe_service(endpoint_iri: str, graphs: list[str]) -> list[ox.Triple]:
    """The Service Description triples: endpoint, language, formats, the default dataset and its named
    graphs (their names: each one's size would take a pass over every quad of the store, about a minute
    at 10,000 departments; the VoID of ``budgetkg publish`` has the sizes)."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    out = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint_iri)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
        ox.Triple(
            default,
            ox.NamedNode("http://purl.org/dc/terms/description"),
            ox.Literal(
                "The default graph is the union of all named graphs (one per budget document, the code "
                "lists, the ontology and data structures), unless the query names its dataset with FROM / "
                "FROM NAMED.",
                language="en",
            ),
        ),
    ]
    out += [
        ox.Triple(service, sd("resultFormat"), ox.NamedNode(FMT + f)) for f in RESULT_FORMATS + GRAPH_FORMATS
    ]
    for i, name in enumerate(graphs):
        ng = ox.BlankNode(f"ng{i}")
        out += [
            ox.Triple(dataset, sd("namedGraph"), ng),
            ox.Triple(ng, rdf_type, sd("NamedGraph")),
            ox.Triple(ng, sd("name"), ox.NamedNode(name)),
        ]
    return out
