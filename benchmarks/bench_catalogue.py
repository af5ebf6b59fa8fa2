"""Cost and quality of the cross-document layer: function links, saved queries, charts.

    .venv/bin/python benchmarks/bench_catalogue.py [--copies N] [--projects P]

Prints
  * link inference per sample document (time, links, methods);
  * link inference on a synthetic department of P projects whose 项 lines are
    sums of one to three of them (time, and how many amount links are right:
    the ground truth is known);
  * every catalogue query over the five samples, and over N copies of them
    (each copy its own document graph), in milliseconds;
  * the time to draw a chart.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import budgetkg
from budgetkg.extract import BudgetRecords, Department, FunctionLine, Project, extract_document
from budgetkg.link import infer_function_links
from budgetkg.rdf import build_graph
from budgetkg.read import read_document
from budgetkg.resources import data_dir

QUERIES = {
    "projects-by-function": {"function": "公益性岗位补贴"},
    "function-reconciliation": {"function": "208"},
    "function-across-departments": {"function": "20807"},
    "department-profile": {},
    "projects-search": {"keyword": "养老"},
}


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def bench_samples(samples: list[BudgetRecords]) -> None:
    print("link inference on the samples")
    for rec in samples:
        t = time.perf_counter()
        links = infer_function_links(rec)
        ms = _ms(t)
        methods = Counter(m for lk in links for m in lk.methods)
        print(
            f"  {rec.source[:24]:24} {ms:7.1f} ms  {len(rec.projects):3} projects  {len(links):3} links  "
            + " ".join(f"{m}={n}" for m, n in sorted(methods.items()))
        )


def synthetic(projects: int, seed: int = 7) -> tuple[BudgetRecords, dict[int, str]]:
    """A department whose 项 lines are sums of 1-3 of its projects; returns the truth too."""
    rng = random.Random(seed)
    # like real lists: half the amounts whole 万元, the rest with cents
    amounts = [
        Decimal(rng.randrange(1, 5_000)) if rng.random() < 0.5 else Decimal(rng.randrange(100, 500_000)) / 100
        for _ in range(projects)
    ]
    order = list(range(1, projects + 1))
    rng.shuffle(order)
    lines, truth, code = [], {}, 2010101
    while order:
        members = [order.pop() for _ in range(min(len(order), rng.choice((1, 1, 2, 3))))]
        total = sum((amounts[i - 1] for i in members), Decimal(0))
        lines.append(FunctionLine(str(code), f"科目{code}", total, None, total, table=1))
        truth.update({i: str(code) for i in members})
        code += 1
    recs = BudgetRecords(
        source="synthetic",
        checksum="0" * 64,
        department=Department("合成部门"),
        function_lines=lines,
        projects=[Project(f"项目{i}", a) for i, a in enumerate(amounts, start=1)],
    )
    return recs, truth


def bench_synthetic(projects: int) -> None:
    rec, truth = synthetic(projects)
    t = time.perf_counter()
    links = infer_function_links(rec)
    ms = _ms(t)
    right = sum(1 for lk in links if truth.get(lk.project) == lk.code)
    print(f"synthetic department: {projects} projects, {len(rec.function_lines)} lines")
    print(
        f"  inference {ms:8.1f} ms, {len(links)} amount links, {right} right "
        f"({right / max(len(links), 1):.0%} precision, {right / projects:.0%} of projects found)"
    )


def bench_queries(samples: list[BudgetRecords], copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kg = budgetkg.open(Path(tmp) / "kg")
        kg.ingest([data_dir("examples")])
        _time_queries(kg, "5 documents")
        for n in range(1, copies):
            for rec in samples:
                copy = replace(rec, checksum=f"{n:08x}{rec.checksum[8:]}")
                kg.store.replace_graph(*build_graph(copy, kg.settings.base_iri))
        kg.store.flush()
        _time_queries(kg, f"{copies * len(samples)} documents")
        t = time.perf_counter()
        from budgetkg.charts import render_chart

        render_chart(kg, "function-across-departments", Path(tmp) / "chart.png", function="20807")
        print(f"chart function-across-departments  {_ms(t):8.1f} ms")
        kg.close()


def _time_queries(kg: budgetkg.KnowledgeGraph, label: str) -> None:
    print(f"saved queries over {label} ({kg.triple_count()} triples)")
    for name, params in QUERIES.items():
        t = time.perf_counter()
        rows = len(kg.select(name, **params).rows)
        print(f"  {name:30} {_ms(t):8.1f} ms  {rows} rows")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20, help="copies of the five samples to query")
    parser.add_argument("--projects", type=int, default=200, help="projects of the synthetic department")
    args = parser.parse_args()
    samples = [extract_document(read_document(p)) for p in sorted(data_dir("examples").glob("*.txt"))]
    bench_samples(samples)
    bench_synthetic(args.projects)
    bench_queries(samples, args.copies)


if __name__ == "__main__":
    main()
