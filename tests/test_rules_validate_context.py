"""Where a flagged resource sits, on a hand-made store: an observation reaches its line's table and
row, a project's figure its project, an indicator its performance table; the page comes from the
resource or else its table; measure and fund labels in each language (validate/context.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from budgetkg.rdf.namespaces import BKG, DCTERMS, PROV, QB, RDF, SKOS
from budgetkg.validate import context
from budgetkg.validate.context import NodeContext, document_context, node_context, node_contexts

N = ox.NamedNode
INT = N("http://www.w3.org/2001/XMLSchema#integer")
YEAR = N("http://www.w3.org/2001/XMLSchema#gYear")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=INT)


def e(name: str) -> ox.NamedNode:
    return N("https://e.org/" + name)


def store() -> ox.Store:
    s = ox.Store()
    facts = [
        (e("t4"), RDF + "type", N(BKG + "DisclosureTable")),
        (e("t4"), BKG + "tableNumber", n(4)),
        (e("t4"), BKG + "tableKind", ox.Literal("expenditure")),
        (e("t4"), DCTERMS + "title", ox.Literal("支出总表")),
        (e("t4"), BKG + "page", n(7)),
        (e("line"), BKG + "inTable", e("t4")),
        (e("line"), BKG + "rowNumber", n(15)),
        (e("line"), BKG + "sourceLine", n(120)),
        (e("line"), BKG + "functionCode", ox.Literal("2080705")),
        (e("line"), BKG + "itemName", ox.Literal("公益性岗位补贴")),
        (e("line"), BKG + "page", n(3)),
        (e("obs"), RDF + "type", N(QB + "Observation")),
        (e("obs"), BKG + "budgetLine", e("line")),
        (e("obs"), BKG + "measure", e("measure/basic")),
        (e("measure/basic"), SKOS + "prefLabel", ox.Literal("基本支出", language="zh")),
        (e("measure/basic"), SKOS + "prefLabel", ox.Literal("basic expenditure", language="en")),
        (e("obs"), BKG + "fundSource", e("fund/general")),
        (e("fund/general"), SKOS + "prefLabel", ox.Literal("一般公共预算", language="zh")),
        (e("total"), BKG + "inTable", e("t4")),
        (
            e("total"),
            BKG + "isTotal",
            ox.Literal("true", datatype=N("http://www.w3.org/2001/XMLSchema#boolean")),
        ),
        (e("t5"), RDF + "type", N(BKG + "DisclosureTable")),
        (e("t5"), BKG + "tableNumber", n(5)),
        (e("project"), PROV + "wasDerivedFrom", e("t5")),
        (e("project"), RDFS_LABEL, ox.Literal("信息化运维")),
        (e("project"), BKG + "projectCode", ox.Literal("X-01")),
        (e("pobs"), RDF + "type", N(QB + "Observation")),
        (e("pobs"), BKG + "project", e("project")),
        (e("t6"), BKG + "tableNumber", n(6)),
        (e("indicator"), BKG + "indicatorOf", e("target")),
        (e("indicator"), BKG + "indicatorName", ox.Literal("发放人数")),
        (e("target"), BKG + "performanceTable", e("t6")),
        (e("doc"), BKG + "sourceFile", ox.Literal("a.txt")),
        (e("doc"), DCTERMS + "publisher", e("dept")),
        (e("doc"), BKG + "fiscalYear", ox.Literal("2024", datatype=YEAR)),
        (e("dept"), RDFS_LABEL, ox.Literal("甲局")),
        (e("bare-doc"), BKG + "sourceFile", ox.Literal("b.txt")),
    ]
    for subject, p, o in facts:
        s.add(ox.Quad(subject, N(p), o, N("https://e.org/graph")))
    return s


def test_an_observation_is_placed_by_its_line() -> None:
    ctx = node_context(store(), "https://e.org/obs")
    assert ctx == NodeContext(
        table="https://e.org/t4",
        table_number=4,
        table_kind="expenditure",
        table_title="支出总表",
        row=15,
        page=3,  # the line's own page before its table's
        line=120,
        code="2080705",
        item="公益性岗位补贴",
        measure="https://e.org/measure/basic",
        measure_zh="基本支出",
        measure_en="basic expenditure",
        fund="https://e.org/fund/general",
        fund_zh="一般公共预算",
    )
    assert ctx.labels("zh")["measure"] == "基本支出，一般公共预算"
    assert ctx.labels("en")["measure"] == "basic expenditure, general"


def test_a_total_line_takes_its_table_page() -> None:
    ctx = node_context(store(), "https://e.org/total")
    assert (ctx.table_number, ctx.page, ctx.total, ctx.item, ctx.row) == (4, 7, True, None, None)
    assert ctx.labels("zh")["item"] == "合计"


def test_a_project_figure_is_placed_by_its_project() -> None:
    ctx = node_context(store(), "https://e.org/pobs")
    assert (ctx.table, ctx.table_number, ctx.code, ctx.item) == ("https://e.org/t5", 5, "X-01", "信息化运维")
    assert node_context(store(), "https://e.org/t5").table_number == 5  # a table is its own place


def test_an_indicator_is_placed_by_its_performance_table() -> None:
    ctx = node_context(store(), "https://e.org/indicator")
    assert (ctx.table, ctx.table_number, ctx.item) == ("https://e.org/t6", 6, "发放人数")


def test_a_resource_of_no_table() -> None:
    assert node_context(store(), "https://e.org/nothing") == NodeContext()


def test_the_document() -> None:
    doc = document_context(store(), "https://e.org/doc")
    assert (doc.document, doc.source, doc.department, doc.year) == (
        "https://e.org/doc",
        "a.txt",
        "甲局",
        2024,
    )
    bare = document_context(store(), "https://e.org/bare-doc")
    assert (bare.source, bare.department, bare.year) == ("b.txt", None, None)
    assert document_context(store(), "https://e.org/none").source is None


def test_many_resources_at_once_are_placed_as_one_at_a_time() -> None:
    nodes = ["obs", "total", "pobs", "t5", "indicator", "nothing", "line", "obs"]
    iris = ["https://e.org/" + name for name in nodes]
    found = node_contexts(store(), iris)
    assert list(found) == list(dict.fromkeys(iris))
    assert found == {iri: node_context(store(), iri) for iri in iris}
    assert found["https://e.org/obs"].row == 15 and found["https://e.org/nothing"] == NodeContext()
    assert node_contexts(store(), []) == {}


def test_a_resource_matched_twice_gets_its_own_first_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line with two names: the batch leaves it to the one-resource lookup, never picks one itself."""
    s = store()
    s.add(ox.Quad(e("line"), N(RDFS_LABEL), ox.Literal("另一个名称"), N("https://e.org/graph")))
    alone = node_context(s, "https://e.org/line")
    assert alone.item in ("公益性岗位补贴", "另一个名称")
    asked: list[str] = []

    def one(store: ox.Store, node: str) -> NodeContext:
        asked.append(node)
        return node_context(store, node)

    monkeypatch.setattr(context, "node_context", one)
    found = node_contexts(s, ["https://e.org/line", "https://e.org/obs", "https://e.org/total"])
    assert found["https://e.org/line"] == alone
    assert asked == ["https://e.org/line", "https://e.org/obs"]  # the observation reads the line's names
