"""Rules of the disclosure-table reader (disclosure.py) on hand-made tables: the two sides of a
收支总表, two code groups of a basic-expenditure table, a 款 printed in the 类 column, a 合计 row
that lost its name cell, asset counts with their units, repeated headers, unreadable cells."""

from __future__ import annotations

from budgetkg.extract.disclosure import name_codes, read_table
from budgetkg.extract.facts import Amount, DisclosureLine, TableStatus
from budgetkg.extract.records import Finding
from budgetkg.extract.tables import logical_tables
from budgetkg.extract.unit_sources import assign_units
from budgetkg.read.text import read_text


def _read(text: str) -> tuple[list[DisclosureLine], TableStatus, list[Finding]]:
    doc = read_text(text, "t.txt", "")
    [table] = logical_tables(doc)
    assign_units(doc, [table])
    findings: list[Finding] = []
    lines, status = read_table(table, findings)
    return lines, status, findings


def _amounts(line: DisclosureLine) -> list[tuple[str, str | None, str, str]]:
    return [(a.measure, a.fund, str(a.value), a.column) for a in line.amounts]


TWO_SIDED = (
    "收支总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
    "一、一般公共预算拨款收入\t100.00\t一、基本支出\t60.00\n二、事业收入\t20.00\t二、项目支出\t60.00\n"
    "\t\t三、社会保障和就业支出\t120.00\n本年收入合计\t120.00\t本年支出合计\t120.00\n"
)


def test_two_sided_rows_give_a_line_per_side() -> None:
    lines, status, findings = _read(TWO_SIDED)
    assert [(ln.name, ln.side, ln.is_total, ln.row_number, _amounts(ln)) for ln in lines] == [
        ("一般公共预算拨款收入", "income", False, 3, [("income", "general-public", "100.00", "收入/预算数")]),
        ("基本支出", "expenditure", False, 3, [("basic", None, "60.00", "支出/预算数")]),
        ("事业收入", "income", False, 4, [("income", "business", "20.00", "收入/预算数")]),
        ("项目支出", "expenditure", False, 4, [("project", None, "60.00", "支出/预算数")]),
        ("社会保障和就业支出", "expenditure", False, 5, [("expenditure", None, "120.00", "支出/预算数")]),
        ("本年收入合计", "income", True, 6, [("income", None, "120.00", "收入/预算数")]),
        ("本年支出合计", "expenditure", True, 6, [("expenditure", None, "120.00", "支出/预算数")]),
    ]
    assert (status.kind, status.title, status.lines, status.amounts, status.empty, status.table) == (
        "income-expenditure",
        "收支总表",
        7,
        7,
        False,
        1,
    )
    assert findings == []
    assert {ln.kind for ln in lines} == {"income-expenditure"} and {ln.table for ln in lines} == {1}


def test_two_code_groups_of_a_basic_table_are_the_two_economic_classifications() -> None:
    text = (
        "一般公共预算基本支出表\n\n单位：万元\n\n部门经济分类科目\t\t政府经济分类科目\t\t合计\t人员经费\t公用经费\n"
        "科目编码\t科目名称\t科目编码\t科目名称\t\t\t\n"
        "301\t工资福利支出\t501\t机关工资福利支出\t5.00\t5.00\t\n30101\t基本工资\t50101\t工资奖金津补贴\t5.00\t5.00\t\n"
        "\t合计\t\t\t5.00\t5.00\t\n"
    )
    lines, _, _ = _read(text)
    assert [
        (ln.name, ln.is_total, ln.function_code, ln.econ_code, ln.gov_econ_code, ln.gov_econ_name)
        for ln in lines
    ] == [
        ("工资福利支出", False, None, "301", "501", "机关工资福利支出"),
        ("基本工资", False, None, "30101", "50101", "工资奖金津补贴"),
        ("合计", True, None, None, None, None),
    ]
    assert _amounts(lines[0]) == [
        ("basic", "general-public", "5.00", "合计"),
        ("personnel", "general-public", "5.00", "人员经费"),
    ]


def test_a_section_printed_in_the_class_column_is_moved_to_its_place() -> None:
    text = (
        "一般公共预算支出表\n\n单位：万元\n\n科目编码\t\t\t科目名称\t合计\n类\t款\t项\t\t\n"
        "208\t\t\t社会保障和就业支出\t3.00\n10\t\t\t社会福利\t3.00\n\t\t01\t儿童福利\t3.00\n合 计\t\t\t3.00\n"
    )
    lines, _, _ = _read(text)
    # the last row lost its empty name cell: its amount is put back under 合计
    assert [(ln.name, ln.function_code, ln.is_total, _amounts(ln)) for ln in lines] == [
        ("社会保障和就业支出", "208", False, [("total", "general-public", "3.00", "合计")]),
        ("社会福利", "20810", False, [("total", "general-public", "3.00", "合计")]),
        ("儿童福利", "2081001", False, [("total", "general-public", "3.00", "合计")]),
        ("合计", None, True, [("total", "general-public", "3.00", "合计")]),
    ]


def test_asset_counts_keep_their_unit_and_lose_the_ordinal() -> None:
    text = (
        "固定资产占用情况表\n\n单位：万元\n\n项目\t数量\t价值\n"
        "一、房屋（平方米）\t1,200\t300.00\n二、车辆（辆）\t2\t40.00\n"
    )
    lines, _, _ = _read(text)
    assert [(ln.name, [(a.measure, str(a.value), a.unit) for a in ln.amounts]) for ln in lines] == [
        (
            "房屋（平方米）",
            [("asset-quantity", "1200", "square-metre"), ("asset-value", "300.00", "wan-yuan")],
        ),
        ("车辆（辆）", [("asset-quantity", "2", "vehicle"), ("asset-value", "40.00", "wan-yuan")]),
    ]


def test_a_list_table_skips_a_header_echo_and_rows_without_amounts() -> None:
    text = "收入总表\n\n单位：万元\n\n单位名称\t合计\n甲单位\t1.00\n单位名称\t2.00\n乙单位\t\n丙单位\t3.00\n"
    lines, status, _ = _read(text)
    assert [(ln.name, ln.row_number) for ln in lines] == [("甲单位", 2), ("丙单位", 5)]
    assert (status.lines, status.amounts) == (2, 2)


def test_a_cell_that_is_no_amount_is_reported_and_the_rest_of_the_row_kept() -> None:
    # (a column's kind comes from the part that carries the header: the bad cell is on the next page)
    text = (
        "一般公共预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\n208\t社会保障和就业支出\t3.00\t3.00\n\n"
        "- 2 -\n\n210\t卫生健康支出\t4.00\t12%\n"
    )
    lines, _, findings = _read(text)
    assert [_amounts(ln) for ln in lines] == [
        [("total", "general-public", "3.00", "合计"), ("basic", "general-public", "3.00", "基本支出")],
        [("total", "general-public", "4.00", "合计")],
    ]
    assert [(f.slug, f.message, f.table, f.prov.row if f.prov else None) for f in findings] == [
        ("unparsed-amount", "一般公共预算支出表: 基本支出 cell '12%' is not an amount", 1, 1)
    ]


def test_a_header_printed_again_after_a_page_break_keeps_the_codes_inherited() -> None:
    head = "科目编码\t\t\t科目名称\t合计\n类\t款\t项\t\t\n"
    text = (
        f"一般公共预算支出表\n\n单位：万元\n\n{head}208\t\t\t社会保障和就业支出\t3.00\n\t01\t\t人力资源事务\t3.00\n\n"
        f"- 2 -\n\n{head}\t\t01\t行政运行\t3.00\n"
    )
    lines, _, _ = _read(text)
    assert [(ln.name, ln.function_code, ln.row_number) for ln in lines] == [
        ("社会保障和就业支出", "208", 3),
        ("人力资源事务", "20801", 4),
        ("行政运行", "2080101", 7),
    ]


def test_an_empty_table_has_no_lines_and_a_table_without_labels_is_skipped() -> None:
    _, status, _ = _read("政府性基金预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n合计\t\t\n")
    assert (status.lines, status.amounts, status.empty, status.skipped) == (0, 0, True, None)
    _, status, _ = _read("政府性基金预算支出表\n\n208\t社会保障和就业支出\t3.00\n")
    assert status.skipped == "no header row with column labels"


def test_name_codes_take_printed_class_codes_and_the_extra_map() -> None:
    lines = [
        DisclosureLine("general-public", "社会保障和就业支出", [Amount("total", 1)], function_code="208"),
        DisclosureLine("general-public", "人力资源事务", [Amount("total", 1)], function_code="20801"),
        DisclosureLine("income-expenditure", "一、社会保障和就业支出", side="expenditure"),
        DisclosureLine("income-expenditure", "人力资源事务", side="expenditure"),
        DisclosureLine("income-expenditure", "二、卫生健康支出", side="expenditure"),
        DisclosureLine("income-expenditure", "卫生健康支出", side="income"),
        DisclosureLine("income-expenditure", "卫生健康支出", side="expenditure", is_total=True),
    ]
    name_codes(lines, {"卫生健康支出": "210"})
    assert [ln.function_code for ln in lines[2:]] == ["208", None, "210", None, None]


def test_a_bad_cell_before_good_ones_leaves_the_others_read() -> None:
    text = (
        "一般公共预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\n208\t社会保障和就业支出\t3.00\t3.00\n\n"
        "- 2 -\n\n210\t卫生健康支出\t12%\t4.00\n"
    )
    lines, _, findings = _read(text)
    assert [_amounts(ln) for ln in lines][1] == [("basic", "general-public", "4.00", "基本支出")]
    assert [f.message for f in findings] == ["一般公共预算支出表: 合计 cell '12%' is not an amount"]


def test_observation_count_counts_line_amounts_and_published_三公_figures() -> None:
    from decimal import Decimal as D

    from budgetkg.extract.disclosed import observation_count
    from budgetkg.extract.facts import ThreePublic

    lines = [
        DisclosureLine("k", "甲", [Amount("total", D(1)), Amount("basic", D(1))]),
        DisclosureLine("k", "乙"),
    ]
    three = [ThreePublic(2024, total=D(1), overseas=D(0)), ThreePublic(2023)]
    assert observation_count(lines, three) == 4
    assert observation_count([], []) == 0
