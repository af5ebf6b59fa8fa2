"""Parity for the formats people download: web pages, old .xls/.doc, text in other encodings.

Each sample is rendered as a web page with real ``<table>``s (Word's "save
as web page" inside a CMS layout table, GB2312, merged cells as
rowspan/colspan), as a web page printing its tables as lines of text, as
LibreOffice Writer's own HTML export of the DOCX rendering (a producer the
reader was not written against: page header and footer divs, source lines
wrapped at spaces), as
an old Excel workbook and an old Word file (LibreOffice saving the XLSX and
DOCX renderings), and as text in UTF-8 with a BOM, UTF-16 LE and BE with a
BOM and GB18030. The complete extraction (``BudgetRecords.to_dict()``)
must equal the text sample's, except for the named gaps of
:mod:`tests.test_parity` that a format shares (an .xls holds what the XLSX
holds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from budgetkg.extract import BudgetRecords, extract_document

from .conftest import SAMPLE_IDS
from .fixtures.render import TEXT_ENCODINGS
from .test_parity import assert_same_extraction

FORMATS = ["html-table", "html-lines", "html-writer", "xls", "doc", *TEXT_ENCODINGS]
# a format that carries what another one does shares its named gaps
SAME_GAPS_AS = {"xls": "xlsx", "doc": "docx"}


def rendering(fx: Any, sample: str, fmt: str) -> Path:
    """The rendered file of ``sample`` in ``fmt``."""
    stem = fx.stem(sample)
    if fmt.startswith("html-"):
        return Path(fx.html(stem, fmt.removeprefix("html-")))
    if fmt == "xls":
        return Path(fx.xls(stem))
    if fmt == "doc":
        return Path(fx.doc(stem))
    return Path(fx.encoded(stem, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_download_format_extracts_what_the_text_does(
    rendered: Any, read_rendering: Any, records: dict[str, BudgetRecords], sample: str, fmt: str
) -> None:
    path = rendering(rendered, sample, fmt)
    doc = read_rendering(path)
    got = extract_document(doc).to_dict()
    like = SAME_GAPS_AS.get(fmt, fmt)
    assert_same_extraction(path, fmt, sample, records[sample].to_dict(), got, like)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_read_by_its_own_reader(rendered: Any, read_rendering: Any, fmt: str) -> None:
    """The renderings really are what they claim: the parity above is not text read as text."""
    media = {
        "html-table": "text/html",
        "html-lines": "text/html",
        "html-writer": "text/html",
        "xls": "application/vnd.ms-excel",
        "doc": "application/msword",
    }.get(fmt, "text/plain")
    path = rendering(rendered, SAMPLE_IDS[0], fmt)
    assert read_rendering(path).media_type == media
    head = path.read_bytes()[:8]
    if fmt in ("xls", "doc"):
        assert head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    elif fmt in TEXT_ENCODINGS:
        assert head.startswith(TEXT_ENCODINGS[fmt][1])
