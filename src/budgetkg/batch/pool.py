"""Several worker processes at once: ``--jobs N``.

A :class:`Pool` holds N :class:`~budgetkg.batch.worker.Worker` slots, each a
forked child with the same per-document limits as the one worker of a
sequential batch (time, memory; a crash takes only its document down). The
parent sends a document to an idle slot and waits on all busy slots' pipes
at once; an answer, a time limit that ran out or a dead child frees the
slot. As in :meth:`Worker.run`, a document whose child died after serving
others is tried once more in a fresh child before it fails.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable, Hashable
from typing import Any

from .worker import Stopped, Worker


class Pool:
    """``jobs`` worker slots computing ``fn(arg)``; :meth:`collect` returns answers as they come."""

    def __init__(
        self, fn: Callable[[Any], Any], jobs: int, seconds: float, memory_mb: int, stderr: bool = False
    ) -> None:
        if jobs < 1:
            raise ValueError(f"a pool needs at least one worker: {jobs}")
        self.workers = [Worker(fn, seconds, memory_mb, stderr=stderr) for _ in range(jobs)]
        self.busy: dict[int, tuple[Hashable, Any]] = {}  # slot -> (key, arg) sent to it

    def idle(self) -> list[int]:
        """The slots with nothing to do."""
        return [i for i in range(len(self.workers)) if i not in self.busy]

    def submit(self, slot: int, key: Hashable, arg: Any) -> None:
        """Send ``arg`` to the idle ``slot``; its answer comes back from :meth:`collect` under ``key``."""
        assert slot not in self.busy, f"worker {slot} is busy"
        self.workers[slot].send(arg)
        self.busy[slot] = (key, arg)

    def collect(self) -> list[tuple[int, Hashable, Any]]:
        """Wait until at least one busy slot is done; ``(slot, key, answer or Stopped)`` of each done."""
        assert self.busy, "nothing was submitted"
        while True:
            deadlines = [d for d in (self.workers[s].deadline for s in self.busy) if d is not None]
            wait = max(min(deadlines) - time.monotonic(), 0.0) if deadlines else None
            fds = [self.workers[s].answers for s in self.busy]
            ready, _, _ = select.select(fds, [], [], wait)
            now = time.monotonic()
            done = []
            for slot in list(self.busy):
                w = self.workers[slot]
                expired = w.deadline is not None and now >= w.deadline
                if w.answers not in ready and not expired:
                    continue
                key, arg = self.busy.pop(slot)
                answer = w.receive()
                if isinstance(answer, Stopped) and not answer.timed_out and w.was_used:
                    w.close()  # perhaps another document's garbage: once more in a fresh child
                    self.submit(slot, key, arg)
                    continue
                done.append((slot, key, answer))
            if done:
                return done

    def close(self) -> None:
        """Stop every child."""
        for w in self.workers:
            w.close()
        self.busy.clear()


__all__ = ["Pool"]
