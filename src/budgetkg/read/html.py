"""HTML reader on lxml: a saved web page becomes headings, paragraphs and tables.

Government sites publish budgets as pages saved from Word ("save as web
page") or printed by a CMS. The page is decoded by its byte-order mark, its
``<meta charset>`` (GB2312/GBK pages read as GB18030), else UTF-8, else
GB18030 (:func:`budgetkg.read.text.decode_text`), and parsed by lxml's HTML
parser, which accepts the broken markup such pages hold.

The body is walked in document order:

* ``<h1>``-``<h6>`` are headings; every other block element (``<p>``,
  ``<div>``, ``<li>`` ...) and every ``<br>`` ends a line of text;
* what a reader never sees is left out: ``<head>``, scripts, styles,
  navigation (``<nav>``, ``role="navigation"``), form controls, elements
  hidden with ``display:none`` or ``hidden``, and the page header and
  footer LibreOffice writes as ``<div title="header">``/``"footer"``;
* a ``<table>`` holding data is a table: ``rowspan``/``colspan`` are
  expanded like merged Word cells (:mod:`.grid`: text in the top-left
  position, the covered ones empty), the lines of a cell (``<br>``,
  paragraphs) are joined as wrapped text, ``<caption>`` is the caption;
* a layout table (one holding another table, a heading, or just one cell,
  or marked ``role="presentation"``) is not a table: its cells are read as
  running text, so a page wrapped in a layout table is not one giant table.

The lines of running text go through the text reader
(:func:`budgetkg.read.text.read_lines`), so tables printed as lines of text
(cells separated by TAB characters, or one ``TAB cell`` per line) are found
by the same layout detection as in a text file. Whitespace follows HTML: a
run of spaces and newlines is one space (none between two CJK characters
when it holds a line break, as in Word's wrapped HTML source), except that
a TAB not next to a line break is kept as a cell separator, as are Word's
tab spans (``mso-tab-count``); inside ``<pre>`` or ``white-space: pre``
every line break and space is kept.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from .errors import ReadError
from .grid import Span, expand_spans
from .model import Block, Cell, Document, Heading, Provenance, Row, Table
from .text import decode_text, read_lines
from .wrap import join_wrapped

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|table|div|script|style)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)

_SKIP = {
    "head", "title", "script", "style", "noscript", "template", "nav", "iframe", "frame", "object",
    "embed", "applet", "select", "option", "button", "input", "textarea", "svg", "math", "canvas",
    "map", "audio", "video", "img",
}  # fmt: skip
_BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "main",
    "header", "footer", "aside", "address", "center", "form", "fieldset", "figure", "figcaption",
    "hr", "body", "html", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "details", "summary",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE_RUN = re.compile(r"([ \t\n\r\f]+)")  # split() keeps the runs
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PRE_STYLE = re.compile(r"white-space\s*:\s*(pre|pre-wrap|break-spaces)\b", re.IGNORECASE)
_MSO_TAB = re.compile(r"mso-tab-count\s*:\s*(\d+)", re.IGNORECASE)

MEDIA_TYPE = "text/html"
LAYOUT_CELL_BLOCKS = 30  # a data cell (a project's goal) has a few paragraphs; a page has many
LAYOUT_CELL_CHARS = 3000


def looks_like_html(data: bytes) -> bool:
    """True when the file starts like a web page (after a BOM, an XML declaration, comments)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        head = head[2:4096].decode(codec, errors="ignore").encode("utf-8")
    return _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>``, ``http-equiv``, ``<?xml``)."""
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def _tag(el: Any) -> str | None:
    """The lower-case tag name, or None for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.lower()  # Word's <o:p> stays "o:p": an inline element, not a paragraph


def _hidden(el: Any) -> bool:
    """True for what a reader does not see as content: hidden, navigation, a page's running header."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if (el.get("title") or "").lower() in ("header", "footer") and _tag(el) == "div":
        return True  # LibreOffice's export of the page header and footer (running title, page number)
    if (el.get("role") or "").lower() == "navigation":
        return True
    return bool(_HIDDEN.search(el.get("style") or ""))


def _own_rows(table: Any) -> list[Any]:
    """The ``<tr>`` of this table (directly or in its row groups), not of tables nested in it."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if _tag(tr) == "tr")
    return rows


def _cells(tr: Any) -> list[Any]:
    return [td for td in tr if _tag(td) in ("td", "th") and not _hidden(td)]


def is_layout_table(table: Any) -> bool:
    """True for a table that lays out the page rather than holding data.

    It is marked ``role="presentation"``, has a single cell, or one of its
    cells holds a table, a heading, or a page of text (more than
    :data:`LAYOUT_CELL_BLOCKS` paragraphs or :data:`LAYOUT_CELL_CHARS`
    characters): data cells hold a few lines at most.
    """
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    cells = [td for tr in _own_rows(table) for td in _cells(tr)]
    if len(cells) <= 1:
        return True
    for td in cells:
        blocks = 0
        for el in td.iterdescendants():
            tag = _tag(el)
            if tag == "table" or tag in _HEADINGS:
                return True
            blocks += tag in ("p", "div", "li", "br")
        if blocks > LAYOUT_CELL_BLOCKS or len("".join(td.itertext())) > LAYOUT_CELL_CHARS:
            return True
    return False


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else 1


@dataclasses.dataclass
class _Line:
    text: str
    sourceline: int | None


@dataclasses.dataclass
class _Space:
    """White space waiting for the next character to decide what it becomes (see :meth:`_Flow.space`)."""

    seen: bool = False  # any collapsible white space
    newline: bool = False  # a line break of the source among it
    tabs: int = 0  # TAB characters among it
    word_tabs: int = 0  # Word's tab spans: always TABs


class _Flow:
    """Collects the lines, headings and tables of an element tree in reading order.

    White space outside ``<pre>`` is held back (:class:`_Space`) until the
    next character shows what it becomes, so a run spread over several
    text nodes (``<span>a </span> b``) is judged as one.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[_Line | Heading | Table] = []
        self.pieces: list[str] = []
        self.line_at: int | None = None
        self.pending = _Space()
        self.last = ""  # the last character of the line so far

    # ---- text

    def add_text(self, text: str | None, pre: bool, sourceline: int | None) -> None:
        if not text:
            return
        if self.line_at is None:
            self.line_at = sourceline
        if pre:
            first, *rest = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            self._put(first)
            for part in rest:
                self.end_line(keep_blank=True)
                self.line_at = sourceline
                self._put(part)
            return
        for i, token in enumerate(_SPACE_RUN.split(text)):
            if i % 2:  # a white-space run
                self.pending.seen = True
                self.pending.newline |= "\n" in token or "\r" in token
                self.pending.tabs += token.count("\t")
            elif token:
                self._put(token.replace("\xa0", " "))

    def add_word_tabs(self, n: int) -> None:
        self.pending.word_tabs += n

    def space(self, following: str) -> str:
        """What the pending white space becomes before ``following`` ("" at the end of the line).

        Word's tab spans are TABs; TABs not next to a source line break are
        TABs (cell separators, kept at the start and end of a line too);
        otherwise nothing at either end of a line, nothing for a source line
        break between two wide (CJK) characters (CSS Text 3's segment break
        rule, which Firefox follows: Word wraps its HTML inside Chinese
        text), else one space.
        """
        ws = self.pending
        if ws.word_tabs:
            return "\t" * ws.word_tabs
        if not ws.seen:
            return ""
        if ws.tabs and not ws.newline:
            return "\t" * ws.tabs
        if not self.last or not following:
            return ""
        if ws.newline and _wide(self.last) and _wide(following):
            return ""
        return " "

    def _put(self, text: str) -> None:
        if not text:
            return
        self.pieces.append(self.space(text[0]) + text)
        self.pending = _Space()
        self.last = text[-1]

    def end_line(self, keep_blank: bool = False) -> None:
        """End the current line; an empty one is kept only when asked (``<br>``, empty ``<p>``)."""
        text = "".join(self.pieces) + self.space("")
        if text.strip(" ") or keep_blank:
            self.items.append(_Line(text.strip(" "), self.line_at))
        self.pieces = []
        self.line_at = None
        self.pending = _Space()
        self.last = ""

    # ---- elements

    def walk_children(self, el: Any, pre: bool) -> None:
        self.add_text(el.text, pre, el.sourceline)
        for child in el:
            self.walk(child, pre)
            self.add_text(child.tail, pre, child.sourceline)

    def walk(self, el: Any, pre: bool) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP or _hidden(el):
            return
        if tag == "br":
            self.end_line(keep_blank=True)
            return
        style = el.get("style") or ""
        tabs = _MSO_TAB.search(style)
        if tabs:  # Word's tab: a span of spaces standing for TAB characters
            self.add_word_tabs(max(1, int(tabs.group(1))))
            return
        pre = pre or tag in ("pre", "xmp", "listing", "plaintext") or bool(_PRE_STYLE.search(style))
        if tag in _HEADINGS:
            self.end_line()
            text = join_wrapped(ln.text for ln in _lines_of(el, self.source, pre))
            if text:
                prov = Provenance(source=self.source, line=el.sourceline)
                self.items.append(Heading(text=text, level=_HEADINGS[tag], prov=prov))
            return
        if tag == "table":
            self.end_line()
            if is_layout_table(el):
                for tr in _own_rows(el):
                    for td in _cells(tr):
                        self.walk_children(td, pre)
                        self.end_line()
            else:
                table = _data_table(el, self.source, pre)
                if table is not None:
                    self.items.append(table)
            return
        if tag not in _BLOCK:
            self.walk_children(el, pre)
            return
        self.end_line()
        before = len(self.items)
        self.walk_children(el, pre)
        self.end_line(keep_blank=tag == "p" and len(self.items) == before)


def _wide(ch: str) -> bool:
    """An East Asian wide, fullwidth or halfwidth character (CSS: a segment break next to two vanishes)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _lines_of(el: Any, source: str, pre: bool) -> list[_Line]:
    """The text lines inside one element (a cell, a heading)."""
    flow = _Flow(source)
    flow.walk_children(el, pre)
    flow.end_line()
    return [it for it in flow.items if isinstance(it, _Line)]


def _data_table(table: Any, source: str, pre: bool) -> Table | None:
    """A Table of the grid of a data ``<table>`` (number and provenance set later), None if empty."""
    rows: list[list[Span]] = []
    for tr in _own_rows(table):
        if _hidden(tr):
            continue
        rows.append(
            [
                Span(
                    join_wrapped(ln.text for ln in _lines_of(td, source, pre)),
                    rows=_span(td.get("rowspan")) if td.get("rowspan") != "0" else 10**6,
                    cols=_span(td.get("colspan")),
                )
                for td in _cells(tr)
            ]
        )
    grid = expand_spans(rows)
    if not any(t for row in grid for t in row):
        return None
    caption = next((c for c in table if _tag(c) == "caption"), None)
    caption_text = (
        join_wrapped(ln.text for ln in _lines_of(caption, source, pre)) if caption is not None else ""
    )
    prov = Provenance(source=source, line=table.sourceline)
    return Table(
        number=0,
        rows=[Row(cells=[Cell(t) for t in texts], prov=prov) for texts in grid],
        prov=prov,
        caption=caption_text or None,
    )


def _blocks(items: list[_Line | Heading | Table], source: str) -> list[Block]:
    """Blocks in reading order: runs of lines through the text reader, tables numbered from 1."""
    blocks: list[Block] = []
    run: list[_Line] = []

    def flush() -> None:
        if not run:
            return
        for block in read_lines([ln.text for ln in run], source):
            blocks.append(_at_source_lines(block, run))
        run.clear()

    for item in items:
        if isinstance(item, _Line):
            run.append(item)
        else:
            flush()
            blocks.append(item)
    flush()
    number = 0
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            number += 1
            block = _numbered(block, number)
        out.append(block)
    return out


def _at_source_lines(block: Block, run: list[_Line]) -> Block:
    """A block of the text reader with line numbers turned into the page's source lines."""

    def fix(prov: Provenance) -> Provenance:
        index = (prov.line or 1) - 1
        line = run[index].sourceline if 0 <= index < len(run) else None
        return dataclasses.replace(prov, line=line)

    if isinstance(block, Table):
        rows = [Row(cells=r.cells, prov=fix(r.prov)) for r in block.rows]
        return Table(number=block.number, rows=rows, prov=fix(block.prov), caption=block.caption)
    return dataclasses.replace(block, prov=fix(block.prov))


def _numbered(table: Table, number: int) -> Table:
    """The table as the ``number``-th of the page, rows counted from 1."""
    rows = [
        Row(cells=r.cells, prov=dataclasses.replace(r.prov, table=number, row=i + 1))
        for i, r in enumerate(table.rows)
    ]
    return Table(
        number=number, rows=rows, prov=dataclasses.replace(table.prov, table=number), caption=table.caption
    )


def read_html(data: bytes, source: str, checksum: str, declared: str | None = None) -> Document:
    """Read a saved web page (``.html``/``.htm``) into a Document.

    ``declared`` is a charset named outside the page (a web archive's part
    header); the page's own ``<meta charset>`` goes first.
    """
    import lxml.etree

    text = _XML_DECL.sub("", decode_text(data, source, declared_encoding(data) or declared), count=1)
    # the plain etree parser: lxml.html's element classes would only slow the walk down
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReadError(source, f"not a readable HTML page: {exc}") from None
    if root is None:  # only comments or white space
        raise ReadError(source, "no text found in the document (empty)")
    flow = _Flow(source)
    body = root.find("body")
    flow.walk_children(body if body is not None else root, pre=False)
    flow.end_line()
    return Document(
        source=source, checksum=checksum, media_type=MEDIA_TYPE, blocks=_blocks(flow.items, source)
    )
