"""Overhead of the per-document limits: ingest in worker processes vs in-process (goal: under 5 %).

Ingests the five samples (``--copies`` renamed copies each, so every file is
a new document) into a fresh on-disk store, ``--rounds`` times each way,
alternating the two so machine load hits both alike, and prints the median
ingest time of each and the overhead. The validator (shapes, code lists) is
loaded before timing in both: only reading, extracting, building,
validating and writing are timed.

    .venv/bin/python benchmarks/bench_limits.py [--rounds 5] [--copies 2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import budgetkg

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"


def inputs(folder: Path, copies: int) -> Path:
    """The samples, each ``copies`` times with a distinct trailing comment (distinct checksums)."""
    for path in sorted(SAMPLES.glob("*.txt")):
        for k in range(copies):
            (folder / f"{path.stem}-{k}.txt").write_bytes(path.read_bytes() + b"\n" * (k + 1))
    return folder


def cpu_seconds() -> float:
    """User + system time of this process and its finished children (workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ingest_seconds(files: Path, isolate: bool, work: Path) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of one ingest of ``files`` into a fresh store, and its documents."""
    store = work / f"kg-{isolate}"
    shutil.rmtree(store, ignore_errors=True)
    with budgetkg.open(store, isolate=isolate) as kg:
        _ = kg.validator
        start, cpu = time.perf_counter(), cpu_seconds()
        report = kg.ingest([files])
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        assert report.ok, [d.error for d in report.failed]
        return seconds, cpu, len(report.documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = inputs(work / "in" if (work / "in").mkdir() is None else work, args.copies)
        wall: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        docs = 0
        ingest_seconds(files, False, work)  # warm up: imports, page cache
        for _ in range(args.rounds):
            for isolate in (False, True):
                seconds, used, docs = ingest_seconds(files, isolate, work)
                wall[isolate].append(seconds)
                cpu[isolate].append(used)
    print(f"{docs} documents, {args.rounds} rounds each way (median; CPU = user + system, workers included)")
    for name, figures in (("wall-clock", wall), ("CPU", cpu)):
        inline, worker = statistics.median(figures[False]), statistics.median(figures[True])
        print(
            f"{name:10}  in-process {inline:6.2f} s ({inline / docs * 1000:4.0f} ms/doc)   "
            f"worker {worker:6.2f} s ({worker / docs * 1000:4.0f} ms/doc)   "
            f"overhead {(worker - inline) / inline * 100:+5.1f} %  (goal: under 5 %)"
        )
    print("wall rounds in-process:", " ".join(f"{t:.2f}" for t in wall[False]))
    print("wall rounds worker:    ", " ".join(f"{t:.2f}" for t in wall[True]))


if __name__ == "__main__":
    main()
