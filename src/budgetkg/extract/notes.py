"""The notes printed under tables (注：此表为空表 / 注：2024年没有使用...).

A note says why a table is empty or what it leaves out; an empty table with
such a note is a published fact (the department has no government-fund
spending), not a missing table.
"""

from __future__ import annotations

import re

from ..read.model import Document, Heading, Paragraph, Table
from .tables import LogicalTable
from .text import clean_name

_NOTE = re.compile(r"^[(（]?\s*注\s*[:：]")


def is_note(text: str) -> bool:
    """A paragraph that is a note (starts with 注：, possibly in brackets)."""
    return bool(_NOTE.match(text.strip()))


def table_notes(doc: Document, tables: list[LogicalTable]) -> dict[int, str]:
    """The notes right after each logical table, by table number (several notes joined)."""
    last_part = {t.parts[-1].number: t.number for t in tables}  # by number: a part may be a trimmed copy
    notes: dict[int, list[str]] = {}
    current: int | None = None
    for block in doc.blocks:
        if isinstance(block, Table):
            current = last_part.get(block.number)
            continue
        if isinstance(block, Heading) or current is None:
            current = None
            continue
        if isinstance(block, Paragraph) and is_note(block.text):
            notes.setdefault(current, []).append(_clean(block.text))
        else:
            current = None
    return {number: " ".join(texts) for number, texts in notes.items()}


def _clean(text: str) -> str:
    """The note's text without the brackets some layouts put around it."""
    text = clean_name(text)
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    return text
