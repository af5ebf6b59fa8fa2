"""Word (DOCX) reader on python-docx: paragraphs with heading levels and tables, in order.

The body is walked in document order, including content controls (a table
of contents usually sits in one). Headers and footers are not part of the
body, so running headers and page numbers never reach the document.

Table rows are expanded to the full grid: a cell spanning columns
(``gridSpan``) keeps its text in its first column and leaves the others
empty; a cell continuing a vertical merge (``vMerge``) is empty, as the text
dumps show merged cells. ``gridBefore``/``gridAfter`` give empty cells too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from .errors import ReadError
from .grid import Span, expand_spans
from .model import Block, Cell, Document, Heading, Paragraph, Provenance, Row, Table
from .wrap import join_wrapped

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)


def _val(el: Any, tag: str) -> str | None:
    """The ``w:val`` of child ``tag`` of ``el``, or None."""
    if el is None:
        return None
    child = el.find(W + tag)
    if child is None:
        return None
    return child.get(W + "val")


def heading_levels(document: Any) -> dict[str, int]:
    """Style id -> heading level, from style names (Heading 1, 标题 1, Title) or outline levels."""
    levels: dict[str, int] = {}
    styles = document.styles.element
    based: dict[str, str] = {}
    for st in styles.findall(W + "style"):
        sid = st.get(W + "styleId") or ""
        name = (_val(st, "name") or "").strip()
        m = _HEADING_NAME.match(name)
        outline = _val(st.find(W + "pPr"), "outlineLvl")
        if m:
            levels[sid] = int(m.group(2))
        elif name.lower() == "title":
            levels[sid] = 1
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            levels[sid] = int(outline) + 1
        parent = _val(st, "basedOn")
        if parent:
            based[sid] = parent
    for sid, parent in based.items():
        if sid not in levels and parent in levels and not sid.lower().startswith("toc"):
            levels[sid] = levels[parent]
    return levels


def paragraph_text(p: Any) -> str:
    """The visible text of a ``w:p``: runs, tabs as spaces, line breaks joined as wrapped text."""
    parts: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        tag = el.tag[len(W) :]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return join_wrapped("".join(parts).split("\n"))


def _body_elements(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body-like element, looking inside content controls."""
    for el in parent:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from _body_elements(content)


class _Reader:
    """Turns body elements into blocks, counting tables."""

    def __init__(self, source: str, levels: dict[str, int]) -> None:
        self.source = source
        self.levels = levels
        self.tables = 0
        self.paragraphs = 0

    def paragraph(self, p: Any) -> Block | None:
        text = paragraph_text(p)
        self.paragraphs += 1
        if not text:
            return None
        prov = Provenance(source=self.source, line=self.paragraphs)
        ppr = p.find(W + "pPr")
        level = self.levels.get(_val(ppr, "pStyle") or "")
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        if level is not None:
            return Heading(text=text, level=level, prov=prov)
        return Paragraph(text=text, prov=prov)

    def table(self, tbl: Any) -> Table | None:
        grid = table_grid(tbl)
        if not grid:
            return None
        self.tables += 1
        n = self.tables
        rows = [
            Row(cells=[Cell(t) for t in texts], prov=Provenance(source=self.source, table=n, row=i + 1))
            for i, texts in enumerate(grid)
        ]
        return Table(number=n, rows=rows, prov=Provenance(source=self.source, table=n))


def _tc_span(tc: Any) -> tuple[int, str | None]:
    """(grid span, vertical merge state: "restart", "continue" or None) of a ``w:tc``."""
    pr = tc.find(W + "tcPr")
    span = _val(pr, "gridSpan")
    vmerge = None
    if pr is not None:
        vm = pr.find(W + "vMerge")
        if vm is not None:
            vmerge = "restart" if vm.get(W + "val") == "restart" else "continue"
    return (int(span) if span and span.isdigit() else 1), vmerge


def table_grid(tbl: Any) -> list[list[str]]:
    """Rows of cell texts expanded to the full grid (merged cells: text first, then empty).

    A cell continuing a vertical merge holds its own grid position in Word,
    so it is an empty one-row cell here, not a row span.
    """
    rows: list[list[Span]] = []
    for tr in tbl.findall(W + "tr"):
        pr = tr.find(W + "trPr")
        before = _val(pr, "gridBefore")
        after = _val(pr, "gridAfter")
        row = [Span("", cols=int(before))] if before and before.isdigit() and int(before) > 0 else []
        for tc in tr.findall(W + "tc"):
            span, vmerge = _tc_span(tc)
            row.append(Span("" if vmerge == "continue" else cell_text(tc), cols=span))
        if after and after.isdigit() and int(after) > 0:
            row.append(Span("", cols=int(after)))
        rows.append(row)
    return expand_spans(rows)


def cell_text(tc: Any) -> str:
    """The text of a table cell: its paragraphs (nested tables included) joined as wrapped text."""
    return join_wrapped(paragraph_text(p) for p in tc.iter(W + "p"))


def read_docx(data: bytes, source: str, checksum: str) -> Document:
    """Read a DOCX file into a Document."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise ReadError(source, f"damaged Word file: {type(exc).__name__}: {exc}") from None
    reader = _Reader(source, heading_levels(document))
    blocks: list[Block] = []
    for el in _body_elements(document.element.body):
        block = reader.paragraph(el) if el.tag == W + "p" else reader.table(el)
        if block is not None:
            blocks.append(block)
    return Document(
        source=source,
        checksum=checksum,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        blocks=blocks,
    )
