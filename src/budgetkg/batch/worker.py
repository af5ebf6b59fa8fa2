"""Run one document's work in a child process under a time and a memory limit.

The child is forked, so it starts with everything the parent loaded (the
validator's shapes and code lists) at no cost; it gets an address-space
limit (``resource.setrlimit``), is killed when the time is up, dies with its
parent, and hands its answer back through a pipe. A document that blows a
limit, or crashes the reader, fails alone with one line; the batch goes on.
The store is never opened in the child: the parent writes what it returns.
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
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Stopped:
    """The child did not answer: over the time limit, out of memory, or crashed."""

    reason: str


def run_limited(fn: Callable[[], Any], seconds: float, memory_mb: int, stderr: bool = False) -> Any:
    """``fn()`` computed in a forked child, or :class:`Stopped` saying why there is no answer.

    ``memory_mb`` is the address space the child may add to what it starts
    with (0: no limit); ``seconds`` the wall-clock time it may take (0: none).
    The child's stderr is discarded unless ``stderr``: what a crashing native
    library prints is no message for people (``--debug`` keeps it).
    """
    read_end, write_end = os.pipe()
    parent = os.getpid()
    gc.freeze()  # no copy-on-write of the parent's objects by the child's garbage collector
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        _child(fn, read_end, write_end, memory_mb, parent, stderr)
    os.close(write_end)
    data, timed_out = _read_all(read_end, seconds)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return Stopped(f"over the time limit of {seconds:g} s per document (stopped)")
    if data:
        try:
            ok, value = pickle.loads(data)
        except Exception:  # a truncated answer: the child died while writing
            ok, value = False, None
        if ok:
            return value
        if value is not None:
            return Stopped(value)
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status)).name
        limit = f"over the memory limit of {memory_mb} MB per document" if memory_mb else "out of memory"
        return Stopped(f"the reader crashed ({sig}): {limit}, or a damaged file")
    return Stopped(f"the worker process ended without an answer (exit status {os.WEXITSTATUS(status)})")


def _child(  # pragma: no cover - the child
    fn: Callable[[], Any], read_end: int, write_end: int, memory_mb: int, parent: int, stderr: bool
) -> None:
    """Compute in the child and write the pickled answer; never returns."""
    code = 0
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _die_with_parent(parent)
        if not stderr:
            faulthandler.disable()
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        if memory_mb > 0:
            limit = _address_space() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            answer: tuple[bool, Any] = (True, fn())
        except MemoryError:
            answer = (False, f"over the memory limit of {memory_mb} MB per document (stopped)")
        try:
            data = pickle.dumps(answer)
        except MemoryError:
            data = pickle.dumps((False, f"over the memory limit of {memory_mb} MB per document (stopped)"))
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
    except BaseException:
        traceback.print_exc()  # reaches the terminal only with --debug
        code = 1
    finally:
        os._exit(code)


def _read_all(fd: int, seconds: float) -> tuple[bytes, bool]:
    """Everything the child writes until it closes the pipe; True when the time ran out first."""
    deadline = time.monotonic() + seconds if seconds > 0 else None
    chunks: list[bytes] = []
    try:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return b"".join(chunks), True
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
    finally:
        os.close(fd)


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


READERS = ("budgetkg.read.pdf", "budgetkg.read.office", "pdfplumber", "pypdfium2", "docx", "openpyxl")


def preload(modules: tuple[str, ...] = READERS) -> None:
    """Import the readers once in the parent, so no worker pays for importing them again."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def available() -> bool:
    """Whether documents can run in worker processes here (fork and rlimits: POSIX)."""
    return hasattr(os, "fork") and hasattr(resource, "RLIMIT_AS")


__all__ = ["Stopped", "available", "preload", "run_limited"]
