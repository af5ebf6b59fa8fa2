"""Rules of add_disclosed (disclosed.py) and of the document's unit (unit_sources.py), on small
hand-made text budgets: names on a 收支总表 get the 类 code the 支出总表 prints for them, a
stated figure without a year of its own is the budget's year, and tables that state their unit
only in header cells still vote for the document's unit."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract import extract_document
from budgetkg.extract.tables import logical_tables
from budgetkg.extract.unit_sources import assign_units
from budgetkg.extract.units import WAN_YUAN, YUAN
from budgetkg.read.text import read_text

SUMMARY_HEADER = "科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n"


def _budget(summary_rows: str, narrative: str = "") -> str:
    return (
        "2024年测试局部门预算\n\n部门收支总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
        "一般公共预算拨款收入\t100.00\t社会保障和就业支出\t100.00\n收入总计\t100.00\t支出总计\t100.00\n\n"
        f"支出总表\n\n单位：万元\n\n{SUMMARY_HEADER}{summary_rows}\n{narrative}"
    )


def _expenditure_side(text: str) -> list[tuple[str, str | None]]:
    records = extract_document(read_text(text, "t.txt", ""))
    return [(ln.name, ln.function_code) for ln in records.disclosure_lines if ln.side == "expenditure"]


def test_a_two_sided_line_takes_the_class_code_the_summary_prints_for_its_name() -> None:
    rows = "\t\t\t合 计\t100.00\t60.00\t40.00\n208\t\t\t社会保障和就业支出\t100.00\t60.00\t40.00\n"
    assert _expenditure_side(_budget(rows)) == [("社会保障和就业支出", "208"), ("支出总计", None)]


def test_only_a_3_digit_class_code_of_the_summary_is_given() -> None:
    # the summary prints the name only on a 款 line (5 digits): no 类 code to give
    rows = (
        "\t\t\t合 计\t100.00\t60.00\t40.00\n210\t\t\t卫生健康支出\t100.00\t60.00\t40.00\n"
        "210\t01\t\t社会保障和就业支出\t100.00\t60.00\t40.00\n"
    )
    assert _expenditure_side(_budget(rows)) == [("社会保障和就业支出", None), ("支出总计", None)]


def test_a_stated_figure_without_a_year_is_the_budgets_year() -> None:
    rows = "\t\t\t合 计\t100.00\t60.00\t40.00\n"
    text = _budget(
        rows, "机关运行经费\n\n本部门机关运行经费预算为12.00万元。2023年机关运行经费为11.00万元。\n"
    )
    figures = extract_document(read_text(text, "t.txt", "")).stated_figures
    assert [(f.topic, f.value, f.year) for f in figures] == [
        ("operating-costs", D("12.00"), 2024),
        ("operating-costs", D("11.00"), 2023),
    ]


def test_tables_with_units_in_their_header_cells_state_the_documents_unit() -> None:
    text = (
        "项目支出表\n\n项目名称\t金额（元）\n甲\t10000.00\n\n"
        "政府采购预算表\n\n项目名称\t金额（元）\n乙\t20000.00\n\n"
        "收入总表\n\n单位名称\t合计\n丙\t3.00\n"
    )
    doc = read_text(text, "t.txt", "")
    tables = logical_tables(doc)
    assert assign_units(doc, tables) is YUAN
    assert [(t.units.source, t.units.table_unit) for t in tables] == [
        ("header", YUAN),
        ("header", YUAN),
        ("document", YUAN),
    ]


def test_nothing_stated_leaves_the_document_without_a_unit() -> None:
    text = "项目支出表\n\n项目名称\t金额\n甲\t1.00\n"
    doc = read_text(text, "t.txt", "")
    tables = logical_tables(doc)
    assert assign_units(doc, tables) is None
    assert [(t.units.source, t.units.table_unit) for t in tables] == [("assumed", WAN_YUAN)]
