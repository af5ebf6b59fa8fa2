"""Scanned budgets: pages of two samples scanned (grey, skewed, speckled, JPEG) and read back by OCR.

The test setup scans the pages that hold the 收支总表 (department totals), the
支出总表 (function lines) and the 项目支出表 (projects) of the two smallest
samples' PDF fixtures, and keeps the other pages' text; OCR reads the scanned
pages (``--ocr auto``) and the tables' own sums correct what they can. OCR is
slow, so only those pages are scanned: a whole document would take minutes.

The issue's goal is asserted: every function line, project (amount and
name, none twice) and department total of both scanned samples equals the
text PDF's. The share of all amounts on the scanned pages read exactly,
before and after the arithmetic correction, is printed and held to what was
measured (README, "Scanned budgets"). A figure damaged in the scan is
corrected with a finding naming it, or warned about.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.extract.ocrfix import CONFUSIONS, CORRECTED, UNRECONCILED
from budgetkg.extract.reconcile import SUM_CHECKS
from budgetkg.extract.tables import logical_tables
from budgetkg.read.model import Document

from .fixtures.scan import Damage, cached_scan

pytest.importorskip("cv2")
pytest.importorskip("tesserocr")
from budgetkg.read.ocr.engine import missing  # noqa: E402

if missing("chi_sim"):
    pytest.skip("Tesseract with chi_sim is not installed (scripts/system-deps.sh)", allow_module_level=True)

SCANNED_KINDS = ("income-expenditure", "expenditure", "project-list")
# Measured on the scanned renderings (README, "Scanned budgets"): the share of all amounts on the
# scanned pages read exactly, before and after the arithmetic correction.
MEASURED = {"002": (Decimal("0.988"), Decimal("1.000")), "001": (Decimal("0.980"), Decimal("1.000"))}


def _two(rendered: Any) -> list[str]:
    """The two smallest samples (fewest bytes of text): the quickest to scan."""
    from .fixtures.render import sample_paths

    return [p.stem for p in sorted(sample_paths(), key=lambda p: p.stat().st_size)[:2]]


def pages_of(doc: Document, kinds: tuple[str, ...] = SCANNED_KINDS) -> list[int]:
    """The pages the rows of the tables of ``kinds`` lie on."""
    return sorted(
        {
            r.prov.page
            for t in logical_tables(doc)
            if t.kind in kinds
            for r in t.rows
            if r.prov.page is not None
        }
    )


@pytest.fixture(scope="session")
def scans(rendered: Any, read_rendering: Callable[[Path], Document]) -> dict[str, tuple[Document, Document]]:
    """Per sample: the text PDF's document and the partly scanned PDF's, read with OCR."""
    out = {}
    for sample in _two(rendered):
        pdf = rendered.pdf(sample, "ruled")
        text = read_rendering(pdf)
        scan = cached_scan(rendered.root, pdf, sample, scanned=pages_of(text))
        out[sample] = (text, read_rendering(scan))
    return out


def figures(r: BudgetRecords) -> dict[str, list[Any]]:
    """What the issue names: every function line, project and department total."""
    return {
        "function lines": [(ln.code, ln.total, ln.basic, ln.project) for ln in r.function_lines],
        "projects": [(p.name, p.amount) for p in r.projects],
        "department totals": [
            (ln.side, ln.name, tuple(a.value for a in ln.amounts))
            for ln in r.disclosure_lines
            if ln.kind == "income-expenditure" and ln.is_total
        ],
    }


def amounts(r: BudgetRecords, pages: list[int]) -> Counter[Decimal]:
    """Every amount read from ``pages``, counted: disclosure lines, function lines and projects."""
    found: Counter[Decimal] = Counter()

    def on(prov: Any) -> bool:
        return prov is not None and prov.page in pages

    for ln in r.disclosure_lines:
        if on(ln.prov):
            found.update(a.value for a in ln.amounts)
    for fl in r.function_lines:
        if on(fl.prov):
            found.update(v for v in (fl.total, fl.basic, fl.project) if v is not None)
    found.update(p.amount for p in r.projects if p.amount is not None and on(p.prov))
    return found


def share(truth: Counter[Decimal], read: Counter[Decimal]) -> Decimal:
    """Share of the true amounts that were read exactly (as a multiset)."""
    total = sum(truth.values())
    return (Decimal(sum((truth & read).values())) / total).quantize(Decimal("0.001")) if total else Decimal(1)


def uncorrected(doc: Document) -> BudgetRecords:
    """The records as OCR read them, without the arithmetic correction."""
    raw = copy.deepcopy(doc)
    raw.ocr = None
    return extract_document(raw)


def test_scanned_pages_are_read_by_ocr_and_say_so(scans: dict[str, tuple[Document, Document]]) -> None:
    for text, scan in scans.values():
        assert text.ocr is None and scan.ocr is not None
        assert scan.ocr.pages == pages_of(text) and scan.ocr.engine == "tesseract"
        assert 0.5 < scan.ocr.mean_confidence <= 1
        report = extract_document(copy.deepcopy(scan)).ocr
        assert report is not None and report["pages"] == scan.ocr.pages
        assert set(report) >= {"engine", "version", "mean_confidence", "corrected", "still_failing"}


def test_every_function_line_project_and_department_total_is_the_text_pdfs(
    scans: dict[str, tuple[Document, Document]],
) -> None:
    for sample, (text, scan) in scans.items():
        want, got = figures(extract_document(text)), figures(extract_document(copy.deepcopy(scan)))
        assert want["function lines"] and want["projects"] and want["department totals"], sample
        for what in want:
            assert got[what] == want[what], (sample, what)
        names = [name for name, _ in got["projects"]]
        assert len(names) == len(set(names)), sample


def test_share_of_amounts_read_exactly_before_and_after_correction(
    scans: dict[str, tuple[Document, Document]],
) -> None:
    rows = []
    for sample, (text, scan) in scans.items():
        pages = scan.ocr.pages if scan.ocr else []
        truth = amounts(extract_document(text), pages)
        before = share(truth, amounts(uncorrected(scan), pages))
        after = share(truth, amounts(extract_document(copy.deepcopy(scan)), pages))
        rows.append((sample[:3], len(pages), sum(truth.values()), before, after))
    print("\nOCR: sample, pages scanned, amounts on them, read exactly before / after correction")
    for row in rows:
        print("  ", *row)
    for sample, _, _, before, after in rows:
        assert (before, after) == MEASURED[sample], sample
        assert after > before


def test_a_figure_damaged_in_the_scan_is_never_taken_silently(
    rendered: Any, read_rendering: Callable[[Path], Document]
) -> None:
    sample = _two(rendered)[0]
    pdf = rendered.pdf(sample, "ruled")
    text = extract_document(read_rendering(pdf))
    line = next(ln for ln in text.function_lines if ln.code and len(ln.code) == 7 and ln.total)
    assert line.prov is not None and line.prov.page is not None
    old = f"{line.total:,.2f}"
    at = next(i for i, ch in enumerate(old) if ch in CONFUSIONS)
    new = old[:at] + CONFUSIONS[old[at]][0] + old[at + 1 :]
    page = line.prov.page
    clean = extract_document(read_rendering(cached_scan(rendered.root, pdf, sample, scanned=[page])))
    damage = Damage(page=page, old=old, new=new)
    damaged = extract_document(
        read_rendering(cached_scan(rendered.root, pdf, sample, scanned=[page], damage=damage))
    )

    def warnings(r: BudgetRecords) -> set[str]:
        return {
            f.message for f in r.findings if f.severity == "Warning" and f.slug in (*SUM_CHECKS, UNRECONCILED)
        }

    corrected = [
        f for f in damaged.findings if f.slug == CORRECTED and f"OCR read {new}, stored {old}" in f.message
    ]
    assert corrected or warnings(damaged) - warnings(clean), (old, new)
