"""What ingest stores and reports, written out to compare two versions of budgetkg.

    .venv/bin/python benchmarks/ingest_fingerprint.py OUT_DIR [FILES...]
    diff -r BEFORE_DIR AFTER_DIR

Not a benchmark: a check that a change made for speed leaves the output
alone. The files (default: the samples in examples/documents) are ingested
twice, each time into a fresh embedded store: all in one batch (an empty
store: the bulk loader) and one file per batch (transactions). For each,
OUT_DIR gets every quad of the store as sorted N-Quads (the catalogue's
``bkg:ingestedAt`` times masked) and the ingest reports as JSON (the
seconds left out). Two runs of the same code give identical files; run it
before and after a change and ``diff -r`` the two folders.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

INGESTED_AT = "<https://w3id.org/budgetkg/ontology#ingestedAt>"


def sorted_nquads(kg: Any) -> str:
    """Every quad of the store, one N-Quads line each, sorted; ingest times masked."""
    lines = []
    for q in kg.store.quads():
        obj = '"(masked)"' if str(q.predicate) == INGESTED_AT else str(q.object)
        lines.append(f"{q.subject} {q.predicate} {obj} {q.graph_name} .")
    return "\n".join(sorted(lines)) + "\n"


def report_json(reports: list[Any]) -> str:
    """The ingest reports without their timings."""
    out = []
    for report in reports:
        data = report.to_dict()
        data.pop("seconds", None)
        for doc in data.get("documents", []):
            doc.pop("seconds", None)
        out.append(data)
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def fingerprint(files: list[Path], out: Path, batches: list[list[Path]], name: str) -> None:
    """Ingest ``batches`` into a fresh store; write ``name``.nq and ``name``.json under ``out``."""
    import budgetkg

    with tempfile.TemporaryDirectory() as tmp, budgetkg.open(Path(tmp) / "kg") as kg:
        reports = [kg.ingest(batch) for batch in batches]
        (out / f"{name}.nq").write_text(sorted_nquads(kg), encoding="utf-8")
    (out / f"{name}.json").write_text(report_json(reports), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("files", type=Path, nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(Path("examples/documents").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    fingerprint(files, args.out, [files], "batch")
    fingerprint(files, args.out, [[f] for f in files], "one-by-one")
    print(f"{len(files)} files: {args.out}/batch.nq, one-by-one.nq and their .json")


if __name__ == "__main__":
    main()
