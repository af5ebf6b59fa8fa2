"""A progress bar for long batches, with documents per second and the time left.

Shown only on a terminal (never when the output goes to a pipe, a file or a
test runner); document lines are printed above it as documents finish.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

import click


class BatchProgress:
    """Prints lines, with a live bar below them when ``enabled`` (use as a context manager)."""

    def __init__(self, description: str, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        stream = stream or sys.stdout
        self.enabled = stream.isatty() if enabled is None else enabled
        self.description = description
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self.description, total=None, rate="")
        return self

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` documents finished."""
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = f"{done / elapsed:.2f} docs/s" if done and elapsed > 0 else ""
        self._progress.update(self._task, completed=done, total=total, rate=rate)

    def echo(self, line: str, err: bool = False) -> None:
        """Print a line (above the bar when it is shown)."""
        if self._progress is not None and not err:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=err)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)
