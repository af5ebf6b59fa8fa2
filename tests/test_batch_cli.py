"""What a batch ingest prints, duplicates and skipped files, and managing a store (documents, remove).

In-process with click's CliRunner (never a terminal: no progress bar).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli

from .conftest import SAMPLES, sample_path

BROKEN = "damaged PDF: PDFSyntaxError: No /Root object! - Is this really a PDF?"
DOC_LINE = re.compile(r"^ok {6}(\S+): (\S+) 2024  (\d+) lines, (\d+) projects?, (.+)  \d+\.\d s$")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def five_and_broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, str]:
    """The five samples and a broken PDF ingested into a fresh store: (store, exit code, stdout, stderr)."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "zz-broken.pdf").write_bytes(b"%PDF-1.7\n%garbage that is no PDF at all\n%%EOF\n")
    store = root / "kg"
    code, out, err = run("ingest", str(folder), "--store", str(store))
    return store, code, out, err


def test_default_output_is_a_line_per_document_and_a_summary(
    five_and_broken: tuple[Path, int, str, str],
) -> None:
    store, code, out, err = five_and_broken
    assert code == 1
    lines = out.splitlines()
    assert len(lines) + len(err.splitlines()) <= 24  # a screenful
    docs = [DOC_LINE.match(line) for line in lines[:5]]
    assert all(docs), lines[:5]
    assert [m.group(2) for m in docs if m] == [
        "聊城市人力资源和社会保障局",
        "曹妃甸区人力资源和社会保障局",
        "淄博高新技术产业开发区人力资源和社会保障中心（先创）",
        "海东市人力资源和社会保障局",
        "聊城经济技术开发区党群工作部",
    ]
    assert [(m.group(3), m.group(4)) for m in docs if m] == [
        ("30", "23"), ("26", "16"), ("18", "8"), ("34", "36"), ("50", "38")
    ]
    assert docs[2] and docs[2].group(5) == "no findings"
    assert docs[1] and docs[1].group(5) == "1 warning"
    assert lines[5] == f"failed  {store.parent / 'in' / 'zz-broken.pdf'}: {BROKEN}"
    head = r"5 of 6 documents ingested \(1 failed\) in \d+\.\d s; store holds 5 documents"
    assert re.fullmatch(head, lines[7])
    where = f"budgetkg query validation-issues --store {store}"
    assert re.fullmatch(r"findings: \d+ warnings, \d+ infos; see them with: " + re.escape(where), lines[6])
    assert len(lines) == 8
    # the failure comes last, on its own line, naming the file and the reason
    assert err == f"Error: {store.parent / 'in' / 'zz-broken.pdf'}: {BROKEN}\n"
    assert "Traceback" not in out + err and "\x1b[" not in out  # no progress bar off a terminal


def test_quiet_prints_only_failures(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello, this is not a budget\n", encoding="utf-8")
    store = str(tmp_path / "kg")
    code, out, err = run("ingest", str(sample_path("002")), str(bad), "--store", store, "--quiet")
    assert code == 1
    assert out == ""
    assert err == f"Error: {bad}: no budget tables found (not a department budget?)\n"


def test_verbose_prints_every_finding(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(sample_path("001")), "--store", str(tmp_path / "kg"), "--verbose")
    assert code == 0
    as_json = run("ingest", str(sample_path("001")), "--store", str(tmp_path / "kg2"), "--format", "json")[1]
    report = json.loads(as_json)
    findings = report["documents"][0]["findings"]
    assert len(findings) == 1
    assert f"      {findings[0]['severity'].lower()}: {findings[0]['message']}" in out.splitlines()
    assert any(line.startswith("      read: ") for line in out.splitlines())
    code, _, err = run("ingest", str(sample_path("001")), "--store", str(tmp_path / "kg"), "-v", "-q")
    assert code == 2 and err == "Error: --verbose and --quiet exclude each other\n"


def test_json_report_keeps_its_shape(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(sample_path("002")), "--store", str(tmp_path / "kg"), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["skipped"] == []
    doc = report["documents"][0]
    assert doc["status"] == "ok" and doc["projects"] == 8 and doc["error"] is None


def test_unchanged_files_are_skipped_unless_forced(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("002")), str(sample_path("001")), "--store", store)
    code, out, err = run("ingest", str(sample_path("002")), str(sample_path("001")), "--store", store)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "2 files unchanged since stored, skipped (--force ingests them again)"
    assert re.fullmatch(r"0 of 0 documents ingested in \d+\.\d s; store holds 2 documents", lines[1])
    assert len(lines) == 2
    code, out, _ = run("ingest", str(sample_path("002")), "--store", store, "--force")
    assert code == 0 and DOC_LINE.match(out.splitlines()[0])
    code, out, _ = run("documents", "--store", store, "--format", "json")
    assert len(json.loads(out)) == 2


def test_same_department_and_year_from_another_file_is_flagged(tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "002-again.txt"
    copy.parent.mkdir()
    copy.write_bytes(sample_path("002").read_bytes() + b"\n")  # other bytes, same budget
    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("002")), "--store", store)
    code, out, _ = run("ingest", str(copy), "--store", store, "--verbose")
    assert code == 0
    assert (
        f"      warning: 淄博高新技术产业开发区人力资源和社会保障中心（先创） 2024: already stored from "
        f"{sample_path('002')}; --replace keeps only this file"
    ) in out.splitlines()
    assert out.splitlines()[0].endswith(
        "18 lines, 8 projects, 1 warning  " + out.splitlines()[0].rsplit("  ", 1)[1]
    )
    assert len(json.loads(run("documents", "--store", store, "--format", "json")[1])) == 2
    copy.write_bytes(copy.read_bytes() + b"\n")
    code, out, _ = run("ingest", str(copy), "--store", store, "--replace", "--verbose")
    assert code == 0 and "; replaced by this file" in out
    stored = json.loads(run("documents", "--store", store, "--format", "json")[1])
    assert [d["path"] for d in stored] == [str(copy)]


def test_summary_names_every_skipped_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(sample_path("002"), folder / "sub" / "budget.txt")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.pdf").symlink_to(folder / "gone.pdf")
    code, out, err = run("ingest", str(folder), "--store", str(tmp_path / "kg"))
    assert code == 0 and err == ""
    assert out.splitlines()[-5:-1] == [
        "3 files skipped:",
        f"  {folder / 'dangling.pdf'}: broken symbolic link",
        f"  {folder / 'photo.jpg'}: not a budget file type (.jpg)",
        f"  {folder / 'sub' / 'loop'}: symbolic link loop: the folder it points to is read already",
    ]
    assert out.splitlines()[0].startswith(f"ok      {folder / 'sub' / 'budget.txt'}: ")
    assert out.splitlines()[-1].startswith("1 of 1 documents ingested in ")


def test_documents_lists_and_remove_removes(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("002")), str(sample_path("001")), "--store", store)
    code, out, _ = run("documents", "--store", store, "--format", "json")
    docs = json.loads(out)
    assert code == 0
    assert [(d["file"], d["department"], d["year"], d["status"]) for d in docs] == [
        ("001_c8a4a132ef76e2ac.txt", "曹妃甸区人力资源和社会保障局", 2024, "ok"),
        ("002_4b2f979ab54e32ae.txt", "淄博高新技术产业开发区人力资源和社会保障中心（先创）", 2024, "ok"),
    ]
    assert docs[1]["checksum"] == "969e8849223542f356a46145d09b4c3b75e39028596067bcdf6719e9033b956f"
    with budgetkg.open(store, mode="read") as kg:
        counted = kg.select_sparql(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{docs[1]['graph']}> {{ ?s ?p ?o }} }}"
        ).rows[0][0]
    assert docs[1]["triples"] == counted > 4000 and docs[1]["findings"] == 0 and docs[0]["findings"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", docs[0]["ingested_at"])
    code, out, _ = run("documents", "--store", store)
    assert code == 0 and "969e8849223542f3" in out and out.endswith("2 rows\n")
    code, _, err = run("remove", "nope.txt", "--store", store)
    assert code == 2 and err == "Error: no stored document is named 'nope.txt' (see: budgetkg documents)\n"
    code, out, _ = run("remove", "969e8849", "--store", store)
    assert code == 0
    assert out == (
        "removed " + str(sample_path("002")) + "  淄博高新技术产业开发区人力资源和社会保障中心（先创） 2024\n"
        "1 document removed; 1 stored\n"
    )
    code, out, _ = run("query", "departments", "--store", store, "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2
    # removed means gone: ingesting it again is not "unchanged"
    code, out, _ = run("ingest", str(sample_path("002")), "--store", store)
    assert code == 0 and out.startswith("ok ")


def test_a_batch_and_a_removal_do_not_count_every_quad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting each document's triples reads every quad of the store (a minute at 10,000 departments):
    the listing does it, but an ingest of one more file and a removal look only at the documents'
    headers, and find the same documents."""
    from budgetkg.batch import catalogue
    from budgetkg.store.oxigraph import OxigraphStore

    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("002")), str(sample_path("001")), "--store", store)
    sent: list[str] = []
    select = OxigraphStore.select

    def recording(self: OxigraphStore, query: str, *args: object, **kwargs: object) -> object:
        sent.append(query)
        return select(self, query, *args, **kwargs)

    monkeypatch.setattr(OxigraphStore, "select", recording)
    with budgetkg.open(store, mode="read") as kg:
        full = kg.documents()
        headers = kg.documents(counts=False)
    assert catalogue._COUNTS in sent and catalogue._FINDINGS in sent  # the listing counts
    assert len(full) == 2 and all(d.triples is not None and d.triples > 4000 for d in full)
    assert [d.findings for d in full] == [0, 0]
    assert [(d.triples, d.findings) for d in headers] == [(None, None), (None, None)]
    same = ("graph", "file", "department", "year", "checksum", "status", "ingested_at", "path")
    same += ("index_version", "ocr")
    assert [[getattr(d, k) for k in same] for d in headers] == [[getattr(d, k) for k in same] for d in full]
    sent.clear()
    code, out, _ = run("ingest", str(sample_path("000")), str(sample_path("001")), "--store", store)
    assert code == 0 and "1 of 1 documents ingested" in out  # the stored one found without counting
    assert "1 file unchanged since stored, skipped" in out
    code, out, _ = run("remove", "001_c8a4a132ef76e2ac.txt", "--store", store)
    assert code == 0 and out.endswith("1 document removed; 2 stored\n")
    assert sent and catalogue._COUNTS not in sent and catalogue._FINDINGS not in sent
    code, out, _ = run("documents", "--store", store, "--no-counts")
    header = out.splitlines()[1].replace("┃", " ").split()
    assert code == 0 and header[:4] == ["file", "department", "year", "status"] and "triples" not in header
    assert "findings" not in header and out.endswith("2 rows\n")
    code, out, _ = run("documents", "--store", store, "--no-counts", "--format", "json")
    assert [(d["triples"], d["findings"]) for d in json.loads(out)] == [(None, None), (None, None)]
    assert catalogue._COUNTS not in sent


def test_validate_prints_a_line_per_document(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    run("ingest", str(sample_path("002")), str(sample_path("000")), "--store", store)
    code, out, _ = run("validate", "--store", store)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4
    first = r"ok {6}000_\w+\.txt: 聊城市人力资源和社会保障局  5 warnings, 4 infos  [\d.]+ s"
    assert re.fullmatch(first, lines[0])
    assert re.fullmatch(r"ok {6}002_4b2f979ab54e32ae\.txt: \S+  no findings  \d+\.\d s", lines[1])
    assert lines[2] == "2 documents validated: 5 warnings, 4 infos"
    assert lines[3] == f"see them with: budgetkg query validation-issues --store {store}"
    code, out, _ = run("validate", "--store", store, "--quiet")
    assert code == 0 and out == ""
    code, out, _ = run("validate", "--store", store, "--verbose")
    assert code == 0 and out.splitlines()[-1] == "2 documents: 0 violations, 5 warnings, 4 infos"


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from budgetkg.batch.progress import BatchProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert BatchProgress("ingest", stream=io.StringIO()).enabled is False
    assert BatchProgress("ingest", stream=Terminal()).enabled is True
    with BatchProgress("ingest", enabled=True) as bar:
        bar.update(0, 4)
        assert bar._progress.tasks[0].fields["rate"] == ""
        bar.update(2, 4)
        task = bar._progress.tasks[0]
        assert (task.completed, task.total) == (2, 4)
        assert re.fullmatch(r"\d+\.\d\d docs/s", task.fields["rate"])
