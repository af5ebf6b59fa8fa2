"""Reader for plain-text dumps of budget documents.

Three layouts are recognised, per document:

* TAB-separated table lines (PDF text exports): a run of consecutive lines
  holding a TAB is one table, one line per row;
* one cell per line (Word exports): a line ``TAB text`` is a cell, a blank
  line ends the row, and a line without a leading TAB ends the table;
* markdown headings (``#``, ``##`` ...) and ``**bold**`` markup, as left by
  PDF-to-markdown converters, on top of either table layout.

Everything else is a paragraph. Word bookmarks such as ``[bookmark: _Toc1]``
are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Block, Cell, Document, Heading, Paragraph, Provenance, Row, Table

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ONE_CELL = re.compile(r"^\t[^\t]*\t?\s*$")


def clean_line(line: str) -> str:
    """Drop converter artefacts that carry no content (bookmarks, bold markers)."""
    line = _BOOKMARK.sub("", line)
    return line.replace("**", "").rstrip("\r\n")


def is_one_cell_layout(lines: list[str]) -> bool:
    """True when nearly all TAB lines are ``TAB cell``: a Word table export."""
    tab_lines = [ln for ln in lines if "\t" in ln]
    if not tab_lines:
        return False
    single = sum(1 for ln in tab_lines if _ONE_CELL.match(ln))
    return single / len(tab_lines) > 0.9


def read_text(text: str, source: str, checksum: str) -> Document:
    """Parse the text of a budget document into a normalized :class:`Document`."""
    lines = [clean_line(ln) for ln in text.splitlines()]
    if is_one_cell_layout(lines):
        blocks = list(_blocks_one_cell(lines, source))
    else:
        blocks = list(_blocks_tab(lines, source))
    return Document(source=source, checksum=checksum, media_type="text/plain", blocks=blocks)


def _text_block(line: str, source: str, lineno: int) -> Block | None:
    """A heading or paragraph for a non-table line, or None for a blank one."""
    stripped = line.strip()
    if not stripped:
        return None
    prov = Provenance(source=source, line=lineno)
    m = _MD_HEADING.match(stripped)
    if m:
        return Heading(text=m.group(2).strip(), level=len(m.group(1)), prov=prov)
    if stripped.startswith("- "):
        stripped = stripped[2:].strip()
    return Paragraph(text=stripped, prov=prov)


def _make_table(number: int, rows: list[list[str]], linenos: list[int], source: str) -> Table:
    prov = Provenance(source=source, table=number, line=linenos[0])
    return Table(
        number=number,
        prov=prov,
        rows=[
            Row(
                cells=[Cell(c) for c in cells],
                prov=Provenance(source=source, table=number, row=i + 1, line=ln),
            )
            for i, (cells, ln) in enumerate(zip(rows, linenos, strict=True))
        ],
    )


def _blocks_tab(lines: list[str], source: str) -> Iterable[Block]:
    """Blocks of the TAB-separated layout: each run of TAB lines is a table."""
    number = 0
    rows: list[list[str]] = []
    linenos: list[int] = []
    for i, line in enumerate(lines + [""], start=1):
        if "\t" in line:
            rows.append(line.split("\t"))
            linenos.append(i)
            continue
        if rows:
            number += 1
            yield _make_table(number, rows, linenos, source)
            rows, linenos = [], []
        block = _text_block(line, source, i)
        if block is not None:
            yield block


def _blocks_one_cell(lines: list[str], source: str) -> Iterable[Block]:
    """Blocks of the one-cell-per-line layout: blank lines end rows, text ends tables."""
    number = 0
    rows: list[list[str]] = []
    linenos: list[int] = []
    row: list[str] = []
    row_start = 0
    for i, line in enumerate(lines + ["<end>"], start=1):
        if line.startswith("\t"):
            if not row:
                row_start = i
            row.append(line[1:].rstrip("\t"))
            continue
        if row:
            rows.append(row)
            linenos.append(row_start)
            row = []
        if not line.strip():
            continue
        if rows:
            number += 1
            yield _make_table(number, rows, linenos, source)
            rows, linenos = [], []
        if i <= len(lines):
            block = _text_block(line, source, i)
            if block is not None:
                yield block
