"""The PDF reader on LibreOffice renderings of the samples.

The renderings carry the text samples' blocks, so the text reader's output
is the expected value: tables cell by cell, paragraphs and headings line by
line, whatever the layout (ruled, no vertical lines, landscape, rotated).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from budgetkg.read import read_document
from budgetkg.read.model import Document, Heading, Paragraph, Table
from budgetkg.read.pdf.furniture import is_page_number
from budgetkg.read.wrap import join_wrapped

from .conftest import SAMPLE_IDS, sample_path


def compact(text: str) -> str:
    return "".join(text.split())


def table_rows(doc: Document) -> list[str]:
    """Every non-empty table row as ``a|b|c`` (whitespace removed, trailing empty cells dropped)."""
    out = []
    for table in doc.tables():
        for row in table.rows:
            cells = [compact(c.text) for c in row.cells]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                out.append("|".join(cells))
    return out


def row_mismatches(want: list[str], got: list[str]) -> list[str]:
    """Rows that differ, ignoring rows the text repeats that a joined PDF table has once.

    A table that runs over pages repeats its header in the text dump (and on
    the PDF page); the reader joins the parts and drops the repeat.
    """
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=want, b=got, autojunk=False).get_opcodes():
        if op == "equal" or op == "delete" and all(r in want[:i1] for r in want[i1:i2]):
            continue
        out += [f"text: {r}" for r in want[i1:i2]] + [f"pdf:  {r}" for r in got[j1:j2]]
    return out


def texts(doc: Document) -> list[tuple[int | None, str]]:
    """(heading level or None, text) of every heading and paragraph."""
    return [
        (b.level if isinstance(b, Heading) else None, compact(b.text))
        for b in doc.blocks
        if isinstance(b, (Heading, Paragraph))
    ]


# (sample, layout) -> (most mismatched rows allowed, why)
TABLE_GAPS: dict[tuple[str, str], tuple[int, str]] = {
    ("003", "landscape"): (4, "a merged cell too tall for the rest of its page flows onto the next one"),
    ("000", "open"): (1, "without vertical lines, a column empty but for its header joins its neighbour"),
    ("001", "open"): (1, "without vertical lines, adjacent one-digit column numbers (栏次 7, 8) read as one"),
    ("003", "open"): (12, "the project performance table (merged cells, amounts) has no vertical lines"),
}


@pytest.mark.parametrize("layout", ["ruled", "open", "landscape"])
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_tables_read_like_the_text(rendered: Any, read_rendering: Any, sample: str, layout: str) -> None:
    pdf = read_rendering(rendered.pdf(rendered.stem(sample), layout))
    want = table_rows(read_document(sample_path(sample)))
    bad = row_mismatches(want, table_rows(pdf))
    allowed, why = TABLE_GAPS.get((sample, layout), (0, ""))
    assert len(bad) <= 2 * allowed, f"{sample} {layout} ({why or 'no known gap'}):\n" + "\n".join(bad[:40])


@pytest.mark.parametrize("layout", ["ruled", "open", "landscape"])
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_paragraphs_and_headings_read_like_the_text(
    rendered: Any, read_rendering: Any, sample: str, layout: str
) -> None:
    pdf = read_rendering(rendered.pdf(rendered.stem(sample), layout))
    assert texts(pdf) == texts(read_document(sample_path(sample)))


def test_heading_levels_come_from_font_sizes(rendered: Any, read_rendering: Any) -> None:
    pdf = read_rendering(rendered.pdf(rendered.stem("003"), "ruled"))
    headings = [(b.level, compact(b.text)) for b in pdf.blocks if isinstance(b, Heading)]
    assert headings[:3] == [(1, "海东市人力资源和社会保障局"), (2, "2024年部门预算"), (1, "目录")]
    assert (4, "1、海东市人社局") not in headings and (3, "1、海东市人社局") in headings


def _income_table(doc: Document) -> Table:
    head = ["科目编码", "", "", "科目名称"]
    return next(t for t in doc.tables() if [compact(x) for x in t.rows[0].texts[:4]] == head)


def test_merged_header_cells_keep_their_text_in_the_first_column(rendered: Any, read_rendering: Any) -> None:
    table = _income_table(read_rendering(rendered.pdf(rendered.stem("000"), "ruled")))
    head, sub = table.rows[0].texts, table.rows[1].texts
    assert head[:6] == ["科目编码", "", "", "科目名称", "合计", "财政拨款收入"]
    assert head[6:9] == ["", "", ""]  # 财政拨款收入 spans four columns
    assert sub[:3] == ["类", "款", "项"] and sub[3:5] == ["", ""]  # 科目名称, 合计 merge downwards
    assert compact(sub[6]) == "一般公共预算收入"


def test_cells_wrapped_over_lines_are_joined(rendered: Any, read_rendering: Any) -> None:
    table = _income_table(read_rendering(rendered.pdf(rendered.stem("000"), "ruled")))
    cell = table.rows[0].cells[9]
    assert cell.text == "财政专户管理资金收入"
    assert cell.bbox is not None and cell.bbox[3] - cell.bbox[1] > 40  # printed over several lines
    names = [r.texts[3] for r in table.rows]
    assert "人力资源和社会保障管理事务" in names  # wrapped in its narrow column


def test_table_over_pages_is_one_table_without_repeated_header(rendered: Any, read_rendering: Any) -> None:
    doc = read_rendering(rendered.pdf(rendered.stem("000"), "ruled"))
    table = _income_table(doc)
    pages = sorted({r.prov.page for r in table.rows})
    assert len(pages) == 2
    assert sum(1 for r in table.rows if compact(r.texts[0]) == "科目编码") == 1
    text_table = _income_table(read_document(sample_path("000")))
    assert [[compact(x) for x in r.texts[:5]] for r in table.rows] == [
        [compact(x) for x in r.texts[:5]] for r in text_table.rows
    ]


def test_provenance_has_pages_and_cell_boxes(rendered: Any, read_rendering: Any) -> None:
    doc = read_rendering(rendered.pdf(rendered.stem("000"), "ruled"))
    assert doc.pages == 38  # the rendering of sample 000, ruled layout
    table = _income_table(doc)
    assert table.prov.page == table.rows[0].prov.page
    row = next(r for r in table.rows if r.texts[0] == "208")
    assert row.prov.table == table.number and row.prov.row == table.rows.index(row) + 1
    amount = row.cells[4]
    assert amount.text == "8,924.31"
    x0, top, x1, bottom = amount.bbox or (0, 0, 0, 0)
    assert 0 < x0 < x1 < 595.5 and 0 < top < bottom < 842
    para = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert para.prov.page == 1 and para.prov.bbox is not None


def test_page_numbers_and_running_headers_are_dropped(rendered: Any, read_rendering: Any) -> None:
    for layout in ("ruled", "open", "landscape"):
        doc = read_rendering(rendered.pdf(rendered.stem("000"), layout))
        found = [t for t in doc.texts() if is_page_number(t)]
        assert not found, (layout, found[:5])
        title = next(doc.texts())
        assert sum(1 for t in doc.texts() if t == title) == 1  # the running header repeated it


def test_landscape_pages_hold_the_wide_tables(rendered: Any, read_rendering: Any) -> None:
    doc = read_rendering(rendered.pdf(rendered.stem("000"), "landscape"))
    table = _income_table(doc)
    assert table.prov.bbox is not None and table.prov.bbox[2] > 600  # wider than a portrait page


def test_rotated_pages_read_as_displayed(rendered: Any, read_rendering: Any) -> None:
    rotated = read_rendering(rendered.rotated)
    upright = read_rendering(rendered.pdf(rendered.samples[0], "landscape"))
    assert table_rows(rotated) == table_rows(upright)
    assert texts(rotated) == texts(upright)


def test_tables_without_vertical_lines(rendered: Any, read_rendering: Any) -> None:
    doc = read_rendering(rendered.pdf(rendered.stem("000"), "open"))
    table = _income_table(doc)
    assert table.rows[1].texts[:3] == ["类", "款", "项"]
    row = next(r for r in table.rows if r.texts[0] == "208")
    assert row.texts[:7] == ["208", "", "", "社会保障和就业支出", "8,924.31", "8,874.31", "8,874.31"]


def test_tables_without_any_lines(rendered: Any, read_rendering: Any) -> None:
    doc = read_rendering(rendered.plain)
    smallest = min(SAMPLE_IDS, key=lambda s: sample_path(s).stat().st_size)
    want = set(table_rows(read_document(sample_path(smallest))))
    got = table_rows(doc)
    data = [r for r in got if any(ch.isdigit() for ch in r.split("|")[-1])]
    assert [r for r in data if r not in want] == []  # every row read is a row of the text
    # ... and all but two of its data rows: the reader loses the 213 08 04 line (its last rows)
    # of 支出总表 and 一般公共预算支出表 when no line is ruled at all
    text_rows = table_rows(read_document(sample_path(smallest)))
    with_figures = [r for r in text_rows if any(ch.isdigit() for ch in r.split("|")[-1])]
    assert smallest == "002" and len(with_figures) == 188 and len(data) == 186
    lost = sorted(set(with_figures) - set(data))
    assert [r.split("|")[:4] for r in lost] == [["213", "08", "04", "创业担保贷款贴息及奖补"]] * 2


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["财政专户", "管理资金", "收入"], "财政专户管理资金收入"),
        (["9,488.", "90"], "9,488.90"),
        (["Hello", "world"], "Hello world"),
        (["2024", "年预算"], "2024年预算"),
        (["  a  b ", "", "c"], "a b c"),
    ],
)
def test_wrapped_lines_join(lines: list[str], joined: str) -> None:
    assert join_wrapped(lines) == joined


@pytest.mark.parametrize("text", ["3", "- 3 -", "— 12 —", "第 3 页", "第3页 共40页", "3/40", "Page 3 of 40"])
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2024 年部门预算", "3.50", "第三部分", "一、主要职责"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_read_document_dispatches_pdf_by_content(tmp_path: Path, rendered: Any) -> None:
    disguised = tmp_path / "budget.txt"
    disguised.write_bytes(Path(rendered.pdf(rendered.stem("002"), "ruled")).read_bytes())
    doc = read_document(disguised)
    assert doc.media_type == "application/pdf" and doc.pages
