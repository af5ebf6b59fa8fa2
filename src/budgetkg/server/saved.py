"""Saved queries over HTTP: /queries (the catalogue) and /queries/NAME.

A saved query runs in a worker through :meth:`budgetkg.api.KnowledgeGraph.select`,
the call ``budgetkg query`` makes: the same parameter checks (unknown names,
types, function names against the code lists), defaults, binding as RDF
literals, and the same CSV/JSON bodies (:class:`budgetkg.query.QueryResult`),
so the columns are the CLI's. A blank parameter counts as not given.

An answer can be asked for in pages: ``offset`` and ``limit`` (at most the
server's row limit) give rows ``offset`` to ``offset + limit``, with the whole
answer's size in ``X-Total-Count`` and the neighbouring pages in a ``Link``
header (RFC 8288: ``rel="next"``, ``"prev"``, ``"first"``). Without them CSV and
JSON are the whole answer (refused past the row limit, with the paging to ask
for instead), and an HTML page shows the first :data:`PAGE_ROWS` rows with links
to the next. A national store's ``departments`` has more rows than the row
limit: it is read in pages. The saved queries order their rows completely, so
the pages of one state of the store are the answer cut in pieces.
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


# Request parameters that are not the query's: the answer's format, and the page of its rows.
RESERVED = frozenset({"format", "offset", "limit"})
# An HTML page of a saved query's answer shows at most this many rows, then links to the next page.
PAGE_ROWS = 1000


@dataclass
class Page:
    """Rows ``offset`` to ``offset + limit`` of an answer of ``total`` rows."""

    offset: int
    limit: int
    total: int = 0

    def url(self, name: str, params: dict[str, str], fmt: str, offset: int) -> str:
        asked = {**params, "offset": offset, "limit": self.limit, "format": fmt}
        return f"/queries/{name}?" + urlencode(asked)

    def links(self, name: str, params: dict[str, str], fmt: str) -> dict[str, str]:
        """rel -> URL of the pages around this one."""
        out = {"first": self.url(name, params, fmt, 0)}
        if self.offset > 0:
            out["prev"] = self.url(name, params, fmt, max(0, self.offset - self.limit))
        if self.offset + self.limit < self.total:
            out["next"] = self.url(name, params, fmt, self.offset + self.limit)
        return out

    def headers(self, name: str, params: dict[str, str], fmt: str) -> dict[str, str]:
        links = ", ".join(f'<{u}>; rel="{rel}"' for rel, u in self.links(name, params, fmt).items())
        return {"Link": links, "X-Total-Count": str(self.total)}


def page_asked(query: Any, fmt: str, max_rows: int) -> Page | None:
    """The page a request asks for (``offset``, ``limit``; an HTML page: the first :data:`PAGE_ROWS` rows
    unless it says otherwise), or None for the whole answer. :class:`Refused` for values that are not
    whole numbers, or a limit past the row limit."""
    offset, limit = (query.get(k, "").strip() for k in ("offset", "limit"))
    if not offset and not limit and fmt != "html":
        return None
    default = min(PAGE_ROWS, max_rows) if fmt == "html" else max_rows
    try:
        page = Page(int(offset or 0), int(limit) if limit else default)
    except ValueError:
        page = Page(-1, 0)
    if page.offset < 0 or not 1 <= page.limit <= max_rows:
        raise Refused(
            400, f"offset is a whole number from 0, limit one from 1 to {max_rows} (the server's row limit)"
        )
    return page


async def run_saved(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    params = {k: v for k, v in request.query_params.items() if k not in RESERVED and v.strip()}
    accept = request.headers.get("accept")
    try:
        q = server.catalogue.find(name)
        fmt = formats.choose(accept, request.query_params.getlist("format"), ["csv", "json", "html"], "json")
        if fmt is None:
            raise Refused(406, "saved queries answer as csv, json or html")
        page = page_asked(request.query_params, fmt, server.settings.max_rows)
        if page is None:
            result = await server.saved(q.name, params)
        else:
            result, page.total = await server.saved_page(q.name, params, page.offset, page.limit)
    except Refused as e:
        retry = getattr(e, "retry_after", None)
        return error(e.status, e.message, {"Retry-After": str(retry)} if retry else None)
    headers = page.headers(q.name, params, fmt) if page is not None else None
    if fmt == "csv":
        return Response(result.to_csv(), media_type="text/csv; charset=utf-8", headers=headers)
    if fmt == "json":
        return Response(result.to_json(), media_type="application/json; charset=utf-8", headers=headers)
    return HTMLResponse(result_page(q, params, result, page), headers=headers)


def result_page(q: SavedQuery, params: dict[str, str], result: QueryResult, page: Page | None = None) -> str:
    """A saved query's rows as a sortable HTML table, with its notes, download links and, for an answer
    longer than the page, where the page is in it and links to the pages around it."""
    numbers = int | float | Decimal
    numeric = {i for i in range(len(result.columns)) if any(isinstance(r[i], numbers) for r in result.rows)}
    rows = [
        [html.wan(v) if isinstance(v, Decimal) else html.esc(format_value(v)) for v in r] for r in result.rows
    ]
    cut = page is not None and (page.offset > 0 or len(result.rows) < page.total)

    def download(fmt: str) -> str:  # this page's rows where the answer is cut, else the whole answer
        if page is not None and cut:
            return page.url(q.name, params, fmt, page.offset)
        return f"/queries/{q.name}?" + urlencode({**params, "format": fmt})

    links = {"text/csv": download("csv"), "application/json": download("json")}
    form = "".join(
        f'<label>{html.esc(p.name)} <input name="{html.esc(p.name)}" '
        f'value="{html.esc(params.get(p.name, p.default or ""))}"></label> '
        for p in q.params
    )
    notes = "".join(f'<p class="note">{html.esc(n)}</p>' for n in result.notes)
    count = f"<p>{len(result.rows)} rows</p>"
    if page is not None and cut:
        names = {"first": "« 首页 first", "prev": "‹ 上一页 previous", "next": "下一页 next ›"}
        around = page.links(q.name, params, "html")
        shown = [rel for rel in around if rel != "first" or page.offset]  # the first page links to no first
        nav = " · ".join(html.link(around[rel], names[rel]) for rel in shown)
        last = page.offset + len(result.rows)
        where = f"rows {page.offset + 1:,}–{last:,}" if result.rows else f"no rows from {page.offset + 1:,}"
        count = f'<p class="pages">{where} of {page.total:,} · {nav}</p>'
    body = (
        f"<p>{html.esc(q.description)}</p>"
        f'<form method="get">{form}<button>运行 Run</button></form>{notes}'
        + count
        + html.table(result.columns, rows, numeric)
    )
    return html.page(f"{q.title} ({q.name})", body, alternates=links)


def to_result(variables: list[str], rows: list[list[Any]]) -> QueryResult:
    """Worker rows (pyoxigraph terms) as a QueryResult of Python values."""
    return QueryResult(variables, [[to_python(t) for t in r] for r in rows])
