"""Ingest throughput and peak memory over copies of the five samples.

    .venv/bin/python benchmarks/bench_ingest.py [--copies K] [--convert]

Writes K copies of each sample (one trailing blank line per copy, so each
copy is its own document: another checksum, another graph) and ingests the
5K files into a fresh embedded store, as `budgetkg ingest` does. Prints
documents per second (wall clock and CPU) and the process's peak resident
memory. With ``--convert`` the same files go through `budgetkg convert`
(no store) and `budgetkg load` (the bulk loader) instead, each timed.
Run it for two values of K to see whether cost is linear in documents and
memory flat (peak memory is the process's, so run one K per process).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import budgetkg
from budgetkg.resources import data_dir


def copies(folder: Path, k: int) -> list[Path]:
    """K copies of each sample in ``folder``: the j-th with j trailing newlines added."""
    out = []
    for j in range(k):
        for sample in sorted(data_dir("examples").glob("*.txt")):
            path = folder / f"{sample.stem}-{j:04d}.txt"
            path.write_bytes(sample.read_bytes() + b"\n" * j)
            out.append(path)
    return out


def _timed(label: str, n: int, action):  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:8} {n:5} documents  {wall:8.1f} s wall ({n / wall:5.2f} docs/s)  "
          f"{used:8.1f} s CPU ({n / used:5.2f} docs/s, {used / n:.2f} s each)", flush=True)  # fmt: skip
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--convert", action="store_true", help="convert + load instead of ingest")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = copies(Path(tmp), args.copies)
        n = len(files)
        if args.convert:
            report = _timed("convert", n, lambda: budgetkg.api.convert(list(files), Path(tmp) / "out"))
            with budgetkg.open(Path(tmp) / "kg") as kg:
                _timed("load", n, lambda: kg.load(Path(tmp) / "out"))
                quads = kg.triple_count()
        else:
            with budgetkg.open(Path(tmp) / "kg") as kg:
                report = _timed("ingest", n, lambda: kg.ingest(list(files)))
                quads = kg.triple_count()
        assert report.ok, [d.error for d in report.failed]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"store {quads:,} quads; peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
