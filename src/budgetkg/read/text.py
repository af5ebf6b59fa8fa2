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

Bytes become text in :func:`decode_text`, which tries, in this order: a
byte-order mark (UTF-8, UTF-16 LE, UTF-16 BE), strict UTF-8, the encoding
the file declares (an HTML page's ``<meta charset>``, given by the caller),
then strict GB18030 (a superset of GBK and GB2312, what Chinese Windows
saves as "ANSI"). UTF-8 goes first because GBK text is practically never
valid UTF-8 (a strict decode fails within a few Chinese characters), while
GB18030 decodes most UTF-8 bytes into nonsense without an error; so a page
saved as UTF-8 but still declaring ``gb2312`` reads right. Anything else,
or text full of control characters, is refused as binary data.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from .errors import ReadError
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


BINARY = "binary data, not a text, HTML, PDF, Word or Excel document"
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# names pages declare for what GB18030 decodes (it is their superset)
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "csgb2312", "euc-cn", "gb18030"}


def encoding_of(name: str | None) -> str | None:
    """The Python codec for an encoding a file declares, or None when unknown.

    Every GB name is read as GB18030, which decodes all of GBK and GB2312
    (pages declaring ``gb2312`` routinely hold GBK-only characters).
    """
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # a page cannot declare UTF-16/32 in its own ASCII text: a BOM says it, as browsers hold
    return None if codec.startswith(("utf-16", "utf-32")) else codec


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """The text of ``data``: BOM, then UTF-8, then the ``declared`` encoding, then GB18030.

    Raises :class:`ReadError` for binary data (NUL bytes without a UTF-16
    BOM, or many control characters) and for bytes no encoding decodes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            n = len(bom)
            try:
                text = data[n:].decode(codec)
            except UnicodeDecodeError as exc:
                why = f"not valid {codec.upper()} text after its byte-order mark (byte {exc.start + n})"
                raise ReadError(source, why) from None
            return _refuse_binary(text, source)
    if b"\x00" in data[:65536]:
        raise ReadError(source, BINARY)
    declared_codec = encoding_of(declared)
    tried = ["utf-8"] + ([declared_codec] if declared_codec else []) + ["gb18030"]
    for name in tried:
        try:
            return _refuse_binary(data.decode(name), source)
        except UnicodeDecodeError:
            continue
    raise ReadError(source, "not valid UTF-8, UTF-16 (with BOM) or GBK/GB18030 text")


_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\r\n\f")  # deleted by str.translate


def _refuse_binary(text: str, source: str) -> str:
    """``text``, unless more than 5% of its first 64K characters are control characters."""
    sample = text[:65536]
    bad = len(sample) - len(sample.translate(_CONTROL))  # counted in C: a Python loop took 1 % of ingest
    if sample and bad / len(sample) > 0.05:
        raise ReadError(source, BINARY)
    return text


def read_text_bytes(data: bytes, source: str, checksum: str) -> Document:
    """Read a text file's bytes (any encoding :func:`decode_text` accepts) into a Document."""
    return read_text(decode_text(data, source), source, checksum)


def read_text(text: str, source: str, checksum: str) -> Document:
    """Parse the text of a budget document into a normalized :class:`Document`."""
    blocks = read_lines(text.splitlines(), source)
    return Document(source=source, checksum=checksum, media_type="text/plain", blocks=blocks)


def read_lines(lines: list[str], source: str) -> list[Block]:
    """The blocks of a document's text lines: the layout is detected once for all lines.

    Other readers with text lines (an HTML page whose tables are printed as
    lines of text) use this too; ``prov.line`` is the 1-based index in ``lines``.
    """
    cleaned = [clean_line(ln) for ln in lines]
    if is_one_cell_layout(cleaned):
        return list(_blocks_one_cell(cleaned, source))
    return list(_blocks_tab(cleaned, source))


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
