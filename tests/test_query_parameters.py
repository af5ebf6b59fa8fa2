"""Each saved query's parameters over the five samples: the answer with a parameter is the
hand-checked default answer (tests/expected/) filtered by the parameter's rule, restated here
in Python (contains, starts with, equals, case-insensitive ...), never by running budgetkg."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

import budgetkg

from .conftest import EXPECTED

Row = dict[str, str]


def expected(name: str, keep: Callable[[Row], bool]) -> list[Row]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if keep(r)]


def answer(kg: budgetkg.KnowledgeGraph, name: str, **params: str) -> list[Row]:
    return list(csv.DictReader(io.StringIO(kg.select(name, **params).to_csv())))


def unordered(rows: list[Row]) -> list[tuple[str, ...]]:
    """Rows as sorted tuples: validation-issues orders findings of one row and rule (a 合计 line's
    total and income measures) in no set order."""
    return sorted(tuple(r.values()) for r in rows)


DEPARTMENT_QUERIES = [
    "projects",
    "three-public-expenses",
    "three-public-expenses-change",
    "vague-indicators",
    "vague-indicators-summary",
    "indicators",
    "department-profile",
    "validation-issues",
]


@pytest.mark.parametrize("name", DEPARTMENT_QUERIES)
@pytest.mark.parametrize(
    "department", ["聊城", "聊城市人力资源和社会保障局", "海东", "人力资源和社会保障局", "北京"]
)
def test_department_is_a_part_of_the_department_name(
    kg: budgetkg.KnowledgeGraph, name: str, department: str
) -> None:
    want = expected(name, lambda r: department in r["department"])
    got = answer(kg, name, department=department)
    if name == "validation-issues":
        assert unordered(got) == unordered(want)
    else:
        assert got == want
    if department == "北京":
        assert want == []
    elif department == "人力资源和社会保障局":
        assert {r["document"][:3] for r in want} <= {"000", "001", "003"}


@pytest.mark.parametrize("severity", ["Warning", "Info", "info", "WARNING", "Violation"])
def test_validation_severity_is_case_insensitive(kg: budgetkg.KnowledgeGraph, severity: str) -> None:
    want = expected("validation-issues", lambda r: r["severity"].lower() == severity.lower())
    assert unordered(answer(kg, "validation-issues", severity=severity)) == unordered(want)
    assert len(want) == {"warning": 9, "info": 24, "violation": 0}[severity.lower()]


def test_validation_messages_in_english_keep_every_other_column(kg: budgetkg.KnowledgeGraph) -> None:
    zh, en = answer(kg, "validation-issues"), answer(kg, "validation-issues", lang="en")
    assert [{k: v for k, v in r.items() if k not in ("message", "table")} for r in en] == [
        {k: v for k, v in r.items() if k not in ("message", "table")} for r in zh
    ]
    assert en[0]["message"].startswith("其他收入") is False and "第" not in en[0]["table"]
    assert en[0]["table"] == "1 收支总体情况表, row 10" and zh[0]["table"] == "1 收支总体情况表 第10行"


@pytest.mark.parametrize("reason", ["qualitative", "no-unit", "approximate", "empty"])
def test_vague_reason_is_one_reason_exactly(kg: budgetkg.KnowledgeGraph, reason: str) -> None:
    want = expected("vague-indicators", lambda r: r["reason"] == reason)
    assert answer(kg, "vague-indicators", reason=reason) == want
    assert len(want) == {"qualitative": 391, "no-unit": 14, "approximate": 26, "empty": 4}[reason]
    assert answer(kg, "vague-indicators", reason=reason, department="海东") == [
        r for r in want if "海东" in r["department"]
    ]


@pytest.mark.parametrize("code", ["3", "30", "301", "30101", "302", "310", "399"])
def test_economic_class_code_is_a_prefix(kg: budgetkg.KnowledgeGraph, code: str) -> None:
    want = expected("spending-by-economic-class", lambda r: r["dept_econ_code"].startswith(code))
    assert answer(kg, "spending-by-economic-class", code=code) == want
    if code == "399":
        assert want == []


@pytest.mark.parametrize("code", ["2", "208", "20807", "2080705", "21", "221", "08"])
def test_spending_code_is_a_prefix(kg: budgetkg.KnowledgeGraph, code: str) -> None:
    want = expected("spending-by-function", lambda r: r["function_code"].startswith(code))
    assert answer(kg, "spending-by-function", code=code) == want
    if code == "08":
        assert want == []


def test_indicators_project_is_a_part_of_the_project_name(kg: budgetkg.KnowledgeGraph) -> None:
    for project in ("公益性岗位", "社保中心-", "不存在的项目"):
        want = expected("indicators", lambda r, p=project: p in r["project"])
        assert answer(kg, "indicators", project=project) == want
    both = answer(kg, "indicators", project="公益性岗位", department="海东")
    assert both == expected(
        "indicators", lambda r: "公益性岗位" in r["project"] and "海东" in r["department"]
    )
    assert both


@pytest.mark.parametrize("unit", ["%", "人", "万元"])
def test_indicator_benchmarks_unit_is_exact(kg: budgetkg.KnowledgeGraph, unit: str) -> None:
    assert answer(kg, "indicator-benchmarks", unit=unit) == expected(
        "indicator-benchmarks", lambda r: r["unit"] == unit
    )


def test_indicator_benchmarks_kind_by_name_code_or_code_list_name(kg: budgetkg.KnowledgeGraph) -> None:
    default = answer(kg, "indicator-benchmarks")  # 满意度
    assert answer(kg, "indicator-benchmarks", kind="满意度指标") == default
    assert answer(kg, "indicator-benchmarks", kind="satisfaction") == default
    service = answer(kg, "indicator-benchmarks", kind="服务对象满意度指标")
    assert service == [r for r in default if r["level2"] == "服务对象满意度指标"]


def test_projects_search_keyword_is_a_part_of_the_text(kg: budgetkg.KnowledgeGraph) -> None:
    default = answer(kg, "projects-search")  # 公益性岗位
    narrower = answer(kg, "projects-search", keyword="公益性岗位补贴")
    assert narrower == [r for r in default if "公益性岗位补贴" in r["matched_text"]]
    assert all("公益性岗位" in r["matched_text"] for r in default)
    assert answer(kg, "projects-search", keyword="没有这样的词") == []


def test_function_across_departments_other_levels(kg: budgetkg.KnowledgeGraph) -> None:
    lines = expected("spending-by-function", lambda r: r["function_code"] == "2080705")
    got = answer(kg, "function-across-departments", function="2080705")
    # largest 合计 first; each line as printed in its 支出总表
    assert [(r["document"], r["total"], r["project"]) for r in got] == sorted(
        ((r["document"], r["total"], r["project"]) for r in lines), key=lambda t: -float(t[1])
    )
    by_name = answer(kg, "function-across-departments", function="公益性岗位补贴")
    assert by_name == got
    assert len(answer(kg, "function-across-departments", function="208")) == 5
    assert answer(kg, "function-across-departments", function="224") == []  # listed, spent by no sample
    with pytest.raises(budgetkg.ParameterError, match="no function code '9999999' in the code lists"):
        answer(kg, "function-across-departments", function="9999999")  # listed nowhere: refused
