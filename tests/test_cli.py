"""The CLI in-process (click's CliRunner): exit codes, one-line errors, outputs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from budgetkg.cli import cli

from .conftest import EXPECTED, sample_path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_ingest_bad_files_reports_each_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (tmp_path / "notes.txt").write_text("hello, this is not a budget\n", encoding="utf-8")
    store = str(tmp_path / "kg")
    code, out, err = run(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "garbage.txt"),
        str(tmp_path / "image.pdf"),
        str(tmp_path / "notes.txt"),
        str(sample_path("002")),
        "--store",
        store,
    )
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 4
    assert "empty.txt: empty file" in lines[0]
    assert "garbage.txt: binary data" in lines[1]
    assert "image.pdf: binary data" in lines[2]
    assert "notes.txt: no budget tables found" in lines[3]
    assert "Traceback" not in out + err
    assert "1 of 5 documents ingested" in out
    code, out, _ = run("query", "departments", "--store", store, "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("ingest", str(tmp_path / "nope.pdf"), "--store", str(tmp_path / "kg"))
    assert code == 1 and err.strip().endswith("nope.pdf: no such file")


def test_ingest_json_report(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(sample_path("000")), "--store", str(tmp_path / "kg"), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert report["documents"][0]["department"] == "聊城市人力资源和社会保障局"
    assert report["documents"][0]["projects"] == 23


def test_query_formats_and_usage_errors(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("000")), "--store", store)
    code, out, _ = run("query", "departments", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)[0]["total"] == "9488.90"
    code, out, _ = run("query", "departments", "--store", store)
    assert code == 0 and "聊城市人力资源和社会保障局" in out and "9488.90" in out
    out_file = tmp_path / "d.csv"
    code, _, _ = run("query", "departments", "--store", store, "--format", "csv", "-o", str(out_file))
    assert code == 0 and out_file.read_text(encoding="utf-8").splitlines()[1].endswith(
        "9488.90,5044.00,4444.90,"  # every figure tabulated: stated is empty
    )
    code, _, err = run("query", "no-such-query", "--store", store)
    assert code == 2 and "no saved query 'no-such-query'" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("query", "departments", "--store", store, "--param", "oops")
    assert code == 2 and "KEY=VALUE" in err
    code, _, err = run("query", "departments", "--store", store, "--param", "x=1")
    assert code == 2 and "has no parameter 'x'" in err


def test_queries_lists_titles() -> None:
    code, out, _ = run("queries")
    assert code == 0
    assert any(
        line.startswith("departments") and "Departments and their published totals" in line
        for line in out.splitlines()
    )


def test_demo(tmp_path: Path) -> None:
    store = tmp_path / "demo"
    code, out, _ = run("demo", "--store", str(store))
    assert code == 0
    assert "5 of 5 documents ingested" in out
    assert "16500.49" in out and "海东市人力资源和社会保障局" in out
    code, out, _ = run("query", "projects", "--store", str(store), "--format", "csv")
    assert out == (EXPECTED / "projects.csv").read_text(encoding="utf-8")
