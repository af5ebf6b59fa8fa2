"""Readers for zipped Office formats (DOCX, XLSX). Placeholder until they land."""

from __future__ import annotations

from .errors import ReadError
from .model import Document


def read_zip_office(data: bytes, source: str, checksum: str) -> Document:
    """Read a DOCX or XLSX file into a Document."""
    raise ReadError(source, "Word/Excel input is not supported yet")
