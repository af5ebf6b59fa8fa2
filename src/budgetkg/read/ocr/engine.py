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
INSTALL = "install the OCR extra: pip install 'budgetkg[ocr]' and apt-get install tesseract-ocr tesseract-ocr-chi-sim"


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, box in image pixels (x0, top, x1, bottom) and confidence 0..1."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


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


def read_words(image: Any, lang: str) -> list[Word]:
    """The words Tesseract finds anywhere on the image (sparse-text mode, one run per page)."""
    import pytesseract
    from PIL import Image

    data = pytesseract.image_to_data(
        Image.fromarray(image), lang=lang, config="--psm 11", output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, (x, y, x + w, y + h), max(0.0, min(1.0, conf / 100))))
    return words
