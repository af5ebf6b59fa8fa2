"""The worker process that prepares a batch's documents: one child serves many calls; a call over the
time limit or one that crashes the child is stopped alone, and the next call gets a fresh child."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from budgetkg.batch import worker
from budgetkg.batch.worker import Stopped, Worker, available
from budgetkg.read import is_binary_document

pytestmark = pytest.mark.skipif(not available(), reason="worker processes need fork and rlimits")


def work(arg: str) -> object:
    if arg == "slow":
        time.sleep(3600)
    if arg == "abort":
        os.abort()
    if arg == "greedy":
        return len(bytearray(400 * 1024 * 1024))
    return (arg, os.getpid())


def test_one_child_serves_call_after_call() -> None:
    with Worker(work, seconds=60, memory_mb=0) as w:
        (a, pid_a), (b, pid_b) = w.run("a"), w.run("b")
        assert (a, b) == ("a", "b") and pid_a == pid_b != os.getpid()


def test_a_call_over_the_time_limit_is_stopped_and_the_next_gets_a_fresh_child() -> None:
    with Worker(work, seconds=1, memory_mb=0) as w:
        _, first = w.run("a")
        assert w.run("slow") == Stopped("over the time limit of 1 s per document (stopped)", timed_out=True)
        _, second = w.run("b")
        assert second != first


def test_a_crash_is_one_line_and_retried_once_in_a_fresh_child() -> None:
    with Worker(work, seconds=60, memory_mb=256) as w:
        w.run("a")  # the child has served: a crash is tried again in a fresh one
        answer = w.run("abort")
        limit = "over the memory limit of 256 MB per document"
        reason = f"the reader crashed (SIGABRT): {limit}, or a damaged file"
        assert answer == Stopped(reason)
        assert w.served == 1  # the second try ran in a child of its own
        assert w.run("c")[0] == "c"


def test_memory_limit_raises_memory_error_in_the_child() -> None:
    with Worker(work, seconds=60, memory_mb=256) as w:
        assert w.run("greedy") == Stopped("over the memory limit of 256 MB per document (stopped)")
    with Worker(work, seconds=60, memory_mb=0) as w:
        assert w.run("greedy") == 400 * 1024 * 1024


@pytest.mark.parametrize(
    ("head", "binary"),
    [
        (b"%PDF-1.7\n", True),
        (b"PK\x03\x04rest", True),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", True),
        (b"{\\rtf1", True),
        ("部门预算\n%PDF".encode(), False),  # the signature counts only at the start
        (b"PK\x03", False),  # cut short
        (b"<html><body>", False),  # read by a reader imported with budgetkg.read
    ],
)
def test_the_binary_readers_are_preloaded_only_for_a_batch_with_a_binary_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: bytes, binary: bool
) -> None:
    text, other = tmp_path / "a.txt", tmp_path / "b.txt"  # the content decides, not the suffix
    text.write_text("部门预算\n", encoding="utf-8")
    other.write_bytes(head)
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(worker, "preload", lambda *a: calls.append(a))
    worker.preload_for([text, tmp_path / "missing.pdf", other])
    assert calls == ([()] if binary else [])
    assert is_binary_document(other) is binary
