"""Zipped Office files: tell DOCX from XLSX (and refuse other zips), then read.

Both formats are ZIP packages; ``[Content_Types].xml`` names the main part,
which is more reliable than the file name.
"""

from __future__ import annotations

import io
import zipfile

from .errors import ReadError
from .model import Document

DOCX_MAIN = "wordprocessingml.document.main+xml"
XLSX_MAIN = "spreadsheetml.sheet.main+xml"
MACRO_DOCX = "ms-word.document.macroEnabled.main+xml"
MACRO_XLSX = "ms-excel.sheet.macroEnabled.main+xml"


def office_kind(data: bytes, source: str) -> str:
    """``"docx"`` or ``"xlsx"`` for a Word or Excel package; ReadError for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names:
                raise ReadError(source, "a ZIP archive, not a Word (DOCX) or Excel (XLSX) file")
            types = zf.read("[Content_Types].xml").decode("utf-8", errors="replace")
    except zipfile.BadZipFile as exc:
        raise ReadError(source, f"damaged ZIP/Office file: {exc}") from None
    if DOCX_MAIN in types or MACRO_DOCX in types:
        return "docx"
    if XLSX_MAIN in types or MACRO_XLSX in types:
        return "xlsx"
    if "presentationml" in types:
        raise ReadError(source, "a PowerPoint file; only Word (DOCX) and Excel (XLSX) are read")
    raise ReadError(source, "an Office package that is neither Word (DOCX) nor Excel (XLSX)")


def read_zip_office(data: bytes, source: str, checksum: str) -> Document:
    """Read a DOCX or XLSX file into a Document."""
    kind = office_kind(data, source)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, source, checksum)
    from .xlsx import read_xlsx

    return read_xlsx(data, source, checksum)
