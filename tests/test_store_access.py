"""Stores opened on purpose: one writer, many readers, a format version, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.cli import cli
from budgetkg.store import (
    FORMAT,
    StoreBusy,
    StoreNotFound,
    StoreReadOnly,
    StoreVersionError,
    open_store,
    upgrade,
)

S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")


def triples(n: int) -> list[ox.Triple]:
    return [ox.Triple(S, P, ox.Literal(str(i))) for i in range(n)]


def graph(i: int) -> str:
    return f"https://example.org/g{i}"


def test_read_mode_refuses_a_missing_store_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match=r"no budgetkg store at .*typo: create one with `budgetkg init"):
        open_store(tmp_path / "typo", mode="read")
    assert not (tmp_path / "typo").exists()


def test_read_mode_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreNotFound):
        open_store(tmp_path, mode="read")


def test_write_mode_creates_a_versioned_store(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kg", mode="write")
    assert json.loads((tmp_path / "kg" / "budgetkg-store.json").read_text())["format"] == FORMAT == 2
    store.close()
    reader = open_store(tmp_path / "kg", mode="read")
    assert reader.triple_count() == 0


def test_another_format_says_what_to_do(tmp_path: Path) -> None:
    open_store(tmp_path / "kg", mode="write").close()
    (tmp_path / "kg" / "budgetkg-store.json").write_text('{"format": 7}')
    with pytest.raises(StoreVersionError, match="has format 7, this budgetkg reads format 2"):
        open_store(tmp_path / "kg", mode="read")


def test_old_format_is_upgraded_in_place(tmp_path: Path) -> None:
    old = ox.Store(str(tmp_path / "old"))  # format 1: RocksDB files at the top level
    old.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph(1))) for t in triples(3))
    old.flush()
    del old
    with pytest.raises(StoreVersionError, match=r"old format 1 .* run `budgetkg init --upgrade"):
        open_store(tmp_path / "old", mode="read")
    with pytest.raises(StoreVersionError):
        open_store(tmp_path / "old", mode="write")
    assert upgrade(tmp_path / "old") is True
    assert upgrade(tmp_path / "old") is False
    store = open_store(tmp_path / "old", mode="write")
    store.remove_graph(graph(2))  # a write makes the first snapshot
    assert open_store(tmp_path / "old", mode="read").triple_count() == 3


def test_a_reader_cannot_write(tmp_path: Path) -> None:
    open_store(tmp_path / "kg", mode="write").close()
    reader = open_store(tmp_path / "kg", mode="read")
    with pytest.raises(StoreReadOnly, match="opened for reading only"):
        reader.replace_graph(graph(1), triples(1))


HOLDER = textwrap.dedent(
    """
    import sys, time
    from budgetkg.store import open_store
    import pyoxigraph as ox
    store = open_store(sys.argv[1], mode="write")
    S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    with store.writing():
        store.replace_graph("https://example.org/held", [ox.Triple(S, P, ox.Literal("1"))])
        store._snapshot()  # readers may see the first commit now
        print("holding", flush=True)
        sys.stdin.readline()  # hold the write lock until told to go
        store.replace_graph("https://example.org/held2", [ox.Triple(S, P, ox.Literal("2"))])
    print("done", flush=True)
    """
)


@pytest.fixture
def holder(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second process that holds the store's write lock until its stdin gets a line."""
    path = tmp_path / "kg"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_second_writer_is_told_who_holds_the_store(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    start = time.monotonic()
    with pytest.raises(StoreBusy, match=rf"being written by process {proc.pid} \(.*\); wait for it"):
        open_store(path, mode="write", wait=0.3).replace_graph(graph(1), triples(1))
    assert time.monotonic() - start >= 0.3


def test_readers_run_during_a_write_and_see_the_last_commit(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    reader = open_store(path, mode="read")
    assert reader.graphs() == ["https://example.org/held"]  # committed before the lock was let go
    second = open_store(path, mode="read")  # any number of readers at once
    assert second.triple_count() == 1
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "done"
    proc.wait()
    assert reader.graphs() == ["https://example.org/held", "https://example.org/held2"]  # re-opened


def test_a_waiting_writer_gets_the_store_when_the_first_finishes(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    proc.stdin.write("go\n")
    proc.stdin.flush()
    store = open_store(path, mode="write", wait=20)
    store.replace_graph(graph(1), triples(2))
    assert store.triple_count() == 4


def test_a_killed_writer_leaves_no_lock_behind(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    proc.kill()
    proc.wait()
    store = open_store(path, mode="write")
    store.replace_graph(graph(1), triples(1))
    assert open_store(path, mode="read").graphs() == [graph(1), "https://example.org/held"]


def test_old_snapshots_are_pruned_unless_a_reader_holds_one(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    store = open_store(path, mode="write")
    store.replace_graph(graph(1), triples(1))
    reader = open_store(path, mode="read")
    assert reader.triple_count() == 1  # holds the snapshot it opened
    held = reader._reader.number
    for i in range(2, 5):
        store.replace_graph(graph(i), triples(1))
    names = sorted(p.name for p in (path / "snapshots").iterdir() if p.name.isdigit())
    assert names == sorted({str(held), (path / "snapshots" / "LATEST").read_text().strip()})
    reader.close()
    store.replace_graph(graph(5), triples(1))
    names = [p.name for p in (path / "snapshots").iterdir() if p.name.isdigit()]
    assert names == [(path / "snapshots" / "LATEST").read_text().strip()]


def test_old_snapshots_go_during_one_long_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch holds the store for all its documents and snapshots as it goes: each snapshot pins the
    database files of its moment, which compaction then replaces, so snapshots kept to the end of the
    batch filled the disk (a 600-document batch into a fresh store used up 24 GB of free disk for a
    2.4 GB store). The older ones go as each new one is made, but for the one a reader holds."""
    from budgetkg.store import oxigraph

    monkeypatch.setattr(oxigraph, "SNAPSHOT_INTERVAL", 0.0)  # a snapshot after every commit
    path = tmp_path / "kg"
    store = open_store(path, mode="write")
    folder = path / "snapshots"

    def kept() -> list[str]:
        return sorted(p.name for p in folder.iterdir() if p.name.isdigit())

    with store.writing():
        store.replace_graph(graph(1), triples(1))
        reader = open_store(path, mode="read")
        assert reader.triple_count() == 1
        held = str(reader._reader.number)
        for i in range(2, 6):
            store.replace_graph(graph(i), triples(1))
            latest = (folder / "LATEST").read_text().strip()
            assert kept() == sorted({held, latest}), i  # made, and the one before it gone
        reader.close()
        store.replace_graph(graph(6), triples(1))
        assert kept() == [(folder / "LATEST").read_text().strip()]
    assert open_store(path, mode="read").graphs() == [graph(i) for i in range(1, 7)]


def test_a_snapshot_left_unnamed_by_a_killed_writer_is_stepped_over(tmp_path: Path) -> None:
    """Found by test_kill.py: a writer killed after naming its checkpoint's folder, before pointing LATEST
    at it, left ``snapshots/2`` behind; the next writer made snapshot 2 again and could not name it."""
    path = tmp_path / "kg"
    store = open_store(path, mode="write")
    store.replace_graph(graph(1), triples(1))
    store.close()
    folder = path / "snapshots"
    number = int((folder / "LATEST").read_text())
    (folder / str(number + 1)).mkdir()
    (folder / str(number + 1) / "CURRENT").write_text("from the killed run\n")
    store = open_store(path, mode="write")
    store.replace_graph(graph(2), triples(2))
    store.close()
    assert int((folder / "LATEST").read_text()) == number + 2
    assert open_store(path, mode="read").graphs() == [graph(1), graph(2)]
    left = sorted(p.name for p in folder.iterdir() if p.name.isdigit())
    assert left == [str(number + 2)]  # the leftover pruned with the older snapshots


def test_cli_read_commands_refuse_a_typo(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["query", "departments", "--store", str(tmp_path / "typo")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: no budgetkg store at {tmp_path / 'typo'}: create one with "
        f"`budgetkg init {tmp_path / 'typo'}` or `budgetkg ingest FILES --store {tmp_path / 'typo'}`"
    )
    assert not (tmp_path / "typo").exists()


def test_cli_init_then_query(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["init", str(tmp_path / "kg")])
    assert result.exit_code == 0 and result.output == f"store {tmp_path / 'kg'} ready: 0 documents\n"
    result = runner.invoke(cli, ["query", "departments", "--store", str(tmp_path / "kg"), "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "document,department,year,region,total,basic,project,stated"


def test_cli_second_writer_exits_1_naming_the_holder(holder) -> None:  # type: ignore[no-untyped-def]
    path, proc = holder
    result = CliRunner().invoke(cli, ["validate", "--store", str(path)])
    assert result.exit_code == 1
    assert f"Error: store {path} is being written by process {proc.pid}" in result.output
    assert "LOCK" not in result.output and "Traceback" not in result.output
