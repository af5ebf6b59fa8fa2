"""Rules of the documents' own arithmetic (reconcile.py) on hand-made lines: 小计/合计 columns
against the columns they sum, 类/款/项 trees, the balance of a two-sided table. Each expected
message is written out by hand from the figures of the input."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract.facts import Amount, DisclosureLine
from budgetkg.extract.reconcile import SUM_CHECKS, check_table, column_sums
from budgetkg.extract.records import Finding
from budgetkg.read.model import Provenance


def _check(lines: list[DisclosureLine], department: str = "测试局") -> list[str]:
    found: list[Finding] = []
    check_table(lines, "表", department, found)
    return [f.message for f in found]


def _cols(name: str, **cells: str) -> DisclosureLine:
    """A line whose amounts sit under column paths (``基本支出/小计`` written ``基本支出__小计``)."""
    return DisclosureLine(
        "general-public",
        name,
        [Amount("total", D(v), column=k.replace("__", "/")) for k, v in cells.items()],
    )


def test_the_slugs_of_the_sum_checks() -> None:
    assert SUM_CHECKS == (
        "column-sum-mismatch",
        "row-sum-mismatch",
        "balance-mismatch",
        "three-public-sum-mismatch",
    )


# ------------------------------------------------------------------ columns


def test_a_subtotal_column_is_the_sum_of_its_siblings() -> None:
    ok = _cols("甲", 基本支出__小计="3.00", 基本支出__人员支出="1.00", 基本支出__公用支出="2.00")
    assert _check([ok]) == []
    bad = _cols("甲", 基本支出__小计="3.00", 基本支出__人员支出="1.00", 基本支出__公用支出="2.01")
    assert _check([bad]) == ["表: 甲: 基本支出/小计 is 3.00, the columns it sums add up to 3.01"]


def test_a_total_column_sums_each_group_by_its_own_cell_or_its_subtotal_or_its_parts() -> None:
    # 合计 = 基本支出 (its 小计) + 项目支出 (its own cell) + 其他 (the sum of its sub-columns)
    line = _cols(
        "甲",
        合计="10.00",
        基本支出__小计="3.00",
        基本支出__人员支出="1.00",
        基本支出__公用支出="2.00",
        项目支出="4.00",
        其他__甲="1.00",
        其他__乙="2.00",
    )
    assert _check([line]) == []
    line = _cols(
        "甲",
        合计="10.00",
        基本支出__小计="3.00",
        基本支出__人员支出="1.00",
        基本支出__公用支出="2.00",
        项目支出="4.00",
        其他__甲="1.00",
        其他__乙="1.00",
    )
    assert _check([line]) == ["表: 甲: 合计 is 10.00, the columns it sums add up to 9.00"]


def test_a_total_over_blank_columns_or_alone_is_not_checked() -> None:
    assert _check([_cols("甲", 合计="10.00")]) == []
    assert _check([_cols("甲", 总计="10.00", 基本支出__人员支出="4.00")]) == [
        "表: 甲: 总计 is 10.00, the columns it sums add up to 4.00"
    ]


def test_column_sums_counts_good_and_bad_subtotals() -> None:
    by_path = {
        ("合计",): D("10"),
        ("基本支出",): D("4"),
        ("项目支出",): D("6"),
        ("基本支出", "小计"): D("4"),
        ("基本支出", "人员"): D("1"),
        ("基本支出", "公用"): D("2"),
    }
    # 合计 = 4 + 6 holds; 基本支出/小计 = 1 + 2 does not
    assert column_sums(by_path) == (1, 1)
    assert column_sums({("合计",): D("1")}) == (0, 0)
    assert column_sums({("小计",): D("3"), ("甲",): D("3")}) == (1, 0)


# ------------------------------------------------------------------ the tree of codes


def _coded(code: str | None, name: str, v: str, econ: bool = False, total: bool = False) -> DisclosureLine:
    return DisclosureLine(
        "general-public",
        name,
        [Amount("total", D(v), fund="general-public")],
        function_code=None if econ else code,
        econ_code=code if econ else None,
        is_total=total,
    )


def test_each_level_is_the_sum_of_the_level_below_it() -> None:
    tree = [
        _coded(None, "合计", "10.00", total=True),
        _coded("208", "社会保障和就业支出", "10.00"),
        _coded("20801", "人力资源和社会保障管理事务", "6.00"),
        _coded("2080101", "行政运行", "2.00"),
        _coded("2080102", "一般行政管理事务", "4.00"),
        _coded("20805", "行政事业单位养老支出", "4.00"),
        _coded("2080505", "机关事业单位基本养老保险缴费支出", "4.00"),
    ]
    assert _check(tree) == []
    tree[4] = _coded("2080102", "一般行政管理事务", "4.01")
    assert _check(tree) == [
        "表: 人力资源和社会保障管理事务 (total, general-public) is 6.00, its sub-lines add up to 6.01"
    ]


def test_the_total_is_the_sum_of_the_classes_only() -> None:
    lines = [
        _coded(None, "合计", "9.00", total=True),
        _coded("208", "社会保障和就业支出", "5.00"),
        _coded("20801", "人力资源和社会保障管理事务", "5.00"),
        _coded("210", "卫生健康支出", "3.00"),
    ]
    assert _check(lines) == ["表: 合计 (total, general-public) is 9.00, its 类 lines add up to 8.00"]


def test_economic_codes_make_a_tree_too() -> None:
    lines = [
        _coded("301", "工资福利支出", "5.00", econ=True),
        _coded("30101", "基本工资", "2.00", econ=True),
        _coded("30102", "津贴补贴", "2.00", econ=True),
    ]
    assert _check(lines) == ["表: 工资福利支出 (total, general-public) is 5.00, its sub-lines add up to 4.00"]


def test_a_line_without_a_sub_level_and_odd_code_lengths_are_not_checked() -> None:
    lines = [
        _coded("208", "社会保障和就业支出", "5.00"),
        _coded("2080101", "行政运行", "1.00"),  # a 项 right under a 类: not a 款 of it
        _coded("2089", "四位", "1.00"),
        _coded("210", "卫生健康支出", "3.00"),
    ]
    assert _check(lines) == []


def test_amounts_are_compared_by_measure_and_fund() -> None:
    parent = DisclosureLine(
        "basic",
        "工资福利支出",
        [Amount("basic", D("5")), Amount("basic", D("2"), fund="fiscal")],
        econ_code="301",
    )
    child = DisclosureLine(
        "basic",
        "基本工资",
        [Amount("basic", D("5")), Amount("basic", D("3"), fund="fiscal")],
        econ_code="30101",
    )
    assert _check([parent, child]) == [
        "表: 工资福利支出 (basic, fiscal) is 2.00, its sub-lines add up to 3.00"
    ]
    # a measure printed on one side only is compared with zero
    only = DisclosureLine("basic", "基本工资", [Amount("basic", D("5"))], econ_code="30101")
    assert _check([parent, only]) == [
        "表: 工资福利支出 (basic, fiscal) is 2.00, its sub-lines add up to 0.00"
    ]


# ------------------------------------------------------------------ two-sided tables


def _side(side: str, name: str, v: str | None, total: bool = True, code: str | None = None) -> DisclosureLine:
    return DisclosureLine(
        "income-expenditure",
        name,
        [Amount(side, D(v))] if v else [],
        side=side,
        is_total=total,
        function_code=code,
    )


def test_the_current_years_expenditure_is_the_sum_of_its_classes() -> None:
    lines = [
        _side("income", "本年收入合计", "8.00"),
        _side("expenditure", "本年支出合计", "8.00"),
        _side("expenditure", "社会保障和就业支出", "5.00", total=False, code="208"),
        _side("expenditure", "卫生健康支出", "3.00", total=False, code="210"),
    ]
    assert _check(lines) == []
    lines[1] = _side("expenditure", "本年支出合计", "9.00")
    assert _check(lines) == [
        "表: 本年收入合计 8.00 but 本年支出合计 9.00",
        "表: 本年支出合计 (expenditure) is 9.00, its classes (类) add up to 8.00",
    ]


def test_only_the_current_years_total_is_checked_against_the_classes() -> None:
    lines = [
        _side("expenditure", "支出总计", "9.00"),
        _side("expenditure", "社会保障和就业支出", "5.00", total=False, code="208"),
    ]
    assert _check(lines) == []


def test_the_finding_names_the_line_and_table() -> None:
    prov = Provenance("t.txt", table=2, row=7)
    line = DisclosureLine(
        "general-public",
        "甲",
        [Amount("total", D("3"), column="合计"), Amount("total", D("1"), column="人员")],
        table=2,
        prov=prov,
    )
    found: list[Finding] = []
    check_table([line], "表", "测试局", found)
    assert [(f.slug, f.severity, f.table, f.prov) for f in found] == [
        ("column-sum-mismatch", "Warning", 2, prov)
    ]
