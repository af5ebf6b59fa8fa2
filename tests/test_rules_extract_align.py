"""Rules of the header-against-body score (align.py) on tiny hand-made tables; each score is
worked out by hand: + each 合计/小计 that equals its columns, - each that does not, - each misfit
label (times the number of data rows)."""

from __future__ import annotations

from budgetkg.extract.align import MAX_SHIFT, MIN_GAIN, realign_header, score
from budgetkg.read.model import Cell, Provenance, Row

P = Provenance("t.txt")


def _rows(*rows: tuple[str, ...]) -> list[Row]:
    return [Row([Cell(t) for t in r], P) for r in rows]


def test_the_constants() -> None:
    assert (MAX_SHIFT, MIN_GAIN) == (3, 2)


def test_a_total_that_adds_up_scores_one_and_one_that_does_not_minus_one() -> None:
    head = ("名称", "合计", "人员", "公用")
    assert score(_rows(head, ("甲", "3.00", "1.00", "2.00")), 4, "general-public") == 1
    assert score(_rows(head, ("甲", "3.00", "1.00", "2.50")), 4, "general-public") == -1
    assert (
        score(
            _rows(head, ("甲", "3.00", "1.00", "2.00"), ("乙", "4.00", "2.00", "2.00")), 4, "general-public"
        )
        == 2
    )


def test_labels_over_the_wrong_kind_of_data_count_once_per_data_row() -> None:
    # 名称 over amounts is a misfit, counted for each data row (合计 over names reads as an "other"
    # column, not an amount: no misfit, and no sum to check)
    assert (
        score(_rows(("合计", "名称", "人员", "公用"), ("甲", "3.00", "1.00", "2.00")), 4, "general-public")
        == -1
    )
    two = _rows(
        ("合计", "名称", "人员", "公用"), ("甲", "3.00", "1.00", "2.00"), ("乙", "3.00", "1.00", "2.00")
    )
    assert score(two, 4, "general-public") == -2


def test_a_class_column_holds_3_digit_codes_and_a_section_column_2_digit_ones() -> None:
    head = ("类", "款", "项", "科目名称", "合计")
    assert score(_rows(head, ("208", "01", "01", "甲", "1.00")), 5, "general-public") == 0
    assert score(_rows(head, ("01", "208", "01", "甲", "1.00")), 5, "general-public") == -2


def test_amounts_under_no_label_and_labels_over_no_column() -> None:
    # the last amount column has no label: "other" over amounts is a misfit
    assert score(_rows(("名称", "合计", ""), ("甲", "3.00", "1.00")), 3, "general-public") == -1
    # a label right of the body's last column (-1); 备注 names no measure, so in a table whose columns
    # are measures it reads as a second 合计 (-1)
    assert score(_rows(("名称", "合计", "备注"), ("甲", "3.00")), 3, "general-public") == -2
    assert score(_rows(("名称", "合计", "备注"), ("甲", "3.00")), 3, "income") == -1


def test_two_sided_tables_need_a_side_for_each_column_and_one_name_per_side() -> None:
    sided = _rows(
        ("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"), ("甲", "1.00", "乙", "1.00")
    )
    assert score(sided, 4, "income-expenditure") == 0
    # no side: 4 filled columns on neither side, no name column on either side, the two amount columns
    # measure the same thing (expenditure, no fund, no side)
    unsided = _rows(("项目", "预算数", "项目", "预算数"), ("甲", "1.00", "乙", "1.00"))
    assert score(unsided, 4, "income-expenditure") == -7


def test_nothing_to_realign_when_the_header_fits() -> None:
    rows = _rows(("名称", "合计", "人员", "公用"), ("甲", "3.00", "1.00", "2.00"))
    assert realign_header(rows, 4, "general-public") == (rows, None)
    # no header, or no body: nothing to do
    body = _rows(("甲", "3.00", "1.00", "2.00"))
    assert realign_header(body, 4, "general-public") == (body, None)
    head = _rows(("名称", "合计"))
    assert realign_header(head, 2, "general-public") == (head, None)


def test_a_gain_of_one_is_no_evidence() -> None:
    # printed one column off, but no shift explains at least MIN_GAIN more: left as printed
    rows = _rows(("名称", "", "合计", "人员"), ("甲", "3.00", "1.00", ""))
    fixed, moved = realign_header(rows, 4, "general-public")
    assert moved is None and fixed == rows
