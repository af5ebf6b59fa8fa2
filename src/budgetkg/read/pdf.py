"""PDF reader (pdfplumber). Placeholder until the PDF reader lands."""

from __future__ import annotations

from .errors import ReadError
from .model import Document


def read_pdf(data: bytes, source: str, checksum: str) -> Document:
    """Read a PDF into a Document."""
    raise ReadError(source, "PDF input is not supported yet")
