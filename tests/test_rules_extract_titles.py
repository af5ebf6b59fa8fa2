"""Rules of table recognition (tables.py): the kind a title names, what reads as a title, as
furniture or as a continued title; a title in a table's first row; header rows; labels."""

from __future__ import annotations

import pytest

from budgetkg.extract.tables import (
    classify_title,
    find_label,
    first_row_title,
    header_rows,
    is_continuation_title,
    is_furniture,
    is_title_like,
)
from budgetkg.read.model import Cell, Provenance, Row, Table

P = Provenance("t.txt")


def _row(*texts: str) -> Row:
    return Row([Cell(t) for t in texts], P)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("专项资金绩效目标表", "special-fund-performance"),
        ("部门整体支出绩效目标表", "department-performance"),
        ("项目支出绩效目标表", "project-performance"),
        ("“三公”经费支出表", "three-public"),
        ("政府性基金预算支出表", "government-fund"),
        ("国有资本经营预算支出表", "state-capital"),
        ("财政拨款收支总表", "fiscal-income-expenditure"),
        ("部门收支总表", "income-expenditure"),
        ("收支预算总表", "income-expenditure"),
        ("收入总体情况表", "income"),
        ("一般公共预算基本支出表", "general-basic"),
        ("一般公共预算支出情况表", "general-public"),
        ("基本支出预算表", "basic"),
        ("项目支出表", "project-list"),
        ("支出总体情况表", "expenditure"),
        ("部门政府采购预算", "procurement"),  # a short title printed without its 表
        ("固定资产占用情况表", "assets"),
        ("国有资产占用情况表", "assets"),
        ("机构设置情况", "units"),
        ("人员情况表", None),
        ("收入预算", None),
    ],
)
def test_the_kind_a_title_names(title: str, kind: str | None) -> None:
    assert classify_title(title) == kind


def test_a_long_title_without_表_does_not_get_one() -> None:
    # 13 characters: long enough to be a sentence, not a short title that lost its 表
    assert classify_title("部门政府采购预算的有关情况说明") is None
    assert classify_title("政府采购预算说明") == "procurement"


def test_title_like() -> None:
    assert (
        is_title_like("收支总表") and is_title_like("表1 部门收支总表") and is_title_like("部门政府采购预算")
    )
    assert not is_title_like("") and not is_title_like("注：收支总表") and not is_title_like("- 收支总表")
    assert not is_title_like("人员情况表")  # no known kind
    assert is_title_like("机构设置情况")  # short: read as printed without its 表
    long = "甲" * 42 + "收支总表"  # 46 characters
    assert not is_title_like(long) and is_title_like(long[1:])


def test_furniture_is_short_or_a_known_line() -> None:
    assert (
        is_furniture("单位：万元")
        and is_furniture("- 3 -")
        and is_furniture("第12页")
        and is_furniture("续表")
    )
    assert is_furniture("一二三四五六七八九十一二")  # 12 characters
    assert not is_furniture("一二三四五六七八九十一二三")
    assert is_furniture("编制单位：某某市人力资源和社会保障局机关")


def test_continuation_titles() -> None:
    assert is_continuation_title("收支总表（续）") and is_continuation_title("续表收支总表")
    assert is_continuation_title("收支总表(续表)") and is_continuation_title("收支总表续表")
    assert not is_continuation_title("收支总表") and not is_continuation_title("说明（续）")


def test_a_title_in_the_first_row_beside_furniture_only() -> None:
    t = Table(1, [_row("收支总表", "", "单位：万元"), _row("项目", "预算数")], P)
    assert first_row_title(t) == "收支总表"
    assert first_row_title(Table(1, [_row("收支总表", "说明")], P)) is None
    assert first_row_title(Table(1, [_row("2024年基本支出", "")], P)) is None  # a label, not a full title
    assert first_row_title(Table(1, [], P)) is None


def test_header_rows_end_at_the_first_amount_except_the_栏次_row() -> None:
    rows = [_row("项目", "金额"), _row("栏次", "1"), _row("甲", "1.00"), _row("乙", "")]
    assert header_rows(rows) == rows[:2]
    assert header_rows([_row("项目"), _row("甲")]) == [_row("项目"), _row("甲")]


def test_find_label_equal_or_prefix_first_in_reading_order() -> None:
    rows = [_row("序号", "项目 名称（万元）"), _row("合计", "项目名称")]
    assert find_label(rows, "项目名称") == (0, 1)
    assert find_label(rows, "合计", "序号") == (0, 0)
    assert find_label(rows, "金额") is None


def test_a_continued_title_in_a_tables_first_row_continues_the_table() -> None:
    from budgetkg.extract.tables import logical_tables
    from budgetkg.read.model import Document, Paragraph

    doc = Document(
        "t.txt", "", "text/plain",
        [
            Paragraph("收入总表", P),
            Table(1, [_row("单位名称", "合计"), _row("甲", "1.00")], P),
            Table(2, [_row("续表收入总表", ""), _row("乙", "2.00")], P),
        ],
    )  # fmt: skip
    [table] = logical_tables(doc)
    assert (table.kind, table.title, [r.texts for r in table.rows]) == (
        "income", "收入总表", [["单位名称", "合计"], ["甲", "1.00"], ["乙", "2.00"]]
    )  # fmt: skip
