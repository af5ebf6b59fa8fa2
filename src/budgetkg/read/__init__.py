"""Read stage: a file becomes a normalized :class:`~budgetkg.read.model.Document`.

The reader is chosen from the file's content (magic bytes) first and its
suffix second, so a PDF named ``.txt`` is still read as a PDF:

* ``%PDF`` -> PDF; a ZIP package -> DOCX or XLSX (by its content types);
* an OLE2 compound file -> old Word .doc (via LibreOffice) or Excel .xls
  (by its streams); ``{\\rtf`` -> RTF (via LibreOffice);
* a file starting like a web page (``<!DOCTYPE html``, ``<html`` ...), or
  named ``.html``/``.htm`` -> HTML; a MIME web archive (``.mht``) -> its page;
* anything else -> text (UTF-8 with or without BOM, UTF-16 with BOM,
  GBK/GB18030), binary data refused.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from ..settings import Settings
from .errors import ReadError
from .html import looks_like_html, read_html
from .legacy import OLE2_MAGIC, RTF_MAGIC, read_ole, read_rtf
from .mhtml import looks_like_mhtml, read_mhtml
from .model import Document
from .names import readable_name
from .text import read_text_bytes

__all__ = ["ReadError", "Document", "is_binary_document", "read_document", "SUPPORTED_SUFFIXES"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
ARCHIVE_SUFFIXES = {".mht", ".mhtml"}
OFFICE_SUFFIXES = {".docx", ".xlsx", ".doc", ".xls", ".rtf"}
SUPPORTED_SUFFIXES = {".txt", ".md", ".text", ".pdf"} | OFFICE_SUFFIXES | HTML_SUFFIXES | ARCHIVE_SUFFIXES
MAX_BYTES = 200 * 1024 * 1024

Reader = Callable[[bytes, str, str], Document]
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", OLE2_MAGIC, RTF_MAGIC)  # read by the readers imported on demand


def is_binary_document(path: Path) -> bool:
    """Whether ``path`` starts like a PDF, ZIP (Office), OLE2 or RTF file (False when unreadable)."""
    try:
        with open(path, "rb") as f:
            head = f.read(max(len(m) for m in BINARY_MAGIC))
    except OSError:
        return False
    return head.startswith(BINARY_MAGIC)


def _choose_reader(
    data: bytes,
    path: Path,
    pdf_engine: str,
    password: str | None = None,
    ocr: str = Settings.ocr,
    ocr_lang: str = Settings.ocr_lang,
) -> Reader:
    """The reader for this content; unknown binary formats are refused."""
    if data.startswith(b"%PDF"):
        from .pdf import read_pdf

        return functools.partial(read_pdf, engine=pdf_engine, password=password, ocr=ocr, lang=ocr_lang)
    if data.startswith(b"PK\x03\x04"):
        from .office import read_zip_office

        return read_zip_office
    if data.startswith(OLE2_MAGIC):
        return read_ole
    if data.startswith(RTF_MAGIC):
        return read_rtf
    if looks_like_mhtml(data):
        return read_mhtml
    if looks_like_html(data) or path.suffix.lower() in HTML_SUFFIXES:
        return read_html
    return read_text_bytes


def read_document(
    path: str | Path,
    pdf_engine: str = Settings.pdf_engine,
    password: str | None = None,
    ocr: str = Settings.ocr,
    ocr_lang: str = Settings.ocr_lang,
) -> Document:
    """Read one file into a Document, or raise :class:`ReadError` saying why not.

    ``pdf_engine`` parses PDF pages: ``"pdfium"`` or ``"pdfminer"`` (see :mod:`.pdf`);
    ``password`` opens an encrypted PDF; ``ocr`` and ``ocr_lang`` say which PDF pages OCR
    reads and in which language (see :mod:`.ocr`).
    """
    p = Path(path)
    source = readable_name(p.name)
    if not p.exists():
        raise ReadError(str(p), "no such file")
    if not p.is_file():
        raise ReadError(str(p), "not a regular file")
    size = p.stat().st_size
    if size == 0:
        raise ReadError(source, "empty file")
    if size > MAX_BYTES:
        raise ReadError(
            source, f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB)"
        )
    data = p.read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    doc = _choose_reader(data, p, pdf_engine, password, ocr, ocr_lang)(data, source, checksum)
    if not any(True for _ in doc.texts()) and not any(True for _ in doc.tables()):
        raise ReadError(source, "no text found in the document (empty)")
    return doc
