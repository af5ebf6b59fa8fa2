"""A SHACL report written by hand becomes findings: the figures read back out of the filled-in
message, the rounding allowance, the flagged resource's table and row, the wording of structural
results, and the report graph annotated to say what the findings say (validate/convert.py)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from budgetkg.rdf.namespaces import BKG, DCTERMS
from budgetkg.validate import INFO, VIOLATION, WARNING
from budgetkg.validate.context import DocumentContext
from budgetkg.validate.convert import ReportConverter
from budgetkg.validate.shapes import Rule, ShapesLibrary

D = Decimal
E = rdflib.Namespace("https://e.org/")
BK = rdflib.Namespace(BKG)
TEMPLATE = (
    "{item} 的 {?n} 项之和为 {?expected}（{?figures}），公布数为 {?found} | "
    "{item}: the {?n} items sum to {?expected} ({?figures}), published {?found} || rule={?rule}"
)
INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def store() -> ox.Store:
    """A line of table 4 (支出总表), row 15 on page 3, and a line of no table."""
    s = ox.Store()
    line, table = ox.NamedNode(E.line), ox.NamedNode(E.table)
    for subject, p, o in (
        (line, BKG + "inTable", table),
        (line, BKG + "rowNumber", ox.Literal("15", datatype=INT)),
        (line, BKG + "page", ox.Literal("3", datatype=INT)),
        (line, BKG + "functionCode", ox.Literal("2080705")),
        (line, BKG + "itemName", ox.Literal("公益性岗位补贴")),
        (table, BKG + "tableNumber", ox.Literal("4", datatype=INT)),
        (table, BKG + "tableKind", ox.Literal("expenditure")),
        (table, DCTERMS + "title", ox.Literal("支出总表")),
        (ox.NamedNode(E.loose), BKG + "itemName", ox.Literal("散项")),
        (line, BKG + "measure", ox.NamedNode("https://e.org/measure/basic")),
        (line, BKG + "fundSource", ox.NamedNode("https://e.org/fund/general")),
    ):
        s.add(ox.Quad(subject, ox.NamedNode(p), o))
    return s


def library(tolerant: bool = True, own: tuple[str, str] | None = None) -> ShapesLibrary:
    graph = rdflib.Graph()
    graph.add((E.constraint, SH.message, rdflib.Literal(TEMPLATE)))
    rules = {
        E.sum: Rule("children-sum", str(E.sum), tolerant),
        E.structure: Rule("structure", str(E.structure), False, *(own or (None, None))),
    }
    return ShapesLibrary(graph=graph, rules=rules, bulk=rdflib.Graph())


def sum_result(report: rdflib.Graph, r: rdflib.BNode, message: str, focus: rdflib.URIRef = E.line) -> None:
    report.add((r, rdflib.RDF.type, SH.ValidationResult))
    report.add((r, SH.sourceShape, E.sum))
    report.add((r, SH.resultSeverity, SH.Warning))
    report.add((r, SH.focusNode, focus))
    report.add((r, SH.sourceConstraint, E.constraint))
    report.add((r, SH.resultMessage, rdflib.Literal(message)))


DOC = DocumentContext("https://e.org/doc", source="a.txt", department="甲局")


def convert(report: rdflib.Graph, tolerance: str = "0.01", **kw: object) -> list:  # type: ignore[type-arg]
    return ReportConverter(library(**kw), store(), D(tolerance)).convert(report, DOC)  # type: ignore[arg-type]


def filled(n: str, expected: str, found: str, figures: str = "a=1 b=2", rule: str = "") -> str:
    return (
        f"{{item}} 的 {n} 项之和为 {expected}（{figures}），公布数为 {found} | "
        f"{{item}}: the {n} items sum to {expected} ({figures}), published {found} || rule={rule}"
    )


def test_a_sum_result_becomes_a_finding_with_its_figures_and_place() -> None:
    report = rdflib.Graph()
    r = rdflib.BNode()
    sum_result(report, r, filled("2", "3", "3.05", "b=2 a=1"))
    (f,) = convert(report)
    assert (f.severity, f.rule, f.document, f.source, f.department) == (
        WARNING,
        "children-sum",
        "https://e.org/doc",
        "a.txt",
        "甲局",
    )
    assert (f.expected, f.found, f.difference) == (D("3"), D("3.05"), D("0.05"))
    assert f.figures == [("a", D("1")), ("b", D("2"))]
    assert (f.focus, f.table, f.table_iri, f.table_title, f.table_kind) == (
        str(E.line),
        4,
        str(E.table),
        "支出总表",
        "expenditure",
    )
    assert (f.row, f.page, f.code, f.item, f.shape, f.path) == (
        15,
        3,
        "2080705",
        "公益性岗位补贴",
        str(E.sum),
        None,
    )
    assert (f.measure, f.fund) == ("basic", "general")  # the code lists' slugs
    assert f.message_zh == "2080705 公益性岗位补贴 的 2 项之和为 3.00（a 1.00 + b 2.00），公布数为 3.05"
    assert f.message_en == "2080705 公益性岗位补贴: the 2 items sum to 3.00 (a 1.00 + b 2.00), published 3.05"
    # the report says what the finding says
    assert report.value(r, SH.resultSeverity) == SH.Warning
    assert set(report.objects(r, SH.resultMessage)) == {
        rdflib.Literal(f.message_zh, lang="zh"),
        rdflib.Literal(f.message_en, lang="en"),
    }
    assert report.value(r, BK.rule) == rdflib.Literal("children-sum")
    assert report.value(r, BK.expected) == rdflib.Literal("3", datatype=rdflib.XSD.decimal)
    assert report.value(r, BK.found) == rdflib.Literal("3.05", datatype=rdflib.XSD.decimal)


def test_the_allowance_counts_the_items_summed() -> None:
    def severity(n: str, expected: str, found: str, figures: str = "a=1 b=2", **kw: object) -> str:
        report = rdflib.Graph()
        sum_result(report, rdflib.BNode(), filled(n, expected, found, figures))
        return convert(report, **kw)[0].severity  # type: ignore[no-any-return]

    assert severity("2", "3", "3.02") == INFO  # 2 × 0.01, the boundary included
    assert severity("2", "3", "3.03") == WARNING
    assert severity("2", "3", "2.98") == INFO
    assert severity("2", "3", "2.97") == WARNING
    # without a count, the figures listed count: three here
    assert severity("", "3", "3.03", "a=1 b=1 c=1") == INFO
    assert severity("", "3", "3.04", "a=1 b=1 c=1") == WARNING
    # neither: one item
    assert severity("", "3", "3.01", "") == INFO
    assert severity("", "3", "3.02", "") == WARNING
    assert severity("2", "3", "3.02", tolerance="0.005") == WARNING
    assert severity("2", "3", "3.01", tolerance="0.005") == INFO
    assert severity("2", "3", "3.01", tolerant=False) == WARNING


def test_a_rule_named_in_the_message_wins_and_a_focus_with_no_table() -> None:
    report = rdflib.Graph()
    sum_result(report, rdflib.BNode(), filled("1", "3", "9", rule="units-sum"), focus=E.loose)
    (f,) = convert(report)
    assert (f.rule, f.table, f.table_iri, f.row, f.item) == ("units-sum", None, None, None, "散项")
    assert f.message_en == "散项: the 1 items sum to 3.00 (a 1.00 + b 2.00), published 9.00"


def structural(report: rdflib.Graph, component: str, value: rdflib.term.Node | None = None) -> rdflib.BNode:
    r = rdflib.BNode()
    report.add((r, rdflib.RDF.type, SH.ValidationResult))
    report.add((r, SH.sourceShape, E.structure))
    report.add((r, SH.resultSeverity, SH.Violation))
    report.add((r, SH.focusNode, E.line))
    report.add((r, SH.resultPath, BK.amount))
    report.add((r, SH.sourceConstraintComponent, SH[component]))
    report.add((r, SH.resultMessage, rdflib.Literal("pySHACL's own words")))
    if value is not None:
        report.add((r, SH.value, value))
    return r


def test_structural_results_are_worded_by_their_component() -> None:
    report = rdflib.Graph()
    structural(report, "MinCountConstraintComponent")
    structural(report, "DatatypeConstraintComponent", rdflib.Literal("abc"))
    structural(report, "ClassConstraintComponent", BK.Thing)
    structural(report, "MaxCountConstraintComponent", E.line)  # the focus itself is no value
    structural(report, "PatternConstraintComponent", rdflib.Literal("x"))
    findings = convert(report)
    assert {f.severity for f in findings} == {VIOLATION} and {f.path for f in findings} == {"bkg:amount"}
    got = {(f.value, f.message_zh, f.message_en) for f in findings}
    assert got == (
        {
            (None, "缺少必需的属性 bkg:amount", "required property bkg:amount is missing"),
            (
                "abc",
                "属性 bkg:amount 的值 abc 数据类型不符",
                "value abc of bkg:amount has the wrong datatype",
            ),
            (
                BKG + "Thing",
                "属性 bkg:amount 的值 bkg:Thing 不是规定类型的资源",
                "value bkg:Thing of bkg:amount is not of the required class",
            ),
            (None, "属性 bkg:amount 的值多于允许的个数", "property bkg:amount has too many values"),
            (
                "x",
                "属性 bkg:amount 的值 x 不合规定",
                "value x of bkg:amount is not allowed (PatternConstraintComponent)",
            ),
        }
    )
    assert all(f.expected is None and f.found is None and f.figures == [] for f in findings)
    assert {f.rule for f in findings} == {"structure"}


def test_a_rule_own_message_replaces_the_component_wording() -> None:
    report = rdflib.Graph()
    structural(report, "PatternConstraintComponent", rdflib.Literal("x"))
    (f,) = convert(report, own=("{item} 的 {path} 不对：{value}", "{item}: {path} is wrong: {value}"))
    assert f.message_zh == "2080705 公益性岗位补贴 的 bkg:amount 不对：x"
    assert f.message_en == "2080705 公益性岗位补贴: bkg:amount is wrong: x"


def test_an_unknown_shape_and_findings_worst_first() -> None:
    report = rdflib.Graph()
    sum_result(report, rdflib.BNode(), filled("1", "3", "3"))
    r = structural(report, "MinCountConstraintComponent")
    report.set((r, SH.sourceShape, rdflib.URIRef("https://e.org/shapes#other")))
    findings = convert(report)
    assert [(f.severity, f.rule) for f in findings] == [(VIOLATION, "other"), (INFO, "children-sum")]
    assert findings[0].shape == "https://e.org/shapes#other"


def test_a_result_without_a_path_on_a_blank_node() -> None:
    report = rdflib.Graph()
    r = rdflib.BNode()
    focus = rdflib.BNode()
    report.add((r, rdflib.RDF.type, SH.ValidationResult))
    report.add((r, SH.sourceShape, E.structure))
    report.add((r, SH.resultSeverity, SH.Violation))
    report.add((r, SH.focusNode, focus))
    report.add((r, SH.sourceConstraintComponent, SH.NodeKindConstraintComponent))
    (f,) = convert(report)
    assert (f.path, f.value, f.focus, f.table, f.row, f.item) == (None, None, str(focus), None, None, None)
    assert f.message_zh == "属性  的值 — 不合规定"
    assert f.message_en == "value — of  is not allowed (NodeKindConstraintComponent)"


def test_a_result_without_a_source_shape_is_of_rule_unknown() -> None:
    report = rdflib.Graph()
    r = structural(report, "MinCountConstraintComponent")
    report.remove((r, SH.sourceShape, None))
    (f,) = convert(report)
    assert (f.rule, f.shape) == ("unknown", "")
