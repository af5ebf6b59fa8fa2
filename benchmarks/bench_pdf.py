"""PDF reading speed: our reader against pdfplumber's own text and table extraction.

The issue's budget: reading a page costs at most 1.5x what pdfplumber's
``extract_text()`` plus ``extract_tables()`` cost on the same page, and the
whole ingest of a 40-page PDF (read, extract, RDF, validate, store) takes
under 3 s on one core. The reader gets its characters and rules from PDFium
(``budgetkg.read.pdf.pdfium``); ``--pdfminer`` also times it on pdfminer's
parse, pdfplumber's own.

Run from the repository root (renders the fixtures first if needed)::

    .venv/bin/python benchmarks/bench_pdf.py [--pages 40] [--repeat 3] [PDF]

Without a PDF it uses the first rendered fixture with at least ``--pages``
pages (``tests/.fixtures``, built by ``tests/fixtures/render.py``) and
benchmarks its first ``--pages`` pages. Each figure is the best of
``--repeat`` runs, each on a freshly opened file (no cached parse).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def first_pages(pdf: Path, pages: int) -> bytes:
    """The PDF cut to its first ``pages`` pages (pypdf), as bytes."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(pdf))
    if len(reader.pages) < pages:
        raise SystemExit(f"{pdf} has only {len(reader.pages)} pages, {pages} wanted")
    writer = PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def default_pdf(pages: int) -> Path:
    """A rendered fixture with enough pages (the ruled layout of the biggest sample)."""
    from tests.fixtures import render

    fx = render.cached_fixtures(ROOT / "tests" / ".fixtures")
    layouts = ("ruled", "landscape", "open")
    candidates = [fx.pdf(s, layout) for s in reversed(fx.samples) for layout in layouts]
    from pypdf import PdfReader

    for path in candidates:
        if len(PdfReader(str(path)).pages) >= pages:
            return path
    raise SystemExit(f"no rendered fixture has {pages} pages")


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def pdfplumber_baseline(data: bytes) -> None:
    """pdfplumber's own extract_text() and extract_tables() on every page."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def our_reader(data: bytes, engine: str = "pdfium") -> None:
    """budgetkg's PDF reading stage (pages, tables, blocks)."""
    from budgetkg.read.pdf import read_pdf

    read_pdf(data, "bench.pdf", "0" * 64, engine=engine)


def whole_ingest(data: bytes, repeat: int) -> list[float]:
    """Seconds for read, extract, RDF, validate and store of the PDF, each run into a new on-disk store."""
    import budgetkg

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.pdf"
        path.write_bytes(data)
        with budgetkg.open(Path(tmp) / "warm-up") as kg:
            kg.ingest([path])  # imports, ontology and shapes are loaded once per process
        for run in range(repeat):
            with budgetkg.open(Path(tmp) / f"store{run}") as kg:
                t = time.perf_counter()
                report = kg.ingest([path])
                times.append(time.perf_counter() - t)
            if not report.ok:
                raise SystemExit(f"ingest failed: {report.to_dict()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ingest", action="store_true", help="Skip the whole-ingest figure.")
    parser.add_argument("--pdfminer", action="store_true", help="Also time the reader on pdfminer's parse.")
    args = parser.parse_args()
    pdf = args.pdf or default_pdf(args.pages)
    data = first_pages(pdf, args.pages)
    n = args.pages
    our_reader(data)  # warm-up: imports
    base = best_of(args.repeat, lambda: pdfplumber_baseline(data))
    ours = best_of(args.repeat, lambda: our_reader(data))
    print(f"PDF: {pdf.name}, first {n} pages; best of {args.repeat} runs")
    print(f"pdfplumber extract_text+extract_tables: {base / n:.4f} s/page ({base:.2f} s)")
    print(f"budgetkg PDF reader (PDFium objects):    {ours / n:.4f} s/page ({ours:.2f} s)")
    print(f"ratio: {ours / base:.2f}x (budget: at most 1.5x)")
    if args.pdfminer:
        slow = best_of(args.repeat, lambda: our_reader(data, "pdfminer"))
        print(f"budgetkg PDF reader (--pdf-engine pdfminer): {slow / n:.4f} s/page ({slow:.2f} s)")
    if not args.no_ingest:
        runs = sorted(whole_ingest(data, args.repeat))
        shown = ", ".join(f"{t:.2f}" for t in runs)
        median = statistics.median(runs)
        print(f"whole ingest (read, extract, RDF, validate, store): median {median:.2f} s, "
              f"slowest {runs[-1]:.2f} s of {shown} (budget: under 3 s)")
        # This machine's speed drifts; pdfplumber's own cost on the same pages is the yardstick.
        # The issue set 3 s when that cost was 0.05 s/page, i.e. 1.5x pdfplumber's for 40 pages.
        print(f"whole ingest / pdfplumber extract_text+extract_tables: {median / base:.2f}x "
              f"(the budget, measured that way: {3 / (0.05 * n):.2f}x)")


if __name__ == "__main__":
    main()
