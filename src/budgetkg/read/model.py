"""The normalized document every reader produces and every extractor consumes.

A document is an ordered list of blocks: headings, paragraphs and tables. Each
block carries a :class:`Provenance` saying where it came from (file, page,
table number, row number, and for PDF cells a bounding box), so that every
fact extracted later can point back to its source. Readers for text, DOCX and
PDF all produce this same model; nothing downstream knows which reader ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Provenance:
    """Where a block, row or cell came from in its source file."""

    source: str
    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Heading:
    """A heading; ``level`` is 1 for the top level (markdown ``#``, Word Heading 1)."""

    text: str
    level: int
    prov: Provenance


@dataclass
class Paragraph:
    """A paragraph or list item of running text."""

    text: str
    prov: Provenance


@dataclass
class Cell:
    """One table cell; merged cells are expanded so each grid column has a cell."""

    text: str
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None  # OCR's confidence 0..1 in its weakest word; None for printed text
    alternatives: tuple[str, ...] = ()  # other readings OCR gave of the cell, tried first if sums fail


@dataclass
class Row:
    """One table row with its provenance (``prov.row`` is 1-based within the table)."""

    cells: list[Cell]
    prov: Provenance

    @property
    def texts(self) -> list[str]:
        """The cell texts, stripped."""
        return [c.text.strip() for c in self.cells]


@dataclass
class Table:
    """A table: rows of cells. ``number`` counts tables in the document from 1."""

    number: int
    rows: list[Row]
    prov: Provenance
    caption: str | None = None


Block = Heading | Paragraph | Table


@dataclass
class OcrSummary:
    """How a document's scanned pages were read: engine, version, pages and the words' mean confidence."""

    engine: str
    version: str
    lang: str
    pages: list[int]
    mean_confidence: float


@dataclass
class Document:
    """A read document: its blocks in reading order, plus what identifies the file."""

    source: str
    checksum: str
    media_type: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    ocr: OcrSummary | None = None  # set when some pages were read by OCR

    def tables(self) -> Iterator[Table]:
        """The tables of the document, in order."""
        return (b for b in self.blocks if isinstance(b, Table))

    def texts(self) -> Iterator[str]:
        """The text of every heading and paragraph, in order."""
        for b in self.blocks:
            if isinstance(b, (Heading, Paragraph)):
                yield b.text
