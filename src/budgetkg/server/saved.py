"""Saved queries over HTTP: /queries (the catalogue) and /queries/NAME.

Parameters are bound exactly as :meth:`budgetkg.api.KnowledgeGraph.select`
binds them (declared names only, defaults filled in, values as RDF literals via
:func:`budgetkg.query.bind.bind_parameters`), and the CSV/JSON bodies are the
CLI's (:class:`budgetkg.query.QueryResult`), so the columns are the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..query import QueryResult, SavedQuery, saved_queries
from ..query.bind import bind_parameters
from ..query.result import format_value, to_python
from . import formats, html
from .guard import Refused
from .http import error

if TYPE_CHECKING:
    from .app import Server


@dataclass
class Catalogue:
    """The saved queries and the columns each one answers with."""

    folder: Any = None
    columns: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def queries(self) -> list[SavedQuery]:
        return saved_queries(self.folder)

    def columns_of(self, q: SavedQuery) -> list[str]:
        """The projected variables (from rdflib's algebra of the query; [] if it cannot tell)."""
        if q.name not in self.columns:
            try:
                self.columns[q.name] = [str(v) for v in translateQuery(parseQuery(q.text)).algebra["PV"]]
            except Exception:
                self.columns[q.name] = []
        return self.columns[q.name]

    def entry(self, q: SavedQuery) -> dict[str, Any]:
        return {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "parameters": [
                {"name": p.name, "description": p.description, "default": p.default} for p in q.params
            ],
            "columns": self.columns_of(q),
            "url": f"/queries/{q.name}",
            "sparql": q.text,
        }

    def find(self, name: str) -> SavedQuery:
        for q in self.queries:
            if q.name == name:
                return q
        raise Refused(404, f"no saved query {name!r} (see /queries)")


def bound_text(q: SavedQuery, params: dict[str, str]) -> str:
    """The query with its parameters bound as the API does (unknown names refused)."""
    declared = {p.name: p for p in q.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise Refused(400, f"query {q.name!r} has no parameter {', '.join(unknown)} (it takes: {names})")
    values = {p.name: p.default for p in q.params if p.default is not None}
    values.update(params)
    return bind_parameters(q.text, {k: v for k, v in values.items() if v is not None})


async def catalogue(request: Request) -> Response:
    server: Server = request.app.state.server
    entries = [server.catalogue.entry(q) for q in server.catalogue.queries]
    fmt = formats.choose(
        request.headers.get("accept"), request.query_params.getlist("format"), ["json", "html"], "json"
    )
    if fmt == "html":
        rows = [
            [
                html.link(e["url"], e["name"]),
                html.esc(e["title"]),
                html.esc(e["description"]),
                html.esc(
                    ", ".join(
                        p["name"] + (f"={p['default']}" if p["default"] else "") for p in e["parameters"]
                    )
                ),
                html.esc(", ".join(e["columns"])),
            ]
            for e in entries
        ]
        body = html.table(
            ["查询 query", "标题 title", "说明 description", "参数 parameters", "列 columns"], rows
        )
        return HTMLResponse(html.page("保存的查询 Saved queries", body))
    for e in entries:
        e.pop("sparql")
    return JSONResponse(entries)


async def run_saved(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    params = {k: v for k, v in request.query_params.items() if k != "format" and v.strip()}  # blank = unset
    try:
        q = server.catalogue.find(name)
        fmt = formats.choose(
            request.headers.get("accept"),
            request.query_params.getlist("format"),
            ["csv", "json", "html"],
            "json",
        )
        if fmt is None:
            raise Refused(406, "saved queries answer as csv, json or html")
        result = await server.select(bound_text(q, params))
    except Refused as e:
        return error(
            e.status, e.message, {"Retry-After": str(e.retry_after)} if hasattr(e, "retry_after") else None
        )
    if fmt == "csv":
        return Response(result.to_csv(), media_type="text/csv; charset=utf-8")
    if fmt == "json":
        return Response(result.to_json(), media_type="application/json; charset=utf-8")
    return HTMLResponse(result_page(q, params, result))


def result_page(q: SavedQuery, params: dict[str, str], result: QueryResult) -> str:
    """A saved query's rows as a sortable HTML table with its download links."""
    from urllib.parse import urlencode

    numbers = int | float | Decimal
    numeric = {i for i in range(len(result.columns)) if any(isinstance(r[i], numbers) for r in result.rows)}
    rows = [
        [html.wan(v) if isinstance(v, Decimal) else html.esc(format_value(v)) for v in r] for r in result.rows
    ]
    qs = urlencode(params)
    links = {
        "CSV": f"/queries/{q.name}?{qs}&format=csv" if qs else f"/queries/{q.name}?format=csv",
        "JSON": f"/queries/{q.name}?{qs}&format=json" if qs else f"/queries/{q.name}?format=json",
    }
    form = "".join(
        f'<label>{html.esc(p.name)} <input name="{html.esc(p.name)}" '
        f'value="{html.esc(params.get(p.name, p.default or ""))}"></label> '
        for p in q.params
    )
    body = (
        f"<p>{html.esc(q.description)}</p>"
        f'<form method="get">{form}<button>运行 Run</button></form>'
        f"<p>{len(result.rows)} rows</p>" + html.table(result.columns, rows, numeric)
    )
    return html.page(
        f"{q.title} ({q.name})",
        body,
        alternates={"text/csv": links["CSV"], "application/json": links["JSON"]},
    )


def to_result(variables: list[str], rows: list[list[Any]]) -> QueryResult:
    """Worker rows (pyoxigraph terms) as the CLI's QueryResult."""
    return QueryResult(variables, [[to_python(t) for t in r] for r in rows])


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
