"""Per-document validation time of the five samples (target: well under a second each).

Reads and extracts each sample once, then validates its graph ``--repeat``
times with the shapes of ``shapes/`` (over an in-memory pyoxigraph store
holding the ontology and code lists) and prints the median and best time per
document (wall clock), the median CPU time (what a shared, loaded machine
distorts least), its triple count and its findings. ``--engine`` picks the
validation engine: ``fast`` (the default one), ``pyshacl`` (the reference) or
``both`` (the default: each document through both, alternating, so a change
of load on a shared machine hits both alike; the findings must be the same).

    .venv/bin/python benchmarks/bench_validate.py [--repeat 5] [--engine both]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budgetkg.extract import extract_document
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import DEFAULT_BASE
from budgetkg.read import read_document
from budgetkg.validate import Validator

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=["fast", "pyshacl", "both"], default="both")
    args = parser.parse_args()
    names = ["fast", "pyshacl"] if args.engine == "both" else [args.engine]
    validators = {}
    for name in names:
        start = time.perf_counter()
        validators[name] = Validator(engine=name)
        print(f"{name} validator setup (shapes, ontology, code lists): {time.perf_counter() - start:.3f} s")
    medians: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    rows = []
    for path in sorted(SAMPLES.glob("*.txt")):
        graph, triples = build_graph(extract_document(read_document(path)), DEFAULT_BASE)
        times: dict[str, list[float]] = {n: [] for n in names}
        cpu: dict[str, list[float]] = {n: [] for n in names}
        results = {}
        for _ in range(args.repeat):
            for name in names:
                t, c = time.perf_counter(), time.process_time()
                results[name] = validators[name].validate(graph, triples)
                times[name].append(time.perf_counter() - t)
                cpu[name].append(time.process_time() - c)
        found = {n: sorted(repr(f.to_dict()) for f in r.findings) for n, r in results.items()}
        same = len({tuple(f) for f in found.values()}) == 1
        for name in names:
            result = results[name]
            counts = ", ".join(
                f"{n} {s.lower()}" for s in ("Violation", "Warning", "Info") if (n := result.count(s))
            )
            medians[name].append(statistics.median(times[name]))
            cpus[name].append(statistics.median(cpu[name]))
            rows.append((name, path.name, len(triples), medians[name][-1], min(times[name]), cpus[name][-1],
                         (counts or "none") + ("" if same else "  FINDINGS DIFFER")))  # fmt: skip
    print(f"{'engine':8} {'document':28} {'triples':>8} {'median s':>9} {'best s':>7} {'CPU s':>6}  findings")
    for name, doc, n, median, best, cpu_s, counts in sorted(rows, key=lambda r: names.index(r[0])):
        print(f"{name:8} {doc:28} {n:8} {median:9.3f} {best:7.3f} {cpu_s:6.3f}  {counts}")
    for name in names:
        print(f"{name}: median over documents: {statistics.median(medians[name]):.3f} s wall, "
              f"{statistics.median(cpus[name]):.3f} s CPU; "
              f"slowest: {max(medians[name]):.3f} s wall, {max(cpus[name]):.3f} s CPU")  # fmt: skip


if __name__ == "__main__":
    main()
