"""``budgetkg.open()`` without a location: a store in memory, never the CLI's ./budgetkg-data (a regression:
a library call, and tests meaning "in memory", used to write into the working directory)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg

EX = "http://example.org/"


def test_open_without_a_store_is_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"))
    with budgetkg.open() as kg:
        assert kg.store.path is None  # type: ignore[union-attr]
        kg.store.replace_graph(EX + "g", [triple])  # type: ignore[union-attr]
        assert kg.triple_count() == 1
    with budgetkg.open(None) as kg:
        assert kg.triple_count() == 0  # nothing kept between two in-memory stores
    assert list(tmp_path.iterdir()) == []  # nothing written where the call was made


def test_a_path_is_the_embedded_store_there(tmp_path: Path) -> None:
    with budgetkg.open(tmp_path / "kg") as kg:
        assert kg.store.path == tmp_path / "kg"  # type: ignore[union-attr]
    assert (tmp_path / "kg" / "db").is_dir()
