"""Read stage: a file becomes a normalized :class:`~budgetkg.read.model.Document`.

The reader is chosen from the file's content (magic bytes) first and its
suffix second, so a PDF named ``.txt`` is still read as a PDF.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from ..settings import Settings
from .errors import ReadError
from .model import Document
from .text import read_text

__all__ = ["ReadError", "Document", "read_document", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = {".txt", ".md", ".text"}
MAX_BYTES = 200 * 1024 * 1024

Reader = Callable[[bytes, str, str], Document]


def _read_plain_text(data: bytes, source: str, checksum: str) -> Document:
    if b"\x00" in data[:65536]:
        raise ReadError(source, "binary data, not a text, PDF or Word document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ReadError(source, "not valid UTF-8 or GB18030 text") from None
    if _control_ratio(text) > 0.05:
        raise ReadError(source, "binary data, not a text, PDF or Word document")
    return read_text(text, source, checksum)


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return bad / len(sample)


def _choose_reader(
    data: bytes, path: Path, pdf_engine: str, ocr: str = Settings.ocr, ocr_lang: str = Settings.ocr_lang
) -> Reader:
    """The reader for this content; unknown binary formats are refused."""
    if data.startswith(b"%PDF"):
        from .pdf import read_pdf

        return functools.partial(read_pdf, engine=pdf_engine, ocr=ocr, lang=ocr_lang)
    if data.startswith(b"PK\x03\x04"):
        from .office import read_zip_office

        return read_zip_office
    return _read_plain_text


def read_document(
    path: str | Path,
    pdf_engine: str = Settings.pdf_engine,
    ocr: str = Settings.ocr,
    ocr_lang: str = Settings.ocr_lang,
) -> Document:
    """Read one file into a Document, or raise :class:`ReadError` saying why not.

    ``pdf_engine`` parses PDF pages: ``"pdfium"`` or ``"pdfminer"`` (see :mod:`.pdf`); ``ocr``
    and ``ocr_lang`` say which PDF pages OCR reads and in which language (see :mod:`.ocr`).
    """
    p = Path(path)
    source = p.name
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
    doc = _choose_reader(data, p, pdf_engine, ocr, ocr_lang)(data, source, checksum)
    if not any(True for _ in doc.texts()) and not any(True for _ in doc.tables()):
        raise ReadError(source, "no text found in the document (empty)")
    return doc
