"""The text reader: three layouts of the samples become the same block model."""

from __future__ import annotations

from budgetkg.read import read_document
from budgetkg.read.model import Heading, Paragraph, Table
from budgetkg.read.text import is_one_cell_layout, read_text

from .conftest import sample_path


def test_tab_layout_rows_and_cells() -> None:
    doc = read_document(sample_path("000"))
    tables = list(doc.tables())
    summary = next(t for t in tables if t.rows[0].texts[:4] == ["科目编码", "", "", "科目名称"])
    assert summary.rows[1].texts[:3] == ["类", "款", "项"]
    row = summary.rows[3]
    assert row.texts[:7] == ["208", "", "", "社会保障和就业支出", "8,924.31", "8,874.31", "8,874.31"]
    assert row.prov.source == "000_db2ff66d22e413a4.txt"
    assert row.prov.table == summary.number and row.prov.row == 4
    assert row.prov.line is not None and row.prov.line > 0


def test_one_cell_per_line_layout_builds_rows() -> None:
    doc = read_document(sample_path("001"))
    first = next(doc.tables())
    assert first.rows[0].texts == ["323曹妃甸区人力资源和社会保障局", "预算年度：2024", "单位：万元"]
    assert first.rows[1].texts == ["序号", "收入", "支出"]
    assert first.rows[3].texts == ["栏次", "1", "2", "3", "4"]
    assert first.rows[4].texts[:3] == ["1", "一、一般公共预算拨款收入", "16500.49"]


def test_markdown_headings_and_bold_are_read() -> None:
    doc = read_document(sample_path("003"))
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0].text == "海东市人力资源和社会 保障局" and headings[0].level == 1
    assert any(h.text == "2024 年部门预算" and h.level == 2 for h in headings)
    assert any(h.text == "支出总表" and h.level == 2 for h in headings)


def test_layout_detection_and_bookmarks() -> None:
    one_cell = "\tA\n\tB\n\n\tC\n\tD\n"
    tab = "A\tB\n\tC\tD\n"
    assert is_one_cell_layout(one_cell.splitlines())
    assert not is_one_cell_layout(tab.splitlines())
    doc = read_text("[bookmark: _Toc1]部门预算支出总表\n\tX\n\tY\n\n\t1\n\t2\n", "t.txt", "0" * 64)
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "部门预算支出总表"
    table = doc.blocks[1]
    assert isinstance(table, Table) and [r.texts for r in table.rows] == [["X", "Y"], ["1", "2"]]
