"""Start ``budgetkg serve`` as a subprocess on a free loopback port, for the server tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import budgetkg

from .conftest import ROOT, SAMPLES


@dataclass
class Running:
    """A running server: its process and base URL."""

    process: subprocess.Popen[str]
    url: str

    def stop(self) -> tuple[int, str]:
        """Ctrl-C (SIGINT) and wait: the exit code and what it wrote to stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        err = self.process.stderr.read() if self.process.stderr else ""
        return self.process.returncode, err


def ingest_samples(store: Path) -> None:
    """A store holding the five samples (the API closes it so readers can open it)."""
    with budgetkg.open(store) as kg:
        report = kg.ingest([SAMPLES])
        assert report.ok, report.to_dict()


def start(store: Path, *options: str) -> Running:
    """``budgetkg serve --port 0`` over ``store``; returns once it prints where it listens."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", "from budgetkg.cli import cli; cli()", "serve", "--store", str(store)]
    proc = subprocess.Popen(
        [*cmd, "--port", "0", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 90
    line = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        m = re.search(r"at (http://127\.0\.0\.1:\d+)/ ", line)
        if m:
            return Running(proc, m.group(1))
    proc.kill()
    raise AssertionError(f"server did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
