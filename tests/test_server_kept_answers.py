"""A query worker keeps the whole answers of the saved queries it worked out, for their next pages
(server/cache.py, KeptAnswers): a page is cut from the whole answer, and paging through a national
roll-up worked the whole answer out again on every page. Kept answers are keyed by the query, its
parameters and the store's state, bounded by rows in all, and never served for another snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.query import QueryResult
from budgetkg.rdf.namespaces import BKG
from budgetkg.server.cache import KeptAnswers
from budgetkg.server.config import ServeSettings
from budgetkg.server.worker import answer

SOURCE = ox.NamedNode(BKG + "sourceFile")


def result(rows: int) -> QueryResult:
    return QueryResult(["n"], [[i] for i in range(rows)])


def job(name: str = "departments", offset: int = 0, limit: int = 2, **params: str) -> dict[str, Any]:
    page = {"offset": offset, "limit": limit, "max_rows": 50}
    return {"op": "saved_page", "name": name, "params": params, **page}


# -- the keeping rules, on hand-made answers ----------------------------------------------------------


def test_an_answer_is_kept_under_its_query_parameters_and_state() -> None:
    kept = KeptAnswers(max_rows=10)
    key = KeptAnswers.key(job(kind="满意度", unit="%"), ("snapshot", "s", 3))
    assert key == KeptAnswers.key(job(unit="%", kind="满意度", offset=8), ("snapshot", "s", 3))  # any page
    kept.put(key, result(4))
    assert kept.get(key) is not None and kept.hits == 1
    for other in (
        KeptAnswers.key(job(kind="满意度"), ("snapshot", "s", 3)),  # other parameters
        KeptAnswers.key(job("projects", kind="满意度", unit="%"), ("snapshot", "s", 3)),  # another query
        KeptAnswers.key(job(kind="满意度", unit="%"), ("snapshot", "s", 4)),  # a newer snapshot
    ):
        assert other != key and kept.get(other) is None
    assert kept.hits == 1


def test_a_store_that_cannot_tell_its_state_keeps_nothing() -> None:
    kept = KeptAnswers(max_rows=10)
    assert KeptAnswers.key(job(), None) is None
    kept.put(None, result(1))
    assert kept.get(None) is None and kept.hits == 0


def test_kept_rows_are_bounded_in_all_the_least_recently_used_dropped_first() -> None:
    kept = KeptAnswers(max_rows=10)
    a, b, c, big = (("q", (), n) for n in range(4))
    kept.put(a, result(4))
    kept.put(big, result(11))  # larger than the bound: not kept, and what was kept stays
    assert kept.get(big) is None and kept.get(a) is not None
    kept.put(b, result(6))  # 10 rows in all: both kept
    assert kept.get(a) is not None and kept.get(b) is not None
    kept.get(a)  # a used last: b is the older one
    kept.put(c, result(1))  # 11 rows: b goes
    assert kept.get(b) is None and kept.get(a) is not None and kept.get(c) is not None
    kept.put(a, result(10))  # a again, larger: only it fits
    assert kept.get(c) is None and len(kept.get(a).rows) == 10


# -- in the worker ----------------------------------------------------------------------------------


def test_a_workers_next_page_is_cut_from_the_answer_it_kept(
    samples_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "kg"
    shutil.copytree(samples_store, copy)
    with budgetkg.open(copy, mode="read") as kg:
        whole = kg.select("departments").rows
        worked: list[str] = []
        select = kg.select

        def counted(name: str, **params: str) -> QueryResult:
            worked.append(name)
            return select(name, **params)

        monkeypatch.setattr(kg, "select", counted)
        kept = KeptAnswers(max_rows=100)
        pages = [answer(kg, job(offset=n), kept) for n in (0, 2, 4)]
        assert [p[0] for p in pages] == ["ok"] * 3
        assert [row for p in pages for row in p[1][0].rows] == whole and {p[1][1] for p in pages} == {5}
        assert worked == ["departments"] and kept.hits == 2  # worked out once, two pages cut from it
        whole_job = {"op": "saved", "name": "departments", "params": {}, "max_rows": 50}
        assert answer(kg, whole_job, kept)[1].rows == whole and worked == ["departments"]
        assert answer(kg, job(offset=0), None)[1][0].rows == whole[:2] and len(worked) == 2  # none kept

        with budgetkg.open(copy) as writer:  # a new snapshot: one document fewer
            document = next(q.graph_name.value for q in writer.store.quads() if q.predicate == SOURCE)
            writer.store.remove_graph(document)
        status, (page, total) = answer(kg, job(offset=0, limit=5), kept)
        assert status == "ok" and total == 4 and len(worked) == 3  # worked out again, on the new snapshot


def test_serve_takes_the_kept_rows_and_refuses_a_negative_number() -> None:
    assert ServeSettings(kept_rows=0).kept_rows == 0
    with pytest.raises(ValueError, match="kept rows cannot be negative"):
        ServeSettings(kept_rows=-1)
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--kept-rows" in out and "500000" in out


def test_the_worker_loop_keeps_answers_when_told_how_many_rows(
    samples_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``worker.main`` with ``kept_rows``: the second page of one query is not worked out again; with 0,
    it is. (Run here in the test's own process, its jobs waiting in the pipe.)"""
    import multiprocessing
    import signal

    from budgetkg.api import KnowledgeGraph
    from budgetkg.server import worker

    worked: list[str] = []
    select = KnowledgeGraph.select

    def counted(self: KnowledgeGraph, name: str, **params: str) -> QueryResult:
        worked.append(name)
        return select(self, name, **params)

    monkeypatch.setattr(KnowledgeGraph, "select", counted)
    copy = tmp_path / "kg"
    shutil.copytree(samples_store, copy)
    handler = signal.getsignal(signal.SIGINT)
    try:
        for kept_rows, times in ((100, 1), (0, 2)):
            worked.clear()
            mine, theirs = multiprocessing.Pipe()
            for n in (0, 2):
                mine.send(job(offset=n))
            mine.send(None)
            worker.main(theirs, str(copy), None, kept_rows)  # returns at the None, its store closed
            answers = [mine.recv() for _ in range(3)][1:]  # after "ready"
            assert [a[1][1] for a in answers] == [5, 5] and len(worked) == times
    finally:
        signal.signal(signal.SIGINT, handler)


def test_serve_hands_the_kept_rows_to_every_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from budgetkg.server import pool

    started: list[tuple[Any, ...]] = []

    class FakeProcess:  # a worker that is ready at once and does nothing
        def __init__(self, target: Any, args: tuple[Any, ...], daemon: bool) -> None:
            started.append(args[1:])

        def start(self) -> None:
            pass

        def kill(self) -> None:
            pass

        def join(self, seconds: float) -> None:
            pass

    class End:
        def poll(self, seconds: float) -> bool:
            return True

        def recv(self) -> tuple[str]:
            return ("ready",)

        def close(self) -> None:
            pass

    class Context:
        Pipe = staticmethod(lambda: (End(), End()))
        Process = FakeProcess

    monkeypatch.setattr(pool, "_CTX", Context)
    made = pool.WorkerPool(str(tmp_path), 2, 1.0, None, kept_rows=7)
    made.start()
    made._replace(made._all[0])  # as a fresh worker replaces one killed
    assert len(started) == 3 and all(args == (str(tmp_path), None, 7) for args in started)

    from budgetkg import server

    class Stop(Exception):
        pass

    def refuse(*args: Any) -> None:
        started.append(args)
        raise Stop

    monkeypatch.setattr(pool, "WorkerPool", refuse)
    with pytest.raises(Stop):
        server.serve(ServeSettings(store=tmp_path, kept_rows=9))
    assert started[-1][-1] == 9
