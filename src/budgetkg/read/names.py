"""File names as people read them, whatever bytes the file system holds."""

from __future__ import annotations

import os
from pathlib import Path


def readable_name(path: str | Path) -> str:
    """The path as text: a name in GBK (not UTF-8) bytes decoded as GB18030.

    Python keeps undecodable name bytes as surrogates, which neither a terminal
    nor an RDF literal accepts; Chinese file names from older Windows systems
    are GBK.
    """
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")
