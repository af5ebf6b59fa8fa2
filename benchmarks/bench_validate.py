"""Per-document validation time of the five samples (target: well under a second each).

Reads and extracts each sample once, then validates its graph ``--repeat``
times with the shapes of ``shapes/`` (pySHACL over an in-memory pyoxigraph
store holding the ontology and code lists) and prints the median and best
time per document (wall clock), the median CPU time (what a shared, loaded
machine distorts least), its triple count and its findings.

    .venv/bin/python benchmarks/bench_validate.py [--repeat 5]
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
    args = parser.parse_args()
    start = time.perf_counter()
    validator = Validator()
    print(f"validator setup (shapes, ontology, code lists): {time.perf_counter() - start:.3f} s")
    print(f"{'document':28} {'triples':>8} {'median s':>9} {'best s':>7} {'CPU s':>6}  findings")
    medians, cpus = [], []
    for path in sorted(SAMPLES.glob("*.txt")):
        graph, triples = build_graph(extract_document(read_document(path)), DEFAULT_BASE)
        times, cpu = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            result = validator.validate(graph, triples)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        counts = ", ".join(
            f"{n} {s.lower()}" for s in ("Violation", "Warning", "Info") if (n := result.count(s))
        )
        medians.append(statistics.median(times))
        cpus.append(statistics.median(cpu))
        print(f"{path.name:28} {len(triples):8} {medians[-1]:9.3f} {min(times):7.3f} {cpus[-1]:6.3f}  "
              f"{counts or 'none'}")  # fmt: skip
    print(f"median over documents: {statistics.median(medians):.3f} s wall, "
          f"{statistics.median(cpus):.3f} s CPU; "
          f"slowest: {max(medians):.3f} s wall, {max(cpus):.3f} s CPU")  # fmt: skip


if __name__ == "__main__":
    main()
