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
from collections.abc import Hashable
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


class KeptAnswers:
    """A query worker's last whole answers of saved queries, kept for the pages asked next.

    A page of a saved query (``saved_page``) is cut from its whole answer, so a reader paging through a
    national roll-up (246,000 rows at 10,000 departments, 10 s to work out) paid for the whole answer on
    every page. The worker keeps the last answers it worked out, at most ``max_rows`` rows in all (the
    least recently used dropped first; an answer larger than that is not kept), keyed by the query, its
    parameters and the store's state token: a new snapshot is a new key, so a kept answer is never
    served for a snapshot it was not worked out on. A store that cannot tell its state (None) keeps none.
    The server hands a job to the worker that finished last, so a reader's next page mostly finds it.
    """

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0

    @staticmethod
    def key(job: dict[str, Any], state: Hashable | None) -> Hashable | None:
        """The job's saved query, parameters and the store state, or None when nothing may be kept."""
        if state is None:
            return None
        return (job["name"], tuple(sorted(job["params"].items())), state)

    def get(self, key: Hashable | None) -> Any:
        """The answer kept under ``key``, or None."""
        if key is None or key not in self._answers:
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return self._answers[key]

    def put(self, key: Hashable | None, answer: Any) -> None:
        """Keep ``answer`` (a :class:`~budgetkg.query.QueryResult`) if it fits, dropping the oldest."""
        if key is None or len(answer.rows) > self.max_rows:
            return
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while sum(len(a.rows) for a in self._answers.values()) > self.max_rows:
            self._answers.popitem(last=False)
