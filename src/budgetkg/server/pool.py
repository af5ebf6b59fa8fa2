"""A pool of query worker processes: real time limits and a cap on concurrent queries.

pyoxigraph cannot cancel a running query, so each query runs in a worker
process (:mod:`.worker`) with its own read-only store handle. The server waits
for the answer at most ``timeout`` seconds; past that the worker is killed, a
fresh one is started in the background, and the request gets a 503. Every
worker busy means the request is refused at once with a 503 and Retry-After,
never queued without bound.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import worker as worker_module
from .guard import Refused

_CTX = multiprocessing.get_context("spawn")  # never fork a process that runs threads and an event loop


class Busy(Refused):
    """Every worker is busy: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(503, "the server is answering as many queries as it can; try again shortly")
        self.retry_after = retry_after


class QueryTimeout(Refused):
    """The query ran past the time limit and was stopped."""


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, store: str, queries: str | None, kept_rows: int = 0) -> None:
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(
            target=worker_module.main, args=(child, store, queries, kept_rows), daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self, seconds: float) -> None:
        if not self.conn.poll(seconds):
            raise RuntimeError("a query worker did not start")
        msg = self.conn.recv()
        if msg[0] != "ready":
            raise RuntimeError(msg[2] if len(msg) > 2 else "a query worker did not start")

    def call(self, job: dict[str, Any], timeout: float) -> tuple[Any, ...] | None:
        """The worker's answer, or None if it took longer than ``timeout`` seconds."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            return None
        result: tuple[Any, ...] = self.conn.recv()
        return result

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class WorkerPool:
    """``size`` worker processes over the store at ``store``; ``run`` sends one job to the idle one that
    finished last (its kept answers, :class:`~budgetkg.server.cache.KeptAnswers`, are the freshest)."""

    def __init__(
        self, store: str, size: int, timeout: float, queries: str | None = None, kept_rows: int = 0
    ) -> None:
        self.store = store
        self.queries = queries
        self.kept_rows = kept_rows
        self.size = size
        self.timeout = timeout
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="query")

    def start(self) -> None:
        """Start every worker and wait until each has opened the store (raises RuntimeError)."""
        workers = [_Worker(self.store, self.queries, self.kept_rows) for _ in range(self.size)]
        for w in workers:
            try:
                w.wait_ready(60)
            except (RuntimeError, EOFError) as e:
                for other in workers:
                    other.kill()
                raise RuntimeError(str(e)) from None
        with self._lock:
            self._idle.extend(workers)
            self._all.extend(workers)

    def _replace(self, dead: _Worker) -> None:
        """Start a worker in place of a killed one (in a background thread)."""
        dead.kill()
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)
            if self._closed:
                return
        fresh = _Worker(self.store, self.queries, self.kept_rows)
        try:
            fresh.wait_ready(60)
        except (RuntimeError, EOFError):
            fresh.kill()
            return
        with self._lock:
            if self._closed:
                fresh.stop()
                return
            self._all.append(fresh)
            self._idle.append(fresh)

    def _call(self, w: _Worker, job: dict[str, Any]) -> tuple[Any, ...]:
        try:
            result = w.call(job, self.timeout)
        except (EOFError, OSError, BrokenPipeError):
            result = ("error", 500, "the query worker stopped unexpectedly")
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            return result
        if result is None:
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            raise QueryTimeout(
                503, f"the query ran longer than the server's time limit ({self.timeout:g} s) and was stopped"
            )
        with self._lock:
            self._idle.append(w)
        return result

    async def run(self, job: dict[str, Any]) -> Any:
        """The payload of the job's answer; :class:`Refused` (Busy, QueryTimeout, errors) otherwise."""
        with self._lock:
            if not self._idle:
                raise Busy(retry_after=max(1, min(int(self.timeout), 5)))
            w = self._idle.pop()
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self._threads, self._call, w, job)
        if result[0] == "error":
            raise Refused(result[1], result[2])
        return result[1]

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
        for w in workers:
            w.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
