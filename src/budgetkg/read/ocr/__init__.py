"""OCR for PDF pages without a text layer (scanned budgets).

:func:`ocr_pages` replaces the pages to be OCR'd — those without text under
``--ocr auto``, every page under ``always``, none under ``never`` — by what
OCR reads on them (:mod:`.page`), and says how (a
:class:`~budgetkg.read.model.OcrSummary`). OCR needs the optional extra
(``budgetkg[ocr]``: OpenCV, tesserocr) and Tesseract's Simplified
Chinese data; without them a scanned page is refused with a one-line reason
naming what to install.
"""

from __future__ import annotations

from math import ceil
from statistics import fmean
from typing import TYPE_CHECKING

from ..errors import ReadError
from ..model import OcrSummary

if TYPE_CHECKING:
    from ..pdf.page import PageContent

from ...settings import OCR_MODES

DPI = 200  # pages are rendered at this resolution for OCR
MARGIN_REPEATS = 0.3  # a margin line like those of this share of the pages is a running header or footer
ALIKE = 0.5  # how alike (difflib ratio) two OCR readings of one running header are at least
SCRAP = 8  # characters: a line this short in an OCR'd page's bottom margin is a page number or a scrap


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
    drop_margins(pages, numbers)
    mean = round(fmean(confidences), 3) if confidences else 0.0
    return OcrSummary(engine=ENGINE, version=version(), lang=lang, pages=numbers, mean_confidence=mean)


def _list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" ..." if len(numbers) > 10 else "")


def drop_margins(pages: list[PageContent], numbers: list[int]) -> None:
    """Drop the running headers, footers and page numbers of the OCR'd pages, in place.

    The PDF reader drops furniture that repeats exactly; OCR reads the same
    running header a little differently on every page. A line in an OCR'd
    page's top or bottom margin goes when it is a page number, a short scrap
    in the bottom margin, or much like a margin line of enough other pages.
    """
    from difflib import SequenceMatcher

    from ..pdf.furniture import _in_zone, is_page_number

    margins = {
        p.number: [(zone, "".join(ln.text.split()), ln) for ln in p.lines if (zone := _in_zone(ln, p))]
        for p in pages
    }
    needed = max(2, ceil(MARGIN_REPEATS * len(pages)))
    for page in pages:
        if page.number not in numbers:
            continue
        drop = set()
        for zone, text, line in margins[page.number]:
            if is_page_number(line.text) or (zone == "bottom" and len(text) <= SCRAP):
                drop.add(id(line))
                continue
            alike = sum(
                1
                for other, lines in margins.items()
                if other != page.number
                and any(z == zone and SequenceMatcher(None, text, t).ratio() >= ALIKE for z, t, _ in lines)
            )
            if alike + 1 >= needed:
                drop.add(id(line))
        page.items = [it for it in page.items if id(it) not in drop]
