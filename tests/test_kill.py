"""Crash safety: ``kill -9`` an ingest at random moments; a fresh run then ends with exactly the store
of a clean run, quad for quad, without any manual cleanup.

The runs are forked by a server process (``tests/kill_server.py``) that has
budgetkg and the validator loaded, so a run starts at once and 50 kills take
about a minute. Its code lists are cut down to their 类 and 款 levels, so
the documents teach the store new 项 codes: a document's graph, its
catalogue entry and the codes it taught must be written together or not at
all. Half the rounds kill a first ingest into an empty store, half a
``force`` re-ingest over a complete one. Only the catalogue's time of ingest
may differ between runs. ``BUDGETKG_KILLS`` sets the number of kills.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, sample_path

KILLS = int(os.environ.get("BUDGETKG_KILLS", "50"))
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


class Server:
    """The fork server: ``ingest`` starts a run, ``wait`` reaps it, ``quads`` reads a store."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "kill_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def _ask(self, *words: object) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(" ".join(map(str, words)) + "\n")
        self.proc.stdin.flush()
        return int(self._read())

    def ingest(self, store: Path, files: list[Path], force: bool) -> int:
        return self._ask("ingest", store, int(force), *files)

    def wait(self, pid: int) -> int:
        return self._ask("wait", pid)

    def quads(self, store: Path) -> str:
        out = store.parent / (store.name + ".nq")
        assert self._ask("quads", store, out) == 0
        return out.read_text(encoding="utf-8")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture(scope="module")
def inputs() -> list[Path]:
    return [sample_path("002"), sample_path("001")]


@pytest.fixture(scope="module")
def clean(
    server: Server, inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, float]:
    """A store of a clean run, its quads and how long the run took."""
    store = tmp_path_factory.mktemp("clean") / "kg"
    start = time.monotonic()
    assert server.wait(server.ingest(store, inputs, force=False)) == 0
    return store, server.quads(store), time.monotonic() - start


def test_the_clean_run_taught_codes(clean: tuple[Path, str, float]) -> None:
    taught = [q for q in clean[1].splitlines() if "firstSeenIn" in q and "/code/function/" in q]
    assert taught, "the cut-down code lists must make the documents teach codes"


def test_kill_at_random_moments_then_a_fresh_run_ends_clean(
    server: Server, clean: tuple[Path, str, float], inputs: list[Path], tmp_path: Path
) -> None:
    complete, expected, seconds = clean
    rng = random.Random(16)
    killed_mid_run = 0
    for round_ in range(KILLS):
        force = round_ % 2 == 1
        store = tmp_path / f"kg{round_}"
        if force:
            shutil.copytree(complete, store, symlinks=True)
        pid = server.ingest(store, inputs, force=force)
        time.sleep(rng.uniform(0, seconds))
        os.kill(pid, signal.SIGKILL)
        killed_mid_run += server.wait(pid) == -signal.SIGKILL
        fresh = server.ingest(store, inputs, force=False)
        assert server.wait(fresh) == 0, f"round {round_}: the fresh run failed"
        assert server.quads(store) == expected, f"round {round_}: the store differs from a clean run's"
        shutil.rmtree(store)
    assert killed_mid_run >= KILLS // 2  # most kills hit a running ingest
