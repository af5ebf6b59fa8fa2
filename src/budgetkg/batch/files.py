"""The files a batch ingests, and the ones it skips with the reason (named in the summary).

Folders are walked with symbolic links followed, but a folder is read once: a
link back to an enclosing folder (a loop) is skipped and named, not followed
forever. Files of a suffix the readers do not take, broken links and folders
that cannot be listed are skipped and named too; a file given by name is
always tried (the reader says why it cannot be read).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..read.names import readable_name

LOOP = "symbolic link loop: the folder it points to is read already"
UNCHANGED = "unchanged since it was stored (same checksum); --force ingests it again"


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) a batch did not ingest, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}


def display_path(path: str | Path) -> str:
    """The path as people read it (a GBK name decoded: :func:`~budgetkg.read.names.readable_name`)."""
    return readable_name(path)


def collect_files(
    paths: Iterable[str | Path], suffixes: frozenset[str] | set[str]
) -> tuple[list[Path], list[Skipped]]:
    """Files as given, and for folders their files with a readable suffix (sorted); and what was skipped."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[Path] = []
            _walk(p, suffixes, found, skipped, set())
            files.extend(sorted(found))
        else:
            files.append(p)
    return files, skipped


def _walk(
    folder: Path,
    suffixes: frozenset[str] | set[str],
    files: list[Path],
    skipped: list[Skipped],
    seen: set[tuple[int, int]],
) -> None:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            skipped.append(Skipped(display_path(folder), LOOP))
            return
        seen.add(key)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        skipped.append(Skipped(display_path(folder), f"cannot read the folder: {e.strerror or e}"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir():
                _walk(path, suffixes, files, skipped, seen)
            elif entry.is_file():
                if path.suffix.lower() in suffixes:
                    files.append(path)
                else:
                    kind = path.suffix.lower() or "no suffix"
                    skipped.append(Skipped(display_path(path), f"not a budget file type ({kind})"))
            elif entry.is_symlink():
                skipped.append(Skipped(display_path(path), "broken symbolic link"))
            else:
                skipped.append(Skipped(display_path(path), "not a regular file"))
        except OSError as e:
            skipped.append(Skipped(display_path(path), f"cannot read: {e.strerror or e}"))
