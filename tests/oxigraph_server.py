"""An Oxigraph SPARQL server for tests: the `oxigraph` package's binary on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def binary() -> str:
    """The server binary the dev extra installs beside this Python (pip install oxigraph)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[dev]' installs it")
    return found


def wait_until_answering(
    ask: str, proc: subprocess.Popen, seconds: float, failed: Callable[[], str], poll: float = 0.1
) -> None:
    """Wait until a server just started answers ``ask`` (a URL); RuntimeError(failed()) if it exits
    or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(ask, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(failed()) from None
            time.sleep(poll)


@contextmanager
def oxigraph_server(data: Path) -> Iterator[str]:
    """Start a server storing in ``data``; yields its base URL; stops it after."""
    port = free_port()
    proc = subprocess.Popen(
        [binary(), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"

    def failed() -> str:
        err = proc.stderr.read().decode() if proc.stderr else ""
        return f"oxigraph server did not start: {err[:500]}"

    try:
        wait_until_answering(f"{url}/query?query=ASK%7B%7D", proc, 30, failed)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
