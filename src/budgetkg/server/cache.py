"""Answers kept until the store changes: the same query on the same snapshot gives the same answer.

A store's readers see its latest snapshot (``STORE/snapshots/LATEST``, a
number the writer raises after each committed document), so an answer is
keyed by that number and the job; when the number changes every kept answer
is dropped. Bounded: at most ``entries`` answers, none larger than
``max_bytes`` (an estimate), least recently used dropped first.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..store import snapshots
from ..store.layout import Layout


class AnswerCache:
    """A small LRU of job answers for one store, emptied when a new snapshot appears."""

    def __init__(self, store: Path, entries: int = 256, max_bytes: int = 1 << 20) -> None:
        self.folder = Layout(store).snapshots
        self.entries = entries
        self.max_bytes = max_bytes
        self._snapshot: int | None = None
        self._answers: OrderedDict[str, Any] = OrderedDict()
        self.hits = 0

    def _current(self) -> int | None:
        number = snapshots.latest(self.folder)
        if number != self._snapshot:
            self._answers.clear()
            self._snapshot = number
        return number

    @staticmethod
    def key(job: dict[str, Any]) -> str:
        return repr(sorted(job.items()))

    def get(self, job: dict[str, Any]) -> tuple[bool, Any]:
        """(True, answer) if kept for the store's current snapshot, else (False, None)."""
        if self.entries == 0 or self._current() is None:
            return False, None
        k = self.key(job)
        if k in self._answers:
            self._answers.move_to_end(k)
            self.hits += 1
            return True, self._answers[k]
        return False, None

    def put(self, job: dict[str, Any], answer: Any, snapshot: int | None) -> None:
        """Keep ``answer`` if the store is still at the snapshot it was asked on."""
        if self.entries == 0 or snapshot is None or snapshot != self._current():
            return
        size = len(answer) if isinstance(answer, bytes) else len(pickle.dumps(answer))
        if size > self.max_bytes:
            return
        self._answers[self.key(job)] = answer
        while len(self._answers) > self.entries:
            self._answers.popitem(last=False)

    def snapshot(self) -> int | None:
        """The snapshot a job about to run will see (at the latest: it may see a newer one)."""
        return self._current()
