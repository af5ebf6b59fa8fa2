"""Time and size of reading the standard tables, 三公经费, narrative and glossary (target: < 100 ms/doc).

Reads each sample once, then runs :func:`budgetkg.extract.disclosed.add_disclosed`
(header grids, lines, sum checks, 三公, notes, narrative, glossary) and the
RDF of what it found ``--repeat`` times, printing the median time per
document, the lines, amounts and triples it adds, and peak memory.

    .venv/bin/python benchmarks/bench_disclosure.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from budgetkg.extract import extract_document
from budgetkg.extract.disclosed import add_disclosed
from budgetkg.extract.summary import extraction_summary
from budgetkg.extract.tables import logical_tables
from budgetkg.rdf.build import GraphBuilder
from budgetkg.rdf.mint import Minter
from budgetkg.rdf.namespaces import DEFAULT_BASE
from budgetkg.rdf.narrative import add_narrative
from budgetkg.rdf.observations import add_disclosed_tables
from budgetkg.read import read_document

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "documents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'document':28} {'extract ms':>10} {'rdf ms':>7} {'lines':>6} {'amounts':>8} {'triples':>8}")
    total = []
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = read_document(path)
        records = extract_document(doc)
        tables = logical_tables(doc)
        extract_times, rdf_times = [], []
        triples = 0
        for _ in range(args.repeat):
            findings = list(records.findings)
            t = time.perf_counter()
            add_disclosed(records, doc, tables)
            extract_times.append(time.perf_counter() - t)
            records.findings = findings
            b = GraphBuilder(Minter(DEFAULT_BASE, records.checksum))
            t = time.perf_counter()
            add_disclosed_tables(b, records, "urn:dept")
            add_narrative(b, records, "urn:dept")
            rdf_times.append(time.perf_counter() - t)
            triples = len(b.triples)
        s = extraction_summary(records)
        ms = statistics.median(extract_times) * 1000
        total.append(ms)
        print(
            f"{path.name:28} {ms:10.1f} {statistics.median(rdf_times) * 1000:7.1f} "
            f"{len(records.disclosure_lines):6d} {s['observations']:8d} {triples:8d}"
        )
    tracemalloc.start()
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = read_document(path)
        add_disclosed(extract_document(doc), doc, logical_tables(doc))
    peak = tracemalloc.get_traced_memory()[1]
    median = statistics.median(total)
    print(f"median extract time per document: {median:.1f} ms; peak memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
