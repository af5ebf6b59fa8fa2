"""OCR for PDF pages without a text layer (scanned budgets).

:func:`ocr_pages` replaces the pages to be OCR'd — those without text under
``--ocr auto``, every page under ``always``, none under ``never`` — by what
OCR reads on them (:mod:`.page`), and says how (a
:class:`~budgetkg.read.model.OcrSummary`). OCR needs the optional extra
(``budgetkg[ocr]``: OpenCV, pytesseract) and Tesseract with its Simplified
Chinese data; without them a scanned page is refused with a one-line reason
naming what to install.
"""

from __future__ import annotations

from statistics import fmean
from typing import TYPE_CHECKING

from ..errors import ReadError
from ..model import OcrSummary

if TYPE_CHECKING:
    from ..pdf.page import PageContent

from ...settings import OCR_MODES

DPI = 200  # pages are rendered at this resolution for OCR


def pages_to_read(pages: list[PageContent], mode: str) -> list[int]:
    """The 1-based numbers of the pages OCR reads under ``mode``."""
    if mode not in OCR_MODES:
        raise ValueError(f"OCR mode must be one of {', '.join(OCR_MODES)}: {mode!r}")
    if mode == "never":
        return []
    if mode == "always":
        return [p.number for p in pages]
    return [p.number for p in pages if p.scanned]


def ocr_pages(pages: list[PageContent], data: bytes, source: str, mode: str, lang: str) -> OcrSummary | None:
    """OCR the pages ``mode`` selects, in place; None when no page was OCR'd.

    Raises :class:`ReadError` when a page needs OCR and the engine is not installed.
    """
    numbers = pages_to_read(pages, mode)
    if not numbers:
        return None
    from .engine import ENGINE, missing, version

    why = missing(lang)
    if why is not None:
        scanned = (
            "no text layer" if all(p.scanned for p in pages) else f"no text layer on page(s) {_list(numbers)}"
        )
        raise ReadError(source, f"scanned PDF: {scanned}; OCR not available: {why}")
    import pypdfium2 as pdfium

    from .page import read_scanned_page

    confidences: list[float] = []
    doc = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = doc[number - 1]
            try:
                width, height = page.get_size()
                image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                read = read_scanned_page(image, width, height, number, lang)
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(source, f"OCR failed on page {number}: {type(exc).__name__}: {exc}") from None
            finally:
                page.close()
            pages[number - 1] = read.content
            confidences += read.confidences
    finally:
        doc.close()
    mean = round(fmean(confidences), 3) if confidences else 0.0
    return OcrSummary(engine=ENGINE, version=version(), lang=lang, pages=numbers, mean_confidence=mean)


def _list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" ..." if len(numbers) > 10 else "")
