"""A bounded loopback load test of ``budgetkg serve`` over the five samples.

    .venv/bin/python benchmarks/bench_server.py [--clients 4] [--seconds 30] [--max-requests 3000]

Ingests the samples into a temporary store, starts the server on a free
loopback port (its default limits), and runs CLIENTS threads for SECONDS (or
until MAX-REQUESTS in all) that mix a cheap saved query (``departments`` as
CSV), a saved query with a parameter, raw SPARQL (SELECT, CONSTRUCT), a page,
and malformed or refused requests. Prints requests/s, the status counts, and
p50/p99 latency of the cheap saved query (goal: p99 < 200 ms), then checks the
server still answers and stops it with Ctrl-C. Answers are kept until the store
changes, so repeated requests are mostly served from memory; ``--no-cache``
measures every query run by a worker.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

import budgetkg

ROOT = Path(__file__).resolve().parent.parent
CHEAP = ("cheap saved query", "GET", "/queries/departments?format=csv", None)
MIX = [
    CHEAP,
    CHEAP,
    (
        "saved query with a parameter",
        "GET",
        "/queries/projects-by-function?function=2080705&format=json",
        None,
    ),
    (
        "SPARQL SELECT",
        "POST",
        "/sparql",
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } LIMIT 50",
    ),
    (
        "SPARQL CONSTRUCT",
        "POST",
        "/sparql",
        "CONSTRUCT WHERE { ?s a <https://w3id.org/budgetkg/ontology#Department> }",
    ),
    ("code page", "GET", "/code/function/2080705.html", None),
    ("malformed SPARQL", "POST", "/sparql", "SELECT * WHERE { ?s ?p "),
    ("refused update", "POST", "/sparql", "LOAD <http://example.org/x>"),
    ("unknown saved query", "GET", "/queries/no-such-query", None),
]


def start(store: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [
        sys.executable,
        "-c",
        "from budgetkg.cli import cli; cli()",
        "serve",
        "--store",
        str(store),
        "--port",
        "0",
    ]
    pipe = subprocess.PIPE
    proc = subprocess.Popen([*cmd, *options], stdout=pipe, stderr=pipe, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    m = re.search(r"at (http://127\.0\.0\.1:\d+)/ ", line)
    if not m:
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, m.group(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=3000)
    ap.add_argument("--no-cache", action="store_true", help="serve with --cache-entries 0: every query runs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "kg"
        with budgetkg.open(store) as kg:
            kg.ingest([ROOT / "examples" / "documents"])
        t0 = time.perf_counter()
        proc, url = start(store, *(["--cache-entries", "0"] if args.no_cache else []))
        print(f"server up in {time.perf_counter() - t0:.1f} s at {url}")
        latencies: dict[str, list[float]] = {}
        statuses: Counter[tuple[str, int]] = Counter()
        lock = threading.Lock()
        sent = [0]
        deadline = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rnd = random.Random(seed)
            with httpx.Client(base_url=url, timeout=60) as http:
                while time.monotonic() < deadline:
                    with lock:
                        if sent[0] >= args.max_requests:
                            return
                        sent[0] += 1
                    name, method, path, body = rnd.choice(MIX)
                    t = time.perf_counter()
                    if method == "GET":
                        r = http.get(path)
                    else:
                        r = http.post(
                            path, content=body.encode(), headers={"Content-Type": "application/sparql-query"}
                        )
                    ms = (time.perf_counter() - t) * 1000
                    with lock:
                        latencies.setdefault(name, []).append(ms)
                        statuses[(name, r.status_code)] += 1

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        total = sum(statuses.values())
        rate = total / elapsed
        print(f"{total} requests from {args.clients} clients in {elapsed:.1f} s: {rate:.1f} requests/s")
        for (name, status), n in sorted(statuses.items()):
            print(f"  {name:32} {status}  x{n}")
        for name, values in sorted(latencies.items()):
            q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
            print(f"  {name:32} p50 {q[49]:7.1f} ms   p99 {q[98]:7.1f} ms   ({len(values)} requests)")
        cheap = latencies.get(CHEAP[0], [])
        if len(cheap) > 1:
            p99 = statistics.quantiles(cheap, n=100)[98]
            print(f"cheap saved query p99 {p99:.1f} ms ({'within' if p99 < 200 else 'OVER'} the 200 ms goal)")
        alive = httpx.get(url + "/queries/departments?format=csv", timeout=30)
        print(f"server alive at the end: {alive.status_code == 200} ({alive.status_code})")
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
        print(f"stopped with Ctrl-C: exit code {proc.returncode}")


if __name__ == "__main__":
    main()
