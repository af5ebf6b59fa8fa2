"""The validation report: text, JSON and Turtle renderings, stored findings, the saved query and
the CLI; ingest refuses a structurally broken graph and leaves the store unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

import budgetkg
from budgetkg import api
from budgetkg.cli import cli
from budgetkg.rdf.namespaces import BKG
from budgetkg.validate.template import parse, query_variables, render, split_languages

from .conftest import SAMPLES, sample_path
from .test_validate import EXPECTED

SEVERITIES = ("Violation", "Warning", "Info")


def expected_counts(*samples: str) -> dict[str, int]:
    """Findings by severity that the samples really have (test_validate.EXPECTED)."""
    keys = [k for s in samples for k in EXPECTED[s]]
    return {sev: sum(1 for k in keys if k[0] == sev) for sev in SEVERITIES}


SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def test_template_round_trip() -> None:
    template = "{item} 合计 {?expected}，公布 {?found}（{?figures}） | {item} sums to {?expected}, "
    template += "published {?found}"
    message = template.replace("{?expected}", "313.81").replace("{?found}", "313.82")
    message = message.replace("{?figures}", "a=1 b=2")
    assert query_variables(template) == ["expected", "found", "figures"]
    assert parse(template, message) == {"expected": "313.81", "found": "313.82", "figures": "a=1 b=2"}
    assert parse(template, message.replace("published", "printed")) is None
    zh, en = split_languages(template)
    assert render(en, {"item": "20805", "expected": "1", "found": "2"}) == "20805 sums to 1, published 2"
    assert zh.startswith("{item} 合计")


def test_ingest_stores_findings_and_query_lists_them(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("validation-issues").to_dicts()
    assert len(rows) == sum(len(v) for v in EXPECTED.values())
    assert [r["severity"] for r in rows] == sorted((r["severity"] for r in rows), key=SEVERITIES.index)
    duplicate = next(r for r in rows if r["rule"] == "duplicate-row")
    assert (duplicate["document"][:3], duplicate["table"]) == ("003", "4 支出总表 第14行")
    assert duplicate["department"] == "海东市人力资源和社会保障局"
    sums = [r for r in rows if r["rule"] == "children-sum" and r["table"] == "4 支出总表 第15行"]
    assert {(r["expected"], r["found"]) for r in sums} == {(Decimal("313.81"), Decimal("313.82"))}
    assert len(sums) == 2 and "公布数为 313.82" in sums[0]["message"]
    english = kg.select("validation-issues", lang="en", severity="warning", department="海东").to_dicts()
    assert (
        "4 支出总表, row 14",
        "code 2080199 is printed again on row 14; it already appears on row 10",
    ) in [(r["table"], r["message"]) for r in english]
    assert {r["severity"] for r in english} == {"Warning"} and len(english) == expected_counts("003")[
        "Warning"
    ]


def test_revalidating_the_store_gives_the_same_findings(tmp_path: Path) -> None:
    with budgetkg.open(tmp_path / "kg") as kg:
        ingest = kg.ingest([sample_path("003"), sample_path("002")])
        assert ingest.ok
        before = kg.triple_count()
        report = kg.validate()
        assert kg.triple_count() == before  # findings replaced, not duplicated
    assert report.conforms and report.counts() == expected_counts("003", "002")
    by_source = {d.source: d for d in report.documents}
    assert by_source[sample_path("002").name].findings == []
    stored = [f for d in ingest.documents for f in d.findings if f["slug"] == "children-sum"]
    assert ("313.81", "313.82") in {(f["expected"], f["found"]) for f in stored}


def test_report_renderings(kg: budgetkg.KnowledgeGraph) -> None:
    report = kg.validate(save=False)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["conforms"] is True and data["counts"] == expected_counts(*EXPECTED)
    assert len(data["documents"]) == 5
    text = report.to_text()
    worst = min(s for s, keys in EXPECTED.items() if any(k[0] == "Warning" for k in keys))
    assert text.splitlines()[0].startswith(sample_path(worst).name)  # worst documents first
    assert "WARNING   [duplicate-row] table 4 支出总表, row 14" in text
    assert "2080502 23.31 + 2080505 122.90 + 2080506 61.45 + 2080599 106.15" in text
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    results = list(graph.subjects(rdflib.RDF.type, SH.ValidationResult))
    assert len(results) == sum(len(v) for v in EXPECTED.values())
    severities = [str(graph.value(r, SH.resultSeverity)).split("#")[1] for r in results]
    assert {s: severities.count(s) for s in SEVERITIES} == expected_counts(*EXPECTED)
    found = {graph.value(r, rdflib.URIRef(BKG + "found")) for r in results} - {None}
    assert Decimal("313.82") in {Decimal(str(v)) for v in found}
    languages = {m.language for r in results for m in graph.objects(r, SH.resultMessage)}
    assert languages == {"zh", "en"}


def test_cli_validate_formats(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(sample_path("003")), "--store", str(store)]).exit_code == 0
    counts = expected_counts("003")
    r = runner.invoke(cli, ["validate", "--store", str(store), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["counts"] == counts
    r = runner.invoke(cli, ["validate", "--store", str(store), "--tolerance", "0", "--verbose"])
    strict = counts["Warning"] + counts["Info"]
    assert r.exit_code == 0 and f"{strict} warnings, 0 infos" in r.stdout
    r = runner.invoke(cli, ["validate", "--store", str(store), "--format", "ttl", "--no-save"])
    assert r.exit_code == 0 and "sh:ValidationReport" in r.stdout
    r = runner.invoke(cli, ["validate", "--store", str(store), "--tolerance", "abc"])
    assert r.exit_code == 2 and r.stderr.strip().startswith("Error: --tolerance")


def test_ingest_refuses_a_graph_that_breaks_structure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph with a structural Violation (an extraction bug) is not stored; the store is unchanged."""
    real = api.build_graph

    def broken(records: object, base: str) -> tuple[str, list[ox.Triple]]:
        graph, triples = real(records, base)  # type: ignore[arg-type]
        amount = ox.NamedNode(BKG + "amount")
        return graph, [t for t in triples if t.predicate != amount]

    with budgetkg.open(tmp_path / "kg") as kg:
        assert kg.ingest([sample_path("002")]).ok
        before = kg.triple_count()
        monkeypatch.setattr(api, "build_graph", broken)
        report = kg.ingest([sample_path("002")], force=True)  # stored unchanged: only forced it is read again
        assert not report.ok and len(report.failed) == 1
        assert kg.triple_count() == before
        error = report.failed[0].error or ""
        assert error.startswith("extraction bug: the graph breaks") and "bkg:amount" in error
        assert {(f["rule"], f["path"]) for f in report.failed[0].findings} == {
            ("observation-structure", "bkg:amount")
        }
    assert SAMPLES.is_dir()
