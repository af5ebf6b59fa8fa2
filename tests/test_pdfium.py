"""PDFium-parsed pages agree with pdfminer-parsed ones (``budgetkg.read.pdf.pdfium``).

The PDF reader gets its characters, rules and images from PDFium, five
times faster than pdfminer, in pdfplumber's own shapes. These tests hold
the two engines side by side: on a hand-written PDF that exercises a Form
XObject, ``/Rotate``, a lone-space text object and both ways of drawing
rules, and on the rendered budget fixtures.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pytest
from click.testing import CliRunner

from budgetkg.cli import cli
from budgetkg.read import read_document
from budgetkg.read.model import Document, Table
from budgetkg.read.pdf import read_pdf
from budgetkg.read.pdf.pdfium import PdfiumPage
from budgetkg.settings import Settings

X_TOLERANCE = 0.15  # pt, along a line: both engines place glyphs by their advances
TOP_TOLERANCE = 2.0  # pt, across a line: the engines take the font's descent from different places


def handmade_pdf(rotate: int = 0, mediabox: str = "0 0 420 300", fake_bold: bool = False) -> bytes:
    """A one-page PDF: a 3x2 table in a Form XObject (scaled and moved), text on the page, a lone space.

    ``fake_bold`` draws "Total" a second time 0.3 pt to the right, as Word and WPS fake a bold face.

    Helvetica (a standard font) keeps it self-contained; the table's rules are
    drawn both as rectangles (``re``) and as lines (``m l``).
    """
    form = (
        "0.5 w 0 0 300 60 re S\n"  # the frame, one rectangle
        "0 30 m 300 30 l S 100 0 m 100 60 l S 200 0 m 200 60 l S\n"  # inner rules, lines
    ) + "".join(
        f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n"
        for y, row in ((40, ("Name", "2023", "2024")), (10, ("Wages", "12.50", "13.75")))
        for x, text in zip((5, 105, 205), row, strict=True)
    )
    bold = "BT /F1 12 Tf 40.3 220 Td (Total) Tj ET\n" if fake_bold else ""  # drawn again, shifted
    page = (
        "q 1.2 0 0 1.2 30 60 cm /Fm1 Do Q\n"
        f"BT /F1 12 Tf 40 220 Td (Total) Tj ET\n{bold}"
        "BT /F1 12 Tf 66.676 220 Td ( ) Tj ET\n"  # a text object drawing only a space
        "BT /F1 12 Tf 70.012 220 Td (budget) Tj ET\n"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}] /Rotate {rotate} "
        "/Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(page)} >>\nstream\n{page}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 300 60] /Resources << /Font << /F1 5 0 R >> >> "
        f"/Length {len(form)} >>\nstream\n{form}endstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def both_engines(data: bytes, index: int) -> tuple[Any, PdfiumPage]:
    """Page ``index`` parsed by pdfminer (pdfplumber's own page) and by PDFium."""
    plumber = pdfplumber.open(io.BytesIO(data))
    page = plumber.pages[index]
    return page, PdfiumPage(page, pypdfium2.PdfDocument(data))


def same_place(c: dict[str, Any], d: dict[str, Any]) -> bool:
    """Two characters in the same place: tight along the line they sit on, loose across it."""
    along, across = (("x0", "x1"), ("top", "bottom")) if c["upright"] else (("top", "bottom"), ("x0", "x1"))
    return all(abs(c[k] - d[k]) < X_TOLERANCE for k in along) and all(
        abs(c[k] - d[k]) < TOP_TOLERANCE for k in across
    )


def unmatched_ink(miner: list[dict[str, Any]], pdfium: list[dict[str, Any]]) -> list[str]:
    """Non-space characters of either engine with no partner (same text, same place) in the other."""
    pool: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in pdfium:
        if c["text"].strip():
            pool[c["text"]].append(c)
    missing = []
    for c in (c for c in miner if c["text"].strip()):
        partner = next(
            (d for d in pool[c["text"]] if d["upright"] == c["upright"] and same_place(c, d)),
            None,
        )
        if partner is None:
            missing.append(f"pdfminer {c['text']!r} at ({c['x0']:.1f}, {c['top']:.1f})")
        else:
            pool[c["text"]].remove(partner)
    extra = [f"pdfium {d['text']!r} at ({d['x0']:.1f}, {d['top']:.1f})" for v in pool.values() for d in v]
    return missing + extra


def uncovered_spaces(miner: list[dict[str, Any]], pdfium: list[dict[str, Any]]) -> list[str]:
    """pdfminer's space glyphs that no PDFium space covers.

    PDFium keeps one space for a run of spaces (widened to the next glyph of
    its text object, when there is one), so only the first space of each run
    in pdfminer's drawing order has to be covered.
    """
    spaces = [d for d in pdfium if d["text"] == " "]
    after = zip([{}, *miner], miner, strict=False)
    firsts = [c for prev, c in after if c["text"] == " " and prev.get("text") != " "]
    return [
        f"space at ({c['x0']:.1f}, {c['top']:.1f})"
        for c in firsts
        if not any(
            d["x0"] - X_TOLERANCE <= (c["x0"] + c["x1"]) / 2 <= d["x1"] + X_TOLERANCE
            and abs(d["top"] - c["top"]) < TOP_TOLERANCE
            for d in spaces
        )
    ]


def edge_set(page: Any) -> set[tuple[str, float, float, float, float]]:
    """The page's ruling edges, rounded to 0.5 pt, orientation from their shape."""

    def half(v: float) -> float:
        return round(v * 2) / 2

    return {
        (
            "h" if e["bottom"] - e["top"] <= e["x1"] - e["x0"] else "v",
            half(e["x0"]),
            half(e["top"]),
            half(e["x1"]),
            half(e["bottom"]),
        )
        for e in page.edges
    }


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("mediabox", ["0 0 420 300", "-10 15 410 315"])
def test_handmade_page_agrees(rotate: int, mediabox: str) -> None:
    miner, pdfium = both_engines(handmade_pdf(rotate, mediabox), 0)
    assert (pdfium.width, pdfium.height) == (miner.width, miner.height)
    assert unmatched_ink(miner.chars, pdfium.chars) == []
    assert uncovered_spaces(miner.chars, pdfium.chars) == []
    assert edge_set(pdfium) == edge_set(miner)
    assert len(edge_set(pdfium)) == 7  # the frame (one rectangle: 4 edges) and 3 inner rules
    if rotate == 0:  # the table inside the form, found on both: same cells, same text
        assert (
            pdfium.extract_tables()
            == miner.extract_tables()
            == [[["Name", "2023", "2024"], ["Wages", "12.50", "13.75"]]]
        )
        assert pdfium.extract_text() == miner.extract_text()


def test_lone_space_object_is_kept() -> None:
    """PDFium turns a text object holding only a space into a generated character; the space comes back."""
    _, pdfium = both_engines(handmade_pdf(), 0)
    first = next(c for c in pdfium.chars if c["text"] == "T")
    line = sorted((c for c in pdfium.chars if abs(c["top"] - first["top"]) < 1), key=lambda c: c["x0"])
    assert "".join(c["text"] for c in line) == "Total budget"
    space = next(c for c in line if c["text"] == " ")
    assert space["x0"] == pytest.approx(66.676, abs=0.01)


def test_form_xobject_is_placed_by_its_matrix() -> None:
    """The form's content is scaled 1.2x and moved to (30, 60): its frame's corners land there."""
    _, pdfium = both_engines(handmade_pdf(), 0)
    xs = sorted({round(e["x0"], 1) for e in pdfium.edges if e["orientation"] == "v"})
    assert xs == [30.0, 150.0, 270.0, 390.0]
    tops = sorted({round(e["top"], 1) for e in pdfium.edges if e["orientation"] == "h"})
    assert tops == [300 - 60 - 72.0, 300 - 60 - 36.0, 300 - 60.0]
    wages = next(c for c in pdfium.chars if c["text"] == "W")
    assert wages["size"] == pytest.approx(12.0)


def fixture_pages(rendered: Any) -> list[tuple[Path, int]]:
    """Every third page of each sample's ruled PDF, and of the rotated one."""
    paths = [rendered.pdf(s, "ruled") for s in rendered.samples] + [rendered.rotated]
    pages = []
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages += [(path, i) for i in range(0, len(pdf.pages), 3)]
    return pages


def test_rendered_budgets_agree(rendered: Any) -> None:
    """On the budget fixtures the engines see the same glyphs, spaces and rules, page by page."""
    problems = []
    for path, index in fixture_pages(rendered):
        miner, pdfium = both_engines(path.read_bytes(), index)
        where = f"{path.name} page {index + 1}"
        problems += [f"{where}: {p}" for p in unmatched_ink(miner.chars, pdfium.chars)]
        problems += [f"{where}: {p}" for p in uncovered_spaces(miner.chars, pdfium.chars)]
        if edge_set(pdfium) != edge_set(miner):
            problems.append(f"{where}: rules differ: {sorted(edge_set(pdfium) ^ edge_set(miner))[:4]}")
    assert problems == []


def content(doc: Document) -> list[Any]:
    """What a reader made of a document, boxes left out: block kinds, texts, pages and table cells."""
    out: list[Any] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            out.append(
                ("table", block.prov.page, block.caption, [[c.text for c in r.cells] for r in block.rows])
            )
        else:
            out.append((type(block).__name__, block.prov.page, block.text))
    return out


def test_engines_read_the_same_document(rendered: Any) -> None:
    """Whole documents: the reader's output is the same whichever engine parsed the pages."""
    path = rendered.pdf(rendered.samples[2], "open")
    data = path.read_bytes()
    fast = read_pdf(data, path.name, "0", engine="pdfium")
    slow = read_pdf(data, path.name, "0", engine="pdfminer")
    assert len(fast.blocks) == 147  # as many as the text sample 002 (read_text) has
    assert content(fast) == content(slow)


def test_engine_setting(rendered: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PDF engine"):
        Settings(pdf_engine="ghostscript")
    path = rendered.pdf(rendered.samples[2], "ruled")
    assert content(read_document(path, "pdfminer")) == content(read_document(path))
    result = CliRunner().invoke(cli, ["inspect", str(path), "--rows", "1", "--pdf-engine", "pdfminer"])
    assert result.exit_code == 0 and "表" in result.output
    result = CliRunner().invoke(
        cli, ["ingest", str(path), "--store", str(tmp_path / "s"), "--pdf-engine", "x"]
    )
    assert result.exit_code == 2


class UnloadablePages:
    """A stand-in PDFium document whose pages fail to load, as a damaged page does."""

    def __getitem__(self, index: int) -> Any:
        raise pypdfium2.PdfiumError("Failed to load page.")


def test_page_pdfium_cannot_load_is_parsed_by_pdfminer() -> None:
    data = handmade_pdf()
    miner, _ = both_engines(data, 0)
    page = PdfiumPage(miner, UnloadablePages())  # type: ignore[arg-type]
    assert [c["text"] for c in page.chars] == [c["text"] for c in miner.chars]
    assert page.extract_tables() == [[["Name", "2023", "2024"], ["Wages", "12.50", "13.75"]]]


def test_file_pdfium_cannot_open_is_read_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    from budgetkg.read import pdf as pdf_reader

    data = handmade_pdf()
    expected = content(read_pdf(data, "t.pdf", "0", engine="pdfminer"))
    monkeypatch.setattr(pdf_reader, "open_document", lambda data, pages, password=None: None)
    monkeypatch.setattr(pdf_reader, "PdfiumPage", None)  # never reached: pdfminer's pages are read
    doc = read_pdf(data, "t.pdf", "0")
    assert content(doc) == expected
    assert any("Total" in str(item) for item in expected)


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_fake_bold_is_read_once(engine: str) -> None:
    doc = read_pdf(handmade_pdf(fake_bold=True), "bold.pdf", "0", engine=engine)
    texts = [item[2] for item in content(doc) if item[0] != "table"]
    assert "Total budget" in texts, texts


def test_page_pdfium_cannot_load_is_deduplicated() -> None:
    """The pdfminer fallback for one page reads fake bold once, as a pdfminer-parsed document does."""
    miner, _ = both_engines(handmade_pdf(fake_bold=True), 0)
    page = PdfiumPage(miner, UnloadablePages())  # type: ignore[arg-type]
    line = sorted((c for c in page.chars if c["top"] < 80), key=lambda c: c["x0"])
    assert "".join(c["text"] for c in line) == "Total budget"
