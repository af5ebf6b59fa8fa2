"""Cost of the code lists at ingest: loading, checking documents, writing the code graph.

    .venv/bin/python benchmarks/bench_codes.py [--copies N]

Prints the time to load the registry (files and store), to scan and check each
sample document, to save the store's code graph, the size of that graph, and
the time to import an official list of N synthetic codes (default 5000, about
the size of the Ministry's full 支出功能分类 list) and to save it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from budgetkg.codes import check_document, load_registry, save_registry
from budgetkg.codes.importer import import_list
from budgetkg.codes.schemes import _cached
from budgetkg.extract import extract_document
from budgetkg.read import read_document
from budgetkg.resources import data_dir
from budgetkg.store import OxigraphStore


def _ms(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=5000, help="codes in the synthetic official list")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "kg")
        _cached.cache_clear()
        t = time.perf_counter()
        registry = load_registry(store)
        print(f"load registry (files, cold)       {_ms(t)}  {len(registry.concepts)} concepts")
        docs = sorted(data_dir("examples").glob("*.txt"))
        for path in docs:
            doc = read_document(path)
            records = extract_document(doc)
            t = time.perf_counter()
            update, triples, findings = check_document(registry, doc, records, "https://w3id.org/budgetkg/id/")
            registry.apply(update)
            print(f"check {path.name[:24]:24}  {_ms(t)}  {len(update.conflicts)} conflicts")
        t = time.perf_counter()
        save_registry(store, registry)
        print(f"save code graph                   {_ms(t)}  {len(registry.triples())} triples")
        t = time.perf_counter()
        registry = load_registry(store)
        print(f"load registry (files + store)     {_ms(t)}")
        official = Path(tmp) / "official.csv"
        rows = [f"2{c // 100:02d}{c // 10 % 10:02d}{c % 10:02d},科目{c}" for c in range(args.copies)]
        official.write_text("code,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
        t = time.perf_counter()
        update = import_list(registry, official, "function")
        print(f"import {args.copies} codes                {_ms(t)}  {len(update.concepts)} new concepts")
        t = time.perf_counter()
        save_registry(store, registry)
        print(f"save code graph after import      {_ms(t)}  {len(registry.triples())} triples")
        t = time.perf_counter()
        load_registry(store)
        print(f"load registry after import        {_ms(t)}")
        store.close()


if __name__ == "__main__":
    main()
