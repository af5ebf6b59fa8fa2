"""The files of an on-disk store and its format version.

A store directory holds::

    budgetkg-store.json   {"format": 2, ...}: what made the store
    db/                   the pyoxigraph (RocksDB) primary, opened only by the one writer
    write.lock            flock'd by the writer; holds its pid and command line
    filling.nq            only while an empty store is bulk-loaded (see filling.py)
    snapshots/<n>/        read-only checkpoints of db/ that readers open (see snapshots.py)
    search.sqlite         the text index of project texts, kept by the writer (see textindex.py)

Format 1 (budgetkg before this layout) kept the RocksDB files directly in
the store directory; :func:`upgrade` moves them into ``db/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreNotFound, StoreVersionError

FORMAT = 2
MARKER = "budgetkg-store.json"


@dataclass(frozen=True)
class Layout:
    """The paths of one store directory."""

    root: Path

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    @property
    def db(self) -> Path:
        return self.root / "db"

    @property
    def lock(self) -> Path:
        return self.root / "write.lock"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def filling(self) -> Path:
        """Documents waiting for the bulk loader while an empty store is filled (see filling.py)."""
        return self.root / "filling.nq"

    def is_old_format(self) -> bool:
        """A format-1 store: RocksDB files at the top level, no marker."""
        return not self.marker.exists() and (self.root / "CURRENT").exists()

    def check(self) -> None:
        """Raise unless the directory holds a store of this format."""
        if self.is_old_format():
            raise StoreVersionError(
                f"store {self.root} has the old format 1 (this budgetkg reads format {FORMAT}): "
                f"run `budgetkg init --upgrade {self.root}` once"
            )
        if not self.marker.exists():
            raise StoreNotFound(
                f"no budgetkg store at {self.root}: create one with `budgetkg init {self.root}` "
                f"or `budgetkg ingest FILES --store {self.root}`"
            )
        try:
            found = json.loads(self.marker.read_text(encoding="utf-8")).get("format")
        except (OSError, ValueError, AttributeError) as e:
            raise StoreVersionError(f"store {self.root}: unreadable {MARKER} ({e})") from None
        if found != FORMAT:
            raise StoreVersionError(
                f"store {self.root} has format {found}, this budgetkg reads format {FORMAT}: "
                "use the budgetkg version that made it, or re-ingest the documents into a new store"
            )

    def create(self) -> None:
        """Make an empty store's folders and marker (the caller holds the write lock)."""
        self.db.mkdir(parents=True, exist_ok=True)
        self.snapshots.mkdir(exist_ok=True)
        from .. import __version__

        text = json.dumps({"format": FORMAT, "created_by": f"budgetkg {__version__}"}, indent=2)
        tmp = self.marker.with_suffix(".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        os.replace(tmp, self.marker)


def upgrade(root: Path) -> bool:
    """Move a format-1 store's files into ``db/`` and mark it format 2; False if nothing to do."""
    layout = Layout(root)
    if not layout.is_old_format():
        if not layout.marker.exists() and not root.exists():
            raise StoreNotFound(f"no budgetkg store at {root}")
        return False
    moving = [p for p in root.iterdir() if p.name not in ("db", "snapshots")]
    layout.db.mkdir()
    for p in moving:
        p.rename(layout.db / p.name)
    layout.create()
    return True
