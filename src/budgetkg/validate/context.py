"""Where a flagged resource sits: its document, department, table, row, page and names.

A SHACL result names a node; researchers need "表 4（支出总表）第 15 行, 20805
行政事业单位养老支出, 基本支出". One small SPARQL lookup per flagged node
(there are few) finds that context in the validation store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..query.result import to_python
from ..rdf.namespaces import sparql_prefixes

_NODE_QUERY = """
SELECT ?table ?tableNumber ?tableKind ?tableTitle ?row ?page ?line ?code ?item ?total ?measure
       ?measureZh ?measureEn ?fund ?fundZh ?fundEn WHERE {
  OPTIONAL { ?node bkg:budgetLine ?viaLine }
  OPTIONAL { ?node a qb:Observation ; bkg:project ?viaProject }
  BIND(COALESCE(?viaLine, ?viaProject, ?node) AS ?subject)
  OPTIONAL { ?subject bkg:inTable ?t1 }
  OPTIONAL { ?node prov:wasDerivedFrom ?t2 . ?t2 a bkg:DisclosureTable }
  OPTIONAL { ?subject prov:wasDerivedFrom ?t3 . ?t3 a bkg:DisclosureTable }
  OPTIONAL { ?node a bkg:DisclosureTable . BIND(?node AS ?t4) }
  OPTIONAL { ?node bkg:indicatorOf/bkg:performanceTable ?t5 }
  OPTIONAL { ?node bkg:indicatorOf/prov:wasDerivedFrom ?t6 . ?t6 a bkg:DisclosureTable }
  BIND(COALESCE(?t1, ?t2, ?t3, ?t4, ?t5, ?t6, <urn:budgetkg:no-table>) AS ?table)
  OPTIONAL { ?table bkg:tableNumber ?tableNumber }
  OPTIONAL { ?table bkg:tableKind ?tableKind }
  OPTIONAL { ?table dcterms:title ?tableTitle }
  OPTIONAL { ?subject bkg:rowNumber ?row }
  OPTIONAL { ?subject bkg:page ?p1 }
  OPTIONAL { ?table bkg:page ?p2 }
  BIND(COALESCE(?p1, ?p2) AS ?page)
  OPTIONAL { ?subject bkg:sourceLine ?line }
  OPTIONAL { ?subject bkg:functionCode|bkg:economicCode|bkg:projectCode ?code }
  OPTIONAL { ?subject bkg:itemName|rdfs:label|bkg:indicatorName|skos:prefLabel ?item }
  OPTIONAL { ?subject bkg:isTotal ?total }
  OPTIONAL { ?node bkg:measure ?measure
    OPTIONAL { ?measure skos:prefLabel ?measureZh FILTER(LANG(?measureZh) = "zh") }
    OPTIONAL { ?measure skos:prefLabel ?measureEn FILTER(LANG(?measureEn) = "en") } }
  OPTIONAL { ?node bkg:fundSource|bkg:incomeCategory ?fund
    OPTIONAL { ?fund skos:prefLabel ?fundZh FILTER(LANG(?fundZh) = "zh") }
    OPTIONAL { ?fund skos:prefLabel ?fundEn FILTER(LANG(?fundEn) = "en") } }
}
LIMIT 1
"""

_NO_TABLE = ox.NamedNode("urn:budgetkg:no-table")  # stands for "no table", so lookups on it find nothing

_DOCUMENT_QUERY = """
SELECT ?source ?department ?year WHERE {
  ?node bkg:sourceFile ?source .
  OPTIONAL { ?node dcterms:publisher/rdfs:label ?department }
  OPTIONAL { ?node bkg:fiscalYear ?year }
}
LIMIT 1
"""


def _slug(iri: str | None) -> str | None:
    """The last path segment of a code-list IRI (``.../measure/basic`` -> ``basic``)."""
    return iri.rsplit("/", 1)[-1] if iri else None


@dataclass
class NodeContext:
    """The table, row and names of one flagged resource (None where it has none)."""

    table: str | None = None
    table_number: int | None = None
    table_kind: str | None = None
    table_title: str | None = None
    row: int | None = None
    page: int | None = None
    line: int | None = None
    code: str | None = None
    item: str | None = None
    total: bool = False
    measure: str | None = None
    measure_zh: str | None = None
    measure_en: str | None = None
    fund: str | None = None
    fund_zh: str | None = None
    fund_en: str | None = None

    def labels(self, language: str) -> dict[str, str]:
        """Values for the ``{item}``, ``{code}``, ``{measure}``, ``{table}``, ``{row}`` placeholders."""
        measure = (self.measure_zh if language == "zh" else self.measure_en) or _slug(self.measure)
        fund = (self.fund_zh if language == "zh" else self.fund_en) or _slug(self.fund)
        if measure and fund:
            measure += ("，" if language == "zh" else ", ") + fund
        item = self.item or ("合计" if language == "zh" else "the total line")
        if not self.item and not self.total:
            item = "（未命名）" if language == "zh" else "(unnamed)"
        if self.code and self.item:
            item = f"{self.code} {self.item}"
        return {
            k: str(v)
            for k, v in {
                "item": item,
                "code": self.code,
                "measure": measure,
                "table": self.table_title or self.table_number,
                "row": self.row,
            }.items()
            if v is not None
        }


@dataclass
class DocumentContext:
    """The document a finding is about."""

    document: str
    source: str | None = None
    department: str | None = None
    year: int | None = None


def _first(store: ox.Store, query: str, node: str) -> dict[str, Any]:
    """The first solution of ``query`` with ``?node`` replaced by the (serialized, escaped) IRI."""
    text = sparql_prefixes() + query.replace("?node", str(ox.NamedNode(node)))
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    for s in solutions:
        return {v.value: s[v.value] for v in solutions.variables}
    return {}


def node_context(store: ox.Store, node: str) -> NodeContext:
    """The context of one resource, looked up in ``store``."""
    return _context(_first(store, _NODE_QUERY, node))


# The lookup for many resources at once: the same pattern with ?node bound by VALUES first.
_NODES_QUERY = (
    _NODE_QUERY.replace("SELECT ?table", "SELECT ?node ?table", 1)
    .replace("WHERE {", "WHERE {\n  VALUES ?node { NODES }", 1)
    .replace("LIMIT 1", "")
)


def node_contexts(store: ox.Store, nodes: list[str]) -> dict[str, NodeContext]:
    """:func:`node_context` of each resource, in one query (a query costs about 1 ms to plan).

    A resource the pattern matches more than once (two names, say) gets :func:`node_context`'s
    own answer, the first solution of its own query, so the result never depends on batching.
    """
    unique = list(dict.fromkeys(nodes))
    if not unique:
        return {}
    text = sparql_prefixes() + _NODES_QUERY.replace("NODES", " ".join(str(ox.NamedNode(n)) for n in unique))
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows: dict[str, list[dict[str, Any]]] = {}
    for s in solutions:
        row = {name: s[name] for name in names}
        rows.setdefault(row.pop("node").value, []).append(row)
    return {
        n: _context(rows[n][0]) if len(rows.get(n, ())) == 1 else node_context(store, n) for n in unique
    }


def _context(row: dict[str, Any]) -> NodeContext:
    values = {k: to_python(v) for k, v in row.items()}
    table = row.get("table")
    return NodeContext(
        table=table.value if isinstance(table, ox.NamedNode) and table != _NO_TABLE else None,
        table_number=values.get("tableNumber"),
        table_kind=values.get("tableKind"),
        table_title=values.get("tableTitle"),
        row=values.get("row"),
        page=values.get("page"),
        line=values.get("line"),
        code=values.get("code"),
        item=values.get("item"),
        total=bool(values.get("total")),
        measure=values.get("measure"),
        measure_zh=values.get("measureZh"),
        measure_en=values.get("measureEn"),
        fund=values.get("fund"),
        fund_zh=values.get("fundZh"),
        fund_en=values.get("fundEn"),
    )


def document_context(store: ox.Store, document: str) -> DocumentContext:
    """Source file, department and year of a document."""
    row = _first(store, _DOCUMENT_QUERY, document)
    year = to_python(row.get("year"))
    return DocumentContext(
        document=document,
        source=to_python(row.get("source")),
        department=to_python(row.get("department")),
        year=int(year) if year else None,
    )
