"""The OCR engine: Tesseract 5 (Simplified Chinese data) through pytesseract.

Chosen by measurement (README, "Scanned budgets"): on our scanned renderings
one Tesseract run per page in sparse-text mode read more amounts exactly, and
faster, than RapidOCR or Tesseract run cell by cell. The models are the
Debian ``tesseract-ocr-chi-sim`` data: nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from typing import Any

ENGINE = "tesseract"
INSTALL = "pip install 'budgetkg[ocr]' and apt-get install tesseract-ocr tesseract-ocr-chi-sim"


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, box in image pixels (x0, top, x1, bottom) and confidence 0..1."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float
    line: tuple[int, int, int] = (0, 0, 0)  # Tesseract's block, paragraph and line numbers


def missing(lang: str) -> str | None:
    """Why OCR cannot run here (what to install), or None when it can."""
    try:
        import cv2  # noqa: F401
        import pytesseract  # noqa: F401
    except ImportError:
        return INSTALL
    if shutil.which("tesseract") is None:
        return INSTALL
    if not set(lang.split("+")) <= languages():
        return f"Tesseract has no {lang} data: {INSTALL}"
    return None


@functools.cache
def languages() -> set[str]:
    """The language data Tesseract has installed."""
    import pytesseract

    try:
        return set(pytesseract.get_languages(config=""))
    except Exception:
        return set()


@functools.cache
def version() -> str:
    """Tesseract's version, as it reports it."""
    import pytesseract

    return str(pytesseract.get_tesseract_version())


SPARSE = 11  # page segmentation for table cells: words wherever they are
COLUMN = 4  # for running text and titles: one column of lines of varying size
LINE = 7  # one cell read again: a single line


def read_words(image: Any, lang: str, psm: int = SPARSE) -> list[Word]:
    """The words Tesseract finds on the image, read with page segmentation mode ``psm``."""
    import pytesseract
    from PIL import Image

    data = pytesseract.image_to_data(
        Image.fromarray(image), lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text, (x, y, x + w, y + h), max(0.0, min(1.0, conf / 100)), line))
    return words


def read_digits(image: Any) -> tuple[str, float]:
    """One cell's amount read again with only digits, point, comma and minus allowed; text and confidence."""
    import pytesseract
    from PIL import Image

    data = pytesseract.image_to_data(
        Image.fromarray(image),
        lang="eng",
        config="--psm 7 -c tessedit_char_whitelist=0123456789.,-",
        output_type=pytesseract.Output.DICT,
    )
    parts = [
        (str(t).strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=False) if str(t).strip()
    ]
    if not parts:
        return "", 0.0
    return "".join(t for t, _ in parts), max(0.0, min(1.0, min(c for _, c in parts) / 100))


def read_line(image: Any, lang: str) -> tuple[str, float]:
    """One cell read again as a single line of text; its text (words joined) and lowest confidence."""
    words = read_words(image, lang, LINE)
    if not words:
        return "", 0.0
    return "".join(w.text for w in words), min(w.confidence for w in words)
