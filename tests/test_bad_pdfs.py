"""PDFs the reader must refuse with a clear message: scanned, encrypted, truncated, damaged.

Each gives its own one-line reason, a non-zero exit from the CLI, and leaves
a store exactly as it was. An encrypted PDF that needs no password to open
is read normally.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.read import ReadError, read_document
from budgetkg.read.pdf import SCANNED

BAD = {
    "scanned": "scanned PDF: no text layer; OCR not enabled",
    "encrypted": "encrypted PDF: a password is required",
    "truncated": "damaged PDF: the file is truncated",
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_pdf_is_a_clear_read_error(rendered: Any, kind: str) -> None:
    path = getattr(rendered, kind)
    with pytest.raises(ReadError) as info:
        read_document(path, ocr="never")
    assert info.value.reason.startswith(BAD[kind])
    assert "\n" not in str(info.value)


def test_scanned_message_is_the_documented_one() -> None:
    assert SCANNED == "scanned PDF: no text layer; OCR not enabled"


def test_encrypted_without_user_password_opens(rendered: Any) -> None:
    doc = read_document(rendered.encrypted_open)
    assert doc.pages and any(True for _ in doc.tables())


def test_partly_scanned_pdf_names_its_pages(rendered: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(rendered.pdf(rendered.samples[0], "ruled"))).pages[:2]:
        writer.add_page(page)
    for page in PdfReader(str(rendered.scanned)).pages[:1]:
        writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as f:
        writer.write(f)
    with pytest.raises(ReadError, match=r"scanned PDF: no text layer on page\(s\) 3 of 3; OCR not enabled"):
        read_document(mixed, ocr="never")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%garbage that is no PDF at all\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
)
def test_damaged_pdf_is_a_read_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.reason.startswith(("damaged PDF", "no text found"))


@pytest.mark.parametrize("kind", sorted(BAD))
def test_inspect_reports_bad_pdf_and_exits_non_zero(rendered: Any, kind: str) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(getattr(rendered, kind)), "--ocr", "never"])
    assert result.exit_code == 1
    assert BAD[kind] in result.output
    assert "Traceback" not in result.output


def test_inspect_shows_blocks_and_cells(rendered: Any) -> None:
    pdf = rendered.pdf(rendered.samples[0], "ruled")
    result = CliRunner().invoke(cli, ["inspect", str(pdf), "--rows", "3"])
    assert result.exit_code == 0, result.output
    assert "application/pdf" in result.output
    assert "TABLE 1:" in result.output and "r1:" in result.output and "more rows" in result.output
    assert "p1  ¶" in result.output


@pytest.mark.parametrize("kind", sorted(BAD))
def test_ingest_of_bad_pdf_leaves_the_store_unchanged(rendered: Any, tmp_path: Path, kind: str) -> None:
    store = tmp_path / "store"
    with budgetkg.open(store, ocr="never") as kg:
        kg.ingest([rendered.docx(rendered.samples[2])])
        before = kg.triple_count()
        report = kg.ingest([getattr(rendered, kind)])
        assert not report.ok
        assert BAD[kind] in str(report.documents[0].error)
        assert kg.triple_count() == before
    result = CliRunner().invoke(
        cli, ["ingest", str(getattr(rendered, kind)), "--store", str(store), "--ocr", "never"]
    )
    assert result.exit_code == 1
    assert BAD[kind] in result.output
    with budgetkg.open(store) as kg:
        assert kg.triple_count() == before
