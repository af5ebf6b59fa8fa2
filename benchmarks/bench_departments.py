"""One-department questions: what resolving the department to its graphs costs, and saves.

    .venv/bin/python benchmarks/bench_departments.py STORE [--repeat R] [--department NAME]

For each saved query that takes a department (and opens its GRAPH groups
with the graph slot, ``query/departments.py``), with the department
``bench_queries.py`` uses (one department of the store, by its full name),
prints CPU seconds (p50 over R runs) of

* ``api``: ``kg.select`` as a user runs it, the department's graphs written into
  the slots (the departments' names listed once for the store's state:
  the first run pays for that listing, the others read the cache);
* ``first``: the first of those runs (listing included, as a one-shot CLI call);
* ``client``: the same .rq text with the slots left UNDEF, as a SPARQL client
  runs it (the department filter alone selects: every document is visited).

and the cost of listing the departments both ways: from the key materialised at
ingest (``bkg:publisherName``: one index range) and from the labels, as the
queries read them (two look-ups per document).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench_queries import one_department

import budgetkg
from budgetkg.query import QueryResult, saved_queries
from budgetkg.query.bind import bind_parameters
from budgetkg.query.departments import DOCUMENTS, GRAPH_SLOT, KEYED, LISTING, has_graph_slot
from budgetkg.query.params import check_parameters
from budgetkg.rdf.namespaces import PREFIXES

# every saved query with graph slots (a department parameter the API resolves to its documents)
QUERIES = [q.name for q in saved_queries() if has_graph_slot(q.text)]


def cpu(run: object) -> float:
    start = time.process_time()
    run()  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--department", help="the department parameter (default: one department of the store)")
    ap.add_argument("--only", nargs="*", help="just these queries")
    args = ap.parse_args()
    with budgetkg.open(args.store, mode="read") as kg:
        store = kg.store
        documents = int(next(iter(store.select(DOCUMENTS)))["n"].value)
        department = args.department or one_department(kg)
        print(f"store {args.store}: {documents} documents; department={department!r}")
        for label, text in (("key", KEYED), ("labels", LISTING)):
            times = [cpu(lambda t=text: list(store.select(t))) for _ in range(args.repeat)]
            rows = len(list(store.select(text)))
            p50 = statistics.median(times)
            print(f"  listing the departments from the {label:6}: CPU p50 {p50:.3f} s, {rows} rows")
        print(f"CPU s, {args.repeat} runs: api p50, first (listing included), client p50 (slots UNDEF), rows")
        for name in args.only or QUERIES:
            q = kg.saved_query(name)
            assert GRAPH_SLOT.search(q.text), name
            text = bind_parameters(q.text, check_parameters(q, {"department": department}).bindings())
            rows = 0

            def api(name: str = name) -> None:
                nonlocal rows
                rows = len(kg.select(name, department=department).rows)

            def client(text: str = text) -> None:
                QueryResult.from_solutions(store.select(text, prefixes=PREFIXES))

            kg._departments.state = None  # noqa: SLF001  (a fresh process: nothing listed yet)
            first = cpu(api)
            api_times = [first] + [cpu(api) for _ in range(args.repeat - 1)]
            client_times = [cpu(client) for _ in range(args.repeat)]
            print(f"  {name:30} {statistics.median(api_times):7.3f} {first:7.3f} "
                  f"{statistics.median(client_times):7.3f} {rows:6}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
