"""Old binary Office files (OLE2 compound files): Word .doc and Excel .xls; and RTF.

Both start with the same OLE2 signature; the streams in the file's
directory tell them apart (``WordDocument``, ``Workbook``/``Book``), which
is more reliable than the file name. An .xls is read by xlrd; a .doc is
converted to DOCX by LibreOffice headless (:mod:`.convert`) and read by the
DOCX reader. Other OLE2 files (PowerPoint, password-protected Office files)
are refused with the reason. An RTF file (often downloaded as ``.doc``) is
converted by LibreOffice the same way.
"""

from __future__ import annotations

import dataclasses
import io

from .errors import ReadError
from .model import Document

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
DOC_MEDIA_TYPE = "application/msword"
RTF_MEDIA_TYPE = "application/rtf"


def stream_names(data: bytes, source: str) -> set[str]:
    """The names in an OLE2 file's directory; ReadError when the directory cannot be read."""
    from xlrd.compdoc import CompDoc

    try:
        return {d.name for d in CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception as exc:  # xlrd raises CompDocError, struct and index errors for broken files
        raise ReadError(source, f"damaged Office (OLE2) file: {type(exc).__name__}: {exc}") from None


def ole_kind(data: bytes, source: str, suffix: str = "") -> str:
    """``"doc"`` or ``"xls"`` for an old Word or Excel file; ReadError for any other OLE2 file."""
    names = stream_names(data, source)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise ReadError(source, "a password-protected Office file: save it without a password")
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        raise ReadError(source, "a PowerPoint file; only Word (.doc/.docx) and Excel (.xls/.xlsx) are read")
    raise ReadError(source, "an OLE2 file that is neither an old Word (.doc) nor Excel (.xls) file")


def read_ole(data: bytes, source: str, checksum: str) -> Document:
    """Read an old Word (.doc) or Excel (.xls) file into a Document."""
    if ole_kind(data, source) == "xls":
        from .xls import read_xls

        return read_xls(data, source, checksum)
    return read_doc(data, source, checksum)


def read_doc(data: bytes, source: str, checksum: str) -> Document:
    """An old Word file converted to DOCX by LibreOffice, then read as DOCX."""
    from .convert import convert
    from .docx import read_docx

    docx = convert(data, source, ".doc", "docx", "an old Word (.doc) file")
    return dataclasses.replace(read_docx(docx, source, checksum), media_type=DOC_MEDIA_TYPE)


def read_rtf(data: bytes, source: str, checksum: str) -> Document:
    """An RTF file converted to DOCX by LibreOffice, then read as DOCX."""
    from .convert import convert
    from .docx import read_docx

    docx = convert(data, source, ".rtf", "docx", "an RTF file")
    return dataclasses.replace(read_docx(docx, source, checksum), media_type=RTF_MEDIA_TYPE)
