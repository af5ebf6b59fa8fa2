"""Cost of reading performance targets (绩效目标表) and of the `indicators` query.

    .venv/bin/python benchmarks/bench_performance.py [--copies N] [--rounds R]

Prints, per sample document: the time to read its performance tables and
department goals from the already-read document (median of R rounds), the
projects, special funds and indicators found, and how the project list was
matched to the performance tables; then the time of the `indicators` query
over the five samples and over N copies of them (each copy its own graph).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import budgetkg
from budgetkg.extract import extract_document
from budgetkg.extract.performance import PROJECT, extract_department_goals, extract_performance
from budgetkg.extract.records import Finding
from budgetkg.extract.tables import logical_tables
from budgetkg.rdf import build_graph
from budgetkg.read import read_document
from budgetkg.resources import data_dir


def _samples() -> list[Path]:
    return sorted(data_dir("examples").glob("*.txt"))


def bench_extraction(rounds: int) -> None:
    print(f"{'document':<28}{'ms':>8}{'projects':>10}{'funds':>7}{'indicators':>12}  matches")
    for path in _samples():
        doc = read_document(path)
        tables = logical_tables(doc)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            targets = extract_performance(tables, [])
            extract_department_goals(doc, tables)
            times.append(time.perf_counter() - start)
        records = extract_document(doc)
        kinds = Counter(t.kind for t in targets)
        matches = Counter(t.match for t in records.performance if t.match)
        indicators = sum(len(t.indicators) for t in targets)
        print(
            f"{path.name:<28}{statistics.median(times) * 1000:>8.1f}{kinds[PROJECT]:>10}"
            f"{len(targets) - kinds[PROJECT]:>7}{indicators:>12}  {dict(matches)}"
        )


def bench_query(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kg = budgetkg.open(Path(tmp) / "kg")
        kg.ingest(_samples())
        _time_query(kg, "5 samples")
        if copies:
            for n in range(copies):
                for path in _samples():
                    records = extract_document(read_document(path))
                    checksum = f"{n:08x}" + records.checksum[8:]
                    fake = replace(records, checksum=checksum, findings=list[Finding]())
                    graph, triples = build_graph(fake, kg.settings.base_iri)
                    kg.store.replace_graph(graph, triples)
            kg.store.flush()
            _time_query(kg, f"5 samples + {copies} copies")
        kg.close()


def _time_query(kg: budgetkg.KnowledgeGraph, label: str) -> None:
    start = time.perf_counter()
    rows = kg.select("indicators").rows
    print(f"indicators query over {label}: {len(rows)} rows in {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bench_extraction(args.rounds)
    bench_query(args.copies)


if __name__ == "__main__":
    main()
