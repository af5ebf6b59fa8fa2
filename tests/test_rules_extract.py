"""Rules of extraction on small hand-made inputs: code rebuilding (coded.py) and name matching
(matching.py), each with its boundaries. Nothing here comes from a sample's output."""

from __future__ import annotations

from budgetkg.extract.coded import CodeBuilder, coded_rows, detect_layout
from budgetkg.extract.matching import DEFAULT_THRESHOLD, Match, match_names, similarity
from budgetkg.read.model import Cell, Provenance, Row


def build_all(*rows: list[str]) -> list[str | None]:
    b = CodeBuilder()
    return [b.build(list(parts)) for parts in rows]


# ------------------------------------------------------------------ code rebuilding


def test_codes_in_one_column_are_taken_as_printed_at_3_5_and_7_digits() -> None:
    assert build_all(["208"], ["20801"], ["2080101"], [""]) == ["208", "20801", "2080101", None]


def test_codes_in_three_columns_with_every_part_printed() -> None:
    assert build_all(["208", "", ""], ["208", "01", ""], ["208", "01", "01"]) == ["208", "20801", "2080101"]


def test_blank_parts_inherit_the_last_printed_class_and_section() -> None:
    assert build_all(["208", "", ""], ["", "01", ""], ["", "", "01"], ["", "", "99"], ["", "07", "05"]) == [
        "208",
        "20801",
        "2080101",
        "2080199",
        "2080705",
    ]


def test_a_new_class_resets_the_section() -> None:
    # 210 starts: the 款 01 of 208 must not be carried into 210's lines.
    got = build_all(["208", "01", "01"], ["210", "", ""], ["", "", "03"], ["", "11", "01"])
    assert got == ["2080101", "210", "21003", "2101101"]


def test_a_row_without_any_code_part_has_no_code() -> None:
    assert build_all(["208", "01", ""], ["", "", ""]) == ["20801", None]


def test_the_remembered_section_keeps_both_digits() -> None:
    # A full code remembers its 类 and 款; later split rows continue under both digits.
    assert build_all(["2080705"], ["", "", "06"]) == ["2080705", "2080706"]
    assert build_all(["2101103", "", ""], ["", "", "01"]) == ["2101103", "2101101"]
    assert build_all(["20811"], ["", "", "05"]) == ["20811", "2081105"]


def test_a_full_code_in_the_first_of_three_columns_is_taken_at_5_and_7_digits() -> None:
    # 5 digits: a 款 code printed whole, not a 类; the next 款 belongs to its 类 208.
    assert build_all(["20807", "", ""], ["", "08", ""]) == ["20807", "20808"]
    assert build_all(["20807", "", ""], ["", "", "05"]) == ["20807", "2080705"]
    # 7 digits: a 项 code printed whole; the 款 column of the next row starts a 款 of 208.
    assert build_all(["2080705", "", ""], ["", "11", ""]) == ["2080705", "20811"]
    # 3 digits in the first column is a 类 like any other.
    assert build_all(["221", "", ""], ["", "02", "01"]) == ["221", "2210201"]


def _row(n: int, *texts: str) -> Row:
    return Row([Cell(t) for t in texts], Provenance("t.txt", table=1, row=n))


def test_coded_rows_skip_the_number_column_and_map_amounts_to_the_header_labels() -> None:
    header = [_row(1, "序号", "类", "款", "项", "科目名称", "合计", "基本支出", "项目支出")]
    layout = detect_layout(header, ("合计", "基本支出", "项目支出"))
    assert (layout.skip, layout.split, layout.labels) == (1, 3, ["合计", "基本支出", "项目支出"])
    rows = [
        _row(2, "", "", "", "", "合计", "30.00", "10.00", "20.00"),
        _row(3, "1", "208", "", "", "社会保障和就业支出", "30.00", "10.00", "20.00"),
        _row(4, "2", "", "01", "", "人力资源和社会保障管理事务", "30.00", "10.00", "20.00"),
        _row(5, "3", "", "", "01", "行政运行", "10.00", "10.00", ""),
        _row(6, "4", "", "", "02", "一般行政管理事务", "20.00", "", "20.00"),
        _row(7, "", "类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"),  # repeated header
    ]
    got = [
        (r.code, r.name, r.is_total, r.index, r.amounts) for r in coded_rows(rows, layout, 1, [], offset=1)
    ]
    from decimal import Decimal as D

    assert got == [
        (None, "合计", True, 2, {"合计": D("30.00"), "基本支出": D("10.00"), "项目支出": D("20.00")}),
        (
            "208",
            "社会保障和就业支出",
            False,
            3,
            {"合计": D("30.00"), "基本支出": D("10.00"), "项目支出": D("20.00")},
        ),
        (
            "20801",
            "人力资源和社会保障管理事务",
            False,
            4,
            {"合计": D("30.00"), "基本支出": D("10.00"), "项目支出": D("20.00")},
        ),
        ("2080101", "行政运行", False, 5, {"合计": D("10.00"), "基本支出": D("10.00"), "项目支出": None}),
        (
            "2080102",
            "一般行政管理事务",
            False,
            6,
            {"合计": D("20.00"), "基本支出": None, "项目支出": D("20.00")},
        ),
    ]


# ------------------------------------------------------------------ name matching

# Names of five characters with 3 in common: difflib's ratio is 2 * 3 / 10 = 0.6 exactly.
BASE = "甲乙丙丁戊"
AT_THRESHOLD = "甲乙丙子丑"  # 0.6
BELOW = "甲乙丙子丑寅"  # 2 * 3 / 11 = 0.545...
ABOVE = "甲乙丙丁子"  # 2 * 4 / 10 = 0.8


def test_the_default_threshold_is_0_6() -> None:
    assert DEFAULT_THRESHOLD == 0.6
    assert similarity(BASE, AT_THRESHOLD) == 0.6
    assert 0.5 < similarity(BASE, BELOW) < 0.6 < 0.75 < similarity(BASE, ABOVE)


def test_similarity_at_the_threshold_matches() -> None:
    assert match_names([BASE], [AT_THRESHOLD]) == [Match(0, 0, "similarity", 0.6)]


def test_similarity_just_below_the_threshold_does_not_match() -> None:
    assert match_names([BASE], [BELOW]) == []


def test_similarity_above_the_threshold_matches_with_its_score() -> None:
    assert match_names([BASE], [ABOVE]) == [Match(0, 0, "similarity", 0.8)]


def test_the_threshold_is_a_parameter() -> None:
    assert match_names([BASE], [AT_THRESHOLD], threshold=0.61) == []
    assert match_names([BASE], [BELOW], threshold=0.5) == [Match(0, 0, "similarity", 0.545)]


def test_the_best_score_wins_when_two_candidates_compete() -> None:
    # One name, two candidates: the closer one (0.8) is taken, whatever the order.
    assert match_names([BASE], [AT_THRESHOLD, ABOVE]) == [Match(0, 1, "similarity", 0.8)]
    assert match_names([BASE], [ABOVE, AT_THRESHOLD]) == [Match(0, 0, "similarity", 0.8)]
    # Two names competing for one candidate: the closer name gets it, the other none.
    assert match_names([AT_THRESHOLD, ABOVE], [BASE]) == [Match(1, 0, "similarity", 0.8)]


def test_one_to_one_the_loser_takes_the_next_best() -> None:
    got = match_names([BASE, "甲乙丙丁己"], [ABOVE, AT_THRESHOLD])
    # 甲乙丙丁戊 ~ 甲乙丙丁子 0.8 and 甲乙丙丁己 ~ 甲乙丙丁子 0.8 tie: the earlier name wins,
    # the other gets 甲乙丙子丑 (0.6).
    assert got == [Match(0, 0, "similarity", 0.8), Match(1, 1, "similarity", 0.6)]


def test_ties_go_to_the_earlier_names() -> None:
    assert match_names([BASE], ["甲乙丙丁子", "甲乙丙丁丑"]) == [Match(0, 0, "similarity", 0.8)]
    assert match_names(["甲乙丙丁子", "甲乙丙丁丑"], [BASE]) == [Match(0, 0, "similarity", 0.8)]


def test_rounds_most_certain_first() -> None:
    left = ["社保 窗口服务", "2024年就业补助资金", "城乡公益性岗位补贴资金", "信息系统运维"]
    right = ["信息系统运维", "就业补助资金", "社保窗口服务", "市级城乡公益性岗位补贴资金项目"]
    assert [(m.left, m.right, m.method) for m in match_names(left, right)] == [
        (0, 2, "normalized"),
        (1, 1, "normalized"),
        (2, 3, "containment"),
        (3, 0, "exact"),
    ]


def test_containment_needs_four_characters() -> None:
    assert [m.method for m in match_names(["甲乙丙丁"], ["子甲乙丙丁丑寅卯辰巳"])] == ["containment"]
    # three characters contained: not containment; similarity 2*3/13 is below 0.6
    assert match_names(["甲乙丙"], ["子甲乙丙丁丑寅卯辰巳"]) == []


# ------------------------------------------------------------------ balance of a two-sided table


def _balance(*lines: tuple[str, str, str | None]) -> list[tuple[str, str]]:
    from decimal import Decimal as D

    from budgetkg.extract.facts import Amount, DisclosureLine
    from budgetkg.extract.reconcile import check_table

    found: list = []
    rows = [
        DisclosureLine(
            "income-expenditure", name, [Amount("total", D(v))] if v else [], side=side, is_total=True
        )
        for side, name, v in lines
    ]
    check_table(rows, "收支总表", "某局", found)
    return [(f.slug, f.message) for f in found]


def test_income_and_expenditure_totals_must_agree() -> None:
    assert _balance(("income", "收入总计", "100.00"), ("expenditure", "支出总计", "100.00")) == []
    assert _balance(("income", "收入总计", "100.00"), ("expenditure", "支出总计", "100.01")) == [
        ("balance-mismatch", "收支总表: 收入总计 100.00 but 支出总计 100.01")
    ]


def test_a_total_without_its_other_side_or_figure_is_not_a_mismatch() -> None:
    assert _balance(("income", "收入总计", "100.00"), ("expenditure", "支出合计", "90.00")) == []
    assert _balance(("income", "收入总计", "100.00"), ("expenditure", "支出总计", None)) == []
    assert _balance(("income", "收入总计", None), ("expenditure", "支出总计", "90.00")) == []
    assert _balance(("income", "收入总计", "100.00")) == []


def test_coded_rows_go_on_after_a_note_row_and_read_each_column_in_its_own_unit() -> None:
    from decimal import Decimal as D

    from budgetkg.extract.units import WAN_YUAN, YUAN, TableUnits

    header = [_row(1, "类", "款", "项", "科目名称", "合计", "基本支出", "项目支出")]
    layout = detect_layout(header, ("合计", "基本支出", "项目支出"))
    rows = [
        _row(2, "208", "", "", "社会保障和就业支出", "3.00", "10000.00", "2.00"),
        _row(3, "", "", "", "（续上页）", "", "", ""),  # no code, no total: skipped; the next rows still read
        _row(4, "", "01", "", "人力资源事务", "3.00", "10000.00", "2.00"),
    ]
    units = TableUnits(unit=WAN_YUAN, columns={5: YUAN})  # 基本支出 (the sixth column) is printed in 元
    got = [(r.code, r.amounts) for r in coded_rows(rows, layout, 1, [], offset=1, units=units)]
    amounts = {"合计": D("3.00"), "基本支出": D("1.00"), "项目支出": D("2.00")}
    assert got == [("208", amounts), ("20801", amounts)]
