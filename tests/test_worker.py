"""The worker process that prepares a batch's documents: one child serves many calls; a call over the
time limit or one that crashes the child is stopped alone, and the next call gets a fresh child."""

from __future__ import annotations

import os
import time

import pytest

from budgetkg.batch.worker import Stopped, Worker, available

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
