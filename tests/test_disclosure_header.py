"""The header grid: label paths of multi-row headers, aligned or collapsed (Word text exports)."""

from __future__ import annotations

from budgetkg.extract.header import header_size, read_header
from budgetkg.read.model import Cell, Provenance, Row


def _rows(*lines: str) -> list[Row]:
    prov = Provenance(source="t")
    return [Row(cells=[Cell(c) for c in line.split("|")], prov=prov) for line in lines]


def test_aligned_header_spans_merged_cells_over_their_sub_labels() -> None:
    rows = _rows(
        "科目编码|||科目名称|合计|基本支出|||项目支出",
        "类|款|项|||小计|人员支出|日常公用支出|",
        "208|||社会保障和就业支出|8,874.31|4,479.41|4,050.22|429.19|4,394.90",
    )
    h = read_header(rows)
    assert h.size == 2
    assert [h.label(c) for c in range(9)] == [
        "科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计",
        "基本支出/小计", "基本支出/人员支出", "基本支出/日常公用支出", "项目支出",
    ]


def test_three_header_rows_and_a_label_spanning_a_spanning_label() -> None:
    rows = _rows(
        "收入||支出||||",
        "项目|预算数|项目|预算数|||",
        "|||总计|一般公共预算|政府性基金预算|国有资本经营预算",
        "一、一般公共预算收入|9,438.90|七、社会保障和就业支出|8,874.31|8,874.31||",
    )
    h = read_header(rows)
    assert h.size == 3
    assert h.label(1) == "收入/预算数" and h.label(2) == "支出/项目"
    assert h.label(4) == "支出/预算数/一般公共预算"


def test_collapsed_word_rows_are_laid_over_the_row_below() -> None:
    """A Word export writes a merged cell once: 5 cells over a 13-column table."""
    rows = _rows(
        "序号|功能分类科目|合计|本年收入|上年结转",
        "|科目编码|科目名称||小计|财政拨款收入|财政专户收入|事业收入|经营收入|上级补助收入|附属单位上缴收入|其他收入|",
        "栏次|1|2|3|4|5|6|7|8|9|10|11|12",
        "1||合计|16500.49|16500.49|16500.49|||||||",
    )
    h = read_header(rows)
    assert h.size == 3
    assert h.label(1) == "功能分类科目/科目编码" and h.label(3) == "合计"
    assert h.label(4) == "本年收入/小计" and h.label(11) == "本年收入/其他收入"
    assert h.label(12) == "上年结转"


def test_collapsed_row_split_where_a_label_repeats_or_names_give_way_to_amounts() -> None:
    two_sided = _rows(
        "序号|收入|支出",
        "|项目|金额|项目|合计|一般公共预算财政拨款",
        "1|一、一般公共预算拨款|16500.49|一、一般公共服务支出||",
    )
    h = read_header(two_sided)
    assert [h.label(c) for c in range(6)] == [
        "序号", "收入/项目", "收入/金额", "支出/项目", "支出/合计", "支出/一般公共预算财政拨款",
    ]
    basic = _rows(
        "序号|支出部门经济分类科目|一般公共预算基本支出",
        "|科目编码|科目名称|合计|人员经费|公用经费",
        "2|301|工资福利支出|1875.57|1875.57|",
    )
    h = read_header(basic)
    assert h.label(2) == "支出部门经济分类科目/科目名称" and h.label(3) == "一般公共预算基本支出/合计"


def test_a_padded_collapsed_row_reads_like_the_short_one() -> None:
    """DOCX/PDF renderings pad the short row with empty cells: same labels."""
    short = _rows("序号|功能分类科目|合计|本年收入|上年结转", "|科目编码|科目名称||小计|财政拨款收入|")
    padded = _rows("序号|功能分类科目|合计|本年收入|上年结转|", "|科目编码|科目名称||小计|财政拨款收入|")
    assert read_header(short, 7).paths == read_header(padded, 7).paths


def test_header_ends_at_the_first_row_that_reads_as_data() -> None:
    continued = _rows("||十八、粮油物资储备支出||||", "本年收入合计|9,438.90|本年支出合计|9,438.90|||")
    assert header_size(continued) == 0
    furniture = _rows("单位：万元", "合 计||||||||")
    assert header_size(furniture) == 1


def test_codes_of_3_5_and_7_digits_and_ordinals_start_the_data() -> None:
    for first in ("208", "20801", "2080101", "一、收入", "(一)收入", "1、收入", "1.00"):
        assert header_size(_rows("科目|合计", f"{first}|")) == 1, first
    for label in ("一收入", "合计数", "收入", "第一"):
        assert header_size(_rows("科目|合计", f"{label}|")) == 2, label
    # the 栏次 row is skipped, not data; an empty 合计 row alone is data, one with a label beside it is not
    assert header_size(_rows("科目|合计", "栏次|1", "合计|")) == 2
    assert header_size(_rows("科目|合计", "合计|说明")) == 2
    assert header_size(_rows("科目|合计", "|")) == 2


def test_column_kinds_from_the_rows_with_amounts() -> None:
    from budgetkg.extract.header import column_kinds

    rows = _rows("208|甲|1.00||5|1,000", "说明文字|||||", "209|乙|2.00||6|7")
    # the note row has no amount and is left out; codes and bare counts are numbers
    assert column_kinds(rows, 7) == ["number", "text", "amount", "empty", "number", "amount", "empty"]
    # without any row holding a decimal amount, every row counts
    assert column_kinds(_rows("208|甲", "说明|"), 2) == ["text", "text"]
    assert column_kinds(_rows("１２３．４５|"), 2) == ["amount", "empty"]


def test_is_label_row() -> None:
    from budgetkg.extract.header import is_label_row

    assert is_label_row(_rows("科目|合计")[0])
    assert not is_label_row(_rows("|")[0])
    assert not is_label_row(_rows("栏次|1")[0])
    assert not is_label_row(_rows("单位：万元|")[0]) and not is_label_row(_rows("|预算年度：2024")[0])
    assert not is_label_row(_rows("编制单位：某局|")[0]) and not is_label_row(_rows("部门（单位）|")[0])


def test_a_label_without_sub_labels_covers_only_its_own_column() -> None:
    rows = _rows("名称|合计||", "|人员|公用|备注", "甲|3.00|1.00|2.00")
    h = read_header(rows)
    assert h.paths == [("名称",), ("合计", "人员"), ("合计", "公用"), ("合计", "备注")]
    # an upper row whose last cell is blank reads as a collapsed (Word) row: one cell per column
    # until the labelled run below
    rows = _rows("名称|合计|说明|", "|||人员", "甲|3.00|1.00|2.00")
    assert read_header(rows).paths == [("名称",), ("合计",), ("说明",), ("人员",)]
