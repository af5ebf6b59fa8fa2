"""pdfplumber pages whose characters, rules and images are read by PDFium.

pdfplumber reads a page through pdfminer, which parses the content stream in
pure Python: about 0.05-0.1 s per page, most of a PDF's ingest time. PDFium
(``pypdfium2``, which pdfplumber already installs for rendering) parses it in
C. :class:`PdfiumPage` is a pdfplumber ``Page`` whose objects come from PDFium
in pdfplumber's own shapes and coordinates -- top-left origin, ``/Rotate``
applied as pdfminer applies it, paths split into lines, rectangles and curves
by pdfminer's rules -- so pdfplumber's table finder, cropping and word
extraction work on them unchanged.

Where the two engines differ (``tests/test_pdfium.py`` holds them side by side):

- a character's ``top``/``bottom`` come from the font's descent as PDFium
  reports it (pdfminer takes the font descriptor's): up to 2 pt apart;
- characters PDFium infers (spaces and line breaks it generates) are left
  out, so the characters are the ones the page draws;
- PDFium keeps one space for a run of spaces: it is widened to the next
  glyph of its text object; a text object drawing only a space, which PDFium
  drops, comes back as a space a quarter em wide;
- ``size`` is the font size as drawn, also for rotated text (pdfminer gives
  a rotated character's advance); ``fontname`` has no subset prefix;
- a glyph without a Unicode mapping is U+FFFD (pdfminer writes ``(cid:N)``);
- objects carry no colours, dash patterns or marked-content tags (the reader
  uses none of them).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pdfplumber.page
import pdfplumber.utils
import pypdfium2
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # left, bottom, right, top in user space
Linear = tuple[float, float, float, float]  # a matrix without its translation: a, b, c, d
Point = tuple[float, float]
Obj = dict[str, Any]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 8  # nested Form XObjects followed for rules and images
FONTNAME_BYTES = 256
SAME_LINE = 0.1  # pt: characters whose bottoms differ by less share a line
EPSILON = 1e-6
MAYBE_GENERATED = frozenset(" \r\n")  # what PDFium generates: inferred spaces and line breaks
UNIT = ctypes.c_float(1.0)
UNMAPPED = 0xFFFD  # a glyph PDFium finds no Unicode for (code 0)
SOFT, HYPHEN = "\x02", "-"  # PDFium reports a hyphen ending a line as U+0002
SPACE_EM = 0.25  # width given to a space recovered from a blank text object, in em


# FPDFText_GetTextObject declared to return the object's address as an int:
# comparing addresses is how the loop over characters notices a new text object,
# and a ctypes pointer would cost a cast per character (pointers are cast back
# only on the rare paths that pass them to PDFium).
text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)
font_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(  # FPDFTextObj_GetFont, likewise
    ctypes.cast(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p).value or 0
)


def device_matrix(rotation: int, mediabox: tuple[float, float, float, float]) -> Matrix:
    """pdfminer's page matrix: PDF user space to unrotated-origin device space, ``/Rotate`` applied."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix applying ``m`` first, then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def apply(m: Matrix, x: float, y: float) -> Point:
    """The point (x, y) under matrix ``m``."""
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


class PdfiumPage(pdfplumber.page.Page):
    """A pdfplumber page whose ``objects`` are read by PDFium instead of pdfminer.

    ``document`` is the same file opened with pypdfium2; the page is loaded
    there only while its objects are parsed, so a long PDF never holds more
    than one PDFium page in memory.
    """

    def __init__(self, plumber_page: pdfplumber.page.Page, document: pypdfium2.PdfDocument) -> None:
        super().__init__(
            plumber_page.pdf,
            plumber_page.page_obj,
            page_number=plumber_page.page_number,
            initial_doctop=plumber_page.initial_doctop,
        )
        self.document = document

    def parse_objects(self) -> dict[str, list[Obj]]:
        """Characters, lines, rectangles, curves and images, as pdfplumber shapes them.

        A page PDFium cannot load is parsed by pdfminer instead, as pdfplumber
        would, its characters deduplicated as :func:`~.page.read_page` does for
        pdfminer's pages (PDFium drops text drawn twice itself).
        """
        try:
            source = self.document[self.page_number - 1]
        except pypdfium2.PdfiumError:
            parsed = super().parse_objects()
            parsed["char"] = pdfplumber.utils.dedupe_chars(parsed.get("char", []))
            return parsed
        mb = self.page_obj.mediabox
        ctm = device_matrix(self.rotation, (mb[0], mb[1], mb[2], mb[3]))
        textpage = source.get_textpage()
        try:
            count = pdfium_c.FPDFPage_CountObjects(source.raw)
            handles = (pdfium_c.FPDFPage_GetObject(source.raw, i) for i in range(count))
            objects: dict[str, list[Obj]] = {"char": _text_chars(self, textpage.raw, ctm)}
            for obj in _walk(self, handles, ctm, textpage.raw):
                objects.setdefault(obj["object_type"], []).append(obj)
        finally:
            textpage.close()
            source.close()
        return objects

    # -- placing objects -------------------------------------------------

    def _placed(self, kind: str, x0: float, y0: float, x1: float, y1: float) -> Obj:
        """A pdfplumber object dict for a device-space box (pdfminer's y-up coordinates)."""
        mb_x0, mb_top = self.mediabox[0], self.mediabox[1]
        top = (self.height - y1) + mb_top
        bottom = (self.height - y0) + mb_top
        return {
            "object_type": kind,
            "page_number": self.page_number,
            "x0": x0 + mb_x0,
            "x1": x1 + mb_x0,
            "y0": y0,
            "y1": y1,
            "top": top,
            "bottom": bottom,
            "doctop": self.initial_doctop + top,
            "width": x1 - x0,
            "height": y1 - y0,
        }

    def placer(self, ctm: Matrix) -> Callable[[Box, str, TextStyle], Obj]:
        """A function making the char dict for a user-space box; it runs once per character."""
        height, mb_x0, mb_top = float(self.height), float(self.mediabox[0]), float(self.mediabox[1])
        doctop, number = self.initial_doctop, self.page_number
        shift = ctm[1] == 0 and ctm[2] == 0 and ctm[0] > 0 and ctm[3] > 0  # unrotated: a translation
        dx, dy = ctm[4], ctm[5]

        def place(box: Box, text: str, style: TextStyle) -> Obj:
            if shift:
                x0, y0, x1, y1 = box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy
            else:
                (ax, ay), (bx, by) = apply(ctm, box[0], box[1]), apply(ctm, box[2], box[3])
                x0, y0, x1, y1 = min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
            top = (height - y1) + mb_top
            return {
                "object_type": "char",
                "page_number": number,
                "text": text,
                "fontname": style.fontname,
                "size": style.size,
                "upright": style.upright,
                "adv": x1 - x0,
                "x0": x0 + mb_x0,
                "x1": x1 + mb_x0,
                "y0": y0,
                "y1": y1,
                "top": top,
                "bottom": (height - y0) + mb_top,
                "doctop": doctop + top,
                "width": x1 - x0,
                "height": y1 - y0,
            }

        return place

    def _to_top(self, pt: Point) -> Point:
        """A device point as pdfplumber's (x, top) coordinates."""
        return (pt[0] + self.mediabox[0], (self.height - pt[1]) + self.mediabox[1])


class TextStyle(NamedTuple):
    """What one text object's characters share."""

    size: float
    fontname: str
    upright: bool  # pdfminer's test on the matrix with the page's rotation applied
    descent: float
    axis: int | None = 0  # user-space axis the baseline runs along (0: x, 1: y, None: slanted)
    up: float = 1.0  # +1 when "up" for the glyphs points along the other axis's positive direction
    ahead: float = 1.0  # +1 when the text advances along its axis's positive direction
    stretch: float = 1.0  # points of advance per unit of glyph width: the font size times the matrix's scale


def _text_chars(page: PdfiumPage, textpage: Any, ctm: Matrix) -> list[Obj]:
    """The characters a PDFium text page holds, as pdfplumber char dicts.

    Characters PDFium generates (spaces and line breaks it infers) are left
    out. PDFium shows a run of spaces inside a text object as one space, so a
    space is widened to the next glyph of its text object: the gap the page
    fills with spaces stays filled. This loop runs once per character of the
    document; what a text object's characters share is looked up once per
    object (:class:`TextObjects`).
    """
    box = pdfium_c.FS_RECTF()
    box_ref = ctypes.byref(box)
    objects = TextObjects(textpage, ctm)
    place = page.placer(ctm)
    run = Run(TextStyle(0.0, "", True, 0.0), None, 0.0, 0.0)
    last: int | None = None
    chars: list[Obj] = []
    space: Obj | None = None  # the previous character, when a space of the same text object
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        text = chr(code or UNMAPPED)
        if text in MAYBE_GENERATED and pdfium_c.FPDFText_IsGenerated(textpage, i):
            space = None
            continue
        key = text_object_address(textpage, i)
        if key != last:
            last, space, run = key, None, objects.run(i, key)
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box_ref):
            continue  # no box: not a drawn character (PDFium gives every drawn one a box)
        bounds = (box.left, box.bottom, box.right, box.top)
        if run.axis is not None:
            bounds = run.box(bounds, objects.advance(code))
        char = place(bounds, HYPHEN if text == SOFT else text, run.style)
        if space is not None and run.style.upright:
            _widen(space, char)
        chars.append(char)
        space = char if text == " " else None
    return chars


class Run(NamedTuple):
    """What the characters of one text object share: style, and where the glyphs sit across the baseline.

    The characters of a text object share a baseline, so pdfminer's extent
    across it -- from the descent, one font size high -- is found once.
    """

    style: TextStyle
    axis: int | None  # user-space axis the baseline runs along (None: slanted text, loose boxes kept)
    low: float  # the glyphs' extent across the baseline, in user space
    high: float

    def box(self, loose: Box, advance: float) -> Box:
        """A character's box: along the baseline from PDFium's loose box, ended at the advance."""
        axis = self.axis or 0
        start, end = loose[axis], loose[axis + 2]
        advance *= self.style.stretch
        if advance > 0:  # an outline overhanging its advance (italics, f) would eat the gap after it
            if self.style.ahead > 0:
                end = min(end, start + advance)
            else:
                start = max(start, end - advance)
        if axis == 0:
            return (start, self.low, end, self.high)
        return (self.low, start, self.high, end)


def _run_at(style: TextStyle, origin: Point) -> Run:
    """The run of glyphs in ``style`` on the baseline through ``origin`` (user space)."""
    if style.axis is None:
        return Run(style, None, 0.0, 0.0)
    base = origin[1 - style.axis]
    ends = (base + style.up * style.descent, base + style.up * (style.descent + style.size))
    return Run(style, style.axis, min(ends), max(ends))


class TextObjects:
    """The text objects of one text page: their runs, and their fonts' glyph advances.

    Text objects are short (LibreOffice writes one per two or three
    characters), so styles are kept per font, size and matrix, advances per
    font and character, and the ctypes buffers are made once.
    """

    def __init__(self, textpage: Any, ctm: Matrix) -> None:
        self.textpage, self.ctm = textpage, ctm
        self._matrix = pdfium_c.FS_MATRIX()
        self._origin = (ctypes.c_double(), ctypes.c_double())
        self._refs = (
            ctypes.byref(self._matrix),
            ctypes.byref(self._origin[0]),
            ctypes.byref(self._origin[1]),
        )
        self._styles: dict[tuple[Any, ...], TextStyle] = {}
        self._widths: dict[tuple[int | None, int], float] = {}
        self._font: int | None = None  # the current text object's font (its address)

    def run(self, index: int, handle: int) -> Run:
        """The run of text object ``handle`` (an address), which draws character ``index``."""
        textpage, m = self.textpage, self._matrix
        self._font = font_address(handle)
        pdfium_c.FPDFText_GetMatrix(textpage, index, self._refs[0])
        size = float(pdfium_c.FPDFText_GetFontSize(textpage, index)) * math.hypot(m.c, m.d)  # as drawn
        key = (self._font, size, m.a, m.b, m.c, m.d)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self._style(index, size)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, self._refs[1], self._refs[2])
        return _run_at(style, (self._origin[0].value, self._origin[1].value))

    def _style(self, index: int, size: float) -> TextStyle:
        name = ctypes.create_string_buffer(FONTNAME_BYTES)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(self.textpage, index, name, FONTNAME_BYTES, ctypes.byref(flags))
        m = self._matrix
        font = ctypes.cast(self._font, pdfium_c.FPDF_FONT) if self._font else None
        return _style((m.a, m.b, m.c, m.d), size, name.value.decode("utf-8", "replace"), font, self.ctm)

    def advance(self, code: int) -> float:
        """The advance of character ``code`` in the current font at size 1 (0 when PDFium cannot tell)."""
        key = (self._font, code)
        width = self._widths.get(key)
        if width is None:
            found = ctypes.c_float()
            font = ctypes.cast(self._font, pdfium_c.FPDF_FONT) if self._font else None
            # PDFium's "glyph" here is a Unicode code point, mapped back to the font's char code
            ok = font and pdfium_c.FPDFFont_GetGlyphWidth(font, code, UNIT, ctypes.byref(found))
            width = self._widths[key] = float(found.value) if ok and found.value > 0 else 0.0
        return width


def _widen(space: Obj, after: Obj) -> None:
    """Stretch a space to the glyph drawn after it on the same line (the spaces PDFium merged)."""
    if abs(after["bottom"] - space["bottom"]) < SAME_LINE and after["x0"] > space["x1"]:
        space["x1"] = after["x0"]
        space["width"] = space["adv"] = space["x1"] - space["x0"]


def _style(m: Linear, size: float, name: str, font: Any, ctm: Matrix) -> TextStyle:
    """The style of text drawn with user-space matrix ``m`` at ``size`` in ``font`` (an ``FPDF_FONT``)."""
    a, b, c, d = m
    descent = ctypes.c_float()
    if not font or not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), ctypes.byref(descent)):
        descent.value = 0.0
    p, q, r, t, _e, _f = multiply((a, b, c, d, 0.0, 0.0), ctm)
    upright = p * t > 0 and q * r <= 0
    stretch = size * math.hypot(a, b) / (math.hypot(c, d) or 1.0)  # size is measured across the baseline
    shared = (size, name, upright, float(descent.value))
    if abs(b) < EPSILON and abs(c) < EPSILON:
        return TextStyle(*shared, 0, math.copysign(1, d), math.copysign(1, a), stretch)
    if abs(a) < EPSILON and abs(d) < EPSILON:
        return TextStyle(*shared, 1, math.copysign(1, c), math.copysign(1, b), stretch)
    return TextStyle(*shared, None, stretch=stretch)


def _blank_space(page: PdfiumPage, handle: Any, ctm: Matrix, user: Matrix) -> Obj | None:
    """A space char for a text object that draws no ink and has no character on the text page.

    PDFium turns a text object holding only a space into a generated
    character of its own, placed by guess; pdfminer keeps the space glyph. The
    space is given a quarter em, its width in most fonts. ``user`` places a
    Form XObject's content on the page, ``ctm`` then maps the page to pdfplumber's space.
    """
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(handle, *(ctypes.byref(v) for v in (left, bottom, right, top)))
    if right.value - left.value > EPSILON and top.value - bottom.value > EPSILON:
        return None  # ink without text: glyphs PDFium cannot map to Unicode, not spaces
    a, b, c, d, e, f = multiply(_matrix(handle), user)
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(handle, ctypes.byref(size))
    em = size.value * math.hypot(c, d)
    style = _style((a, b, c, d), em, "", pdfium_c.FPDFTextObj_GetFont(handle), ctm)
    if style.axis is None or em <= 0:
        return None
    start = (e, f)[style.axis]
    end = start + style.ahead * SPACE_EM * em
    loose = (min(start, end), 0.0, max(start, end), 0.0)
    if style.axis == 1:
        loose = (0.0, loose[0], 0.0, loose[2])
    return page.placer(ctm)(_run_at(style, (e, f)).box(loose, 0.0), " ", style)


def _walk(
    page: PdfiumPage,
    handles: Iterator[Any],
    ctm: Matrix,
    textpage: Any,
    user: Matrix = IDENTITY,
    depth: int = 0,
) -> Iterator[Obj]:
    """Graphics objects among ``handles``, and the spaces of blank text objects.

    ``user`` is the matrix of the Form XObjects entered so far, ``ctm`` the
    page's device matrix; a form's children are placed by both.
    """
    device = multiply(user, ctm)
    for handle in handles:
        kind = pdfium_c.FPDFPageObj_GetType(handle)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield from _path_objects(page, handle, device)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            yield _image(page, handle, device)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and _shows_nothing(handle, textpage):
            space = _blank_space(page, handle, ctm, user)
            if space is not None:
                yield space
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            inner = multiply(_matrix(handle), user)
            count = pdfium_c.FPDFFormObj_CountObjects(handle)
            children = (pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(count))
            yield from _walk(page, children, ctm, textpage, inner, depth + 1)


def _shows_nothing(handle: Any, textpage: Any) -> bool:
    """True when the text page holds no character for this text object (its text is just the NUL)."""
    return bool(pdfium_c.FPDFTextObj_GetText(handle, textpage, None, 0) <= 2)


def _matrix(handle: Any) -> Matrix:
    """A page object's own matrix."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _image(page: PdfiumPage, handle: Any, ctm: Matrix) -> Obj:
    """An image's placed box: the unit square under its matrix."""
    m = multiply(_matrix(handle), ctm)
    pts = [apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return page._placed("image", min(xs), min(ys), max(xs), max(ys))


def _subpaths(handle: Any, m: Matrix) -> Iterator[tuple[list[Point], bool]]:
    """A path's subpaths as device points, with whether each was closed."""
    points: list[Point] = []
    closed = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(handle)):
        seg = pdfium_c.FPDFPath_GetPathSegment(handle, i)
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO and points:
            yield points, closed
            points, closed = [], False
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        points.append(apply(m, x.value, y.value))
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(seg))
    if points:
        yield points, closed


def _path_objects(page: PdfiumPage, handle: Any, ctm: Matrix) -> Iterator[Obj]:
    """A painted path as pdfminer would shape it: lines, rectangles and curves per subpath."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return  # a clipping path or an unpainted one: nothing is drawn
    width = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(handle, ctypes.byref(width))
    paint = {"stroke": bool(stroke.value), "fill": bool(fill.value), "linewidth": float(width.value)}
    m = multiply(_matrix(handle), ctm)
    for pts, closed in _subpaths(handle, m):
        obj = _shape(page, pts, closed)
        if obj is not None:
            obj.update(paint)
            yield obj


def _shape(page: PdfiumPage, pts: list[Point], closed: bool) -> Obj | None:
    """One subpath as a line (two points), a rectangle (axis-aligned, closed) or a curve."""
    if len(pts) > 2 and pts[-1] == pts[0]:
        pts, closed = pts[:-1], True
    if len(pts) < 2:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    if len(pts) == 2:
        kind = "line"
    elif len(pts) == 4 and closed and _is_rectangle(pts):
        kind = "rect"
    else:
        kind = "curve"
    obj = page._placed(kind, min(xs), min(ys), max(xs), max(ys))
    ring = [*pts, pts[0]] if closed and kind == "curve" else pts  # pdfminer's points: a rectangle's 4 corners
    obj["pts"] = [page._to_top(p) for p in ring]
    return obj


def _is_rectangle(pts: list[Point]) -> bool:
    """Four corners of an axis-aligned rectangle, in drawing order."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def open_document(data: bytes, pages: int, password: str | None = None) -> pypdfium2.PdfDocument | None:
    """The PDF opened with PDFium; None when PDFium cannot open it or sees other pages than pdfminer."""
    try:
        doc = pypdfium2.PdfDocument(data, password=password)
    except pypdfium2.PdfiumError:
        return None
    if len(doc) != pages:
        doc.close()
        return None
    return doc
