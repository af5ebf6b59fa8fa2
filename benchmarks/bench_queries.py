"""Every saved query at scale: the embedded store against rdflib's in-memory engine.

    .venv/bin/python benchmarks/bench_queries.py STORE [--repeat R] [--threads T] [--rdflib] [--timeout S]
                                                 [--only NAME ...]

STORE is an embedded store, e.g. filled by ``benchmarks/synth.py N --store
STORE``. Prints, for each saved query with a representative parameter (the
issue's: a function code, a name, a keyword, one department), its p50 and
p95 over R runs through the Python API (``kg.select``) and its rows; the
store's quads and size on disk per million quads. With ``--rdflib`` the
same quads are loaded into an rdflib ``Dataset`` (union default graph) and
each query, bound exactly as ``kg.select`` binds it, runs once in a forked
process that is stopped after ``--timeout`` seconds (120, wall clock): the
baseline, and how many times faster the embedded store is (CPU seconds of
both: on a shared machine wall-clock times swing with the load, CPU time
much less; the timeout is wall clock, so a stopped baseline is reported as
"> timeout").

A department parameter is the full name of one of the store's departments
(the first in name order that no other department has), so it selects one
department at any N (a region
stem would select every copy of a sample whose name keeps it: 20 % of a
synthetic corpus).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from pathlib import Path
from typing import Any

import budgetkg
from budgetkg.query.bind import bind_parameters
from budgetkg.query.params import check_parameters
from budgetkg.rdf.namespaces import PREFIXES
from budgetkg.settings import Settings

# memory an rdflib Dataset takes per quad while it loads: 1,821 bytes of RSS per quad once loaded
# (100 synthetic departments, 1.42 M quads) plus the N-Quads text parsed (~230 bytes per quad);
# ``--rdflib`` refuses a store that would not fit in the available memory
RDFLIB_BYTES_PER_QUAD = 2_050
DEPT = "{department}"  # replaced by a department of the store
PARAMS: dict[str, dict[str, str]] = {
    "code-conflicts": {},
    "department-profile": {"department": DEPT},
    "departments": {},
    "function-across-departments": {"function": "20807"},
    "function-reconciliation": {"function": "2080705"},
    "function-subtree": {"code": "20807"},
    "indicator-benchmarks": {"kind": "满意度", "unit": "%"},
    "indicators": {"department": DEPT},
    "projects-by-function": {"function": "公益性岗位补贴"},
    "projects-search": {"keyword": "养老"},
    "projects": {"department": DEPT},
    "spending-by-economic-class": {"code": "302"},
    "spending-by-function": {"code": "20807"},
    "three-public-expenses-change": {"department": DEPT},
    "three-public-expenses": {},
    "vague-indicators-summary": {},
    "vague-indicators": {"department": DEPT},
    "validation-issues": {},
}


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def one_department(kg: budgetkg.KnowledgeGraph) -> str:
    """The name of one publishing department of the store: the first by name that no other shares."""
    text = """SELECT ?n WHERE { ?doc a bkg:BudgetDocument ; dcterms:publisher/rdfs:label ?n }
              GROUP BY ?n HAVING (COUNT(?doc) = 1) ORDER BY ?n LIMIT 1"""
    rows = kg.select_sparql(text).rows
    return str(rows[0][0])


def bound_queries(kg: budgetkg.KnowledgeGraph, names: list[str]) -> dict[str, tuple[dict[str, str], str]]:
    """Each query's parameters and its text bound as ``kg.select`` binds them."""
    department = one_department(kg)
    out = {}
    for name in names:
        params = {k: (department if v == DEPT else v) for k, v in PARAMS[name].items()}
        q = kg.saved_query(name)
        checked = check_parameters(q, params, kg.function_index)
        out[name] = (params, bind_parameters(q.text, checked.bindings()))
    return out


def _rdflib_run(ds: Any, text: str, conn: Any) -> None:
    start = time.process_time()
    try:
        rows = len(list(ds.query(text, initNs=PREFIXES)))
    except Exception as e:  # rdflib cannot run some queries at all: say so, not a traceback
        conn.send((f"rdflib error: {type(e).__name__}: {str(e)[:60]}", 0))
        return
    conn.send((time.process_time() - start, rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib", action="store_true", help="also run each query once on rdflib")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds an rdflib query may take")
    ap.add_argument("--only", nargs="*", help="just these queries")
    ap.add_argument("--threads", type=int, default=Settings().query_threads,
                    help="query threads (Settings.query_threads; 1: every query whole)")
    args = ap.parse_args()
    names = args.only or list(PARAMS)
    size = sum(f.stat().st_size for f in (args.store / "db").rglob("*") if f.is_file())
    with budgetkg.open(args.store, mode="read", query_threads=args.threads) as kg:
        quads = kg.triple_count()
        documents = len(kg.select_sparql("SELECT ?d WHERE { ?d a bkg:BudgetDocument }").rows)
        print(f"store {args.store}: {documents} documents, {quads:,} quads, db {size / 1e9:.2f} GB "
              f"= {size / 1e6 / (quads / 1e6):.0f} MB per million quads")  # fmt: skip
        bound = bound_queries(kg, names)
        ours: dict[str, float] = {}  # CPU p50, what the rdflib ratio is taken of
        print(f"embedded store, {args.repeat} runs each, {args.threads} query thread(s); seconds: wall p50, "
              "p95, CPU p50, p95 (all threads); rows; params")
        for name in names:
            params, _ = bound[name]
            wall, cpu, rows = [], [], 0
            for _ in range(args.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                rows = len(kg.select(name, **params).rows)
                wall.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            ours[name] = statistics.median(cpu)
            print(f"  {name:30} {statistics.median(wall):8.3f} {percentile(wall, 95):8.3f}  "
                  f"{ours[name]:8.3f} {percentile(cpu, 95):8.3f} {rows:6}  {params}", flush=True)  # fmt: skip
    if not args.rdflib:
        return
    needed, available = quads * RDFLIB_BYTES_PER_QUAD, _available_memory()
    if needed > available:  # the baseline cannot be loaded here: say so, with the figures, not an OOM kill
        gb = f"~{needed / 1e9:.0f} GB of RAM ({RDFLIB_BYTES_PER_QUAD:,} bytes per quad, measured)"
        print(f"rdflib baseline not run: {quads:,} quads would take {gb} in an rdflib Dataset, "
              f"{available / 1e9:.0f} GB available")  # fmt: skip
        return
    from rdflib import Dataset

    start, before = time.perf_counter(), _rss()
    ds = Dataset(default_union=True)
    with budgetkg.open(args.store, mode="read") as kg:
        ds.parse(data=_nquads(kg), format="nquads")
    loaded = len(ds)
    print(f"rdflib Dataset: {loaded:,} quads loaded in {time.perf_counter() - start:.0f} s, "
          f"{(_rss() - before) / loaded:,.0f} bytes of RSS per quad; one run each")  # fmt: skip
    print("  query                          rdflib CPU s  rows   embedded CPU p50  rdflib / embedded")
    ctx = multiprocessing.get_context("fork")
    for name in names:
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_rdflib_run, args=(ds, bound[name][1], send))
        child.start()
        child.join(args.timeout)
        if child.is_alive():
            used = _cpu_seconds(child.pid)  # what it got of the CPU before it was stopped
            child.kill()
            child.join()
            print(f"  {name:30} stopped at {args.timeout:.0f} s wall, {used:.1f} s CPU  {ours[name]:8.3f}  > "
                  f"{used / ours[name]:.0f}x", flush=True)  # fmt: skip
            continue
        seconds, rows = receive.recv() if receive.poll() else ("no answer", 0)
        if isinstance(seconds, str):
            print(f"  {name:30} {seconds}", flush=True)
            continue
        ratio = seconds / ours[name]
        print(f"  {name:30} {seconds:8.3f} {rows:6}   {ours[name]:8.3f}  {ratio:8.1f}x", flush=True)


def _cpu_seconds(pid: int | None) -> float:
    """CPU seconds (user + system) a running process has used, from /proc (Linux)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    import os

    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _available_memory() -> int:
    """The memory the kernel says is available for a new load, in bytes (Linux: MemAvailable)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def _nquads(kg: budgetkg.KnowledgeGraph) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(kg.store.quads(), format=ox.RdfFormat.N_QUADS) or b""


if __name__ == "__main__":
    main()
