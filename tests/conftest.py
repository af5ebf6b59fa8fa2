"""Shared fixtures: the sample documents and a store with all of them ingested."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetkg
from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.read import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "documents"
EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLE_IDS = sorted(p.name[:3] for p in SAMPLES.glob("*.txt"))


def sample_path(prefix: str) -> Path:
    """The sample document whose file name starts with ``prefix`` (000 ... 004)."""
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def records() -> dict[str, BudgetRecords]:
    """Extraction of every sample, keyed by its number (000 ... 004)."""
    return {p: extract_document(read_document(sample_path(p))) for p in SAMPLE_IDS}


@pytest.fixture(scope="session")
def kg(tmp_path_factory: pytest.TempPathFactory) -> budgetkg.KnowledgeGraph:
    """An on-disk store with the five samples ingested once (read-only for tests)."""
    graph = budgetkg.open(tmp_path_factory.mktemp("store") / "kg")
    report = graph.ingest([SAMPLES])
    assert report.ok, report.to_dict()
    return graph
