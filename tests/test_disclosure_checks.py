"""The documents' own arithmetic checks the extraction: 合计/小计 rows and columns, balanced 收支总表."""

from __future__ import annotations

import copy
from decimal import Decimal

from budgetkg.extract import BudgetRecords
from budgetkg.extract.reconcile import SUM_CHECKS, check_table
from budgetkg.extract.records import Finding

# Everything else reconciles: every 类 with its 款, every 款 with its 项, every 合计 row with the
# 类 rows, every 小计/合计 column with the columns it sums, in every table of every sample.
PUBLISHED_INCONSISTENCIES = {
    "000": [],
    "001": [],
    "002": [],
    "003": [
        "收入总表: 海东市人力资源和社会保障局 (income, general-public) is 2791.77, "
        "its units add up to 2791.78",
        "收入总表: 海东市人力资源和社会保障局 (total) is 2791.77, "
        "its units add up to 2791.78",
        "一般公共预算支出表: 行政事业单位养老支出 (basic, general-public) is 313.82, "
        "its sub-lines add up to 313.81",
        "一般公共预算支出表: 行政事业单位养老支出 (total, general-public) is 313.82, "
        "its sub-lines add up to 313.81",
        "一般公共预算基本支出表: 工资福利支出 (basic, general-public) is 1247.58, "
        "its sub-lines add up to 1247.57",
        "一般公共预算基本支出表: 工资福利支出 (personnel, general-public) is 1247.58, "
        "its sub-lines add up to 1247.57",
        "一般公共预算基本支出表: 对个人和家庭的补助 (basic, general-public) is 153.86, "
        "its sub-lines add up to 153.87",
        "一般公共预算基本支出表: 对个人和家庭的补助 (personnel, general-public) is 153.86, "
        "its sub-lines add up to 153.87",
    ],
    "004": [
        "政府采购预算表: 社会保障和就业支出: 资金来源/财政拨款/小计 is 74.64, "
        "the columns it sums add up to 74.65",
        "政府采购预算表: 人力资源和社会保障管理事务: 资金来源/财政拨款/小计 is 73.64, "
        "the columns it sums add up to 73.65",
        "政府采购预算表: 社会保险经办机构: 资金来源/财政拨款/小计 is 15.64, "
        "the columns it sums add up to 15.65",
        "政府采购预算表: 合计 (procurement) is 253.88, "
        "its 类 lines add up to 253.87",
        "政府采购预算表: 合计 (procurement, fiscal) is 253.88, "
        "its 类 lines add up to 253.87",
    ],
}


def test_tables_reconcile_except_where_the_document_disagrees_with_itself(
    records: dict[str, BudgetRecords],
) -> None:
    found = {k: [f.message for f in r.findings if f.slug in SUM_CHECKS] for k, r in records.items()}
    assert found == PUBLISHED_INCONSISTENCIES
    assert not [f for r in records.values() for f in r.findings if f.slug == "unparsed-amount"]


def test_the_checks_cover_what_they_claim(records: dict[str, BudgetRecords]) -> None:
    """Every coded table has a 合计 line and 类 lines to check it against."""
    for sample, r in records.items():
        for kind in ("general-public", "income", "procurement", "general-basic"):
            lines = [ln for ln in r.disclosure_lines if ln.kind == kind and not ln.stated]  # printed lines
            if not lines or kind == "income" and sample == "003":
                continue
            assert any(ln.is_total for ln in lines), (sample, kind)
            assert any(len(ln.function_code or ln.econ_code or "") == 3 for ln in lines), (sample, kind)


def _check(lines: list, title: str = "t") -> list[str]:
    findings: list[Finding] = []
    check_table(lines, title, "某部门", findings)
    return [f.message for f in findings]


def test_a_misread_amount_breaks_the_row_sums(records: dict[str, BudgetRecords]) -> None:
    lines = copy.deepcopy([ln for ln in records["000"].disclosure_lines if ln.kind == "general-public"])
    assert _check(lines) == []
    admin = next(ln for ln in lines if ln.function_code == "2080101")
    next(a for a in admin.amounts if a.measure == "personnel").value = Decimal("851.58")
    assert _check(lines) == [
        "t: 行政运行: 基本支出/小计 is 1011.21, the columns it sums add up to 1010.94",
        "t: 人力资源和社会保障管理事务 (personnel, general-public) is 3041.70, "
        "its sub-lines add up to 3041.43",
    ]


def test_a_two_sided_table_must_balance(records: dict[str, BudgetRecords]) -> None:
    lines = copy.deepcopy([ln for ln in records["002"].disclosure_lines if ln.kind == "income-expenditure"])
    assert _check(lines) == []
    total = next(ln for ln in lines if ln.name == "支出总计")
    total.amounts[0].value = Decimal("10351.42")
    assert _check(lines) == ["t: 收入总计 10351.24 but 支出总计 10351.42"]
