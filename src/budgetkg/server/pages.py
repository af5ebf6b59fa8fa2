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
from ..rdf.summary import LEVELS
from . import html
from .guard import Refused
from .http import error
from .saved import example_text

if TYPE_CHECKING:
    from .app import Server

LABELS = (SKOS + "prefLabel", RDFS + "label")
LABEL_QUERY = (
    "SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }}\n"
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


async def _rows_for(server: Server, query: str, terms: list[str]) -> list[list[Any]]:
    """The rows of ``query`` (its ``{values}``: a VALUES list) for SPARQL terms, asked 300 at a time."""
    out: list[list[Any]] = []
    for i in range(0, len(terms), 300):
        _, rows = await server.rows(query.format(values=" ".join(terms[i : i + 300])))
        out += rows
    return out


async def labels(server: Server, iris: set[str]) -> dict[str, str]:
    """Labels of IRIs (Chinese first, then English and others)."""
    out: dict[str, str] = {}
    for x, lab in await _rows_for(server, LABEL_QUERY, [f"<{x}>" for x in sorted(iris)]):
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
        extra = await _department(server, iri, title)
    elif SKOS + "Concept" in types and iri.startswith(CODE + "function/"):
        extra = await _function_code(server, iri, iri.rsplit("/", 1)[1])
    elif BKG + "Project" in types:
        extra = await _project(server, iri)
    body += extra + "<h2>属性 Properties</h2>" + html.table(["属性 property", "值 value"], rows)
    _, incoming = await server.rows(INCOMING.replace("<IRI>", f"<{iri}>"))
    if incoming:
        more = await labels(server, {r[0].value for r in incoming if isinstance(r[0], ox.NamedNode)})
        names.update(more)
        inrows = [[_cell(server, r[0], names), _cell(server, r[1], names)] for r in incoming]
        body += "<h2>引用 Referenced by</h2>" + html.table(["资源 resource", "属性 property"], inrows)
    path = local(server, iri)
    alternates = {
        "text/turtle": path + ".ttl",
        "application/ld+json": path + ".jsonld",
        "application/n-triples": path + ".nt",
        "application/rdf+xml": path + ".rdf",
    }
    return html.page(title, body, alternates=alternates)


async def _saved(server: Server, name: str, **params: str) -> QueryResult:
    return await server.saved(name, params)


DOCUMENTS_QUERY = (
    "SELECT ?f ?d WHERE {{ VALUES ?f {{ {values} }}\n"
    f"  ?d a <{BKG}BudgetDocument> ; <{BKG}sourceFile> ?f }}}}"
)


async def _documents(server: Server, files: set[str]) -> dict[str, str]:
    """Source file name -> document IRI, for the files a page shows (not every document in the store)."""
    rows = await _rows_for(server, DOCUMENTS_QUERY, [str(ox.Literal(f)) for f in sorted(files)])
    return {f.value: d.value for f, d in rows}


def _files(*results: QueryResult | None) -> set[str]:
    """The file names in the ``document`` column of saved queries' results."""
    out: set[str] = set()
    for r in results:
        if r is not None and "document" in r.columns:
            k = r.columns.index("document")
            out.update(row[k] for row in r.rows if isinstance(row[k], str))
    return out


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


PFX = (
    f"PREFIX bkg: <{BKG}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <{SKOS}>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX org: <http://www.w3.org/ns/org#>\n"
    "PREFIX measure: <https://w3id.org/budgetkg/code/measure/>\n"
)


def _a(server: Server, term: Any, text: Any = None) -> str:
    """A link to a term's page (text: its label), or the escaped text for a literal / nothing."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return html.link(
            local(server, term.value), text.value if hasattr(text, "value") else (text or short(term.value))
        )
    return html.esc(getattr(term, "value", term))


def _money(term: Any) -> str:
    return "" if term is None else html.wan(term.value)


def _source(server: Server, doc: Any, file: Any, table: Any, title: Any, line: Any) -> str:
    """Where a figure comes from: document, table (its title), line of the source text."""
    parts = [_a(server, doc, file)]
    if table is not None:
        parts.append(_a(server, table, title))
    if line is not None:
        parts.append(f"第 {html.esc(line.value)} 行")
    return " · ".join(p for p in parts if p)


LINES_UNDER = (
    PFX
    + """
SELECT ?line ?code ?name ?dept ?dname ?doc ?file ?table ?title ?src ?total ?basic ?project WHERE {
  GRAPH ?g {
    # every prefix of a 支出总表 line's code is on the line (bkg:functionCodePrefix, made at ingest:
    # rdf/summary.py), so the lines under a code are one index look-up, not a string test of every line
    ?line bkg:functionCodePrefix CODE ; a bkg:BudgetLine ; bkg:functionCode ?code ; bkg:inTable ?table .
    ?table bkg:tableKind "expenditure" ; dcterms:isPartOf ?doc .
    ?doc bkg:sourceFile ?file ; dcterms:publisher ?dept .
    ?dept rdfs:label ?dname .
    OPTIONAL { ?line bkg:itemName ?name }
    OPTIONAL { ?table dcterms:title ?title }
    OPTIONAL { ?line bkg:sourceLine ?src }
    # the line's amounts, materialised on it at ingest (rdf/summary.py): one look-up each, where the
    # observations' would be read for every line of the store
    OPTIONAL { ?line bkg:totalAmount ?total }
    OPTIONAL { ?line bkg:basicAmount ?basic }
    OPTIONAL { ?line bkg:projectAmount ?project }
  }
} ORDER BY ?code ?dname ?file"""
)
# The lines of the code itself (a 类 code's own line in each department's 支出总表): in LINES_UNDER's order
# they come first (a code sorts before its sub-codes), so when there are more than a page of them they
# are the page, and the code's whole subtree -- some twenty lines a department for a 类 code in the
# samples -- is not read and sorted for it.
LINES_AT = LINES_UNDER.replace("?line bkg:functionCodePrefix CODE ;", "?line bkg:functionCode CODE ;")

PROJECTS_UNDER = (
    PFX
    + """
SELECT ?p ?label ?amount ?code ?dept ?dname ?doc ?file ?conf
       (GROUP_CONCAT(DISTINCT ?m; separator="+") AS ?methods)
WHERE {
  GRAPH ?g {
    LINKS
    OPTIONAL { ?fl bkg:confidence ?conf }
    OPTIONAL { ?fl bkg:linkMethod ?m }
    ?p rdfs:label ?label ; dcterms:source ?doc .
    OPTIONAL { ?p bkg:amount ?amount }
    ?doc bkg:sourceFile ?file ; dcterms:publisher ?dept .
    ?dept rdfs:label ?dname .
  }
} GROUP BY ?p ?label ?amount ?code ?dept ?dname ?doc ?file ?conf ORDER BY ?code ?dname DESC(?conf)"""
)

# The links under a code: a 类, 款 or 项 code is on each link it is an ancestor of (bkg:functionAncestor,
# made at ingest), one index look-up; any other code is a string test of every link.
LINKS_UNDER_CONCEPT = (
    "?fl bkg:functionAncestor <CONCEPT> ; a bkg:FunctionLink ; bkg:functionCode ?code ; bkg:project ?p ."
)
LINKS_UNDER_PREFIX = (
    "?fl a bkg:FunctionLink ; bkg:functionCode ?code ; bkg:project ?p .\n"
    "    FILTER(STRSTARTS(?code, CODE))"
)

HIERARCHY = (
    PFX
    + """
SELECT ?c ?notation ?label ?rel WHERE {
  { <IRI> skos:broader+ ?c BIND("broader" AS ?rel) } UNION { ?c skos:broader <IRI> BIND("narrower" AS ?rel) }
  OPTIONAL { ?c skos:notation ?notation }
  OPTIONAL { ?c skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "zh") || LANG(?label) = "") }
} ORDER BY ?rel ?notation"""
)


def projects_under(code: str, iri: str) -> str:
    """The query of the projects linked to a function code (``iri``: its concept) or any code under it."""
    links = LINKS_UNDER_CONCEPT.replace("CONCEPT", iri) if len(code) in LEVELS else LINKS_UNDER_PREFIX
    return PROJECTS_UNDER.replace("LINKS", links).replace("CODE", f'"{code}"')


# A code page lists at most this many lines and linked projects; beyond, it links to the saved queries
# that list them all in pages (a 类 code of a national store has lines in most of its departments).
CODE_ROWS = 500


def _cut(rows: list[Any], what: str, saved: str) -> tuple[list[Any], str]:
    """At most :data:`CODE_ROWS` rows (asked for one more), and a note linking to the rest."""
    if len(rows) <= CODE_ROWS:
        return rows, ""
    note = f'<p class="note">the first {CODE_ROWS} {what}; all of them: {html.link(saved, saved)}</p>'
    return rows[:CODE_ROWS], note


async def _function_code(server: Server, iri: str, code: str) -> str:
    """A classification code: its place in the hierarchy, the departments' lines and projects under it
    (the first :data:`CODE_ROWS` of each, then links to the saved queries)."""
    if not code.isdigit():
        return ""
    literal = f'"{code}"'
    limit = f"\nLIMIT {CODE_ROWS + 1}"
    _, hier = await server.rows(HIERARCHY.replace("<IRI>", f"<{iri}>"))
    _, lines = await server.rows(LINES_AT.replace("CODE", literal) + limit)
    if len(lines) <= CODE_ROWS:  # not more than a page of the code's own lines: its subtree, in one order
        _, lines = await server.rows(LINES_UNDER.replace("CODE", literal) + limit)
    _, projects = await server.rows(projects_under(code, iri) + limit)
    lines, more_lines = _cut(lines, "lines", f"/queries/function-subtree?code={code}")
    projects, more_projects = _cut(
        projects, "linked projects", f"/queries/projects-by-function?function={code}"
    )
    up = [r for r in hier if r[3].value == "broader"]
    down = [r for r in hier if r[3].value == "narrower"]
    crumbs = " › ".join(
        _a(server, r[0], f"{r[1].value if r[1] else ''} {r[2].value if r[2] else ''}") for r in up
    )
    parts = ["<h2>层级 Hierarchy</h2>", f"<p>上级 broader: {crumbs or '—'}</p>"]
    if down:
        parts.append(
            "<p>下级 narrower: "
            + ", ".join(
                _a(server, r[0], f"{r[1].value if r[1] else ''} {r[2].value if r[2] else ''}") for r in down
            )
            + "</p>"
        )
    rows = [
        [
            html.esc(r[1].value),
            html.esc(r[2].value if r[2] else ""),
            _a(server, r[3], r[4]),
            _money(r[10]),
            _money(r[11]),
            _money(r[12]),
            _source(server, r[5], r[6], r[7], r[8], r[9]),
        ]
        for r in lines
    ]
    parts += [
        "<h2>各部门支出 Lines by department (万元)</h2>",
        html.table(
            [
                "科目 code",
                "名称 name",
                "部门 department",
                "合计 total",
                "基本 basic",
                "项目 project",
                "来源 source",
            ],
            rows,
            {3, 4, 5},
        )
        if rows
        else "<p>—</p>",
        more_lines,
    ]
    prow = [
        [
            html.esc(r[3].value),
            _a(server, r[0], r[1]),
            _money(r[2]),
            _a(server, r[4], r[5]),
            html.esc(r[9].value if r[9] else ""),
            html.esc(r[8].value if r[8] else ""),
            _a(server, r[6], r[7]),
        ]
        for r in projects
    ]
    parts += [
        "<h2>关联项目 Linked projects</h2>",
        html.table(
            [
                "科目 code",
                "项目 project",
                "金额 amount (万元)",
                "部门 department",
                "方法 method",
                "置信度 confidence",
                "来源 source",
            ],
            prow,
            {2, 5},
        )
        if prow
        else "<p>—</p>",
        more_projects,
    ]
    return "".join(parts)


DEPT_PROJECTS = (
    PFX
    + """
SELECT ?p ?label ?amount ?type ?doc ?file ?table ?title ?src WHERE {
  # the department's documents first, then each one's projects with its graph and document bound
  # (LATERAL, SEP-0006: the server reads an embedded Oxigraph store): started from every project in the
  # store, the page took 3.5 s at 1,000 departments
  GRAPH ?g { ?doc dcterms:publisher <IRI> ; bkg:sourceFile ?file }
  LATERAL {
    GRAPH ?g {
      ?p dcterms:source ?doc ; a bkg:Project ; rdfs:label ?label .
      OPTIONAL { ?p bkg:amount ?amount } OPTIONAL { ?p bkg:projectType ?type }
      OPTIONAL {
        ?p <http://www.w3.org/ns/prov#wasDerivedFrom> ?table OPTIONAL { ?table dcterms:title ?title }
      }
      OPTIONAL { ?p bkg:sourceLine ?src }
    }
  }
} ORDER BY ?file DESC(?amount)"""
)

SUB_UNITS = (
    PFX
    + """
SELECT DISTINCT ?u ?label WHERE { <IRI> org:hasSubOrganization ?u OPTIONAL { ?u rdfs:label ?label } }
ORDER BY ?label"""
)


async def _department(server: Server, iri: str, name: str) -> str:
    """A department: its documents' totals, sub-units, projects, 三公经费 and findings. Every saved query is
    asked for the department by name (then its exact name kept), never for the whole store."""
    totals = _only(await _saved(server, "departments", department=name), name)
    tables = [
        (title, _only(await _saved(server, query, department=name), name))
        for title, query in (
            ("三公经费 Three public expenses", "three-public-expenses"),
            ("发现 Findings", "validation-issues"),
        )
    ]
    docs = await _documents(server, _files(totals, *(result for _, result in tables)))
    parts = [
        "<h2>预算文件 Documents (合计 / 基本 / 项目)</h2>",
        _result_table(server, totals, docs, {"department"}),
    ]
    _, units = await server.rows(SUB_UNITS.replace("<IRI>", f"<{iri}>"))
    parts.append("<h2>下属单位 Sub-units</h2>")
    parts.append(
        "<ul>" + "".join(f"<li>{_a(server, u, lab)}</li>" for u, lab in units) + "</ul>"
        if units
        else "<p>—</p>"
    )
    _, projects = await server.rows(DEPT_PROJECTS.replace("<IRI>", f"<{iri}>"))
    prow = [
        [
            _a(server, r[0], r[1]),
            _money(r[2]),
            html.esc(r[3].value if r[3] else ""),
            _source(server, r[4], r[5], r[6], r[7], r[8]),
        ]
        for r in projects
    ]
    parts += [
        "<h2>项目 Projects</h2>",
        html.table(["项目 project", "金额 amount (万元)", "类型 type", "来源 source"], prow, {1})
        if prow
        else "<p>—</p>",
    ]
    for title, result in tables:
        parts += [f"<h2>{title}</h2>", _result_table(server, result, docs, {"department"})]
    return "".join(parts)


PROJECT_LINKS = (
    PFX
    + """
SELECT ?class ?code ?label ?conf (GROUP_CONCAT(DISTINCT ?m; separator="+") AS ?methods) ?line WHERE {
  ?fl a bkg:FunctionLink ; bkg:project <IRI> ; bkg:functionCode ?code .
  OPTIONAL { ?fl bkg:functionClass ?class OPTIONAL { ?class skos:prefLabel ?label } }
  OPTIONAL { ?fl bkg:confidence ?conf } OPTIONAL { ?fl bkg:linkMethod ?m }
  OPTIONAL { ?fl bkg:linkedLine ?line }
} GROUP BY ?class ?code ?label ?conf ?line ORDER BY DESC(?conf)"""
)

PROJECT_INDICATORS = (
    PFX
    + """
SELECT ?i ?l1 ?l2 ?name ?op ?value ?unit ?raw WHERE {
  ?i a bkg:PerformanceIndicator ; bkg:indicatorOf <IRI> .
  OPTIONAL { ?i bkg:indicatorLevel1Name ?l1 } OPTIONAL { ?i bkg:indicatorLevel2Name ?l2 }
  OPTIONAL { ?i bkg:indicatorName ?name } OPTIONAL { ?i bkg:comparisonOperator ?op }
  OPTIONAL { ?i bkg:targetValue ?value } OPTIONAL { ?i bkg:targetUnit ?unit } OPTIONAL { ?i bkg:rawText ?raw }
} ORDER BY ?i"""
)


async def _project(server: Server, iri: str) -> str:
    """A project: its function links (method, confidence) and performance indicators."""
    _, links = await server.rows(PROJECT_LINKS.replace("<IRI>", f"<{iri}>"))
    _, indicators = await server.rows(PROJECT_INDICATORS.replace("<IRI>", f"<{iri}>"))
    lrows = [
        [
            _a(server, r[0], f"{r[1].value} {r[2].value if r[2] else ''}"),
            html.esc(r[4].value if r[4] else ""),
            html.esc(r[3].value if r[3] else ""),
            _a(server, r[5], "line"),
        ]
        for r in links
    ]
    irows = [
        [
            _a(server, r[0], r[3] or "indicator"),
            html.esc(r[1].value if r[1] else ""),
            html.esc(r[2].value if r[2] else ""),
            html.esc(" ".join(x.value for x in (r[4], r[5], r[6]) if x is not None)),
            html.esc(r[7].value if r[7] else ""),
        ]
        for r in indicators
    ]
    return (
        "<h2>支出功能分类 Function links</h2>"
        + (
            html.table(["科目 code", "方法 method", "置信度 confidence", "行 line"], lrows, {2})
            if lrows
            else "<p>—</p>"
        )
        + "<h2>绩效指标 Performance indicators</h2>"
        + (
            html.table(["指标 indicator", "一级", "二级", "目标 target", "原文 raw"], irows)
            if irows
            else "<p>—</p>"
        )
    )


INCOMING = "SELECT DISTINCT ?s ?p WHERE { GRAPH ?g { ?s ?p <IRI> } } ORDER BY ?p ?s LIMIT 200"


# The landing page lists at most this many departments and budgets; beyond, it links to the saved query
# (a national store has tens of thousands: a page of them, and the queries listing them, would exceed the
# server's row limit).
LANDING_ROWS = 100

LANDING_COUNTS = f"""SELECT
  (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?d) AS ?departments) (COUNT(DISTINCT ?r) AS ?regions)
WHERE {{
  {{ ?doc a <{BKG}BudgetDocument> ; <{BKG}sourceFile> ?f }}
  UNION {{ ?d a <{BKG}Department> ; <{RDFS}label> ?l }}
  UNION {{ ?x <{BKG}region> ?r }}
}}"""
LANDING_YEARS = f"SELECT DISTINCT ?y WHERE {{ ?doc a <{BKG}BudgetDocument> ; <{BKG}fiscalYear> ?y }}"
# one row per department: a department with two labels is listed once, under the first in code-point order
LANDING_DEPARTMENTS = (
    f"SELECT ?d (MIN(STR(?l)) AS ?name) WHERE {{ ?d a <{BKG}Department> ; <{RDFS}label> ?l }}\n"
    "GROUP BY ?d ORDER BY ?name ?d"
)


async def landing(request: Request) -> Response:
    """What the dataset holds, and where to go from here: its counts (no pass over every quad), and its
    departments and budgets when there are at most :data:`LANDING_ROWS` of them (else the first
    departments and a link to the saved query)."""
    server: Server = request.app.state.server
    try:
        _, counts = await server.rows(LANDING_COUNTS)
        n_docs, n_depts, n_regions = (int(t.value) for t in counts[0])
        _, years = await server.rows(LANDING_YEARS)
        _, depts = await server.rows(f"{LANDING_DEPARTMENTS} LIMIT {LANDING_ROWS}")
        deps = await _saved(server, "departments") if n_docs <= LANDING_ROWS else None
        docs = await _documents(server, _files(deps)) if deps is not None else {}
    except Refused as e:
        return error(e.status, e.message)
    facts = [
        ("预算文件 documents", f"{n_docs:,}"),
        ("部门 departments", f"{n_depts:,}"),
        ("地区 regions", f"{n_regions:,}"),
        ("年度 years", ", ".join(sorted({y.value for (y,) in years}))),
    ]
    body = "<dl>" + "".join(f"<dt>{html.esc(k)}</dt><dd>{html.esc(v)}</dd>" for k, v in facts) + "</dl>"
    more = n_depts - len(depts)
    body += (
        "<h2>部门 Departments</h2><ul>"
        + "".join(f"<li>{html.link(local(server, d.value), lab.value)}</li>" for d, lab in depts)
        + (f'<li>… {more:,} more: <a href="/queries/departments">departments</a></li>' if more > 0 else "")
        + "</ul>"
    )
    body += "<h2>预算 Budgets</h2>" + (
        _result_table(server, deps, docs)
        if deps is not None
        else f'<p>{n_docs:,} budgets: <a href="/queries/departments">the departments query</a> lists them</p>'
    )
    body += (
        "<h2>更多 More</h2><ul>"
        '<li><a href="/query">SPARQL 查询页 Query page</a> (endpoint: <code>/sparql</code>)</li>'
        '<li><a href="/queries">保存的查询 Saved queries</a></li>'
        f"<li>{html.link(local(server, CODE + 'function'), '支出功能分类 Function classification')}</li>"
        '<li><a href="/ontology">本体 Ontology</a> (<a href="/ontology.ttl">Turtle</a>)</li>'
    )
    if server.settings.release:
        body += (
            '<li>数据下载 Dumps: <a href="/dumps/dataset.nq.gz">N-Quads</a>, '
            '<a href="/dumps/dataset.trig.gz">TriG</a>, <a href="/dumps/void.ttl">VoID</a>, '
            '<a href="/dumps/dcat.ttl">DCAT</a>, <a href="/dumps/SHA256SUMS">SHA256SUMS</a></li></ul>'
        )
    else:
        body += (
            "<li>数据下载 Dumps, VoID and DCAT: <code>budgetkg publish --out DIR</code>, "
            "then <code>budgetkg serve --release DIR</code></li></ul>"
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
        {"name": q.name, "title": q.title, "sparql": example_text(q)}
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
