"""PDF reader (pdfplumber): pages become headings, paragraphs and tables.

Each page is parsed once; tables are found from ruling lines first and from
text alignment where a table has none; page numbers and running headers are
dropped; paragraphs and tables running over page breaks are joined. Problems
with the file itself (no text layer, a password, damage) are reported as a
:class:`~budgetkg.read.errors.ReadError` with a one-line reason, never as a
pdfminer traceback.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from ...settings import PDF_ENGINES as ENGINES
from ...settings import Settings
from ..errors import ReadError
from ..model import Document, OcrSummary
from ..ocr import ocr_pages
from .assemble import assemble
from .furniture import drop_furniture
from .page import PageContent, read_page
from .pdfium import PdfiumPage, open_document

__all__ = ["read_pdf", "read_pages", "SCANNED", "ENGINES", "DEFAULT_ENGINE"]

DEFAULT_ENGINE = Settings.pdf_engine
SCANNED = "scanned PDF: no text layer; OCR not enabled"
NEEDS_PASSWORD = "encrypted PDF: a password is required (give it with --password)"
EOF_WINDOW = 4096


def check_complete(data: bytes, source: str) -> None:
    """Refuse a PDF cut short: a complete file ends with ``%%EOF`` (give or take trailing bytes)."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReadError(source, "damaged PDF: the file is truncated (no end-of-file marker)")


@contextmanager
def open_pdf(data: bytes, source: str, password: str | None = None) -> Iterator[Any]:
    """pdfplumber's PDF object, with password and parse failures turned into ReadError."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as exc:  # pdfminer raises many types for broken files
        cause = unwrap(exc)
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise ReadError(source, "encrypted PDF: the password given does not open it") from None
            raise ReadError(source, NEEDS_PASSWORD) from None
        if isinstance(cause, PDFEncryptionError):
            raise ReadError(source, f"encrypted PDF: unsupported encryption ({cause})") from None
        raise ReadError(source, f"damaged PDF: {_why(cause)}") from None
    try:
        yield pdf
    finally:
        pdf.close()


def unwrap(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's ``PdfminerException`` wrapper."""
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _why(exc: BaseException) -> str:
    exc = unwrap(exc)
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_pages(
    data: bytes,
    source: str,
    engine: str = DEFAULT_ENGINE,
    password: str | None = None,
    ocr: str = Settings.ocr,
    lang: str = Settings.ocr_lang,
) -> list[PageContent]:
    """Every page's lines and tables, furniture dropped; ReadError for unusable files.

    ``engine`` parses the pages' content: ``"pdfium"`` (fast, the default) or
    ``"pdfminer"`` (pdfplumber's own parser). ``ocr`` (auto, always, never)
    says which pages OCR reads (:mod:`budgetkg.read.ocr`), ``lang`` in which language;
    ``password`` opens an encrypted PDF.
    """
    return _read_pages(data, source, engine, password, ocr, lang)[0]


def _read_pages(
    data: bytes, source: str, engine: str, password: str | None, ocr: str, lang: str
) -> tuple[list[PageContent], OcrSummary | None]:
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    check_complete(data, source)
    with open_pdf(data, source, password) as pdf, ExitStack() as stack:
        pages = []
        for number, page in enumerate(_pages(pdf, source, data, engine, stack, password), start=1):
            try:
                pages.append(read_page(page, number))
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(source, f"damaged PDF: page {number}: {_why(exc)}") from None
            finally:
                page.close()
    summary = ocr_pages(pages, data, source, ocr, lang)
    check_text_layer(pages, source)
    drop_furniture(pages)
    return pages, summary


def _pages(
    pdf: Any, source: str, data: bytes, engine: str, stack: ExitStack, password: str | None = None
) -> list[Any]:
    """pdfplumber's pages, their objects parsed by ``engine`` (a PDFium document is closed with ``stack``).

    A file PDFium cannot open, or whose pages it counts differently, is left to pdfminer.
    """
    try:
        pages = list(pdf.pages)
    except Exception as exc:
        raise ReadError(source, f"damaged PDF: {_why(exc)}") from None
    doc = open_document(data, len(pages), password) if engine == "pdfium" else None
    if doc is None:  # pdfminer, chosen or because PDFium cannot read the file
        return pages
    stack.callback(doc.close)
    return [PdfiumPage(page, doc) for page in pages]


def check_text_layer(pages: list[PageContent], source: str) -> None:
    """Refuse a PDF with scanned pages: their text would silently be missing."""
    scanned = [p.number for p in pages if p.scanned]
    if not scanned:
        return
    if len(scanned) == len(pages):
        raise ReadError(source, SCANNED)
    listed = ", ".join(map(str, scanned[:10])) + (" ..." if len(scanned) > 10 else "")
    reason = f"scanned PDF: no text layer on page(s) {listed} of {len(pages)}; OCR not enabled"
    raise ReadError(source, reason)


def read_pdf(
    data: bytes,
    source: str,
    checksum: str,
    engine: str = DEFAULT_ENGINE,
    password: str | None = None,
    ocr: str = Settings.ocr,
    lang: str = Settings.ocr_lang,
) -> Document:
    """Read a PDF into a Document; ``engine``, ``password``, ``ocr`` and ``lang`` as in :func:`read_pages`."""
    pages, summary = _read_pages(data, source, engine, password, ocr, lang)
    blocks = assemble(pages, source)
    return Document(
        source=source,
        checksum=checksum,
        media_type="application/pdf",
        blocks=blocks,
        pages=len(pages),
        ocr=summary,
    )
