"""A first ingest fills the empty store with the bulk loader; the store is the transactional one.

A batch into a store that holds something writes one transaction per
document; into an empty one, documents are queued in ``filling.nq`` and
bulk-loaded (``budgetkg.store.filling``). A writer finding ``filling.nq``
left over (a crash mid-fill) empties the store, which was empty before.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import budgetkg
from budgetkg.batch.catalogue import INGESTED_AT
from budgetkg.store import OxigraphStore, filling, oxigraph

from .conftest import SAMPLES, sample_path


def _quads(kg: budgetkg.KnowledgeGraph) -> set[str]:
    return {str(q) for q in kg.store.quads() if q.predicate.value != INGESTED_AT}


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes of N-Quads each bulk load of the test took."""
    sizes: list[int] = []
    real = OxigraphStore.bulk_load

    def counted(self: OxigraphStore, data: object, replace: object = (), trusted: bool = False) -> None:
        assert trusted  # what the batch serialized itself
        sizes.append(len(data) if isinstance(data, bytes) else -1)
        real(self, data, replace, trusted)  # type: ignore[arg-type]

    monkeypatch.setattr(OxigraphStore, "bulk_load", counted)
    return sizes


def test_an_empty_store_is_bulk_loaded_once_and_equals_transactions(
    kg: budgetkg.KnowledgeGraph, tmp_path: Path, loads: list[int]
) -> None:
    with budgetkg.open(tmp_path / "kg") as first:
        assert first.ingest([SAMPLES]).ok
        assert len(loads) == 1 and loads[0] > 1_000_000  # the five documents in one load
        assert not (tmp_path / "kg" / "filling.nq").exists()
        assert _quads(first) == _quads(kg)  # the session store, ingested the same way
        with budgetkg.open(tmp_path / "tx") as tx:
            assert tx.ingest([sample_path("000")]).ok  # empty: bulk-loaded
            assert tx.ingest([SAMPLES], force=True).ok  # not empty any more: a transaction per document
            assert len(loads) == 2
            assert _quads(tx) == _quads(first)  # every document of tx written by a transaction


def test_bursts_load_as_they_fill(
    kg: budgetkg.KnowledgeGraph, tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filling, "BURST_BYTES", 1)  # every document is a burst of its own, loaded at once
    made = _snapshots_made(monkeypatch, loads)
    with budgetkg.open(tmp_path / "kg") as kg2:
        assert kg2.ingest([SAMPLES]).ok
        assert len(loads) == 5
        assert _quads(kg2) == _quads(kg)
    assert {1, 2, 3, 4, 5} <= set(made)  # readers see each burst once it is loaded


def _snapshots_made(monkeypatch: pytest.MonkeyPatch, loads: list[int]) -> list[int]:
    """The number of loads done at each snapshot (one after every commit that is not held)."""
    monkeypatch.setattr(oxigraph, "SNAPSHOT_INTERVAL", 0.0)
    made: list[int] = []
    real = OxigraphStore._snapshot
    monkeypatch.setattr(OxigraphStore, "_snapshot", lambda self: made.append(len(loads)) or real(self))
    return made


def test_a_burst_is_loaded_in_chunks_back_to_back_and_seen_whole(
    kg: budgetkg.KnowledgeGraph, tmp_path: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filling, "CHUNK_BYTES", 1 << 20)  # the batch is one burst: loaded at its end
    made = _snapshots_made(monkeypatch, loads)  # unheld, every load would be a snapshot
    with budgetkg.open(tmp_path / "kg") as kg2:
        assert kg2.ingest([SAMPLES]).ok
        assert len(loads) > 5 and all(n >= 1 << 20 for n in loads[:-1])
        assert _quads(kg2) == _quads(kg)
    assert len(loads) in made and set(made) <= {0, len(loads)}  # after the burst, none in the middle of it


def test_chunks_end_at_line_ends() -> None:
    lines = [b"<a> <b> <c> .\n", b"<a> <b> <dd> .\n", b"<a> <b> <e> .\n"]
    assert list(filling._chunks(io.BytesIO(b"".join(lines)), len(lines[0]))) == lines  # exactly one line
    assert list(filling._chunks(io.BytesIO(b"".join(lines)), 1)) == lines  # a line is never cut
    two = len(lines[0]) + len(lines[1])
    assert list(filling._chunks(io.BytesIO(b"".join(lines)), two)) == [lines[0] + lines[1], lines[2]]


def test_the_same_file_twice_replaces_its_graph_once_fed(tmp_path: Path, loads: list[int]) -> None:
    twice = [sample_path("002"), sample_path("002")]
    with budgetkg.open(tmp_path / "kg") as kg2, budgetkg.open(tmp_path / "tx") as tx:
        tx.ingest([sample_path("001")])
        tx.ingest(twice, force=True)
        tx.remove([sample_path("001").name])
        report = kg2.ingest(twice, force=True)  # the second replaces the first: a transaction
        assert [d.ok for d in report.documents] == [True, True]
        assert _quads(kg2) == _quads(tx)
        assert len(kg2.documents()) == 1


def test_a_filling_left_over_empties_the_store_on_the_next_write(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    with budgetkg.open(store) as kg2:
        assert kg2.ingest([sample_path("002")]).ok
        clean = _quads(kg2)
    (store / "filling.nq").write_bytes(b"")  # as a crash mid-fill leaves it
    with budgetkg.open(store, mode="read") as reader:  # readers see the last snapshot meanwhile
        assert reader.triple_count() > 0
    with budgetkg.open(store) as kg2:
        assert kg2.ingest([sample_path("002")]).documents[0].ok  # not skipped as unchanged: it was emptied
        assert not (store / "filling.nq").exists()
        assert _quads(kg2) == clean
