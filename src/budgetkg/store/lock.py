"""One writer at a time: an exclusive ``flock`` on ``write.lock``.

The holder writes its pid and command line into the file, so a second
writer can say who holds the store. The kernel releases the lock when the
holder dies (even by SIGKILL), so a crashed ingest never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path

from .errors import StoreBusy, StoreError

POLL_SECONDS = 0.1


class WriterLock:
    """The store's write lock, taken with :meth:`acquire` and given back with :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait`` seconds for another writer to finish."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StoreError(f"cannot write store {self.path.parent}: {e.strerror}") from None
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(fd)
                    os.close(fd)
                    raise StoreBusy(
                        f"store {self.path.parent} is being written by {holder}; "
                        "wait for it to finish or give --wait SECONDS"
                    ) from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {' '.join(sys.argv)}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        except OSError:  # pragma: no cover - a full or read-only disk: the lock still goes
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def _holder(fd: int) -> str:
    """Who holds the lock, from what it wrote: 'process 123 (budgetkg ingest ...)'."""
    text = os.pread(fd, 1000, 0).decode(errors="replace").strip()
    pid, _, command = text.partition(" ")
    if not pid:
        return "another process"
    program, _, args = command.partition(" ")
    shown = " ".join(filter(None, [Path(program).name, args]))[:80]
    return f"process {pid} ({shown})" if shown else f"process {pid}"
