"""How many pages a file has, counted before it is read (the page limit per document)."""

from __future__ import annotations

from pathlib import Path


def page_count(path: Path) -> int | None:
    """The page count of a PDF (PDFium reads only the page tree); None for other files or unreadable PDFs.

    A PDF PDFium cannot open (a password, damage) is left to the reader, which says why.
    """
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"%PDF":
                return None
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return None
    try:
        return len(doc)
    finally:
        doc.close()
