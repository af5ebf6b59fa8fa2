"""The saved-query catalogue over the five samples: answers checked against the documents' own figures.

Each query is checked two ways: values read from the samples, and consistency
with other queries (a 款 equals the sum of its 项 lines, linked projects add
up to what function-reconciliation says), so the tests hold as extraction
improves.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

import budgetkg
from budgetkg.query import saved_queries

CATALOGUE = {
    "projects-by-function": "document,department,year,project,amount,function_code,function_name,"
    "link_method,confidence,evidence,split,share",
    "function-reconciliation": "document,department,year,function_code,function_name,line_project,"
    "linked_projects,linked_amount,difference,reconciles,projects",
    "function-across-departments": "document,department,year,function_code,function_name,total,basic,"
    "project,department_total,share_percent,project_percent,stated",
    "department-profile": "document,department,year,section,code,item,detail,total,basic,project,"
    "share_percent,count,stated",
    "projects-search": "document,department,year,project,amount,matched_in,matched_text",
    "vague-indicators": "document,department,owner_kind,project,level1,level2,indicator,target,reason",
    "vague-indicators-summary": "document,department,indicators,vague,qualitative,no_unit,approximate,"
    "empty,vague_percent",
    "indicator-benchmarks": "document,department,project,level1,level2,indicator,operator,value,unit,target",
    "three-public-expenses-change": "document,department,year,item_code,item,last_year,this_year,change,"
    "change_percent,stated",
}
HOSTILE = [
    '") } } SELECT * WHERE { ?s ?p ?o } #',
    '2080705" || true || "',
    "a'\nb{}",
    "\\u0022 }",
]


def rows(kg: budgetkg.KnowledgeGraph, name: str, **params: str) -> list[dict[str, str]]:
    """The rows as the CLI prints them in CSV (strings, amounts with two decimals)."""
    return list(csv.DictReader(io.StringIO(kg.select(name, **params).to_csv())))


def by_doc(items: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in items:
        out.setdefault(r["document"][:3], []).append(r)
    return out


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_columns_and_header(kg: budgetkg.KnowledgeGraph, name: str) -> None:
    assert kg.select(name).to_csv().splitlines()[0] == CATALOGUE[name]
    q = next(q for q in saved_queries() if q.name == name)
    assert q.title and q.description and q.params
    for p in q.params:
        assert p.description, (name, p.name)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_parameters_are_data(kg: budgetkg.KnowledgeGraph, name: str, hostile: str) -> None:
    """A value with quotes, braces or newlines matches nothing or is refused; it never widens the query."""
    for p in kg.saved_query(name).params:
        try:
            rows = kg.select(name, **{p.name: hostile}).rows
        except budgetkg.ParameterError as e:  # a typed parameter refuses it before the query runs
            assert str(e).startswith(f"{name}: {p.name}"), e
            continue
        assert rows == [], (name, p.name)


# -- projects-by-function ------------------------------------------------------


def test_code_and_name_give_the_same_rows(kg: budgetkg.KnowledgeGraph) -> None:
    by_code = kg.select("projects-by-function", function="2080705").to_csv()
    assert by_code == kg.select("projects-by-function", function="公益性岗位补贴").to_csv()
    assert by_code == kg.select("projects-by-function").to_csv()  # the default


def test_every_gongyi_project_is_there_with_its_amount(kg: budgetkg.KnowledgeGraph) -> None:
    """Every project whose name says 公益性岗位 is linked to 2080705, amount exactly as listed."""
    named = {
        (r["document"], r["project"], r["amount"])
        for r in rows(kg, "projects")
        if "公益性岗位" in r["project"]
    }
    linked = {(r["document"], r["project"], r["amount"]) for r in rows(kg, "projects-by-function")}
    assert named and named <= linked
    assert ("004_30363da19b6fe6e0.txt", "社保中心-城乡公益性岗位补贴资金", "2162.53") in linked
    assert ("002_4b2f979ab54e32ae.txt", "城乡公益性岗位资金（先创基民）", "97.00") in linked


def test_inferred_links_show_their_method(kg: budgetkg.KnowledgeGraph) -> None:
    found = {r["project"]: r for r in rows(kg, "projects-by-function", function="208")}
    methods = {p: set(r["link_method"].split("+")) for p, r in found.items()}
    assert "name" in methods["城乡公益性岗位资金（先创基民）"]  # partial name, goal, indicators
    assert not {"amount", "amount-set"} & methods["城乡公益性岗位资金（先创基民）"]
    assert {"amount", "name"} <= methods["社保中心-城乡公益性岗位补贴资金"]
    assert methods["2024年机关事业养老保险财政补助"] == {"amount"}
    assert found["2024年机关事业养老保险财政补助"]["confidence"] == "0.60"
    allowed = {"stated", "project-code", "amount", "amount-set", "name", "goal", "indicator"}
    for p, r in found.items():
        assert methods[p] <= allowed and Decimal(0) < Decimal(r["confidence"]) < 1, r


def test_children_through_the_code_hierarchy(kg: budgetkg.KnowledgeGraph) -> None:
    """A 款 or 类 gives the projects of every 项 under it (skos:broader in the code lists)."""
    codes = {r["function_code"] for r in rows(kg, "projects-by-function", function="20807")}
    assert {"2080705", "2080799"} <= codes and all(c.startswith("20807") for c in codes)
    assert rows(kg, "projects-by-function", function="就业补助") == rows(
        kg, "projects-by-function", function="20807"
    )
    by_class = {c: rows(kg, "projects-by-function", function=c) for c in ("201", "208", "210", "213")}
    assert all(by_class.values())
    assert all(r["function_code"].startswith(c) for c, found in by_class.items() for r in found)


def test_min_confidence(kg: budgetkg.KnowledgeGraph) -> None:
    sure = rows(kg, "projects-by-function", function="208", min_confidence="0.8")
    assert sure and all(Decimal(r["confidence"]) >= Decimal("0.8") for r in sure)
    assert len(sure) < len(rows(kg, "projects-by-function", function="208"))


# -- function-reconciliation ---------------------------------------------------


def test_linked_projects_add_up_or_the_query_says_not(kg: budgetkg.KnowledgeGraph) -> None:
    """For each department with a 2080705 line: linked projects vs the line's 项目支出."""
    lines = {
        r["document"]: r["project"]
        for r in rows(kg, "spending-by-function", code="2080705")
        if r["function_code"] == "2080705"
    }
    checks = {r["document"]: r for r in rows(kg, "function-reconciliation", function="2080705")}
    assert set(checks) == set(lines) and len(lines) == 3  # 002, 003, 004 print a 2080705 line
    linked = by_doc(rows(kg, "projects-by-function", function="2080705"))
    for doc, r in checks.items():
        amounts = [Decimal(p["amount"]) for p in linked.get(doc[:3], [])]
        assert r["line_project"] == lines[doc]
        assert Decimal(r["linked_amount"]) == sum(amounts, Decimal(0))
        assert int(r["linked_projects"]) == len(amounts)
        assert Decimal(r["difference"]) == Decimal(r["line_project"]) - Decimal(r["linked_amount"])
        assert r["reconciles"] == str(Decimal(r["difference"]) == 0)
    assert checks["004_30363da19b6fe6e0.txt"]["reconciles"] == "True"
    # 002 pays 公益性岗位 from 公益类补贴 too, which is also paid from 2080199: no exact match
    assert checks["002_4b2f979ab54e32ae.txt"]["reconciles"] == "False"


# -- function-across-departments -----------------------------------------------


def test_function_across_departments(kg: budgetkg.KnowledgeGraph) -> None:
    found = rows(kg, "function-across-departments")  # default 20807 就业补助
    assert [r["document"][:3] for r in found] == ["004", "002", "003", "001", "000"]  # largest first
    first = found[0]
    assert (first["total"], first["project"], first["department_total"]) == ("2457.51", "2457.51", "16028.22")
    assert first["share_percent"] == "15.33" and first["project_percent"] == "100.00"
    assert rows(kg, "function-across-departments", function="就业补助") == found
    basic_only = {r["document"][:3]: r for r in rows(kg, "function-across-departments", function="2080101")}
    assert (basic_only["000"]["project"], basic_only["000"]["project_percent"]) == ("", "0.00")
    assert basic_only["000"]["share_percent"] == "10.66"  # 1011.21 of 9488.90


def test_class_line_is_the_sum_of_its_items(kg: budgetkg.KnowledgeGraph) -> None:
    """The documents' own arithmetic: a 款 line equals the sum of its 项 lines, per department."""
    items = by_doc(rows(kg, "spending-by-function", code="20807"))
    for r in rows(kg, "function-across-departments", function="20807"):
        doc = items[r["document"][:3]]
        children = {x["function_code"]: x["total"] for x in doc if len(x["function_code"]) == 7}
        assert Decimal(r["total"]) == sum(map(Decimal, children.values()), Decimal(0)), r["document"]


# -- department-profile ----------------------------------------------------------


def test_department_profile(kg: budgetkg.KnowledgeGraph) -> None:
    found = rows(kg, "department-profile", department="聊城市人力资源")
    sections = {s: [r for r in found if r["section"] == s] for s in {r["section"] for r in found}}
    (total,) = sections["total"]
    assert (total["total"], total["basic"], total["project"]) == ("9488.90", "5044.00", "4444.90")
    classes = {r["code"]: r for r in sections["class"]}
    assert set(classes) == {"208", "210", "221"}
    assert sum(Decimal(r["total"]) for r in classes.values()) == Decimal(total["total"])
    assert classes["208"]["share_percent"] == "94.05"
    assert len(sections["subunit"]) == 7
    (projects,) = sections["projects"]
    assert projects["count"] == "23" and projects["total"] == total["project"]  # the list adds up
    (links,) = sections["links"]
    assert 0 < int(links["count"]) <= 23
    order = list(dict.fromkeys(r["section"] for r in found))
    assert order == ["total", "class", "subunit", "projects", "indicators", "links"]


def test_department_profile_without_filter_lists_every_department(kg: budgetkg.KnowledgeGraph) -> None:
    totals = [r for r in rows(kg, "department-profile") if r["section"] == "total"]
    assert len(totals) == 5
    # each department's projects, as many as its rows of tests/expected/projects.csv
    counts = {
        r["document"][:3]: int(r["count"])
        for r in rows(kg, "department-profile")
        if r["section"] == "projects"
    }
    assert counts == {"000": 23, "001": 16, "002": 8, "003": 36, "004": 38}


# -- projects-search -------------------------------------------------------------


def test_projects_search_by_name(kg: budgetkg.KnowledgeGraph) -> None:
    found = rows(kg, "projects-search", keyword="养老保险")
    names = {r["project"] for r in found if r["matched_in"] == "name"}
    expected = {r["project"] for r in rows(kg, "projects") if "养老保险" in r["project"]}
    assert names == expected and len(expected) == 9
    assert {r["document"][:3] for r in found} >= {"001", "002", "004"}


def test_projects_search_in_goals_and_indicators(kg: budgetkg.KnowledgeGraph) -> None:
    """公益类补贴 never says 公益性岗位 in its name; its goal and indicators do."""
    found = [r for r in rows(kg, "projects-search") if r["project"] == "公益类补贴（先创区）"]
    places = {r["matched_in"] for r in found}
    assert places == {"goal", "indicator"} and all("公益性岗位" in r["matched_text"] for r in found)
    assert {r["amount"] for r in found} == {"719.66"}


# -- vague-indicators ------------------------------------------------------------


def test_vague_indicators(kg: budgetkg.KnowledgeGraph) -> None:
    found = rows(kg, "vague-indicators", department="聊城经济技术开发区")
    reasons = {(r["indicator"], r["target"]): r["reason"] for r in found}
    assert reasons[("乡村公益性岗位数量", "1210人左右")] == "approximate"
    assert reasons[("培训妇联干部人数", "≤100")] == "no-unit"
    assert {r["reason"] for r in found} <= {"qualitative", "no-unit", "approximate", "empty"}
    assert ("城镇公益性岗位补贴金额", "1820元/人/月") not in reasons  # a number with a unit is not vague
    qualitative = rows(kg, "vague-indicators", reason="qualitative")
    assert qualitative and {r["reason"] for r in qualitative} == {"qualitative"}
    assert any(r["target"] == "提升" for r in qualitative)


def test_vague_summary_counts_the_rows(kg: budgetkg.KnowledgeGraph) -> None:
    detail = rows(kg, "vague-indicators")
    summary = rows(kg, "vague-indicators-summary")
    assert len(summary) == 5
    for s in summary:
        mine = [r for r in detail if r["document"] == s["document"]]
        assert int(s["vague"]) == len(mine) <= int(s["indicators"])
        for reason, column in (
            ("qualitative", "qualitative"),
            ("no-unit", "no_unit"),
            ("approximate", "approximate"),
        ):
            assert int(s[column]) == sum(1 for r in mine if r["reason"] == reason)
        expected = Decimal(len(mine) * 100) / Decimal(s["indicators"])
        assert abs(Decimal(s["vague_percent"]) - expected) < Decimal("0.01")
    shares = [Decimal(s["vague_percent"]) for s in summary]
    assert shares == sorted(shares, reverse=True)


# -- indicator-benchmarks ----------------------------------------------------------


def test_indicator_benchmarks(kg: budgetkg.KnowledgeGraph) -> None:
    by_name = rows(kg, "indicator-benchmarks")  # default 满意度
    assert by_name == rows(kg, "indicator-benchmarks", kind="satisfaction")
    assert by_name == rows(kg, "indicator-benchmarks", kind="满意度指标")
    assert {r["document"][:3] for r in by_name} == {"000", "001", "002", "003", "004"}
    assert all("满意" in (r["level1"] + r["level2"]) for r in by_name if r["level1"] or r["level2"])
    percent = rows(kg, "indicator-benchmarks", unit="%")
    assert percent and all(r["unit"] == "%" and Decimal(r["value"]) <= 100 for r in percent if r["value"])
    values = [Decimal(r["value"]) for r in percent if r["value"]]
    assert values == sorted(values, reverse=True)
    assert {
        "document": "002_4b2f979ab54e32ae.txt",
        "department": "淄博高新技术产业开发区人力资源和社会保障中心（先创）",
        "project": "城乡公益性岗位资金（先创基民）",
        "level1": "满意度指标",
        "level2": "服务对象满意度指标",
        "indicator": "公益性岗位人员满意度",
        "operator": "≥",
        "value": "98.00",
        "unit": "%",
        "target": "≥98%",
    } in percent
    timeliness = rows(kg, "indicator-benchmarks", kind="时效指标")
    assert timeliness and timeliness == rows(kg, "indicator-benchmarks", kind="output-timeliness")


# -- three-public-expenses-change --------------------------------------------------


def test_three_public_change(kg: budgetkg.KnowledgeGraph) -> None:
    """000 says: 13.38 万元, 2.85 less than last year, down 17.56% (its own narrative agrees)."""
    found = {(r["document"][:3], r["item_code"]): r for r in rows(kg, "three-public-expenses-change")}
    total = found[("000", "three-public")]
    assert (total["last_year"], total["this_year"], total["change"], total["change_percent"]) == (
        "16.23",
        "13.38",
        "-2.85",
        "-17.56",
    )
    assert total["item"] == "“三公”经费" and total["year"] == "2024"
    reception = found[("003", "official-reception")]
    assert (reception["last_year"], reception["this_year"], reception["change_percent"]) == (
        "6.50",
        "3.50",
        "-46.15",
    )
    assert found[("003", "official-vehicle")]["change_percent"] == "0.00"  # 7.50 both years
    assert found[("000", "overseas-travel")]["change_percent"] == ""  # 0.00 last year: no percent
    assert found[("001", "three-public")]["last_year"] == ""  # 001 prints this year only
    stated = found[("002", "three-public")]  # 002 states it has no “三公”经费 in 2023 and 2024: zeros
    assert (stated["last_year"], stated["this_year"], stated["change"], stated["change_percent"]) == (
        "0.00",
        "0.00",
        "0.00",
        "",
    )
    for r in found.values():
        if r["last_year"]:
            assert Decimal(r["change"]) == Decimal(r["this_year"]) - Decimal(r["last_year"])
    one = rows(kg, "three-public-expenses-change", department="海东")
    assert one and {r["document"][:3] for r in one} == {"003"}
