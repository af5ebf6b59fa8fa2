"""Drop page furniture: page numbers and running headers and footers.

Furniture sits in the top or bottom margin. A page number is recognised by
its form (``3``, ``- 3 -``, ``第 3 页``, ``3/40``, ``第3页 共40页``); a running
header or footer by repetition: the same text (digits aside) at the same
height on many pages. Body text that happens to start high on one page is
kept, because it does not repeat.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .lines import Line
from .page import PageContent

ZONE = 0.09  # share of the page height at the top and at the bottom
PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4})?(\s*共\s*\d{1,4}\s*页)?[-—–_·\s]*$"
    r"|^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$|^page\s*\d+(\s*of\s*\d+)?$",
    re.IGNORECASE,
)


def _in_zone(line: Line, page: PageContent) -> str | None:
    if line.bottom <= ZONE * page.height:
        return "top"
    if line.top >= (1 - ZONE) * page.height:
        return "bottom"
    return None


def _key(line: Line, zone: str) -> tuple[str, int, str]:
    return zone, round(line.top / 3), re.sub(r"\d+", "#", "".join(line.text.split()))


def is_page_number(text: str) -> bool:
    """True for the usual forms of a printed page number."""
    return bool(PAGE_NUMBER.match(text.strip()))


def drop_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers and repeated header/footer lines from every page, in place."""
    counts: Counter[tuple[str, int, str]] = Counter()
    for page in pages:
        seen = set()
        for line in page.lines:
            zone = _in_zone(line, page)
            if zone:
                seen.add(_key(line, zone))
        counts.update(seen)
    needed = max(2, math.ceil(0.3 * len(pages)))
    for page in pages:
        keep = []
        for item in page.items:
            if isinstance(item, Line):
                zone = _in_zone(item, page)
                if zone and (is_page_number(item.text) or counts[_key(item, zone)] >= needed):
                    continue
            keep.append(item)
        page.items = keep
