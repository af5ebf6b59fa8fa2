"""Extraction on the five real samples: department, summary lines, projects."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from budgetkg.extract import BudgetRecords
from budgetkg.extract.coded import CodeBuilder
from budgetkg.extract.department import region_of
from budgetkg.extract.reconcile import SUM_CHECKS
from budgetkg.extract.text import clean_name, parse_amount

DEPARTMENTS = {
    "000": ("聊城市人力资源和社会保障局", None, "聊城市", 7),
    "001": ("曹妃甸区人力资源和社会保障局", "323", "曹妃甸区", 3),
    "002": ("淄博高新技术产业开发区人力资源和社会保障中心（先创）", None, "淄博高新技术产业开发区", 0),
    "003": ("海东市人力资源和社会保障局", None, "海东市", 3),
    "004": ("聊城经济技术开发区党群工作部", None, "聊城经济技术开发区", 8),
}


@pytest.mark.parametrize("sample", sorted(DEPARTMENTS))
def test_department(records: dict[str, BudgetRecords], sample: str) -> None:
    name, code, region, units = DEPARTMENTS[sample]
    d = records[sample].department
    assert (d.name, d.code, d.region, d.year) == (name, code, region, 2024)
    assert len(d.subunits) == units


def test_subunits_with_nature_and_funding(records: dict[str, BudgetRecords]) -> None:
    units = records["001"].department.subunits
    assert [(u.name, u.nature, u.funding) for u in units] == [
        ("曹妃甸区人力资源和社会保障局本级", "行政", "财政拨款"),
        ("曹妃甸区就业服务中心", "事业", "财政性资金基本保证"),
        ("曹妃甸区社会保险事业局", "事业", "财政性资金基本保证"),
    ]
    assert records["000"].department.subunits[-1].name == "聊城市劳动人事争议仲裁院"


def _children_sum(lines: list, parent: str) -> Decimal:
    width = {3: 5, 5: 7}[len(parent)]
    return sum(
        (ln.total for ln in lines if ln.code and len(ln.code) == width and ln.code.startswith(parent)),
        Decimal(0),
    )


@pytest.mark.parametrize("sample", ["000", "001", "002", "004"])
def test_summary_lines_reconcile_with_their_parents(records: dict[str, BudgetRecords], sample: str) -> None:
    """The document's own arithmetic checks the extraction: children sum to parents."""
    lines = records[sample].function_lines
    for parent in (ln for ln in lines if ln.code and len(ln.code) in (3, 5)):
        assert _children_sum(lines, parent.code) == parent.total, parent.code
    total = records[sample].summary_total
    assert total is not None
    assert sum((ln.total for ln in lines if ln.code and len(ln.code) == 3), Decimal(0)) == total.total


def test_003_keeps_published_inconsistencies(records: dict[str, BudgetRecords]) -> None:
    """003 prints 2080199 twice and its 20805 children do not add up: kept as published."""
    lines = records["003"].function_lines
    assert [ln.code for ln in lines].count("2080199") == 2
    assert _children_sum(lines, "20805") == Decimal("313.81")
    assert next(ln for ln in lines if ln.code == "20805").total == Decimal("313.82")


def test_split_code_columns_rebuilt_across_page_break(records: dict[str, BudgetRecords]) -> None:
    lines = {ln.code: ln for ln in records["004"].function_lines if ln.code}
    # "13 促进创业补贴" opens the second page with 类 and 款 left blank.
    assert lines["2080713"].name == "促进创业补贴"
    assert lines["2080713"].project == Decimal("57.50")
    assert lines["20129"].basic is None and lines["20129"].project == Decimal("147.07")


@pytest.mark.parametrize("sample", ["000", "001", "002", "004"])
def test_projects_add_up_to_published_project_total(records: dict[str, BudgetRecords], sample: str) -> None:
    r = records[sample]
    assert r.summary_total is not None and r.projects
    assert sum((p.amount for p in r.projects if p.amount), Decimal(0)) == r.summary_total.project


def test_project_details(records: dict[str, BudgetRecords]) -> None:
    p000 = {p.name: p for p in records["000"].projects}
    wrapped = (
        "劳动保障监察执法检查及平台使用(举报投诉专查、专项检查、书面审查、"
        "农民工工资支付专项检查、双随机一公开等执法检查)"
    )
    assert p000[wrapped].amount == Decimal("20.00") and p000[wrapped].type == "其他运转类"
    p001 = records["001"].projects
    assert len(p001) == 16 and all(p.source == "performance-table" for p in p001)
    assert p001[0].code == "13020924P000034100045" and p001[0].amount == Decimal("81.00")
    p004 = {p.name: p for p in records["004"].projects}
    assert p004["发展服务中心-人才服务项目"].code == "37159124980801030002L"
    assert p004["发展服务中心-人才服务项目"].amount == Decimal("4153.00")


def test_no_findings_on_clean_samples(records: dict[str, BudgetRecords]) -> None:
    # Performance tables do have published problems: tests/test_performance.py asserts those;
    # so do the sums of the other disclosure tables: tests/test_disclosure_checks.py asserts those.
    by_sample = defaultdict(list)
    for k, r in records.items():
        by_sample[k] = [
            f.slug for f in r.findings if not f.slug.startswith("performance-") and f.slug not in SUM_CHECKS
        ]
    assert by_sample == {k: [] for k in records}


def test_clean_name_and_amounts() -> None:
    assert clean_name("聊城市食品公司退休人员工资及补 差") == "聊城市食品公司退休人员工资及补差"
    assert clean_name("使用 (举报投诉专查、 书面 审查)") == "使用(举报投诉专查、书面审查)"
    assert clean_name("2024 年 Excel export  v2") == "2024年Excel export v2"
    assert parse_amount("9,438.90") == Decimal("9438.90")
    assert str(parse_amount("4444.90")) == "4444.90"
    assert parse_amount("  ") is None
    with pytest.raises(ValueError):
        parse_amount("12x")


def test_code_builder_inherits_blank_parts() -> None:
    b = CodeBuilder()
    assert b.build(["208", "", ""]) == "208"
    assert b.build(["", "01", ""]) == "20801"
    assert b.build(["", "", "05"]) == "2080105"
    assert b.build(["", "", "99"]) == "2080199"
    assert b.build(["", "07", "05"]) == "2080705"
    assert b.build(["210", "11", "01"]) == "2101101"
    assert b.build(["2080705"]) == "2080705"


def test_region_of() -> None:
    assert region_of("聊城经济技术开发区党群工作部") == "聊城经济技术开发区"
    assert region_of("海东市人力资源和社会保障局") == "海东市"
