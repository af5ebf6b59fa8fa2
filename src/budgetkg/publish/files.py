"""Writing release files so that the same input always gives the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReleaseFile:
    """One file of the release: its path (relative), media type, size and SHA-256."""

    path: str
    media_type: str
    size: int
    sha256: str
    title: str


def write(out: Path, rel: str, data: bytes, media_type: str, title: str) -> ReleaseFile:
    """Write ``data`` at ``out/rel`` and describe it."""
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return ReleaseFile(rel, media_type, len(data), hashlib.sha256(data).hexdigest(), title)


def gzipped(data: bytes) -> bytes:
    """``data`` gzipped with no file name and a fixed time stamp (mtime 0), so reproducible."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def sha256sums(files: list[ReleaseFile]) -> bytes:
    """``SHA256SUMS`` as sha256sum(1) writes it, sorted by path."""
    return "".join(f"{f.sha256}  {f.path}\n" for f in sorted(files, key=lambda f: f.path)).encode()
