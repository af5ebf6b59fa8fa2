"""The comparable view of a document's records (records.py ``to_dict``): no provenance, file name,
checksum, OCR report, table or row numbers, nor column labels; Decimals as printed."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract import extract_document
from budgetkg.extract.facts import Amount, DisclosureLine
from budgetkg.extract.records import BudgetRecords, Department, FunctionLine
from budgetkg.read.text import read_text

TEXT = (
    "2024年测试局部门预算\n\n项目支出表\n\n单位：万元\n\n项目名称\t合计\n甲项目\t5.00\n\n"
    "支出总表\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t5.00\t\t5.00\n"
)


def test_to_dict_of_a_small_budget() -> None:
    r = extract_document(read_text(TEXT, "t.txt", "abc"))
    assert (r.source, r.checksum, r.ocr) == ("t.txt", "abc", None)  # kept on the records, not compared
    r.ocr = {"engine": "x"}
    line = {
        "econ_code": None,
        "function_code": None,
        "gov_econ_code": None,
        "gov_econ_name": None,
        "is_total": False,
        "kind": "project-list",
        "name": "甲项目",
        "side": None,
        "amounts": [{"fund": None, "measure": "project", "unit": "wan-yuan", "value": "5.00"}],
        "stated": None,  # no statement of none in the text
    }
    assert r.to_dict() == {
        "department": {"code": None, "name": "", "region": None, "subunits": [], "year": 2024},
        "department_goals": [],
        "disclosure_lines": [line],
        "findings": [],
        "function_lines": [
            {
                "code": None,
                "name": "合计",
                "total": "5.00",
                "basic": None,
                "project": "5.00",
                "is_total": True,
                "stated": {},  # no measure filled from a statement
            }
        ],
        "glossary": [],
        "performance": [],
        "projects": [
            {
                "amount": "5.00",
                "code": None,
                "function_code": None,
                "name": "甲项目",
                "source": "project-list",
                "type": None,
                "unit": None,
            }
        ],
        "stated_figures": [],
        "table_status": [
            {
                "amounts": 1,
                "empty": False,
                "kind": "project-list",
                "lines": 1,
                "note": None,
                "skipped": None,
                "title": "项目支出表",
            }
        ],
        "tables": [
            {"kind": "project-list", "title": "项目支出表", "unit": "wan-yuan", "unit_inferred": False},
            {"kind": "expenditure", "title": "支出总表", "unit": "wan-yuan", "unit_inferred": False},
        ],
        "three_public": [],
    }


def test_the_summary_total_and_an_amount_by_measure_and_fund() -> None:
    r = BudgetRecords("s", "c", Department("x"))
    assert r.summary_total is None
    total = FunctionLine(None, "合计", D("1"), None, None, table=1, is_total=True)
    r.function_lines = [FunctionLine("208", "甲", D("1"), None, None, table=1), total]
    assert r.summary_total is total
    line = DisclosureLine("k", "n", [Amount("basic", D("1")), Amount("basic", D("2"), fund="fiscal")])
    assert line.amount("basic") == D("1") and line.amount("basic", "fiscal") == D("2")
    assert line.amount("project") is None


def test_strip_reader_fields_of_a_partial_dict() -> None:
    from budgetkg.extract.facts import strip_reader_fields

    d = {
        "disclosure_lines": [
            {"name": "甲", "table": 3, "row_number": 4, "amounts": [{"value": "1", "column": "合计"}]}
        ]
    }
    strip_reader_fields(d)
    assert d == {"disclosure_lines": [{"name": "甲", "amounts": [{"value": "1"}]}], "table_status": []}
    d = {
        "table_status": [{"kind": "", "table": 1}, {"kind": "income", "table": 2}],
        "three_public": [{"table": 5}],
    }
    strip_reader_fields(d)
    assert d == {"table_status": [{"kind": "income"}], "three_public": [{}]}
