"""A fork server for tests/test_kill.py: preloads budgetkg once, then forks an ingest per request.

It never opens an on-disk store itself: RocksDB started in a process breaks
its forked children, so the test process (which opens stores) cannot fork
the runs. Requests on stdin, one per line; one answer line each on stdout:

    ingest STORE FORCE(0|1) FILE...  -> pid of the child running the ingest
    wait PID                         -> the child's exit code (negative: killed by that signal)
    quads STORE OUT                  -> 0 once every quad but the time of ingest is in OUT, sorted
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import budgetkg
import budgetkg.api
from budgetkg.batch import worker
from budgetkg.batch.catalogue import INGESTED_AT
from budgetkg.codes import CodeRegistry, load_codelists
from budgetkg.codes.graph import graph_triples
from budgetkg.rdf.namespaces import SKOS


def small_registry(store: object = None, folder: object = None) -> CodeRegistry:
    """The code lists without their 7-digit function codes (项): the samples teach them."""
    seed, schemes = load_codelists()
    drop = {
        t.subject
        for t in seed
        if t.predicate.value == SKOS + "notation"
        and "/function/" in t.subject.value
        and len(t.object.value) == 7
    }
    registry = CodeRegistry(schemes, [t for t in seed if t.subject not in drop and t.object not in drop])
    if store is not None:
        registry.merge(graph_triples(store))
    return registry


def child(action: str, args: list[str]) -> None:  # the forked child: never returns
    code = 1
    try:
        if action == "ingest":
            with budgetkg.open(Path(args[0])) as kg:
                code = 0 if kg.ingest([Path(a) for a in args[2:]], force=args[1] == "1").ok else 3
        else:
            with budgetkg.open(Path(args[0]), mode="read") as kg:
                lines = sorted(str(q) for q in kg.store.quads() if q.predicate.value != INGESTED_AT)
            Path(args[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
            code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def main() -> None:
    budgetkg.api.load_registry = small_registry  # type: ignore[assignment]
    # an in-memory store: a forked child deadlocks opening RocksDB if this process ever opened one
    _ = budgetkg.api.KnowledgeGraph(budgetkg.Settings(store=None)).validator  # inherited by every child
    worker.preload()
    print("ready", flush=True)
    for line in sys.stdin:
        action, *args = line.split()
        if action == "wait":
            _, status = os.waitpid(int(args[0]), 0)
            print(os.waitstatus_to_exitcode(status), flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            child(action, args)
        if action == "quads":
            _, status = os.waitpid(pid, 0)
            print(os.waitstatus_to_exitcode(status), flush=True)
        else:
            print(pid, flush=True)


if __name__ == "__main__":
    main()
