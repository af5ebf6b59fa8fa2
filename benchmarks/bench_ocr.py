"""OCR of scanned budgets: seconds per page and per document on one core, and the accuracy table.

Each sample's rendered PDF (``tests/.fixtures``) is scanned as the tests scan
it (``tests/fixtures/scan.py``: 170 dpi grey, 0.7° skew, speckles, JPEG) —
by default only the pages of its 收支总表, 支出总表 and 项目支出表, with
``--all`` every page — and read with ``--ocr auto``. Printed: CPU seconds
per OCR'd page (the OCR itself: straightening, rulings, every Tesseract run,
re-reads; Tesseract runs in process), CPU and wall seconds for the whole
document (reading, OCR, extraction and correction), and the share of the
text sample's amounts on the scanned pages read exactly before and after the
arithmetic correction, with whether every function line, project and
department total came out identical.

Pinned to one core (``sched_setaffinity``, ``OMP_THREAD_LIMIT=1``). Each
document is read ``--repeat`` times: the fastest run is the one least slowed
by other processes sharing the core (CPU seconds still grow when the caches
and the core are shared), the median is printed beside it. The load average
is printed before and after: on a shared machine say what else was running.

Run from the repository root::

    .venv/bin/python benchmarks/bench_ocr.py [--all] [--repeat N] [SAMPLE_PREFIX ...]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", help="sample name prefixes (default: the two smallest)")
    parser.add_argument("--all", action="store_true", help="scan every page, not only the tables' pages")
    parser.add_argument("--repeat", type=int, default=3, help="read each document N times (default 3)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from tests.fixtures import render
    from tests.fixtures.scan import cached_scan
    from tests.test_ocr import amounts, figures, pages_of, share, uncorrected

    from budgetkg.extract import extract_document
    from budgetkg.read import read_document
    from budgetkg.read.ocr import page as ocr_page

    spent = [0.0]  # CPU seconds inside the OCR of pages (render excluded), summed
    read_page = ocr_page.read_scanned_page

    def timed(*args: object, **kwargs: object) -> object:
        before = _cpu()
        try:
            return read_page(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += _cpu() - before

    ocr_page.read_scanned_page = timed  # type: ignore[assignment]

    fx = render.cached_fixtures(ROOT / "tests" / ".fixtures")
    paths = sorted(render.sample_paths(), key=lambda p: p.stat().st_size)
    names = [p.stem for p in paths if not args.samples or p.stem.startswith(tuple(args.samples))]
    names = names if args.samples else names[:2]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        "sample  pages  ocr-cpu-s/page min (median)  cpu-s/doc min  wall-s/doc min  amounts  exact-before  "
        "exact-after  identical(lines, projects, totals)"
    )
    for name in names:
        pdf = fx.pdf(name, "ruled")
        text_doc = read_document(pdf, ocr="never")
        pages = None if args.all else pages_of(text_doc)
        scan = cached_scan(fx.root, pdf, name + (".all" if args.all else ""), scanned=pages or _all(pdf))
        per_page, cpus, walls = [], [], []
        for _ in range(max(1, args.repeat)):
            spent[0] = 0.0
            start, cpu0 = time.perf_counter(), _cpu()
            doc = read_document(scan)
            records = extract_document(copy.deepcopy(doc))
            walls.append(time.perf_counter() - start)
            cpus.append(_cpu() - cpu0)
            assert doc.ocr is not None
            per_page.append(spent[0] / len(doc.ocr.pages))
        n = len(doc.ocr.pages)
        truth_records = extract_document(text_doc)
        truth = amounts(truth_records, doc.ocr.pages)
        before = share(truth, amounts(uncorrected(doc), doc.ocr.pages))
        after = share(truth, amounts(records, doc.ocr.pages))
        same = [figures(truth_records)[k] == figures(records)[k] for k in figures(records)]
        print(
            f"{name[:3]:6}  {n:5}  {min(per_page):8.2f} ({statistics.median(per_page):.2f}){'':12}"
            f"{min(cpus):13.1f}  {min(walls):14.1f}  {sum(truth.values()):7}  {before:12}  {after:11}  {same}"
        )
        if records.ocr:
            print(f"        OCR: {records.ocr}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child process)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _all(pdf: Path) -> list[int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return list(range(1, len(doc) + 1))
    finally:
        doc.close()


if __name__ == "__main__":
    main()
