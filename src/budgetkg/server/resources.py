"""Cool URIs: every IRI minted under the base IRI dereferences at its path.

The minted IRIs are slash IRIs naming things (a department, a project, a row of
a table), not documents, so the server answers a request for the thing with
``303 See Other`` to a document about it, chosen by Accept:
``/org/X`` -> ``/org/X.html`` (browsers), ``/org/X.ttl``, ``/org/X.jsonld``,
``/org/X.nt``, ``/org/X.rdf``. Hash IRIs would need new IRIs for data that is
already minted and linked, and one page per hash-less document for a whole
department's table rows; 303 keeps every existing IRI.

IRI = base + P is served at ``/P``; the shared code lists (``…/code/…``, outside
the base) are served at ``/code/…``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..rdf.namespaces import CODE
from . import formats, pages
from .guard import Refused
from .http import error

if TYPE_CHECKING:
    from .app import Server

DOC_SUFFIXES = {"html": "html", **formats.SUFFIXES}


def iri_of(server: Server, path: str) -> list[str]:
    """The IRIs a request path may name, most specific first."""
    out = [server.settings.base_iri + path]
    if path.startswith("code/"):
        out.append(CODE + path[len("code/") :])
    return out


def path_of(base: str, iri: str) -> str | None:
    """Where the server answers for ``iri`` (None: not one of ours)."""
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    if iri.startswith(CODE):
        return "/code/" + iri[len(CODE) :]
    return None


async def dereference(request: Request) -> Response:
    """A resource IRI (303 to its document) or a document about a resource (its description)."""
    server: Server = request.app.state.server
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("ascii", "replace").lstrip("/")
    stem, dot, suffix = path.rpartition(".")
    try:
        if dot and suffix in DOC_SUFFIXES and "/" not in suffix:
            for iri in iri_of(server, stem):
                triples = await server.describe(iri)
                if triples:
                    return await _document(request, server, iri, DOC_SUFFIXES[suffix], triples)
            return error(404, f"nothing is known about /{stem}")
        for iri in iri_of(server, path):
            if await server.describe(iri):
                offered = ["html", *formats.GRAPH_TYPES]
                fmt = formats.choose(request.headers.get("accept"), [], offered, "html")
                if fmt is None:
                    return error(406, "a resource is described as " + ", ".join(offered))
                ext = {v: k for k, v in DOC_SUFFIXES.items()}[fmt]
                # a relative reference (the last segment): right behind any proxy prefix too
                target = f"{path.rsplit('/', 1)[-1]}.{ext}"
                return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
    except Refused as e:
        return error(e.status, e.message)
    return error(404, f"nothing is known about /{path}")


async def _document(request: Request, server: Server, iri: str, fmt: str, triples: list) -> Response:
    if fmt != "html":
        media = formats.GRAPH_TYPES[fmt][0]
        return Response(formats.graph(fmt, triples), media_type=media + "; charset=utf-8")
    return HTMLResponse(await pages.resource_page(server, iri, triples))
