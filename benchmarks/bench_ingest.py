"""Ingest throughput, peak memory and linearity, at --jobs 1 and --jobs 2.

    .venv/bin/python benchmarks/bench_ingest.py [--documents 20 200] [--jobs 1 2] [--convert]

Writes copies of the five samples, each under another department name (the
first two characters of the department's name, wherever the text prints
them, get a copy number after them: 海东市… becomes 海东第一二市…), so every
copy is its own document and department (another checksum, graph and
department; no duplicate warnings). Then, for each number of documents N
and each --jobs J, a fresh process ingests the first N of them into a
fresh embedded store, as `budgetkg ingest --jobs J` does, and reports:
documents per second (wall clock, and per CPU second of the writer and its
workers together: the machine is shared, CPU seconds are what load distorts
least), the writer's and the largest worker's peak resident memory, a
document's own time (the median of the report's per-document seconds: its
worker's read .. N-Quads; and the writer's CPU per document beside it: the
issue's goal is under 0.5 s for a text document on one core), and
whether the cost is linear (time at the largest N over time at the
smallest, against the ratio of documents; the goal is 10x the documents in
at most 12x the time, with flat memory). With ``--convert`` the files go
through `budgetkg convert --jobs J` (no store) and `budgetkg load` instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DIGITS = "〇一二三四五六七八九"


def copies(folder: Path, n: int) -> list[Path]:
    """``n`` documents: the samples in turn, copy j of each under a department name numbered j."""
    import budgetkg
    from budgetkg.resources import data_dir

    kg = budgetkg.api.KnowledgeGraph(budgetkg.Settings(store=None))
    samples = sorted(data_dir("examples").glob("*.txt"))
    texts = [(s, s.read_text(encoding="utf-8"), kg.extract(s).department.name[:2]) for s in samples]
    out = []
    for i in range(n):
        sample, text, head = texts[i % len(texts)]
        j = i // len(texts)
        path = folder / f"{sample.stem}-{j:04d}.txt"
        path.write_text(text.replace(head, head + "第" + "".join(DIGITS[int(c)] for c in str(j))), "utf-8")
        out.append(path)
    return out


def run(files: list[Path], jobs: int, work: Path, convert: bool, engine: str = "fast") -> dict[str, float]:
    """One measured run in this process (the caller starts a fresh one per run)."""
    import budgetkg

    start, cpu, own = time.perf_counter(), _cpu(), _own_cpu()
    if convert:
        report = budgetkg.api.convert(list(files), work / "out", jobs=jobs)
        with budgetkg.open(work / "kg") as kg:
            kg.load(work / "out")
            quads = kg.triple_count()
    else:
        with budgetkg.open(work / "kg", jobs=jobs, validation_engine=engine) as kg:
            report = kg.ingest(list(files))
            quads = kg.triple_count()
    assert report.ok, [d.error for d in report.failed]
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # a document's own time: its worker's wall clock (read .. N-Quads, as the report times it), median
    # over the batch, plus the writer's CPU per document (bulk loads, compaction, start-up shared out)
    doc = statistics.median(d.seconds for d in report.documents)
    return {"wall": time.perf_counter() - start, "cpu": _cpu() - cpu, "quads": quads,
            "writer_mb": self_kb / 1024, "worker_mb": child_kb / 1024,
            "doc_median": doc, "writer_cpu": _own_cpu() - own}  # fmt: skip


def _own_cpu() -> float:
    """CPU seconds of this process alone (the writer)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return _own_cpu() + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, nargs="+", default=[20, 200])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--convert", action="store_true", help="convert --jobs J + load instead of ingest")
    ap.add_argument("--engine", choices=["fast", "pyshacl"], default="fast", help="validation engine")
    ap.add_argument("--run", nargs=2, metavar=("N", "J"), help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:  # a measured run in a fresh process
        n, jobs = map(int, args.run)
        with tempfile.TemporaryDirectory() as work:
            files = sorted(args.folder.glob("*.txt"), key=lambda p: (p.stem[-4:], p.stem))[:n]
            print(json.dumps(run(files, jobs, Path(work), args.convert, args.engine)))
        return
    what = "convert + load" if args.convert else "ingest"
    print(f"{what} into a fresh embedded store; copies of the five samples under other department names"
          f"; validation engine {args.engine}")  # fmt: skip
    print(f"{'docs':>5} {'jobs':>4} {'wall s':>8} {'docs/s':>7} {'CPU s':>8} {'CPU s/doc':>9} "
          f"{'writer MB':>9} {'worker MB':>9} {'quads':>10} {'doc p50 s':>9} "
          f"{'writer s/doc':>12}")  # fmt: skip
    results: dict[tuple[int, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copies(Path(tmp), max(args.documents))
        for n in args.documents:
            for jobs in args.jobs:
                cmd = [sys.executable, __file__, "--run", str(n), str(jobs), "--folder", tmp]
                cmd += ["--convert"] if args.convert else []
                cmd += ["--engine", args.engine]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                r = results[n, jobs] = json.loads(out.strip().splitlines()[-1])
                wall, cpu = r["wall"], r["cpu"]
                print(f"{n:5} {jobs:4} {wall:8.1f} {n / wall:7.2f} {cpu:8.1f} {cpu / n:9.2f} "
                      f"{r['writer_mb']:9.0f} {r['worker_mb']:9.0f} {int(r['quads']):10,} "
                      f"{r['doc_median']:9.3f} {r['writer_cpu'] / n:12.3f}", flush=True)  # fmt: skip
    small, large = min(args.documents), max(args.documents)
    if small != large:
        for jobs in args.jobs:
            a, b = results[small, jobs], results[large, jobs]
            print(f"--jobs {jobs}: {large / small:g}x the documents took {b['wall'] / a['wall']:.1f}x the "
                  f"wall time and {b['cpu'] / a['cpu']:.1f}x the CPU; peak memory "
                  f"{a['writer_mb']:.0f} -> {b['writer_mb']:.0f} MB (writer), "
                  f"{a['worker_mb']:.0f} -> {b['worker_mb']:.0f} MB (worker); "
                  f"{(b['cpu'] - a['cpu']) / (large - small):.2f} CPU s per document "
                  f"beyond the first {small} (the process's start-up paid)")  # fmt: skip


if __name__ == "__main__":
    main()
