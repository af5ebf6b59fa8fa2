"""``ingest --jobs N``: documents prepared in N worker processes, written by one writer in file order.

The store must hold what ``--jobs 1`` stores, quad for quad, and a bad file
among the others must fail alone with its one line, as in a sequential run.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
import budgetkg.api
from budgetkg.batch import parallel, worker
from budgetkg.batch.catalogue import INGESTED_AT
from budgetkg.cli import cli

from .conftest import SAMPLES, sample_path
from .kill_server import small_registry

pytestmark = pytest.mark.skipif(not worker.available(), reason="worker processes need fork and rlimits")


def _quads(kg: budgetkg.KnowledgeGraph) -> set[str]:
    """Every quad but the catalogue's time of ingest (which says when, not what)."""
    return {str(q) for q in kg.store.quads() if q.predicate.value != INGESTED_AT}


def _lines(output: str) -> list[str]:
    """Output lines without the seconds each document took (they vary from run to run)."""
    return [line.rsplit("  ", 1)[0] if line.endswith(" s") else line for line in output.splitlines()]


def test_jobs_2_stores_what_jobs_1_stores(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--store", str(store), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    samples = sorted(SAMPLES.glob("*.txt"))
    assert [line.split(":")[0] for line in lines[:5]] == [f"ok      {p}" for p in samples]
    with budgetkg.open(store, mode="read") as two:
        assert two.store.graphs() == kg.store.graphs()
        assert _quads(two) == _quads(kg)
        assert [d.path for d in two.documents()] == [d.path for d in kg.documents()]


def test_a_bad_file_among_them_fails_alone_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = budgetkg.api.read_document

    def slow(path: Path, *args: object) -> object:
        if Path(path).name.startswith("002-slow"):
            time.sleep(3600)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(budgetkg.api, "read_document", slow)  # inherited by the forked workers
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (folder / "001-empty.txt").write_text("这不是预算。\n", encoding="utf-8")
    (folder / "002-slow.txt").write_bytes(sample_path("002").read_bytes())
    outputs = {}
    for jobs in ("1", "2"):
        store = tmp_path / f"kg{jobs}"
        args = ["ingest", str(folder), "--store", str(store), "--jobs", jobs, "--timeout=20"]
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 1, r.output
        assert r.stderr == (
            f"Error: {folder / '001-empty.txt'}: no budget tables found (not a department budget?)\n"
            f"Error: {folder / '002-slow.txt'}: over the time limit of 20 s per document (stopped)\n"
        )
        outputs[jobs] = [line for line in _lines(r.stdout) if line.startswith(("ok ", "failed "))]
        with budgetkg.open(store, mode="read") as kg:
            assert sorted(d.file for d in kg.documents()) == sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert outputs["2"] == outputs["1"]
    assert [line.split(" ")[0] for line in outputs["2"]] == ["ok", "failed", "ok", "failed", "ok", "ok", "ok"]


def test_codes_learned_in_flight_are_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """With code lists that lack the 项 codes, each sample teaches codes the next ones print; a document
    prepared before they were committed is prepared again, so the store is the sequential one."""
    monkeypatch.setattr(budgetkg.api, "load_registry", small_registry)
    made: list[parallel.ParallelPreparer] = []

    class Recorded(parallel.ParallelPreparer):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(budgetkg.api, "ParallelPreparer", Recorded)
    stores = {}
    for jobs in (1, 2):
        kg = budgetkg.api.KnowledgeGraph(budgetkg.Settings(store=None, jobs=jobs))
        report = kg.ingest([SAMPLES])
        assert [d.status for d in report.documents] == ["ok"] * 5
        stores[jobs] = (_quads(kg), [d.findings for d in report.documents])
    assert len(made) == 1 and made[0].reruns >= 1
    assert stores[2] == stores[1]


def test_jobs_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="jobs must be at least 1: 0"):
        budgetkg.Settings(store=None, jobs=0)
    r = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--store", "unused", "--jobs", "0"])
    assert r.exit_code == 2 and "--jobs" in r.stderr


def test_convert_jobs_2_writes_what_jobs_1_writes(tmp_path: Path) -> None:
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        r = CliRunner().invoke(cli, ["convert", str(SAMPLES), "--out", str(out), "--jobs", jobs])
        assert r.exit_code == 0, r.output
        assert r.stdout.splitlines()[-1] == f"5 of 5 documents converted into {out}"
        written[jobs] = {  # the reports say how long each document took: all else is the same
            p.name: p.read_bytes() if p.suffix == ".nq" else {**json.loads(p.read_bytes()), "seconds": 0}
            for p in out.iterdir()
        }
    names = sorted(f"{p.stem}{s}" for p in SAMPLES.glob("*.txt") for s in (".nq", ".json"))
    assert sorted(written["2"]) == names
    assert written["2"] == written["1"]
