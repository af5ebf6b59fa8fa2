"""``budgetkg serve`` keeps answering while ``budgetkg ingest`` writes the same store."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

import budgetkg

from .conftest import ROOT, sample_path
from .serving import start

COUNT_DOCS = (
    "PREFIX bkg: <https://w3id.org/budgetkg/ontology#> "
    "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a bkg:BudgetDocument }"
)


def documents(url: str) -> int:
    r = httpx.get(url + "/sparql", params={"query": COUNT_DOCS}, headers={"Accept": "text/csv"}, timeout=30)
    assert r.status_code == 200, r.text
    return int(r.text.split("\r\n")[1])


def test_queries_answer_during_an_ingest_and_see_its_documents(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    with budgetkg.open(store) as kg:
        assert kg.ingest([sample_path("002")]).ok
    server = start(store, "--workers", "2")
    try:
        assert documents(server.url) == 1
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        others = [str(sample_path(p)) for p in ("000", "001", "003", "004")]
        ingest = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from budgetkg.cli import cli; cli()",
                "ingest",
                *others,
                "--store",
                str(store),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        seen = []
        while ingest.poll() is None:  # every query during the ingest answers
            seen.append(documents(server.url))
            time.sleep(0.05)
        assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
        assert len(seen) >= 3 and seen == sorted(seen) and set(seen) <= {1, 2, 3, 4, 5}
        assert documents(server.url) == 5  # every committed document is visible afterwards
        page = httpx.get(server.url + "/queries/departments?format=csv", timeout=30).text
        assert "海东市人力资源和社会保障局" in page and len(page.strip().split("\n")) == 6
    finally:
        code, err = server.stop()
    assert code == 0, err


def test_serve_without_a_store_is_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", "from budgetkg.cli import cli; cli()", "serve", "--port", "0"]
    r = subprocess.run(
        [*cmd, "--store", str(tmp_path / "none")], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no budgetkg store at" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(
        [*cmd, "--store", str(tmp_path), "--timeout", "0"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 2 and r.stderr.startswith("Error: cannot serve") and r.stderr.count("\n") == 1
