"""Pages people read: the landing page, resource pages (department, project, code) and the query page.

Labels are shown in Chinese (English where the data has it too), amounts as
万元 with thousands separators. A department and a classification code page
add tables from the saved queries (the same rows the CLI gives), each row
linking to its source document.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..query import QueryResult, format_value
from ..rdf.namespaces import BKG, CODE, PREFIXES, RDF, RDFS, SKOS
from . import html
from .guard import Refused
from .http import error
from .saved import bound_text

if TYPE_CHECKING:
    from .app import Server

LABELS = (SKOS + "prefLabel", RDFS + "label")
LABEL_QUERY = (
    "SELECT ?x ?l WHERE {{ VALUES ?x {{ {iris} }}\n"
    f"  {{{{ ?x <{SKOS}prefLabel> ?l }}}} UNION {{{{ ?x <{RDFS}label> ?l }}}} }}}}"
)


def short(iri: str) -> str:
    """A compact name for an IRI (prefix:local where a project prefix fits)."""
    for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns) :]}"
    return iri


def local(server: Server, iri: str) -> str:
    """The page of an IRI on this server, else the IRI itself."""
    from .resources import path_of

    return path_of(server.settings.base_iri, iri) or iri


async def labels(server: Server, iris: set[str]) -> dict[str, str]:
    """Labels of IRIs (Chinese first, then English and others)."""
    out: dict[str, str] = {}
    todo = sorted(iris)
    for i in range(0, len(todo), 300):
        chunk = " ".join(f"<{x}>" for x in todo[i : i + 300])
        _, rows = await server.rows(LABEL_QUERY.format(iris=chunk))
        for x, lab in rows:
            key = x.value
            if key not in out or (lab.language or "").startswith("zh"):
                out[key] = lab.value
    return out


def _cell(server: Server, term: Any, names: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        return html.link(local(server, term.value), names.get(term.value) or short(term.value))
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith("#decimal"):
            return html.wan(term.value)
        return html.esc(term.value) + (
            f' <span class="lang">@{html.esc(term.language)}</span>' if term.language else ""
        )
    return html.esc(str(term))


async def resource_page(server: Server, iri: str, triples: list[ox.Triple]) -> str:
    """A resource's page: its properties, then what its kind adds (department, code, project)."""
    iris = (
        {iri}
        | {t.predicate.value for t in triples}
        | {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    )
    names = await labels(server, iris)
    types = {
        t.object.value
        for t in triples
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode)
    }
    title = names.get(iri) or short(iri)
    rows = [
        [
            html.link(
                local(server, t.predicate.value), names.get(t.predicate.value) or short(t.predicate.value)
            ),
            _cell(server, t.object, names),
        ]
        for t in triples
    ]
    body = f'<p class="iri">{html.esc(iri)}</p>'
    body += (
        "<p>" + " ".join(f'<span class="type">{html.esc(short(t))}</span>' for t in sorted(types)) + "</p>"
    )
    extra = ""
    if BKG + "Department" in types:
        extra = await _department(server, title)
    elif SKOS + "Concept" in types and iri.startswith(CODE + "function/"):
        extra = await _function_code(server, iri.rsplit("/", 1)[1])
    body += extra + "<h2>属性 Properties</h2>" + html.table(["属性 property", "值 value"], rows)
    path = local(server, iri)
    alternates = {
        "text/turtle": path + ".ttl",
        "application/ld+json": path + ".jsonld",
        "application/n-triples": path + ".nt",
        "application/rdf+xml": path + ".rdf",
    }
    return html.page(title, body, alternates=alternates)


async def _saved(server: Server, name: str, **params: str) -> QueryResult:
    return await server.select(bound_text(server.catalogue.find(name), params))


async def _documents(server: Server) -> dict[str, str]:
    """Source file name -> document IRI."""
    _, rows = await server.rows(f"SELECT ?f ?d WHERE {{ ?d a <{BKG}BudgetDocument> ; <{BKG}sourceFile> ?f }}")
    return {f.value: d.value for f, d in rows}


def _result_table(
    server: Server, result: QueryResult, docs: dict[str, str], skip: frozenset[str] | set[str] = frozenset()
) -> str:
    """A saved query's rows; money as 万元, the document column linking to the document."""
    keep = [i for i, c in enumerate(result.columns) if c not in skip]
    money = {i for i in keep if _is_money(result, i)}
    numeric = {j for j, i in enumerate(keep) if i in money or result.columns[i].endswith("percent")}
    rows = []
    for r in result.rows:
        cells = []
        for i in keep:
            col, v = result.columns[i], r[i]
            if col == "document" and v in docs:
                cells.append(html.link(local(server, docs[v]), v))
            elif i in money and v is not None:
                cells.append(html.wan(v))
            else:
                cells.append(html.esc(format_value(v)))
        rows.append(cells)
    headers = [result.columns[i] + (" (万元)" if i in money else "") for i in keep]
    return html.table(headers, rows, numeric) if rows else "<p>—</p>"


def _is_money(result: QueryResult, i: int) -> bool:
    """Amounts are xsd:decimal in the store (Decimal here); percentages and confidences are not money."""
    name = result.columns[i]
    if name.endswith("percent") or name in ("confidence", "value", "target"):
        return False
    return any(isinstance(r[i], Decimal) for r in result.rows)


def _only(result: QueryResult, department: str) -> QueryResult:
    """The rows of exactly this department (the queries' department filter matches a part of a name)."""
    k = result.columns.index("department")
    return QueryResult(result.columns, [r for r in result.rows if r[k] == department])


async def _department(server: Server, name: str) -> str:
    docs = await _documents(server)
    totals = _only(await _saved(server, "departments"), name)
    parts = [
        "<h2>预算文件 Documents (合计 / 基本 / 项目)</h2>",
        _result_table(server, totals, docs, {"department"}),
    ]
    for title, query in (
        ("项目 Projects", "projects"),
        ("三公经费 Three public expenses", "three-public-expenses"),
        ("发现 Findings", "validation-issues"),
    ):
        parts += [
            f"<h2>{title}</h2>",
            _result_table(
                server, _only(await _saved(server, query, department=name), name), docs, {"department"}
            ),
        ]
    return "".join(parts)


async def _function_code(server: Server, code: str) -> str:
    docs = await _documents(server)
    parts = [
        "<h2>层级 Hierarchy</h2>",
        _result_table(server, await _saved(server, "function-subtree", code=code), docs),
        "<h2>各部门支出 Lines by department</h2>",
        _result_table(server, await _saved(server, "function-across-departments", function=code), docs),
        "<h2>关联项目 Linked projects</h2>",
        _result_table(server, await _saved(server, "projects-by-function", function=code), docs),
    ]
    return "".join(parts)


async def landing(request: Request) -> Response:
    """What the dataset holds, and where to go from here."""
    server: Server = request.app.state.server
    try:
        graphs = await server.graph_sizes()
        docs = await _documents(server)
        deps = await _saved(server, "departments")
        _, regions = await server.rows(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?d <{BKG}region> ?r }}")
        _, depts = await server.rows(
            f"SELECT DISTINCT ?d ?l WHERE {{ ?d a <{BKG}Department> ; <{RDFS}label> ?l }} ORDER BY ?l"
        )
    except Refused as e:
        return error(e.status, e.message)
    years = sorted({str(r[deps.columns.index("year")]) for r in deps.rows if r[deps.columns.index("year")]})
    triples = sum(n for _, n in graphs)
    facts = [
        ("预算文件 documents", str(len(docs))),
        ("部门 departments", str(len(depts))),
        ("地区 regions", str(regions[0][0].value if regions else 0)),
        ("年度 years", ", ".join(years)),
        ("三元组 triples", f"{triples:,}"),
    ]
    body = "<dl>" + "".join(f"<dt>{html.esc(k)}</dt><dd>{html.esc(v)}</dd>" for k, v in facts) + "</dl>"
    body += (
        "<h2>部门 Departments</h2><ul>"
        + "".join(f"<li>{html.link(local(server, d.value), lab.value)}</li>" for d, lab in depts)
        + "</ul>"
    )
    body += "<h2>预算 Budgets</h2>" + _result_table(server, deps, docs)
    body += (
        "<h2>更多 More</h2><ul>"
        '<li><a href="/query">SPARQL 查询页 Query page</a> (endpoint: <code>/sparql</code>)</li>'
        '<li><a href="/queries">保存的查询 Saved queries</a></li>'
        f"<li>{html.link(local(server, CODE + 'function'), '支出功能分类 Function classification')}</li>"
        "<li>数据下载 Dumps, ontology, code lists, VoID and DCAT: "
        "<code>budgetkg publish --out DIR</code></li>"
        "</ul>"
    )
    return HTMLResponse(html.page("budgetkg 部门预算知识图谱", body))


async def query_page(request: Request) -> Response:
    """An editor prefilled with the saved queries; results as a sortable table; works offline."""
    server: Server = request.app.state.server
    examples = [
        {"name": q.name, "title": q.title, "sparql": q.text}
        for q in server.catalogue.queries
        if not q.params  # a query with parameters needs binding: the saved-query pages do that
    ] + [
        {"name": q.name, "title": q.title, "sparql": bound_text(q, {})}
        for q in server.catalogue.queries
        if q.params
    ]
    options = "".join(
        f'<option value="{i}">{html.esc(e["name"])} — {html.esc(e["title"])}</option>'
        for i, e in enumerate(examples)
    )
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    body = (
        '<form id="q" method="get" action="/sparql">'
        f'<p><label>示例 Example <select id="examples">{options}</select></label></p>'
        '<textarea id="sparql" name="query" rows="16" spellcheck="false"></textarea>'
        '<p><button type="submit" id="run">运行 Run</button> '
        '<a id="download" href="#">下载 CSV</a> <span id="status"></span></p></form>'
        '<div id="results"></div>'
        f'<script id="examples-data" type="application/json">{data}</script>'
        '<script src="/static/query.js"></script>'
    )
    return HTMLResponse(html.page("SPARQL 查询 Query", body))


def quoted(text: str) -> str:
    return quote(text, safe="")
