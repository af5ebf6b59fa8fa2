"""What a reader saw in a document, for humans: ``budgetkg inspect FILE``.

When a document extracts badly the question is usually "how was it read?":
which lines became headings, where a table starts and ends, which cell
holds which text. :func:`describe` prints the blocks in order with their
page (or line) and each table as a grid, so a user can see why a document
parsed the way it did.
"""

from __future__ import annotations

from .read.model import Block, Document, Heading, Paragraph, Provenance, Table

__all__ = ["describe"]


def _where(prov: Provenance) -> str:
    """``p3`` for a page, ``l120`` for a text line, ``-`` when unknown."""
    if prov.page is not None:
        return f"p{prov.page}"
    if prov.line is not None:
        return f"l{prov.line}"
    return "-"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _summary(doc: Document) -> str:
    blocks = doc.blocks
    headings = sum(isinstance(b, Heading) for b in blocks)
    paragraphs = sum(isinstance(b, Paragraph) for b in blocks)
    tables = [b for b in blocks if isinstance(b, Table)]
    pages = f", {doc.pages} pages" if doc.pages else ""
    return (
        f"{doc.source} ({doc.media_type}{pages}) sha256 {doc.checksum[:12]}\n"
        f"{headings} headings, {paragraphs} paragraphs, {len(tables)} tables "
        f"with {sum(len(t.rows) for t in tables)} rows"
    )


def _table_lines(table: Table, width: int, max_rows: int | None, boxes: bool) -> list[str]:
    ncols = max((len(r.cells) for r in table.rows), default=0)
    pages = sorted({r.prov.page for r in table.rows if r.prov.page is not None})
    span = f" on pages {pages[0]}-{pages[-1]}" if len(pages) > 1 else ""
    caption = f" caption {table.caption!r}" if table.caption else ""
    size = f"{len(table.rows)} rows x {ncols} columns"
    out = [f"{_where(table.prov):>5}  TABLE {table.number}: {size}{span}{caption}"]
    rows = table.rows if max_rows is None else table.rows[:max_rows]
    for row in rows:
        cells = " | ".join(c.text.strip() for c in row.cells)
        out.append(f"{_where(row.prov):>5}    r{row.prov.row or '?'}: {_clip(cells, width)}")
        if boxes:
            for j, c in enumerate(row.cells):
                if c.bbox is not None and c.text.strip():
                    box = ", ".join(f"{v:.1f}" for v in c.bbox)
                    out.append(f"{'':>5}       c{j + 1} [{box}] {_clip(c.text, 40)}")
    if max_rows is not None and len(table.rows) > max_rows:
        out.append(f"{'':>5}    ... {len(table.rows) - max_rows} more rows")
    return out


def _block_lines(block: Block, width: int, max_rows: int | None, boxes: bool) -> list[str]:
    if isinstance(block, Table):
        return _table_lines(block, width, max_rows, boxes)
    if isinstance(block, Heading):
        return [f"{_where(block.prov):>5}  H{block.level}  {_clip(block.text, width)}"]
    return [f"{_where(block.prov):>5}  ¶   {_clip(block.text, width)}"]


def describe(doc: Document, *, width: int = 160, max_rows: int | None = None, boxes: bool = False) -> str:
    """The document's blocks in reading order, tables with every row's cells.

    ``width`` clips long lines, ``max_rows`` limits the rows shown per table,
    ``boxes`` adds each non-empty cell's bounding box (PDF points, from the
    page's top-left corner: x0, top, x1, bottom).
    """
    lines = [_summary(doc), ""]
    for block in doc.blocks:
        lines.extend(_block_lines(block, width, max_rows, boxes))
    return "\n".join(lines) + "\n"
