"""The Word (DOCX) reader: paragraphs with heading levels, tables with merged cells expanded."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml

from budgetkg.read import ReadError, read_document
from budgetkg.read.model import Heading, Paragraph, Table

from .conftest import SAMPLE_IDS, sample_path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def grid(doc: Any) -> list[list[list[str]]]:
    """Each table as rows of cell texts (runs of spaces as one), trailing empty cells dropped."""
    out = []
    for t in doc.tables():
        rows = []
        for r in t.rows:
            cells = [" ".join(c.text.split()) for c in r.cells]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        out.append(rows)
    return out


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_docx_rendering_reads_like_the_text(rendered: Any, sample: str) -> None:
    text = read_document(sample_path(sample))
    word = read_document(rendered.docx(rendered.stem(sample)))
    assert word.media_type.endswith("wordprocessingml.document")
    assert grid(word) == grid(text)
    assert _texts(word) == _texts(text)


def _texts(doc: Any) -> list[tuple[str, int | None, str]]:
    blocks = [b for b in doc.blocks if not isinstance(b, Table)]
    return [(type(b).__name__, getattr(b, "level", None), " ".join(b.text.split())) for b in blocks]


def test_heading_levels_from_styles(rendered: Any) -> None:
    doc = read_document(rendered.docx(rendered.stem("003")))
    headings = [(b.level, b.text) for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == (1, "海东市人力资源和社会 保障局")
    assert (3, "1、海东市人社局") in headings
    assert max(level for level, _ in headings) == 4


def _tc(text: str, vmerge: str | None = None, span: int = 1) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else ""
    )
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{run}</w:p></w:tc>"


def _docx_with_table(rows: list[str], tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_heading("收入总体情况表", level=2)
    d.add_paragraph("单位：万元")
    grid_cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(5))
    tbl = f'<w:tbl xmlns:w="{W_NS}"><w:tblPr/><w:tblGrid>{grid_cols}</w:tblGrid>{"".join(rows)}</w:tbl>'
    d.add_paragraph("注：测试").insert_paragraph_before("")._p.addnext(parse_xml(tbl))
    path = tmp_path / "merged.docx"
    d.save(str(path))
    return path


def test_merged_cells_are_expanded_text_first(tmp_path: Path) -> None:
    before = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
    rows = [
        "<w:tr>" + _tc("科目编码", span=2) + _tc("科目名称", "restart") + _tc("金额", span=2) + "</w:tr>",
        "<w:tr>" + _tc("类") + _tc("款") + _tc("", "continue") + _tc("小计") + _tc("其中") + "</w:tr>",
        f"<w:tr>{before}" + _tc("01") + _tc("行政运行") + _tc("9,438.90") + "</w:tr>",
    ]
    doc = read_document(_docx_with_table(rows, tmp_path))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "Paragraph", "Table", "Paragraph"]  # empty paragraph skipped, order kept
    table = next(doc.tables())
    assert [r.texts for r in table.rows] == [
        ["科目编码", "", "科目名称", "金额", ""],
        ["类", "款", "", "小计", "其中"],
        ["", "01", "行政运行", "9,438.90", ""],
    ]
    assert table.rows[2].prov.row == 3 and table.rows[2].prov.table == 1
    heading = doc.blocks[0]
    assert isinstance(heading, Heading) and heading.level == 2
    assert isinstance(doc.blocks[-1], Paragraph) and doc.blocks[-1].text == "注：测试"


def test_cell_paragraphs_and_line_breaks_join_as_wrapped_text(tmp_path: Path) -> None:
    cell = (
        "<w:tc><w:p><w:r><w:t>财政专户</w:t><w:br/><w:t>管理资金</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>收入</w:t></w:r></w:p></w:tc>"
    )
    rows = ["<w:tr>" + cell + _tc("Total") + _tc("x") + _tc("y") + _tc("z") + "</w:tr>"]
    table = next(read_document(_docx_with_table(rows, tmp_path)).tables())
    assert table.rows[0].texts[:2] == ["财政专户管理资金收入", "Total"]


def test_content_controls_are_read_in_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("前言")
    sdt = parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtContent><w:p><w:r><w:t>目 录</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    )
    d.add_paragraph("正文")._p.addprevious(sdt)
    path = tmp_path / "toc.docx"
    d.save(str(path))
    assert list(read_document(path).texts()) == ["前言", "目 录", "正文"]


def test_other_zip_files_are_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match="not a Word"):
        read_document(path)


def test_damaged_docx_is_a_read_error(tmp_path: Path) -> None:
    buf = io.BytesIO()
    docx.Document().save(buf)
    data = buf.getvalue()
    path = tmp_path / "broken.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError):
        read_document(path)
