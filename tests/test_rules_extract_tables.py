"""Rules of the table readers on small hand-made budgets: project lists (projects.py), notes
under tables (notes.py), list sums (reconcile.py) and the extraction summary (summary.py).

Every expected value is written by hand from the hand-made input."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract import extract_document
from budgetkg.extract.facts import Amount, DisclosureLine, TableStatus, ThreePublic
from budgetkg.extract.notes import is_note, table_notes
from budgetkg.extract.reconcile import check_table
from budgetkg.extract.records import BudgetRecords, Department, FunctionLine, Project, TableInfo
from budgetkg.extract.summary import extraction_summary, summary_lines
from budgetkg.extract.tables import logical_tables
from budgetkg.read.text import read_text

BUDGET = """2024年测试局部门预算

项目支出表

单位：万元

项目名称\t项目类型\t合计
合计\t\t30.00
社保窗口服务\t专项业务类\t10.00
信息系统运维\t\t20.00

注：本表不含上年结转项目。

政府性基金预算支出表

单位：万元

科目编码\t科目名称\t合计
合计\t\t

（注：本单位没有政府性基金预算拨款安排的支出，故本表为空表。）

收入总表

单位：万元

单位名称\t合计\t一般公共预算
合计\t30.00\t30.00
测试局本级\t12.00\t12.00
测试中心\t18.00\t18.00
"""


def _records() -> BudgetRecords:
    return extract_document(read_text(BUDGET, "t.txt", ""))


# ------------------------------------------------------------------ project list


def test_a_project_list_gives_each_named_row_its_amount_and_type() -> None:
    projects = _records().projects
    assert [(p.name, p.amount, p.type, p.source, p.table) for p in projects] == [
        ("社保窗口服务", D("10.00"), "专项业务类", "project-list", 1),
        ("信息系统运维", D("20.00"), None, "project-list", 1),
    ]
    assert [(p.prov.row, p.prov.line) for p in projects if p.prov] == [(3, 9), (4, 10)]


def test_a_project_list_without_type_column_and_a_short_row() -> None:
    text = "项目支出表\n\n单位：万元\n\n合计\t项目名称\n5.00\t甲项目\n"
    [p] = extract_document(read_text(text, "t.txt", "")).projects
    assert (p.name, p.amount, p.type) == ("甲项目", D("5.00"), None)
    # the name column comes after the amount: a row that stops short has a blank name and is skipped
    text = "项目支出表\n\n单位：万元\n\n合计\t项目名称\n5.00\t甲项目\n6.00\n"
    assert [p.name for p in extract_document(read_text(text, "t.txt", "")).projects] == ["甲项目"]


def test_a_project_whose_amount_is_no_number_is_kept_with_a_finding() -> None:
    # (after a row with an amount: a first row without one would read as part of the header)
    text = "项目支出表\n\n单位：万元\n\n项目名称\t合计\n乙项目\t5.00\n甲项目\t12.5%\n"
    records = extract_document(read_text(text, "t.txt", ""))
    assert [(p.name, p.amount) for p in records.projects] == [("乙项目", D("5.00")), ("甲项目", None)]
    [f] = [f for f in records.findings if f.slug == "unparsed-amount" and f.message.startswith("project")]
    assert (f.message, f.table, f.prov.row if f.prov else None) == (
        "project '甲项目': amount '12.5%' is not a number",
        1,
        3,
    )


def test_a_project_list_without_a_name_column_is_reported() -> None:
    text = "项目支出表\n\n单位：万元\n\n名目\t合计\n甲项目\t5.00\n"
    records = extract_document(read_text(text, "t.txt", ""))
    assert records.projects == []
    [f] = [f for f in records.findings if f.slug == "project-list-columns-missing"]
    assert (f.message, f.table) == ("项目支出表 (table 1) lacks 项目名称 or 合计 column", 1)


# ------------------------------------------------------------------ notes


def test_is_note_needs_注_and_a_colon_at_the_start() -> None:
    assert is_note("注：本表为空表") and is_note(" (注:本表为空表)") and is_note("（ 注 ：空）")
    assert not is_note("注本表为空表") and not is_note("备注：空") and not is_note("说明：注：空")


def test_notes_attach_to_the_table_above_and_lose_their_brackets() -> None:
    doc = read_text(BUDGET, "t.txt", "")
    assert table_notes(doc, logical_tables(doc)) == {
        1: "注：本表不含上年结转项目。",
        2: "注：本单位没有政府性基金预算拨款安排的支出，故本表为空表。",
    }


def test_several_notes_are_joined_and_a_paragraph_or_heading_ends_them() -> None:
    text = (
        "项目支出表\n\n项目名称\t合计\n甲\t1.00\n\n注：一。\n\n（注：二。\n\n说明文字。\n\n注：三。\n\n"
        "收入总表\n\n单位名称\t合计\n乙\t1.00\n\n(注：四)\n"
    )
    doc = read_text(text, "t.txt", "")
    # an unclosed bracket is left as printed; 注：三 follows a paragraph, not the table
    assert table_notes(doc, logical_tables(doc)) == {1: "注：一。 （注：二。", 2: "注：四"}


# ------------------------------------------------------------------ sums of list tables


def _lines(*rows: tuple[str, str, bool]) -> list[DisclosureLine]:
    return [
        DisclosureLine("income", name, [Amount("total", D(v))], is_total=total) for name, v, total in rows
    ]


def _check(lines: list[DisclosureLine]) -> list[str]:
    found: list = []
    check_table(lines, "收入总表", "测试局", found)
    return [f.message for f in found]


def test_a_list_total_is_the_sum_of_its_items() -> None:
    assert _check(_lines(("合计", "30.00", True), ("甲", "12.00", False), ("乙", "18.00", False))) == []
    assert _check(_lines(("合计", "30.00", True), ("甲", "12.00", False), ("乙", "18.01", False))) == [
        "收入总表: 合计 (total) is 30.00, its items add up to 30.01"
    ]


def test_a_line_named_after_the_department_sums_its_units_and_the_total_checks_it_alone() -> None:
    ok = _lines(
        ("合计", "30.00", True), ("测试局", "30.00", False), ("甲", "12.00", False), ("乙", "18.00", False)
    )
    assert _check(ok) == []
    # the department line disagrees with its units; the total agrees with the department line alone
    bad = _lines(
        ("合计", "30.00", True), ("测试局", "30.00", False), ("甲", "12.00", False), ("乙", "19.00", False)
    )
    assert _check(bad) == ["收入总表: 测试局 (total) is 30.00, its units add up to 31.00"]
    # the total disagrees with the department line (not with the sum of the units)
    off = _lines(
        ("合计", "31.00", True), ("测试局", "30.00", False), ("甲", "12.00", False), ("乙", "18.00", False)
    )
    assert _check(off) == ["收入总表: 合计 (total) is 31.00, its items add up to 30.00"]


# ------------------------------------------------------------------ the extraction summary


def test_the_summary_of_a_small_budget() -> None:
    summary = extraction_summary(_records())
    assert summary == {
        "tables_found": 3,
        "tables": [
            {
                "kind": "project-list",
                "title": "项目支出表",
                "rows": 4,
                "lines": 3,
                "amounts": 3,
                "empty": False,
                "note": "注：本表不含上年结转项目。",
            },
            {
                "kind": "government-fund",
                "title": "政府性基金预算支出表",
                "rows": 2,
                "lines": 0,
                "amounts": 0,
                "empty": True,
                "note": "注：本单位没有政府性基金预算拨款安排的支出，故本表为空表。",
            },
            {"kind": "income", "title": "收入总表", "rows": 4, "lines": 3, "amounts": 6, "empty": False},
        ],
        "rows": 6,  # 3 lines of the project list, 3 of the income table
        "observations": 9,  # 3 + 6 amounts
        "projects": 2,
        "indicators": 0,
        "three_public_years": [],
        "stated_figures": 0,
        "glossary_terms": 0,
        "empty_tables": ["政府性基金预算支出表"],
        "skipped": [],
    }
    assert summary_lines(summary) == [
        "read: 3 tables, 6 rows, 9 amounts, 2 projects, 0 indicators, 三公经费 years: none, "
        "0 stated figures, 0 glossary terms",
        "stated empty: 政府性基金预算支出表",
    ]


def test_the_summary_counts_every_kind_of_record_and_names_what_was_skipped() -> None:
    r = BudgetRecords(source="s", checksum="c", department=Department(name="测试局"))
    r.tables = [
        TableInfo(1, "expenditure", "支出总表", 6),
        TableInfo(2, "income", "收入总表", 3),
        TableInfo(3, "asset-list", "资产表", 2),
        TableInfo(4, "general-public", "一般公共预算支出表", 2),
        TableInfo(5, "state-capital", "国有资本经营预算支出表", 2),
    ]
    r.table_status = [
        TableStatus("income", "收入总表", lines=2, amounts=3, table=2),
        TableStatus("general-public", "", skipped="no header row with column labels", table=4),
        TableStatus("state-capital", "国有资本经营预算支出表", empty=True, table=5),
    ]
    r.function_lines = [
        FunctionLine("208", "社会保障和就业支出", D("3"), D("1"), None, table=1),
        FunctionLine(None, "合计", D("3"), None, None, table=1, is_total=True),
    ]
    r.three_public = [
        ThreePublic(2024, total=D("1"), overseas=D("0"), reception=D("1")),
        ThreePublic(2023, vehicle=D("2"), vehicle_purchase=D("1"), vehicle_operation=D("1")),
    ]
    r.projects = [Project("甲", D("1"))]
    r.ocr = {"engine": "tesseract"}
    s = extraction_summary(r)
    assert s["tables"] == [
        {"kind": "expenditure", "title": "支出总表", "rows": 6, "read_as": "expenditure summary"},
        {"kind": "income", "title": "收入总表", "rows": 3, "lines": 2, "amounts": 3, "empty": False},
        {"kind": "asset-list", "title": "资产表", "rows": 2},
        {
            "kind": "general-public",
            "title": "一般公共预算支出表",
            "rows": 2,
            "lines": 0,
            "amounts": 0,
            "empty": False,
        },
        {
            "kind": "state-capital",
            "title": "国有资本经营预算支出表",
            "rows": 2,
            "lines": 0,
            "amounts": 0,
            "empty": True,
        },
    ]
    assert (s["rows"], s["observations"], s["projects"], s["three_public_years"]) == (
        2,
        3 + 6,
        1,
        [2023, 2024],
    )
    assert s["skipped"] == [
        {"title": "(untitled table)", "reason": "no header row with column labels"},
        {"title": "国有资本经营预算支出表", "reason": "no amount printed and no note saying why"},
        {"title": "资产表", "reason": "no extractor for tables of kind 'asset-list' yet"},
    ]
    assert s["empty_tables"] == []
    assert s["ocr"] == {"engine": "tesseract"}
    assert "ocr" not in extraction_summary(BudgetRecords("s", "c", Department("x")))


def test_summary_lines_name_the_years_the_skipped_tables_and_the_ocr() -> None:
    summary = {
        "tables_found": 2,
        "rows": 5,
        "observations": 9,
        "projects": 1,
        "indicators": 4,
        "three_public_years": [2023, 2024],
        "stated_figures": 3,
        "glossary_terms": 2,
        "empty_tables": ["甲表", "乙表"],
        "skipped": [{"title": "丙表", "reason": "why"}],
        "ocr": {
            "pages": [1, 3],
            "engine": "tesseract",
            "version": "5.3",
            "lang": "chi_sim",
            "mean_confidence": 0.876,
            "corrected": 2,
            "still_failing": 1,
        },
    }
    assert summary_lines(summary) == [
        "read: 2 tables, 5 rows, 9 amounts, 1 projects, 4 indicators, 三公经费 years: 2023 2024, "
        "3 stated figures, 2 glossary terms",
        "stated empty: 甲表; 乙表",
        "skipped: 丙表: why",
        "OCR'd: pages 1, 3 by tesseract 5.3 (chi_sim), mean confidence 0.88, 2 figures corrected by the "
        "tables' sums, 1 sums still failing",
    ]
    assert summary_lines({}) == []


# ------------------------------------------------------------------ projects and their performance tables


def test_a_listed_project_is_linked_to_its_performance_table_and_an_unmatched_table_is_a_project() -> None:
    text = (
        "项目支出表\n\n单位：万元\n\n项目名称\t项目类型\t合计\n就业补助资金\t\t10.00\n信息系统运维\t运维类\t20.00\n\n"
        "项目支出绩效目标表\n\n单位：万元\n\n"
        "项目名称\t2024年就业补助资金\t项目编码\t001\n项目类别\t专项类\t单位名称\t测试中心\n年度预算资金\t12.00\t\t\n"
        "项目名称\t完全不同的名字\t项目编码\t002\n年度预算资金\t3.00\t\t\n"
    )
    r = extract_document(read_text(text, "t.txt", ""))
    # the list gives the amount; the code, type and unit only the performance table prints are added
    assert [(p.name, p.amount, p.code, p.type, p.unit, p.source, p.table) for p in r.projects] == [
        ("就业补助资金", D("10.00"), "001", "专项类", "测试中心", "project-list", 1),
        ("信息系统运维", D("20.00"), None, "运维类", None, "project-list", 1),
        ("完全不同的名字", D("3.00"), "002", None, None, "performance-table", 2),
    ]
    assert [(t.project, t.match, t.match_score) for t in r.performance] == [
        (0, "normalized", 1.0),
        (2, "derived", 1.0),
    ]
    found = [(f.slug, f.message, f.table, f.prov.row if f.prov else None) for f in r.findings]
    assert found[-2:] == [
        (
            "performance-amount-mismatch",
            "project '就业补助资金': the project list prints 10.00, "
            "its 绩效目标表 ('2024年就业补助资金') prints 12.00",
            2,
            1,
        ),
        (
            "performance-project-unmatched",
            "绩效目标表 of '完全不同的名字' matches no project of the project list; kept as a project",
            2,
            4,
        ),
    ]
