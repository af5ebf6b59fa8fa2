"""The OCR engine: Tesseract 5 (Simplified Chinese data) through tesserocr, in process.

Chosen by measurement (README, "Scanned budgets"): on our scanned renderings
one Tesseract run per page in sparse-text mode read more amounts exactly, and
faster, than RapidOCR or Tesseract run cell by cell. ``tesserocr`` calls the
library in process: the model is loaded once per process, not once per call
(starting the ``tesseract`` program and loading ``chi_sim`` costs about 0.2 s,
as much as reading a table's doubtful cells). The language data are the
Debian ``tesseract-ocr-chi-sim`` files: nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENGINE = "tesseract"
INSTALL = "pip install 'budgetkg[ocr]' and apt-get install tesseract-ocr-chi-sim"
TESSDATA = (  # where Debian, Fedora and Homebrew put Tesseract's language data
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, box in image pixels (x0, top, x1, bottom) and confidence 0..1."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    line: tuple[int, int, int] = (0, 0, 0)  # Tesseract's block, paragraph and line numbers


@functools.cache
def tessdata() -> Path | None:
    """The folder of Tesseract's language data: ``TESSDATA_PREFIX`` if set, else a usual place."""
    given = os.environ.get("TESSDATA_PREFIX")
    for folder in ([given] if given else []) + list(TESSDATA):
        path = Path(folder)
        if path.is_dir() and any(path.glob("*.traineddata")):
            return path
    return None


def missing(lang: str) -> str | None:
    """Why OCR cannot run here (what to install), or None when it can."""
    try:
        import cv2  # noqa: F401
        import tesserocr  # noqa: F401
    except ImportError:
        return INSTALL
    if tessdata() is None:
        return f"no Tesseract language data found (TESSDATA_PREFIX or {TESSDATA[0]}): {INSTALL}"
    if not set(lang.split("+")) <= languages():
        return f"Tesseract has no {lang} data in {tessdata()}: {INSTALL}"
    return None


def languages() -> set[str]:
    """The language data Tesseract has installed."""
    folder = tessdata()
    return {p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata")} if folder else set()


@functools.cache
def version() -> str:
    """Tesseract's version, as it reports it (``5.5.4``)."""
    import tesserocr

    return str(tesserocr.tesseract_version()).split()[1]


SPARSE = 11  # page segmentation for table cells: words wherever they are
COLUMN = 4  # for running text and titles: one column of lines of varying size
BLOCK = 6  # cells read again, stacked into one image: a block of lines
DIGITS = "0123456789.,-"  # what an amount cell read again may hold
SURE = 0.9  # a cell read again with this confidence is not read a third time, filtered
GAP = 24  # pixels of white between two stacked cells (more than a line's spacing: lines never merge)


@functools.cache
def _api(lang: str, digits: bool = False) -> Any:
    """One loaded Tesseract per language (and for digits only), kept for the process."""
    import tesserocr

    api = tesserocr.PyTessBaseAPI(path=str(tessdata()) + os.sep, lang=lang)
    api.SetVariable("tessedit_do_invert", "0")  # scans are dark on light: ~15 % faster
    if digits:
        api.SetVariable("tessedit_char_whitelist", DIGITS)
    return api


def _recognise(image: Any, lang: str, psm: int, digits: bool = False) -> list[Word]:
    import tesserocr
    from PIL import Image

    api = _api(lang, digits)
    api.SetPageSegMode(psm)
    api.SetImage(Image.fromarray(image))
    api.Recognize()
    words = []
    block = par = line = 0
    level = tesserocr.RIL.WORD
    iterator = api.GetIterator()
    if iterator is None:
        return []
    for r in tesserocr.iterate_level(iterator, level):
        if r.IsAtBeginningOf(tesserocr.RIL.BLOCK):
            block, par, line = block + 1, 0, 0
        if r.IsAtBeginningOf(tesserocr.RIL.PARA):
            par, line = par + 1, 0
        if r.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            line += 1
        try:
            text = (r.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # tesserocr's "No text returned": an empty word
            continue
        box = r.BoundingBox(level)
        if not text or box is None:
            continue
        conf = max(0.0, min(1.0, r.Confidence(level) / 100))
        words.append(Word(text, (box[0], box[1], box[2], box[3]), conf, (block, par, line)))
    api.Clear()
    return words


def read_words(image: Any, lang: str, psm: int = SPARSE) -> list[Word]:
    """The words Tesseract finds on the image, read with page segmentation mode ``psm``."""
    return _recognise(image, lang, psm)


Reading = tuple[str, float]  # a cell's text (words joined) and its lowest word confidence


def read_cells(crops: list[Any], lang: str, digits: bool = False) -> list[Reading]:
    """Cells read again: for each crop the more confident of its two readings (:func:`read_twice`)."""
    return [f if f[1] > r[1] else r for r, f in read_twice(crops, lang, digits)]


def read_twice(crops: list[Any], lang: str, digits: bool = False) -> list[tuple[Reading, Reading]]:
    """Cells read again, each twice: as scanned, and with its speckles removed.

    The 3x3 median filter that removes speckles also thins strokes: speckles
    turn 项 into 页 and add stray marks, the filter turns 款 into 孝 and may
    turn a 9 into a 3. Tesseract's confidence says which went wrong for
    labels; for amounts the tables' sums decide. A crop read with at least
    ``SURE`` confidence is not read the second time (its second reading is
    the first). Each reading is one
    Tesseract run over all the crops (:func:`_read_stacked`). ``digits``
    allows only digits, point, comma and minus (English data: the amounts'
    glyphs, without the Chinese model's look-alikes). An empty crop list
    costs nothing.
    """
    import cv2

    if not crops:
        return []
    raw = _read_stacked(crops, lang, digits)
    unsure = [k for k, r in enumerate(raw) if r[1] < SURE]
    filtered = list(raw)
    if unsure:
        again = _read_stacked([cv2.medianBlur(crops[k], 3) for k in unsure], lang, digits)
        for k, reading in zip(unsure, again, strict=True):
            filtered[k] = reading
    return list(zip(raw, filtered, strict=True))


def _read_stacked(crops: list[Any], lang: str, digits: bool) -> list[Reading]:
    """The crops read in one Tesseract run: stacked, left-aligned and ``GAP`` pixels apart, into
    one image read as a block of lines (Tesseract lays out and reads one image far quicker than
    many small ones); each word goes back to the crop its middle lies in."""
    import numpy as np

    width = max(c.shape[1] for c in crops) + 2 * GAP
    height = sum(c.shape[0] for c in crops) + GAP * (len(crops) + 1)
    sheet = np.full((height, width), 255, dtype=np.uint8)
    spans = []
    top = GAP
    for c in crops:
        sheet[top : top + c.shape[0], GAP : GAP + c.shape[1]] = c
        spans.append((top, top + c.shape[0]))
        top += c.shape[0] + GAP
    found: list[list[Word]] = [[] for _ in crops]
    for w in _recognise(sheet, "eng" if digits else lang, BLOCK, digits):
        middle = (w.box[1] + w.box[3]) / 2
        for k, (a, b) in enumerate(spans):
            if a - GAP / 2 <= middle < b + GAP / 2:
                found[k].append(w)
                break
    out = []
    for words in found:
        words.sort(key=lambda w: (w.line, w.box[0]))
        out.append(("".join(w.text for w in words), min((w.confidence for w in words), default=0.0)))
    return out
