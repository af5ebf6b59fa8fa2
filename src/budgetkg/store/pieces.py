"""Evaluate the pieces of one query at once, one thread each, and give their solutions one after the other.

The pieces come from :mod:`budgetkg.query.partition` (ranges of file names).
Whoever evaluates them -- pyoxigraph in this process, or an Oxigraph server
over HTTP -- does the work without Python's lock (pyoxigraph evaluates as its
solutions are read, outside it; a server in its own threads), so the pieces
run on as many cores. When one piece fails, or the caller is interrupted,
the others stop reading at their next solution and the failure is raised
(a sorted piece has its first solution only once its sort is done, so that
is when it stops: a thread cannot be stopped inside pyoxigraph).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox


@dataclass
class Solutions:
    """Solutions already evaluated: the variables and the solutions, as pyoxigraph's result gives them."""

    variables: list[ox.Variable]
    solutions: list[Any]  # pyoxigraph's QuerySolution, or what evaluate_pieces' ``each`` made of one
    lengths: list[int] = field(default_factory=list)  # how many came from each piece, in order

    def pieces(self) -> list[list[Any]]:
        """The solutions of each piece (one piece: all of them)."""
        lengths = self.lengths or [len(self.solutions)]
        starts = [sum(lengths[:i]) for i in range(len(lengths))]
        return [self.solutions[start : start + n] for start, n in zip(starts, lengths, strict=True)]

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        return iter(self.solutions)


def evaluate_pieces(
    run: Callable[[str], Any], pieces: list[str], each: Callable[[ox.QuerySolution], Any] | None = None
) -> Any:
    """``run(piece)`` for every piece in a thread of its own; their solutions, in the pieces' order.

    ``run`` gives a piece's solutions (pyoxigraph's ``QuerySolutions``, read lazily). One piece is
    returned as ``run`` gives it, unread. ``each``, if given, is applied to every solution of several
    pieces in the piece's thread as it is read, and its results are what :class:`Solutions` holds: a
    piece's rows are made while the others are still evaluated, not after all of them.
    """
    if len(pieces) == 1:
        return run(pieces[0])
    stop = threading.Event()

    def read(text: str) -> Solutions:
        result = run(text)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("only a SELECT query can be answered in pieces")
        solutions = []
        for solution in result:
            if stop.is_set():
                break
            solutions.append(solution if each is None else each(solution))
        return Solutions(list(result.variables), solutions)

    pool = ThreadPoolExecutor(max_workers=len(pieces), thread_name_prefix="budgetkg-piece")
    try:
        futures = [pool.submit(read, text) for text in pieces]
        wait(futures, return_when=FIRST_EXCEPTION)
        done = [f.result() for f in futures]  # the first failure, if any, raised here
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
    lengths = [len(piece.solutions) for piece in done]
    return Solutions(done[0].variables, [s for piece in done for s in piece.solutions], lengths)


__all__ = ["Solutions", "evaluate_pieces"]
