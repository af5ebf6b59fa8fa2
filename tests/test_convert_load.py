"""`budgetkg convert` (documents to N-Quads files, no store) and `budgetkg load` (such files into a store)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.batch.catalogue import INGESTED_AT
from budgetkg.cli import cli
from budgetkg.codes import CODE_GRAPH

from .conftest import SAMPLES, sample_path
from .sparql_servers import SERVERS, start_server


def _quads(kg: budgetkg.KnowledgeGraph) -> set[str]:
    """Every quad but the catalogue's time of ingest (which says when, not what)."""
    return {str(q) for q in kg.store.quads() if q.predicate.value != INGESTED_AT}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("converted")
    result = CliRunner().invoke(cli, ["convert", str(SAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\nok ") + result.output.startswith("ok ") == 5
    return out


def test_convert_writes_a_graph_and_a_report_per_document(
    converted: Path, kg: budgetkg.KnowledgeGraph
) -> None:
    names = sorted(p.name for p in converted.iterdir())
    assert names == sorted(f"{p.stem}{s}" for p in SAMPLES.glob("*.txt") for s in (".nq", ".json"))
    report = json.loads((converted / f"{sample_path('003').stem}.json").read_text(encoding="utf-8"))
    assert report["ok"] and report["status"] == "ok" and report["department"] == "海东市人力资源和社会保障局"
    assert report["load"]["graph"] in kg.store.graphs()
    assert report["load"]["codes"]  # the codes it prints, for load to check against the code lists


def test_convert_then_load_is_ingest_quad_for_quad(
    converted: Path, kg: budgetkg.KnowledgeGraph, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["load", str(converted), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    assert result.output == f"loaded 5 documents from {converted}; store holds 5 documents\n"
    with budgetkg.open(tmp_path / "kg", mode="read") as loaded:
        assert loaded.store.graphs() == kg.store.graphs()
        assert _quads(loaded) == _quads(kg)
        assert len(list(loaded.store.quads(CODE_GRAPH))) == len(list(kg.store.quads(CODE_GRAPH)))
        assert loaded.select("departments").to_csv() == kg.select("departments").to_csv()


def test_load_again_replaces_each_graph(converted: Path, kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    with budgetkg.open(tmp_path / "kg") as store:
        store.load(converted)
        store.load(converted)
        assert _quads(store) == _quads(kg)


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(request, tmp_path_factory)


def test_load_into_a_server(converted: Path, kg: budgetkg.KnowledgeGraph, server: str) -> None:
    result = CliRunner().invoke(cli, ["load", str(converted), "--store", server])
    assert result.exit_code == 0, result.output
    with budgetkg.open(server, mode="read") as remote:
        assert _quads(remote) == _quads(kg)


def test_a_file_that_fails_gets_its_report_and_the_others_convert(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "notes.txt"
    bad.parent.mkdir()
    bad.write_text("这不是预算。\n", encoding="utf-8")
    shutil.copy(sample_path("002"), bad.parent)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["convert", str(bad.parent), "--out", str(out)])
    assert result.exit_code == 1
    assert f"Error: {bad}: no budget tables found" in result.output
    assert not (out / "notes.nq").exists()
    assert json.loads((out / "notes.json").read_text(encoding="utf-8"))["ok"] is False
    assert (out / f"{sample_path('002').stem}.nq").exists()
    # the failed document's report has no graph to load: load takes the .nq files only
    result = CliRunner().invoke(cli, ["load", str(out), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("loaded 1 documents")


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda nq: nq.with_suffix(".json").unlink(), "no report"),
        (lambda nq: nq.write_bytes(nq.read_bytes().rstrip(b"\n")[:-5]), "not N-Quads"),  # cut inside a line
        (lambda nq: nq.write_bytes(b"".join(nq.read_bytes().splitlines(True)[:-3])), "cut short or changed"),
        (lambda nq: nq.write_bytes(nq.read_bytes().replace(b'"', b'"x', 1)), "cut short or changed"),
        (lambda nq: nq.with_suffix(".json").write_text("{}", encoding="utf-8"), "not a converted document's"),
    ],
)
def test_a_damaged_file_loads_nothing(converted: Path, tmp_path: Path, damage, reason: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "copy"
    shutil.copytree(converted, folder)
    damage(folder / f"{sample_path('004').stem}.nq")  # the last file: the others would load first
    result = CliRunner().invoke(cli, ["load", str(folder), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and reason in result.output and "004_" in result.output
    with budgetkg.open(tmp_path / "kg", mode="read") as kg:
        assert kg.store.graphs() == []


def test_load_an_empty_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["load", str(tmp_path), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 1
    assert "no converted documents" in result.output


def test_a_report_from_before_the_checksum_still_loads(converted: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(converted, folder)
    for report in folder.glob("*.json"):
        data = json.loads(report.read_text(encoding="utf-8"))
        assert len(data["load"].pop("sha256")) == 64  # convert writes it; older converts did not
        report.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(folder), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("loaded 5 documents")


def test_a_report_from_before_index_versions_loads_as_older(converted: Path, tmp_path: Path) -> None:
    """Convert records the index version it built each graph with; a report without one (an older
    convert) loads, and its documents count as stored by an older budgetkg."""
    from budgetkg.rdf.index_version import INDEX_VERSION

    report = json.loads((converted / f"{sample_path('003').stem}.json").read_text(encoding="utf-8"))
    assert report["load"]["index_version"] == INDEX_VERSION
    folder = tmp_path / "copy"
    shutil.copytree(converted, folder)
    for i, path in enumerate(sorted(folder.glob("*.json"))):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["load"].pop("index_version")
        if i == 0:
            data["load"]["index_version"] = "1"  # not an integer: not trusted either
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with budgetkg.open(tmp_path / "kg") as kg:
        kg.load(folder)
        assert [d.index_version for d in kg.documents()] == [None] * 5
        assert [n[:44] for n in kg.select("indicator-benchmarks").notes if "index version" in n] == [
            "5 of the store's 5 documents were stored by "
        ]
