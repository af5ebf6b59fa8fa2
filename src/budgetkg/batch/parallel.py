"""Documents prepared N at a time, written by one writer in file order: ``ingest --jobs N``.

:class:`ParallelPreparer` stands in for :class:`~budgetkg.batch.staging.Preparer`
in the batch loop: the loop still asks for one document after another and
commits each before asking for the next, in the parent, under the store's
single-writer lock. Meanwhile the next documents are prepared (read,
extracted, built, validated) in a :class:`~budgetkg.batch.pool.Pool` of
worker processes, each under the per-document time and memory limits.
At most ``2 * jobs`` documents are in flight or waiting to be written, so
memory stays flat however long the batch.

The store then holds what a sequential run stores. The one thing a
document's preparation takes from the documents before it is the code
lists: a document checked while an earlier one that teaches them new codes
was still in flight may have been checked against lists that lacked those
codes. So each worker is sent the codes committed since its last document,
and before a document is written its recorded check is repeated against
the writer's code lists (:func:`~budgetkg.batch.staging.current`); when it
finds something else, the document is prepared again by a worker that is
now up to date (counted in ``reruns``), exactly as a sequential run would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..codes import CodeRegistry, CodeUpdate, Concept
from . import staging
from .pool import Pool
from .worker import Stopped


class ParallelPreparer:
    """Prepares ``paths`` (in this order) ``jobs`` at a time; ``wanted(path)`` False: never sent."""

    def __init__(
        self,
        kg: Any,
        codes: CodeRegistry,
        limits: tuple[float, int],
        stderr: bool,
        jobs: int,
        paths: list[Path],
        wanted: Callable[[Path], bool],
    ) -> None:
        self.kg, self.codes, self.wanted = kg, codes, wanted
        self.pool = Pool(self._in_child, jobs, *limits, stderr=stderr)
        self._learned: list[list[Concept]] = [[] for _ in range(jobs)]  # per slot: committed since sent
        self._paths = list(paths)
        self._next = 0  # the next document to send
        self._asked = 0  # the next document the batch loop may ask for
        self._answers: dict[int, Any] = {}
        self._sent: set[int] = set()  # in flight or answered
        self._window = 2 * jobs
        self.reruns = 0

    def _in_child(self, arg: tuple[Path, list[Concept]]) -> staging.Prepared:  # pragma: no cover - child
        path, learned = arg
        if learned:
            self.codes.apply(CodeUpdate(source="", concepts=learned))
        return staging.prepare(self.kg, path, self.codes)

    def _send(self, slot: int, index: int) -> None:
        learned, self._learned[slot] = self._learned[slot], []
        self.pool.submit(slot, index, (self._paths[index], learned))
        self._sent.add(index)

    def _fill(self) -> None:
        """Send the next wanted documents to idle workers while the window has room."""
        for slot in self.pool.idle():
            while self._next < len(self._paths) and (
                self._next in self._sent or not self.wanted(self._paths[self._next])
            ):
                self._next += 1
            if self._next >= len(self._paths) or len(self._answers) + len(self.pool.busy) >= self._window:
                return
            self._send(slot, self._next)
            self._next += 1

    def _collect(self) -> None:
        for _, index, answer in self.pool.collect():
            assert isinstance(index, int)
            self._answers[index] = answer

    def _slot(self) -> int:
        """An idle worker (waiting for one to finish if need be)."""
        while not self.pool.idle():
            self._collect()
        return self.pool.idle()[0]

    def _answer(self, index: int) -> Any:
        """The answer for document ``index`` (sent now if it was passed over when sending)."""
        if index not in self._sent:
            self._send(self._slot(), index)
        self._fill()
        while index not in self._answers:
            self._collect()
            self._fill()
        self._sent.discard(index)
        return self._answers.pop(index)

    def __call__(self, path: Path) -> staging.Prepared | Stopped:
        index = self._paths.index(path, self._asked)
        self._asked = index + 1
        for passed in [i for i in self._answers if i < index]:  # documents the batch loop did not ask for
            del self._answers[passed]
        answer = self._answer(index)
        if isinstance(answer, staging.Prepared) and not staging.current(answer, self.codes):
            self.reruns += 1  # checked against code lists that lacked an earlier document's codes
            self._send(self._slot(), index)  # that worker now has every code committed before it
            answer = self._answer(index)
        result: staging.Prepared | Stopped = answer
        return result

    def committed(self, prepared: staging.Prepared) -> None:
        """``prepared`` is stored: its codes go to each worker with its next document."""
        for learned in self._learned:
            learned.extend(prepared.concepts)

    def close(self) -> None:
        self.pool.close()


__all__ = ["ParallelPreparer"]
