"""Read-only checkpoints of the store, so readers never open what a writer writes.

pyoxigraph documents that opening a store read-only while another process
writes it is undefined behaviour. So the writer, after committing, makes a
RocksDB checkpoint of ``db/`` (``Store.backup``: hard links, milliseconds)
as ``snapshots/<n>/`` and names it in ``snapshots/LATEST``; readers open the
latest one with ``Store.read_only``. A checkpoint is never written again.

A reader holds a shared ``flock`` on ``snapshots/<n>.lock`` while it has
snapshot *n* open; the writer removes older snapshots whose lock it can take
exclusively, so snapshots in use stay and the others do not pile up.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

LATEST = "LATEST"


def latest(folder: Path) -> int | None:
    """The number of the newest complete snapshot, or None."""
    try:
        return int((folder / LATEST).read_text().strip())
    except (OSError, ValueError):
        return None


def next_number(folder: Path) -> int:
    """The next snapshot's number: past the latest, and past any snapshot a writer killed between
    naming its folder and pointing ``LATEST`` at it left behind (that folder is in the way otherwise)."""
    numbers = [latest(folder) or 0]
    if folder.is_dir():
        numbers += [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    return max(numbers) + 1


def make(db: ox.Store, folder: Path, number: int) -> int:
    """Checkpoint ``db`` as snapshot ``number`` (:func:`next_number`) and make it the latest (the caller is
    the writer)."""
    tmp = folder / f"tmp-{number}"
    if tmp.exists():
        shutil.rmtree(tmp)
    db.flush()
    db.backup(str(tmp))
    tmp.rename(folder / str(number))
    pointer = folder / f"{LATEST}.tmp"
    pointer.write_text(f"{number}\n")
    os.replace(pointer, folder / LATEST)
    return number


def prune(folder: Path) -> None:
    """Remove snapshots older than the latest that no reader holds, and leftovers of a crash."""
    keep = latest(folder)
    for path in folder.iterdir():
        name = path.name
        if name.startswith("tmp-"):
            shutil.rmtree(path, ignore_errors=True)
        elif name.isdigit() and int(name) != keep:
            _remove_unless_held(folder, int(name))
        elif name.endswith(".lock") and name[:-5].isdigit() and not (folder / name[:-5]).exists():
            path.unlink(missing_ok=True)


def _remove_unless_held(folder: Path, number: int) -> None:
    lock = folder / f"{number}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return
    shutil.rmtree(folder / str(number), ignore_errors=True)
    lock.unlink(missing_ok=True)
    os.close(fd)


class Reader:
    """The latest snapshot opened read-only, with its shared lock held."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.number: int | None = None
        self.store: ox.Store | None = None
        self._fd: int | None = None

    def open_latest(self) -> ox.Store:
        """Open (or keep) the latest snapshot; re-opens when a newer one exists."""
        for _ in range(20):  # the writer may prune between reading LATEST and locking: try again
            number = latest(self.folder)
            if number is None:
                raise FileNotFoundError(f"{self.folder} holds no snapshot")
            if number == self.number and self.store is not None:
                return self.store
            fd = _shared_lock(self.folder / f"{number}.lock")
            path = self.folder / str(number)
            if path.is_dir():
                self.close()
                self.store, self.number, self._fd = ox.Store.read_only(str(path)), number, fd
                return self.store
            if fd is not None:
                os.close(fd)
        raise FileNotFoundError(f"{self.folder}: the latest snapshot keeps disappearing")

    def close(self) -> None:
        self.store = None
        self.number = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _shared_lock(path: Path) -> int | None:
    """A shared lock on ``path``; None where the store's folder cannot be written (nobody writes it then)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd
