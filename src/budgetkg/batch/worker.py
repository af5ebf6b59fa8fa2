"""Prepare documents in a child process under a time and a memory limit.

The child is forked, so it starts with everything the parent loaded (the
validator's shapes and code lists) at no cost, and serves one document after
another (forking per document costs about a fifth more CPU: pages copied on
write, caches lost). It has an address-space limit (``resource.setrlimit``),
is killed when a document's time is up, dies with its parent, and answers
through a pipe. A document that blows a limit, or crashes the reader, fails
alone with one line; a fresh child serves the next one. The child retires
itself when it has grown by half its memory limit, and a document that ran
out of memory in a child that served others is tried once more in a fresh
one, so no document pays for another's garbage. The store is never opened
in the child: the parent writes what it returns.
"""

from __future__ import annotations

import ctypes
import faulthandler
import gc
import os
import pickle
import resource
import select
import signal
import struct
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
HEADER = struct.Struct("!Q")


@dataclass(frozen=True)
class Stopped:
    """The child did not answer: over the time limit, out of memory, or crashed."""

    reason: str
    timed_out: bool = False


class Worker:
    """A forked child computing ``fn(arg)`` for one argument after another, under limits.

    ``memory_mb`` is the address space the child may add to what it starts
    with (0: no limit); ``seconds`` the wall-clock time one call may take (0:
    none). The child's stderr is discarded unless ``stderr``: what a crashing
    native library prints is no message for people (``--debug`` keeps it).
    """

    def __init__(
        self, fn: Callable[[Any], Any], seconds: float, memory_mb: int, stderr: bool = False
    ) -> None:
        self.fn, self.seconds, self.memory_mb, self.stderr = fn, seconds, memory_mb, stderr
        self.pid: int | None = None
        self.served = 0
        self._to_child = self._from_child = -1

    def run(self, arg: Any) -> Any:
        """``fn(arg)`` from the child, or :class:`Stopped` (a failure in a used child is retried fresh)."""
        answer = self._call(arg)
        if isinstance(answer, Stopped) and not answer.timed_out and self._was_used:
            self.close()
            answer = self._call(arg)
        return answer

    def _call(self, arg: Any) -> Any:
        self.send(arg)
        return self.receive()

    def send(self, arg: Any) -> None:
        """Start ``fn(arg)`` in the child (forked now if there is none); :meth:`receive` takes the answer."""
        if self.pid is None:
            self._start()
        self._was_used = self.served > 0
        self.served += 1
        try:
            _write_frame(self._to_child, pickle.dumps(arg))
        except OSError:  # the child is gone (retired or crashed): a fresh one
            self.close()
            self._start()
            self._was_used = False
            self.served = 1
            _write_frame(self._to_child, pickle.dumps(arg))
        self.deadline = time.monotonic() + self.seconds if self.seconds > 0 else None

    @property
    def answers(self) -> int:
        """The pipe the child answers on (for ``select``), -1 when there is no child."""
        return self._from_child

    @property
    def was_used(self) -> bool:
        """Whether the child had served other documents before the one sent last."""
        return self._was_used

    def receive(self) -> Any:
        """The answer to what was sent last, or :class:`Stopped` (waits until the time limit at most)."""
        seconds = 0.0 if self.deadline is None else max(self.deadline - time.monotonic(), 1e-6)
        self.deadline = None
        data, timed_out = _read_frame(self._from_child, seconds)
        if timed_out:
            self.close()
            reason = f"over the time limit of {self.seconds:g} s per document (stopped)"
            return Stopped(reason, timed_out=True)
        if data is None:
            return self._crashed()
        retiring, ok, value = pickle.loads(data)
        if retiring:
            self.close()
        if ok:
            return value
        return Stopped(value)

    def _crashed(self) -> Stopped:
        """The child died without answering: why, from its exit status."""
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self.close()
        if os.WIFSIGNALED(status):
            sig = signal.Signals(os.WTERMSIG(status)).name
            limit = "out of memory"
            if self.memory_mb:
                limit = f"over the memory limit of {self.memory_mb} MB per document"
            return Stopped(f"the reader crashed ({sig}): {limit}, or a damaged file")
        return Stopped(f"the worker process ended without an answer (exit status {os.WEXITSTATUS(status)})")

    def _start(self) -> None:
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        parent = os.getpid()
        gc.collect()
        gc.freeze()  # no copy-on-write of the parent's objects by the child's garbage collector
        try:
            pid = os.fork()
        finally:
            gc.unfreeze()
        if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
            os.close(req_w)
            os.close(resp_r)
            _serve(self.fn, req_r, resp_w, self.memory_mb, parent, self.stderr)
        os.close(req_r)
        os.close(resp_w)
        self.pid, self._to_child, self._from_child = pid, req_w, resp_r
        self.served = 0

    def close(self) -> None:
        """Stop the child (if any) and forget it; the next call forks a fresh one."""
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    _was_used = False
    deadline: float | None = None


def _serve(  # pragma: no cover - the child
    fn: Callable[[Any], Any], requests: int, answers: int, memory_mb: int, parent: int, stderr: bool
) -> None:
    """The child's loop: read an argument, write ``(retiring, ok, value)``; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _die_with_parent(parent)
        _close_inherited(requests, answers)
        if not stderr:
            faulthandler.disable()
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        start = _address_space()
        if memory_mb > 0:
            limit = start + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        over = f"over the memory limit of {memory_mb} MB per document (stopped)"
        while True:
            data, _ = _read_frame(requests, 0)
            if data is None:
                break
            try:
                answer: tuple[bool, Any] = (True, fn(pickle.loads(data)))
            except MemoryError:
                answer = (False, over)
            grown = _address_space() - start
            retiring = memory_mb > 0 and grown > memory_mb * 1024 * 1024 // 2
            try:
                out = pickle.dumps((retiring, *answer))
            except MemoryError:
                out, retiring = pickle.dumps((True, False, over)), True
            _write_frame(answers, out)
            if retiring:
                break
    except BaseException:
        traceback.print_exc()  # reaches the terminal only with --debug
        code = 1
    finally:
        os._exit(code)


def _close_inherited(*keep: int) -> None:  # pragma: no cover - child only
    """Close every inherited file but stdio and ``keep``: above all the store's write lock, which a
    worker outliving a killed parent for a moment would otherwise still hold."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX") if os.sysconf("SC_OPEN_MAX") > 0 else 65536)


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read_frame(fd: int, seconds: float) -> tuple[bytes | None, bool]:
    """One length-prefixed message (None at end of file); True when ``seconds`` (0: none) ran out first."""
    deadline = time.monotonic() + seconds if seconds > 0 else None
    buf = bytearray()
    need = HEADER.size
    header_done = False
    while True:
        while len(buf) < need:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return None, True
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(fd, min(1 << 20, need - len(buf)))
            if not chunk:
                return None, False
            buf += chunk
        if header_done:
            return bytes(buf[HEADER.size:]), False
        need = HEADER.size + HEADER.unpack(bytes(buf[: HEADER.size]))[0]
        header_done = True


def _address_space() -> int:
    """This process's current virtual memory size in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _die_with_parent(parent: int) -> None:  # pragma: no cover - child only
    """Ask Linux to kill this child when its parent dies (a killed batch leaves no worker behind)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def memory_error(error: str | None, memory_mb: int) -> str | None:
    """A document's error, with a MemoryError its own code caught said as the memory limit it hit."""
    if (error or "").startswith("internal error (MemoryError"):
        return f"over the memory limit of {memory_mb} MB per document (stopped)"
    return error


READERS = ("budgetkg.read.pdf", "budgetkg.read.office", "pdfplumber", "pypdfium2", "docx", "openpyxl")


def preload(modules: tuple[str, ...] = READERS) -> None:
    """Import the readers once in the parent, so no worker pays for importing them again."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def preload_for(paths: Iterable[Path]) -> None:
    """:func:`preload` the binary readers only when a batch has a binary document (PDF, Office, RTF).

    Importing them costs about 0.3 s of CPU, paid for nothing by a batch of
    text documents (their readers are imported with :mod:`budgetkg.read`). A
    worker that meets a binary document anyway imports its reader itself.
    """
    from ..read import is_binary_document

    if any(is_binary_document(p) for p in paths):
        preload()


def available() -> bool:
    """Whether documents can run in worker processes here (fork and rlimits: POSIX)."""
    return hasattr(os, "fork") and hasattr(resource, "RLIMIT_AS")


__all__ = ["Stopped", "Worker", "available", "memory_error", "preload", "preload_for"]
