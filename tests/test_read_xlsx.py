"""The Excel (XLSX) reader: one table per sheet, merged cells expanded, numbers as displayed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from budgetkg.read import read_document
from budgetkg.read.model import Paragraph, Table
from budgetkg.read.xlsx import format_number

from .conftest import SAMPLE_IDS, sample_path


def rows(doc: Any) -> list[str]:
    out = []
    for t in doc.tables():
        for r in t.rows:
            cells = ["".join(c.text.split()) for c in r.cells]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                out.append("|".join(cells))
    return out


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_workbook_rendering_holds_the_text_tables(rendered: Any, sample: str) -> None:
    """Every data row of the text's tables is in the workbook, as printed (9,438.90, 2080101, 01)."""
    book = read_document(rendered.xlsx(rendered.stem(sample)))
    assert book.media_type.endswith("spreadsheetml.sheet")
    got = set(rows(book))
    want = [r for r in rows(read_document(sample_path(sample))) if any(ch.isdigit() for ch in r)]
    missing = [r for r in want if r not in got]
    assert not missing, missing[:10]


def _book(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入总表"
    ws["A1"] = "收入总体情况表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "单位：万元"
    ws.merge_cells("A2:E2")
    ws.append(["科目编码", None, "科目名称", "合计", None])
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:E3")
    ws.append(["类", "款", None, "小计", "其中"])
    ws.append(["208", "01", "人力资源和社会保障管理事务", 7177.25, 0.5])
    ws["D5"].number_format = "#,##0.00"
    ws["E5"].number_format = "0.0%"
    ws.append(["合 计", None, None, 9488.9, None])
    ws["D6"].number_format = "#,##0.00"
    ws["A8"] = "注：本表不含上年结转。"
    ws.merge_cells("A8:E8")
    hidden = wb.create_sheet("hidden")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_sheet_titles_table_and_note(tmp_path: Path) -> None:
    doc = read_document(_book(tmp_path))
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in doc.blocks]
    assert kinds == [
        ("Paragraph", "收入总体情况表"),
        ("Paragraph", "单位：万元"),
        ("Table", None),
        ("Paragraph", "注：本表不含上年结转。"),
    ]
    table = next(doc.tables())
    assert isinstance(table, Table) and table.caption == "收入总表"
    assert [r.texts for r in table.rows] == [
        ["科目编码", "", "科目名称", "合计", ""],
        ["类", "款", "", "小计", "其中"],
        ["208", "01", "人力资源和社会保障管理事务", "7,177.25", "50.0%"],
        ["合 计", "", "", "9,488.90", ""],
    ]
    assert table.rows[3].prov.row == 4
    assert not any(isinstance(b, Paragraph) and b.text == "不应读出" for b in doc.blocks)


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (9438.9, "#,##0.00", "9,438.90"),
        (16500.49, "0.00", "16500.49"),
        (50, "General", "50"),
        (50.0, "General", "50"),
        (0.125, "0.00%", "12.50%"),
        (1234.5, "#,##0", "1,234"),
    ],
)
def test_numbers_as_displayed(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown
