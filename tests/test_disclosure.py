"""The standard disclosure tables of the five samples: lines, measures, fund sources, codes, 三公经费."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import BudgetRecords
from budgetkg.extract.facts import DisclosureLine
from budgetkg.extract.records import Finding
from budgetkg.extract.tables import LogicalTable
from budgetkg.extract.three_public import FIELDS, extract_three_public
from budgetkg.read.model import Cell, Provenance, Row, Table

D = Decimal


def _lines(r: BudgetRecords, kind: str) -> list[DisclosureLine]:
    return [ln for ln in r.disclosure_lines if ln.kind == kind]


def _line(r: BudgetRecords, kind: str, **match: object) -> DisclosureLine:
    found = [ln for ln in _lines(r, kind) if all(getattr(ln, k) == v for k, v in match.items())]
    assert len(found) == 1, (kind, match, len(found))
    return found[0]


def _amounts(line: DisclosureLine) -> dict[tuple[str, str | None], Decimal]:
    return {(a.measure, a.fund): a.value for a in line.amounts}


READ = {  # table kind -> lines read, per sample
    "000": {"income-expenditure": 10, "income": 30, "fiscal-income-expenditure": 8, "general-public": 29,
            "general-basic": 66, "three-public": 2, "government-fund": 0, "state-capital": 0, "basic": 66,
            "project-list": 24, "procurement": 10},
    "001": {"income-expenditure": 8, "income": 26, "fiscal-income-expenditure": 8, "general-public": 26,
            "general-basic": 30, "government-fund": 0, "state-capital": 0, "three-public": 1,
            "procurement": 0, "assets": 5},
    "002": {"income-expenditure": 9, "income": 18, "fiscal-income-expenditure": 7, "general-public": 18,
            "general-basic": 0, "three-public": 0, "government-fund": 0, "state-capital": 0, "basic": 0,
            "project-list": 9, "procurement": 4},
    "003": {"income-expenditure": 8, "income": 5, "fiscal-income-expenditure": 8, "general-public": 33,
            "general-basic": 33, "three-public": 2, "government-fund": 0, "state-capital": 0},
    "004": {"income": 50, "fiscal-income-expenditure": 10, "general-public": 50, "general-basic": 25,
            "three-public": 2, "government-fund": 0, "state-capital": 0, "basic": 25, "project-list": 39,
            "procurement": 18},
}


@pytest.mark.parametrize("sample", sorted(READ))
def test_every_standard_table_is_recognised_and_read(records: dict[str, BudgetRecords], sample: str) -> None:
    status = {s.kind: s.lines for s in records[sample].table_status if s.kind}
    assert status == READ[sample]


def test_empty_tables_are_recorded_with_the_note_that_states_it(records: dict[str, BudgetRecords]) -> None:
    def empty(sample: str) -> dict[str, str | None]:
        return {s.kind: s.note for s in records[sample].table_status if s.kind and s.empty}

    assert empty("000") == {
        "government-fund": "注：2024年没有使用政府性基金预算拨款安排的支出。",
        "state-capital": "注：2024年没有使用国有资本经营预算拨款安排的支出。",
    }
    assert empty("003") == {"government-fund": "注：此表为空表", "state-capital": "注：此表为空表"}
    e002 = empty("002")
    assert set(e002) == {"general-basic", "three-public", "government-fund", "state-capital", "basic"}
    assert e002["three-public"] == "注：2024年没有一般公共预算“三公”经费支出。"
    # 001's procurement table, titled 部门政府采购预算 without 表, is its own (empty) table now
    assert empty("001")["procurement"].endswith("注：无政府采购预算，空表列示。")


def test_general_public_table_splits_basic_into_personnel_and_public(
    records: dict[str, BudgetRecords],
) -> None:
    total = _line(records["000"], "general-public", is_total=True)
    assert _amounts(total) == {
        ("total", "general-public"): D("9438.90"),
        ("basic", "general-public"): D("5044.00"),
        ("personnel", "general-public"): D("4614.81"),
        ("public", "general-public"): D("429.19"),
        ("project", "general-public"): D("4394.90"),
    }
    admin = _line(records["000"], "general-public", function_code="2080101")
    assert _amounts(admin)[("personnel", "general-public")] == D("851.85")
    # 001 and 003 print 合计 | 基本支出 | 项目支出 only
    assert _amounts(_line(records["003"], "general-public", function_code="20807")) == {
        ("total", "general-public"): D("784.60"),
        ("project", "general-public"): D("784.60"),
    }


def test_a_kuan_printed_in_the_lei_column_after_a_page_break(records: dict[str, BudgetRecords]) -> None:
    """004 prints ``10 | | | 社会福利`` on its third page: 款 10 of 208, not a class 10."""
    welfare = _line(records["004"], "general-public", function_code="20810")
    assert welfare.name == "社会福利" and welfare.amount("total", "general-public") == D("85.00")
    assert _line(records["004"], "general-public", function_code="2081002").name == "老年福利"


def test_basic_expenditure_lines_keep_both_economic_codes(records: dict[str, BudgetRecords]) -> None:
    salaries = [ln for ln in _lines(records["000"], "general-basic") if ln.econ_code == "30101"]
    got = [(ln.gov_econ_code, ln.gov_econ_name, ln.amount("basic", "general-public")) for ln in salaries]
    assert got == [
        ("50101", "工资奖金津补贴", D("632.73")),
        ("50501", "工资福利支出", D("496.96")),
    ]
    goods = _line(records["004"], "general-basic", econ_code="302", gov_econ_code="502")
    assert goods.name == "商品和服务支出" and goods.gov_econ_name == "机关商品和服务支出"
    assert _amounts(goods) == {
        ("basic", "general-public"): D("139.65"),
        ("public", "general-public"): D("139.65"),
    }
    # 001 and 003 print the 部门预算 classification only
    retire = _line(records["001"], "general-basic", econ_code="30302")
    assert retire.gov_econ_code is None and retire.amount("personnel", "general-public") == D("80.36")
    office = _line(records["003"], "general-basic", econ_code="302")
    assert office.amount("public", "general-public") == D("124.25")


def test_basic_budget_table_by_fund_source(records: dict[str, BudgetRecords]) -> None:
    """基本支出预算表: a 15-column part after a 13-column part whose codes share one cell (301 01)."""
    lines = _lines(records["000"], "basic")
    vehicles = [ln for ln in lines if ln.econ_code == "30231"]
    keys = (("basic", None), ("basic", "fiscal"), ("basic", "general-public"))
    assert [(ln.gov_econ_code, _amounts(ln)) for ln in vehicles] == [
        ("50208", {k: D("6.27") for k in keys}),
        ("50502", {k: D("2.51") for k in keys}),
    ]
    first = next(ln for ln in lines if ln.econ_code == "30101")
    assert (first.gov_econ_code, first.amount("basic")) == ("50101", D("632.73"))


def test_income_tables(records: dict[str, BudgetRecords]) -> None:
    total = _line(records["000"], "income", is_total=True)
    assert total.amount("total") == D("9488.90") and total.amount("income", "general-public") == D("9438.90")
    # 001 (Word): 本年收入 over 小计 | 财政拨款收入 | ...; 合计 includes 上年结转
    pension = _line(records["001"], "income", function_code="20805")
    assert _amounts(pension) == {
        ("total", None): D("9241.32"),
        ("income", None): D("9241.32"),
        ("income", "fiscal"): D("9241.32"),
    }
    # 003's 收入总表 is by budget unit, not by function code
    units = {ln.name: ln.amount("income", "general-public") for ln in _lines(records["003"], "income")}
    assert units == {
        "合计": D("2791.77"),
        "海东市人力资源和社会保障局": D("2791.77"),
        "海东市人力资源和社会保障局(本级)": D("1166.16"),
        "海东市就业服务局": D("943.14"),
        "海东市社会保险服务局": D("682.48"),
    }


def test_two_sided_tables_keep_income_items_and_expenditure_by_class(
    records: dict[str, BudgetRecords],
) -> None:
    lines = _lines(records["000"], "income-expenditure")
    income = {ln.name: _amounts(ln) for ln in lines if ln.side == "income"}
    assert income["其他收入"] == {("income", "other"): D("50.00")}
    assert income["一般公共预算拨款收入"] == {("income", "general-public"): D("9438.90")}
    spending = {
        ln.name: (ln.function_code, ln.amount("expenditure")) for ln in lines if ln.side == "expenditure"
    }
    assert spending["社会保障和就业支出"] == ("208", D("8924.31"))  # the class code its name has elsewhere
    assert spending["支出总计"] == (None, D("9488.90"))
    fiscal = _line(records["003"], "fiscal-income-expenditure", side="expenditure", name="支出总计")
    assert _amounts(fiscal) == {
        ("expenditure", "fiscal"): D("2791.77"),
        ("expenditure", "general-public"): D("2791.77"),
    }
    word = _line(records["001"], "income-expenditure", side="expenditure", name="卫生健康支出")
    assert (word.function_code, word.amount("expenditure")) == ("210", D("161.66"))


def test_project_list_by_fund_source(records: dict[str, BudgetRecords]) -> None:
    exam = _line(records["000"], "project-list", name="人事考试业务经费（单位资金）")
    assert _amounts(exam) == {("project", None): D("50.00"), ("project", "unit-funds"): D("50.00")}
    total = _line(records["000"], "project-list", is_total=True)
    assert _amounts(total) == {
        ("project", None): D("4444.90"),
        ("project", "fiscal"): D("4394.90"),
        ("project", "general-public"): D("4394.90"),
        ("project", "unit-funds"): D("50.00"),
    }
    # 002 prints its 合计 row without the word 合计
    assert _line(records["002"], "project-list", is_total=True).amount("project") == D("10351.24")


def test_procurement_table_amounts_as_published(records: dict[str, BudgetRecords]) -> None:
    total = _line(records["000"], "procurement", is_total=True)  # the export dropped its empty name cell
    assert total.amount("procurement") == D("358.89")
    assert total.amount("procurement", "general-public") == D("358.89")
    it = _line(records["000"], "procurement", function_code="2080108")
    assert it.amount("procurement") == D("78.36")
    social = _line(records["004"], "procurement", function_code="208")
    assert social.amount("procurement", "fiscal") == D("74.64")
    assert social.amount("procurement", "general-public") == D("74.65")  # kept: the document disagrees


def test_fixed_asset_table(records: dict[str, BudgetRecords]) -> None:
    cars = _line(records["001"], "assets", name="车辆（台、辆）")
    assert [(a.measure, a.value, a.unit) for a in cars.amounts] == [
        ("asset-quantity", D("4"), "vehicle"),
        ("asset-value", D("48.17"), "wan-yuan"),
    ]


THREE_PUBLIC = {  # year -> total, overseas, vehicle, purchase, operation, reception
    "000": {
        2023: ("16.23", "0.00", "9.03", "0.00", "9.03", "7.20"),
        2024: ("13.38", "0.00", "8.78", "0.00", "8.78", "4.60"),
    },
    "001": {2024: ("6.30", "0.00", "6.30", "0.00", "6.30", "0.00")},  # blanks the text states as 0万元
    "002": {  # stated as none (the table's note, a sentence): zeros
        2023: ("0.00",) * 6,
        2024: ("0.00",) * 6,
    },
    "003": {
        2023: ("14.00", None, "7.50", None, "7.50", "6.50"),
        2024: ("11.00", "0.00", "7.50", None, "7.50", "3.50"),  # 出国 blank, stated 0.00 万元 in the text
    },
    "004": {
        2023: ("3.10", "0.00", "1.10", "0.00", "1.10", "2.00"),
        2024: ("2.99", "0.00", "0.99", "0.00", "0.99", "2.00"),
    },
}


@pytest.mark.parametrize("sample", sorted(THREE_PUBLIC))
def test_three_public_expenses_of_both_years(records: dict[str, BudgetRecords], sample: str) -> None:
    def text(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    got = {
        i.year: tuple(text(getattr(i, f)) for f in FIELDS) for i in records[sample].three_public
    }
    assert got == THREE_PUBLIC[sample]


def test_records_dict_leaves_out_what_depends_on_the_reader(records: dict[str, BudgetRecords]) -> None:
    d = records["000"].to_dict()
    line = d["disclosure_lines"][0]
    assert "table" not in line and "row_number" not in line and "prov" not in line
    assert "column" not in line["amounts"][0]
    assert all(s["kind"] for s in d["table_status"]) and "table" not in d["table_status"][0]
    assert d["three_public"][0]["year"] == 2023 and "table" not in d["three_public"][0]


def _table(title: str, *lines: str) -> LogicalTable:
    prov = Provenance(source="t", table=1)
    rows = [Row(cells=[Cell(c) for c in line.split("|")], prov=prov) for line in lines]
    return LogicalTable(title=title, kind="three-public", parts=[Table(number=1, rows=rows, prov=prov)])


def test_three_public_down_the_rows_with_a_column_per_year() -> None:
    """Another layout: items in rows, one column per year and a change column (not a year)."""
    table = _table(
        "“三公”经费支出表",
        "项目|2023年预算数|2024年预算数|增减",
        "合计|12.00|10.00|-2.00",
        "一、因公出国（境）费|||",
        "    其中：教学科研人员因公出国（境）费|1.00||",
        "二、公务用车购置及运行费|8.00|7.00|-1.00",
        "    其中：公务用车购置费|||",
        "          公务用车运行维护费|8.00|7.00|-1.00",
        "三、公务接待费|4.00|3.00|-1.00",
    )
    findings: list[Finding] = []
    got = [(i.year, i.total, i.overseas, i.vehicle, i.vehicle_operation, i.reception)
           for i in extract_three_public([table], 2024, findings)]
    assert got == [
        (2023, D("12.00"), None, D("8.00"), D("8.00"), D("4.00")),
        (2024, D("10.00"), None, D("7.00"), D("7.00"), D("3.00")),
    ]
    assert findings == []  # 12.00 = 8.00 + 4.00; the 其中 row is not the 出国 figure


def test_three_public_across_without_a_year_row_is_the_budget_year() -> None:
    table = _table(
        "一般公共预算“三公”经费支出表",
        "合计|因公出国（境）费|公务用车购置及运行费|||公务接待费",
        "||小计|公务用车购置费|公务用车运行费|",
        "5.00|0.00|3.00|1.00|2.00|2.50",
    )
    findings: list[Finding] = []
    [item] = extract_three_public([table], 2024, findings)
    assert (item.year, item.total, item.vehicle, item.vehicle_purchase, item.reception) == (
        2024, D("5.00"), D("3.00"), D("1.00"), D("2.50"),
    )
    assert [f.message for f in findings] == [
        "一般公共预算“三公”经费支出表 2024: total is 5.00, its parts add up to 5.50"
    ]
