"""Saved queries over HTTP: /queries (the catalogue) and /queries/NAME.

A saved query runs in a worker through :meth:`budgetkg.api.KnowledgeGraph.select`,
the call ``budgetkg query`` makes: the same parameter checks (unknown names,
types, function names against the code lists), defaults, binding as RDF
literals, and the same CSV/JSON bodies (:class:`budgetkg.query.QueryResult`),
so the columns are the CLI's. A blank parameter counts as not given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from rdflib.plugins.sparql.algebra import translateQuery
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..query import QueryResult, SavedQuery, format_value, saved_queries
from ..query.bind import bind_parameters
from ..query.params import check_parameters
from ..query.result import to_python
from . import formats, html
from .guard import Refused, parse_query
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
        """The projected variables (rdflib's algebra of the query; the declared columns if it cannot tell)."""
        if q.name not in self.columns:
            try:
                self.columns[q.name] = [str(v) for v in translateQuery(parse_query(q.text)).algebra["PV"]]
            except Exception:
                self.columns[q.name] = [c.name for c in q.columns]
        return self.columns[q.name]

    def entry(self, q: SavedQuery) -> dict[str, Any]:
        declared = {c.name: c for c in q.columns}
        return {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "parameters": [
                {
                    "name": p.name,
                    "description": p.description,
                    "default": p.default,
                    "type": p.type,
                    "accepts": p.accepts(),
                }
                for p in q.params
            ],
            "columns": self.columns_of(q),
            "column_details": [
                {
                    "name": c,
                    "description": declared[c].description if c in declared else "",
                    "unit": declared[c].unit if c in declared else None,
                }
                for c in self.columns_of(q)
            ],
            "url": f"/queries/{q.name}",
        }

    def find(self, name: str) -> SavedQuery:
        for q in self.queries:
            if q.name == name:
                return q
        raise Refused(404, f"no saved query {name!r} (see /queries)")


def example_text(q: SavedQuery) -> str:
    """The query's SPARQL with its defaults bound as the API binds them, as an example to edit."""
    checked = check_parameters(q, {})  # defaults are codes, not names: no code list is needed
    values = checked.bindings()
    return bind_parameters(q.text, values) if values else q.text


async def catalogue(request: Request) -> Response:
    server: Server = request.app.state.server
    entries = [server.catalogue.entry(q) for q in server.catalogue.queries]
    accept = request.headers.get("accept")
    fmt = formats.choose(accept, request.query_params.getlist("format"), ["json", "html"], "json")
    if fmt != "html":
        return JSONResponse(entries)
    rows = [
        [
            html.link(e["url"], e["name"]),
            html.esc(e["title"]),
            html.esc(e["description"]),
            html.esc(
                ", ".join(p["name"] + (f"={p['default']}" if p["default"] else "") for p in e["parameters"])
            ),
            html.esc(", ".join(e["columns"])),
        ]
        for e in entries
    ]
    body = html.table(["查询 query", "标题 title", "说明 description", "参数 parameters", "列 columns"], rows)
    return HTMLResponse(html.page("保存的查询 Saved queries", body))


async def run_saved(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    params = {k: v for k, v in request.query_params.items() if k != "format" and v.strip()}
    accept = request.headers.get("accept")
    try:
        q = server.catalogue.find(name)
        fmt = formats.choose(accept, request.query_params.getlist("format"), ["csv", "json", "html"], "json")
        if fmt is None:
            raise Refused(406, "saved queries answer as csv, json or html")
        result = await server.saved(q.name, params)
    except Refused as e:
        retry = getattr(e, "retry_after", None)
        return error(e.status, e.message, {"Retry-After": str(retry)} if retry else None)
    if fmt == "csv":
        return Response(result.to_csv(), media_type="text/csv; charset=utf-8")
    if fmt == "json":
        return Response(result.to_json(), media_type="application/json; charset=utf-8")
    return HTMLResponse(result_page(q, params, result))


def result_page(q: SavedQuery, params: dict[str, str], result: QueryResult) -> str:
    """A saved query's rows as a sortable HTML table, with its notes and download links."""
    numbers = int | float | Decimal
    numeric = {i for i in range(len(result.columns)) if any(isinstance(r[i], numbers) for r in result.rows)}
    rows = [
        [html.wan(v) if isinstance(v, Decimal) else html.esc(format_value(v)) for v in r] for r in result.rows
    ]
    qs = urlencode(params)
    sep = "&" if qs else ""
    links = {
        "text/csv": f"/queries/{q.name}?{qs}{sep}format=csv",
        "application/json": f"/queries/{q.name}?{qs}{sep}format=json",
    }
    form = "".join(
        f'<label>{html.esc(p.name)} <input name="{html.esc(p.name)}" '
        f'value="{html.esc(params.get(p.name, p.default or ""))}"></label> '
        for p in q.params
    )
    notes = "".join(f'<p class="note">{html.esc(n)}</p>' for n in result.notes)
    body = (
        f"<p>{html.esc(q.description)}</p>"
        f'<form method="get">{form}<button>运行 Run</button></form>{notes}'
        f"<p>{len(result.rows)} rows</p>" + html.table(result.columns, rows, numeric)
    )
    return html.page(f"{q.title} ({q.name})", body, alternates=links)


def to_result(variables: list[str], rows: list[list[Any]]) -> QueryResult:
    """Worker rows (pyoxigraph terms) as a QueryResult of Python values."""
    return QueryResult(variables, [[to_python(t) for t in r] for r in rows])
