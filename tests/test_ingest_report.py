"""The ingest report names each inconsistency once: validation owns the arithmetic."""

from __future__ import annotations

from pathlib import Path

import budgetkg
from budgetkg.extract.reconcile import SUM_CHECKS

from .conftest import sample_path


def test_sum_mismatch_reported_once(tmp_path: Path) -> None:
    with budgetkg.open(tmp_path / "kg") as kg:
        report = kg.ingest([sample_path("004")])
    doc = report.documents[0]
    assert doc.ok
    # the extraction noticed the procurement table's 253.88 vs 253.87 too ...
    records = budgetkg.open(tmp_path / "other").extract(sample_path("004"))
    assert any(f.slug in SUM_CHECKS and "253.8" in f.message for f in records.findings)
    # ... but the report carries only validation's finding for it
    hits = [f for f in doc.findings if "253.87" in f["message"]]
    assert len(hits) == 2 and all(f["slug"] not in SUM_CHECKS for f in hits)
