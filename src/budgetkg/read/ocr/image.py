"""A scanned page image made ready for OCR: grey, straightened, its table rulings found.

OpenCV does the pixel work. Straightening measures the slant of the long
horizontal rules (or, on a page without rules, of the text lines) and turns
the page back; the rulings are then the long thin runs of ink a
morphological opening keeps, and every hole the rulings enclose is a cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

PxBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels

MAX_SKEW = 5.0  # degrees: a larger slant is not a scan slant, leave the page alone
RULE_SHARE = 30  # a rule is at least 1/RULE_SHARE of the page width (height for vertical rules)
MIN_CELL = 6  # pixels: thinner holes between rules are double lines, not cells


@dataclass
class TableGrid:
    """One ruled table on the straightened image: its box and its cells' boxes."""

    bbox: PxBox
    cells: list[PxBox]


def grey(image: Any) -> np.ndarray:
    """The image as an 8-bit grey array (PIL image or array)."""
    arr = np.asarray(image)
    if arr.ndim == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    return arr.astype(np.uint8)


def ink(page: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu threshold on the grey page)."""
    _, binary = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def _horizontal(binary: np.ndarray) -> np.ndarray:
    width = max(10, binary.shape[1] // RULE_SHARE)
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, 1)))


def _vertical(binary: np.ndarray) -> np.ndarray:
    height = max(10, binary.shape[0] // (RULE_SHARE * 2))
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, height)))


def skew_angle(page: np.ndarray) -> float:
    """The page's slant in degrees (counter-clockwise positive), from its long horizontal rules.

    Each long rule is fitted with a straight line; the median slope wins. A
    page without rules is measured on its text lines (minimum-area rectangles
    of the dilated text), which is rougher; 0 when nothing can be measured.
    """
    binary = ink(page)
    rules = _horizontal(binary)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    angles = []
    for k in range(1, count):
        x, y, w, h, _area = stats[k]
        if w < page.shape[1] / 4:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == k)
        if len(xs) < 20:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    if not angles:
        return 0.0
    angle = -float(np.median(angles))
    return angle if abs(angle) <= MAX_SKEW else 0.0


def straighten(page: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned back by its slant, and the angle that was measured."""
    angle = skew_angle(page)
    if abs(angle) < 0.05:
        return page, angle
    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    turned = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    return turned, angle


def rulings(page: np.ndarray) -> np.ndarray:
    """The ruling lines of a straightened page, ink 255 on 0, bridged over small gaps."""
    binary = ink(page)
    lines = cv2.bitwise_or(_horizontal(binary), _vertical(binary))
    return cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def table_grids(page: np.ndarray) -> list[TableGrid]:
    """The ruled tables of a straightened page, top to bottom, with the cells their rulings enclose.

    A ruling pattern enclosing fewer than two cells is a frame, not a table.
    """
    lines = rulings(page)
    contours, hierarchy = cv2.findContours(lines, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tables: dict[int, TableGrid] = {}
    for k, (_next, _prev, _child, parent) in enumerate(hierarchy[0]):
        if parent < 0:
            continue
        x, y, w, h = cv2.boundingRect(contours[k])
        if w < MIN_CELL or h < MIN_CELL:
            continue
        if parent not in tables:
            px, py, pw, ph = cv2.boundingRect(contours[parent])
            tables[parent] = TableGrid((px, py, px + pw, py + ph), [])
        tables[parent].cells.append((x, y, x + w, y + h))
    found = [t for t in tables.values() if len(t.cells) >= 2]
    return sorted(found, key=lambda t: t.bbox[1])


def has_ink(page: np.ndarray, box: PxBox, share: float = 0.004) -> bool:
    """True when the box holds more than speckle: ink covering at least ``share`` of it, in a blob."""
    x0, y0, x1, y1 = box
    crop = page[y0:y1, x0:x1]
    if crop.size == 0:
        return False
    binary = ink_fixed(crop)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2)))
    return bool(np.count_nonzero(binary) >= max(6, share * crop.size))


def ink_fixed(crop: np.ndarray, level: int = 128) -> np.ndarray:
    """Ink as 255 on 0 with a fixed threshold (Otsu misjudges a nearly empty crop)."""
    _, binary = cv2.threshold(crop, level, 255, cv2.THRESH_BINARY_INV)
    return binary


def inner(box: PxBox, pad: int = 3) -> PxBox:
    """The box shrunk by ``pad`` pixels on each side (the rulings' ink left out)."""
    x0, y0, x1, y1 = box
    return (x0 + pad, y0 + pad, max(x0 + pad + 1, x1 - pad), max(y0 + pad + 1, y1 - pad))
