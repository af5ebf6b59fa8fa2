"""``budgetkg convert --dask``: documents spread over a Dask distributed cluster (a LocalCluster here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli

from .conftest import SAMPLES

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (budgetkg[dask])")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as local:
        yield local


def _written(out: Path) -> dict[str, object]:
    """The files convert wrote; a report without the seconds each document took."""
    return {
        p.name: p.read_bytes() if p.suffix == ".nq" else {**json.loads(p.read_bytes()), "seconds": 0}
        for p in out.iterdir()
    }


def test_dask_converts_what_convert_converts_here(cluster: object, tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    budgetkg.api.convert([SAMPLES], here)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    r = CliRunner().invoke(cli, ["convert", str(SAMPLES), "--out", str(there), "--dask", address])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == f"5 of 5 documents converted into {there}"
    assert len(list(there.glob("*.nq"))) == 5
    assert _written(there) == _written(here)


def test_a_bad_file_fails_alone_on_dask(cluster: object, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是预算。\n", encoding="utf-8")
    report = budgetkg.api.convert([bad, SAMPLES / "002_4b2f979ab54e32ae.txt"], tmp_path / "out", dask=cluster)
    assert [(d.ok, d.error) for d in report.documents] == [
        (False, "no budget tables found (not a department budget?)"),
        (True, None),
    ]


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetkg.batch import spread

    monkeypatch.setattr(spread, "CONNECT_SECONDS", 1)
    r = CliRunner().invoke(cli, ["convert", str(SAMPLES), "--out", str(tmp_path), "--dask", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: cannot reach the Dask scheduler tcp://127.0.0.1:9: ")
    assert len(r.stderr.splitlines()) == 1
