"""Findings, their report and their RDF form, on hand-made findings: every field where it belongs.

Expected texts are written by hand from what each rendering means (report.py, findings.py,
triples.py, template.py, precision.py): worst first, decimals as strings, empty fields dropped,
a finding's IRI numbered in the order given.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from budgetkg.rdf.namespaces import BKG, PROV
from budgetkg.validate import (
    INFO,
    VIOLATION,
    WARNING,
    DocumentValidation,
    ValidationFinding,
    ValidationReport,
)
from budgetkg.validate.context import NodeContext
from budgetkg.validate.convert import _figures, _shown, curie, shorten_iris
from budgetkg.validate.precision import RoundingScales
from budgetkg.validate.template import parse, query_variables, render, split_languages
from budgetkg.validate.triples import (
    finding_iri,
    finding_triples,
    quarantine_findings,
    without_findings,
)

D = Decimal
DOC = "https://e.org/doc"


def finding(severity: str = WARNING, **kw: object) -> ValidationFinding:
    return ValidationFinding(
        severity=severity,
        rule=str(kw.pop("rule", "sum")),
        document=DOC,
        message_zh="中",
        message_en="en",
        **kw,
    )  # type: ignore[arg-type]


# ------------------------------------------------------------------ one finding


def test_difference_is_found_less_expected() -> None:
    assert finding(expected=D("10.00"), found=D("10.25")).difference == D("0.25")
    assert finding(expected=D("10.25"), found=D("10.00")).difference == D("-0.25")
    assert finding(expected=D("1")).difference is None
    assert finding(found=D("1")).difference is None


def test_sort_key_is_worst_first_then_table_row_rule_focus() -> None:
    fs = [
        finding(INFO, table=1, row=1),
        finding("Odd"),
        finding(WARNING, table=2, row=1),
        finding(WARNING, table=1, row=3, rule="b"),
        finding(WARNING, table=1, row=3, rule="a", focus="z"),
        finding(WARNING, table=1, row=3, rule="a", focus="y"),
        finding(WARNING),
        finding(VIOLATION, table=9, row=9),
    ]
    keys = [f.sort_key() for f in sorted(fs, key=ValidationFinding.sort_key)]
    assert keys == [
        (0, 9, 9, "sum", ""),
        (1, 0, 0, "sum", ""),
        (1, 1, 3, "a", "y"),
        (1, 1, 3, "a", "z"),
        (1, 1, 3, "b", ""),
        (1, 2, 1, "sum", ""),
        (2, 1, 1, "sum", ""),
        (9, 0, 0, "sum", ""),
    ]


def test_to_dict_drops_empty_fields_and_writes_decimals_as_text() -> None:
    f = finding(table=4, row=0, expected=D("1.50"), found=D("2"), figures=[("a", D("1.5"))], path="")
    assert f.to_dict() == {
        "severity": WARNING,
        "rule": "sum",
        "document": DOC,
        "message_zh": "中",
        "message_en": "en",
        "path": "",
        "table": 4,
        "row": 0,
        "expected": "1.50",
        "found": "2",
        "figures": [{"label": "a", "amount": "1.5"}],
        "difference": "0.50",
    }
    assert "difference" not in finding(expected=D("1")).to_dict()


def test_where_names_table_row_page_and_line() -> None:
    assert finding(table=4, table_title="支出总表", row=15, page=3, line=120).where() == (
        "table 4 支出总表, row 15, page 3, line 120"
    )
    assert finding(table=4, row=0).where() == "table 4, row 0"
    assert finding(page=0).where() == "page 0"
    assert finding(line=7).where() == "line 7"
    assert finding().where() == ""


# ------------------------------------------------------------------ a report


def report() -> ValidationReport:
    a = DocumentValidation(
        "https://e.org/a",
        "g-a",
        source="a.txt",
        department="甲局",
        findings=[finding(WARNING, table=1, row=2), finding(INFO)],
        seconds=1.5,
    )
    b = DocumentValidation("https://e.org/b", "g-b", findings=[finding(VIOLATION, rule="min", table=3)])
    c = DocumentValidation("https://e.org/c", "g-c", source="c.txt")
    return ValidationReport([a, b, c])


def test_counts_conformance_and_the_worst() -> None:
    r = report()
    a, b, c = r.documents
    assert (a.count(WARNING), a.count(INFO), a.count(VIOLATION)) == (1, 1, 0)
    assert (a.conforms, b.conforms, c.conforms, r.conforms) == (True, False, True, False)
    assert [f.rule for f in b.violations] == ["min"]
    assert (a.worst(), b.worst(), c.worst()) == (1, 0, 9)
    assert r.counts() == {VIOLATION: 1, WARNING: 1, INFO: 1}
    assert len(r.findings) == 3
    assert ValidationReport([a, c]).conforms and ValidationReport().conforms


def test_report_as_a_dict() -> None:
    d = report().to_dict()
    assert d["conforms"] is False and d["counts"] == {VIOLATION: 1, WARNING: 1, INFO: 1}
    assert d["documents"][0] == {
        "document": "https://e.org/a",
        "graph": "g-a",
        "source": "a.txt",
        "department": "甲局",
        "conforms": True,
        "counts": {VIOLATION: 0, WARNING: 1, INFO: 1},
        "seconds": 1.5,
        "findings": [f.to_dict() for f in report().documents[0].findings],
    }


def test_report_as_text_worst_document_first() -> None:
    assert report().to_text() == (
        "https://e.org/b    (1 violation, 0 warning, 0 info)\n"
        "  VIOLATION [min] table 3\n"
        "            中\n"
        "            en\n"
        "\n"
        "a.txt  甲局  (0 violation, 1 warning, 1 info)\n"
        "  WARNING   [sum] table 1, row 2\n"
        "            中\n"
        "            en\n"
        "  INFO      [sum] \n"
        "            中\n"
        "            en\n"
        "\n"
        "c.txt    (0 violation, 0 warning, 0 info)\n"
        "\n"
        "3 documents: 1 violations, 1 warnings, 1 infos\n"
    )


# ------------------------------------------------------------------ findings as RDF


def _by_predicate(triples: list[ox.Triple], subject: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t in triples:
        if t.subject == ox.NamedNode(subject):
            out.setdefault(t.predicate.value.rsplit("#", 1)[-1], []).append(str(t.object))
    return {k: sorted(v) for k, v in out.items()}


def test_each_field_becomes_a_triple() -> None:
    full = finding(
        focus="https://e.org/obs/1",
        table_iri="https://e.org/t/4",
        row=15,
        page=3,
        line=120,
        expected=D("1.50"),
        found=D("2.00"),
        figures=[("208", D("1.00")), ("209", D("0.50"))],
        shape="https://w3id.org/budgetkg/shapes#Sum",
    )
    bare = finding(INFO, focus="a literal focus", shape="not-an-iri")
    urn = finding(focus="urn:x:1")
    triples = finding_triples([full, bare, urn])
    assert (
        finding_iri(DOC, 2) == DOC + "/finding/2"
        and finding_iri(DOC, 1, "quarantine") == DOC + "/quarantine/1"
    )
    dec = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
    integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
    assert _by_predicate(triples, DOC + "/finding/1") == {
        "type": [f"<{BKG}Finding>"],
        "severity": ["<http://www.w3.org/ns/shacl#Warning>"],
        "rule": ['"sum"'],
        "foundIn": [f"<{DOC}>"],
        "focus": ["<https://e.org/obs/1>"],
        "findingTable": ["<https://e.org/t/4>"],
        "rowNumber": ['"15"' + integer],
        "page": ['"3"' + integer],
        "sourceLine": ['"120"' + integer],
        "expected": ['"1.50"' + dec],
        "found": ['"2.00"' + dec],
        "figures": ['"208=1.00 209=0.50"'],
        "message": ['"en"@en', '"中"@zh'],
        "sourceShape": ["<https://w3id.org/budgetkg/shapes#Sum>"],
    }
    assert _by_predicate(triples, DOC + "/finding/2") == {
        "type": [f"<{BKG}Finding>"],
        "severity": ["<http://www.w3.org/ns/shacl#Info>"],
        "rule": ['"sum"'],
        "foundIn": [f"<{DOC}>"],
        "message": ['"en"@en', '"中"@zh'],
    }
    assert _by_predicate(triples, DOC + "/finding/3")["focus"] == ["<urn:x:1>"]
    assert len(triples) == 15 + 6 + 7  # the messages are two triples
    zero = finding_triples([finding(row=0, page=0, line=0)], "quarantine")
    assert {"rowNumber", "page", "sourceLine"} <= set(_by_predicate(zero, DOC + "/quarantine/1"))


def test_quarantine_findings_and_the_graph_without_findings() -> None:
    data = ox.Triple(ox.NamedNode("https://e.org/obs/1"), ox.NamedNode(BKG + "amount"), ox.Literal("1"))
    kept = finding_triples([finding()], "quarantine")
    made = finding_triples([finding(), finding()])
    # a resource named like a quarantine finding that is not a finding stays data
    lookalike = ox.Triple(ox.NamedNode(DOC + "/quarantine/9"), ox.NamedNode(BKG + "amount"), ox.Literal("2"))
    typed_other = ox.Triple(
        ox.NamedNode(DOC + "/quarantine/8"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode(BKG + "Other"),
    )
    graph = [data, *kept, *made, lookalike, typed_other]
    assert quarantine_findings(iter(graph)) == kept
    assert without_findings(iter(graph)) == [data, lookalike, typed_other]


# ------------------------------------------------------------------ message templates


TEMPLATE = "{?n} 项之和为 {?expected}，合计 {item} | {?n} items sum to {?expected} at {item} || rule={?rule}"


def test_a_filled_message_gives_its_values_back() -> None:
    filled = "3 项之和为 12.50，合计 {item} | 3 items sum to 12.50 at {item} || rule=x-y"
    assert parse(TEMPLATE, filled) == {"n": "3", "expected": "12.50", "rule": "x-y"}
    assert parse(TEMPLATE, "3 项之和为 12.50，合计 {item} | 4 items sum to 12.50 at {item} || rule=x") is None
    assert parse("a.b {?x}", "aXb 1") is None  # the template's text is literal, not a pattern
    assert parse("{?x}\n{?y}", "1\n2\n3") == {"x": "1", "y": "2\n3"}
    assert query_variables(TEMPLATE) == ["n", "expected", "rule"]


def test_render_and_languages() -> None:
    assert render("{item} {?n} {missing}", {"item": "行", "n": "3"}) == "行 3 ?"
    assert split_languages(TEMPLATE) == (
        "{?n} 项之和为 {?expected}，合计 {item}",
        "{?n} items sum to {?expected} at {item}",
    )
    assert split_languages("只有一种 || rule=x") == ("只有一种", "只有一种")
    assert split_languages("a|b") == ("a|b", "a|b")


# ------------------------------------------------------------------ converter helpers


def test_names_and_figures_in_messages() -> None:
    assert curie(BKG + "amount") == "bkg:amount"
    assert curie(BKG) == BKG  # the namespace alone has no local name
    assert curie("https://e.org/x") == "https://e.org/x"
    assert shorten_iris(f"see {BKG}amount and «{BKG}item»") == "see bkg:amount and «bkg:item»"
    assert _figures("2080505=122.90 2080502=23.31 bad=x =1 noequals") == [
        ("", D("1")),
        ("2080502", D("23.31")),
        ("2080505", D("122.90")),
    ]
    assert _figures(None) == [] and _figures("") == []
    assert _shown("figures", "b=2 a=1.5") == "a 1.50 + b 2.00"
    assert _shown("figures", "") == "—"
    assert _shown("expected", "541") == "541.00"
    assert _shown("found", "x") == "x"
    assert _shown("n", "541") == "541"
    assert _shown("path", BKG + "amount") == "bkg:amount"


def test_context_labels_in_each_language() -> None:
    ctx = NodeContext(
        code="2080705",
        item="公益性岗位补贴",
        measure="https://e.org/measure/basic",
        measure_zh="基本支出",
        measure_en="basic",
        fund="https://e.org/fund/general",
        table_number=4,
        row=15,
    )
    assert ctx.labels("zh") == {
        "item": "2080705 公益性岗位补贴",
        "code": "2080705",
        "measure": "基本支出，general",
        "table": "4",
        "row": "15",
    }
    assert ctx.labels("en")["measure"] == "basic, general"
    assert NodeContext(table_title="支出总表", table_number=4).labels("en") == {
        "item": "(unnamed)",
        "table": "支出总表",
    }
    assert NodeContext().labels("zh") == {"item": "（未命名）"}
    assert NodeContext(total=True).labels("zh") == {"item": "合计"}
    assert NodeContext(total=True).labels("en") == {"item": "the total line"}
    assert NodeContext(code="208", total=True).labels("en")["item"] == "the total line"
    assert NodeContext(measure="https://e.org/measure/project").labels("zh")["measure"] == "project"


# ------------------------------------------------------------------ rounding scales


def _printed(store: ox.Store, item: str, table: str, figure: str, unit: str) -> None:
    s = ox.NamedNode("https://e.org/" + item)
    for p, o in (
        (BKG + "printedAmount", ox.Literal(figure)),
        (BKG + "printedUnit", ox.NamedNode("https://e.org/unit/" + unit)),
        (PROV + "wasDerivedFrom", ox.NamedNode("https://e.org/" + table)),
    ):
        store.add(ox.Quad(s, ox.NamedNode(p), o))


def test_the_scale_follows_unit_and_decimals_never_below_one() -> None:
    store = ox.Store()
    factors = {"wan": "1", "yi": "10000", "yuan": "0.0001"}
    for unit, factor in factors.items():
        store.add(
            ox.Quad(
                ox.NamedNode("https://e.org/unit/" + unit),
                ox.NamedNode(BKG + "factorToWanYuan"),
                ox.Literal(factor, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            )
        )
    _printed(store, "a1", "t1", "12.34", "wan")  # 万元, 2 decimals: 1
    _printed(store, "b1", "t2", "1.2345", "yi")  # 亿元, 4 decimals: 10000 × 10^-2 = 100
    _printed(store, "b2", "t2", "1.2", "yi")  # the most decimals of the table counts
    _printed(store, "c1", "t3", "12", "yi")  # 亿元, no decimals: 10000
    _printed(store, "d1", "t4", "123.45", "yuan")  # 元: 0.0001, never below 1
    _printed(store, "e1", "t5", "1.234", "wan")  # 万元, 3 decimals: 0.1, never below 1
    scales = RoundingScales.from_store(store)
    assert scales.tables == {
        "https://e.org/t1": D(1),
        "https://e.org/t2": D(100),
        "https://e.org/t3": D(10000),
        "https://e.org/t4": D(1),
        "https://e.org/t5": D(1),
    }
    assert scales.document == D(10000)
    assert scales.of("https://e.org/t2") == D(100)
    assert scales.of(None) == D(10000) and scales.of("https://e.org/none") == D(10000)
    assert RoundingScales().document == D(1) and RoundingScales().of(None) == D(1)


def test_the_reports_as_one_turtle_graph() -> None:
    import rdflib

    g1, g2 = rdflib.Graph(), rdflib.Graph()
    r1, r2 = rdflib.URIRef("https://e.org/r1"), rdflib.URIRef("https://e.org/r2")
    g1.add((r1, rdflib.URIRef(BKG + "rule"), rdflib.Literal("a")))
    g2.add((r2, rdflib.URIRef("https://w3id.org/budgetkg/shapes#x"), rdflib.Literal("b")))
    r = ValidationReport(
        [
            DocumentValidation("d1", "g1", report_graph=g1),
            DocumentValidation("d2", "g2"),
            DocumentValidation("d3", "g3", report_graph=g2),
        ]
    )
    merged = r.report_graph()
    assert set(merged) == set(g1) | set(g2)
    turtle = r.to_turtle()
    assert "@prefix bkg: <https://w3id.org/budgetkg/ontology#> ." in turtle
    assert "@prefix bkgsh: <https://w3id.org/budgetkg/shapes#> ." in turtle
    assert "bkgsh:x" in turtle and 'bkg:rule "a"' in turtle
