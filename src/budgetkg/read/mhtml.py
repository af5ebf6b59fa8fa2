"""Web archives (MHTML: Word's "single file web page", ``.mht``, often served as ``.doc``).

The file is a MIME message; its first ``text/html`` part (quoted-printable
or base64, in the charset its header names) is the page, read by the HTML
reader. Images and style parts are ignored.
"""

from __future__ import annotations

import email
import email.policy
import re

from .errors import ReadError
from .model import Document

MEDIA_TYPE = "multipart/related"
_HEADER_LINE = re.compile(rb"^\s*[A-Za-z][A-Za-z0-9-]*:")


def looks_like_mhtml(data: bytes) -> bool:
    """True for a MIME message holding parts (``MIME-Version`` and a multipart type in its head)."""
    head = data[:4096].lower()
    return bool(_HEADER_LINE.match(head)) and b"mime-version:" in head and b"multipart/" in head


def read_mhtml(data: bytes, source: str, checksum: str) -> Document:
    """Read the page of a web archive into a Document."""
    from .html import read_html

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                doc = read_html(payload, source, checksum, declared=part.get_content_charset())
                doc.media_type = MEDIA_TYPE
                return doc
    raise ReadError(source, "a web archive (MHTML) without an HTML page")
