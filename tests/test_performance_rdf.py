"""Performance targets in the graph: the `indicators` saved query, funds, goals, both amounts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import budgetkg
from budgetkg.extract import BudgetRecords

COLUMNS = "document,department,project,level1,level2,level3,operator,value,unit,qualitative,raw"


def test_indicators_query_columns_and_counts(
    kg: budgetkg.KnowledgeGraph, records: dict[str, BudgetRecords]
) -> None:
    result = kg.select("indicators")
    assert result.to_csv().splitlines()[0] == COLUMNS
    per_document = Counter(r[0][:3] for r in result.rows)
    expected = {k: sum(len(t.indicators) for t in r.performance) for k, r in records.items()}
    assert per_document == expected == {"000": 352, "001": 96, "002": 112, "003": 279, "004": 578}


def test_indicator_rows_as_printed(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("indicators", project="创业担保贷款贴息及奖补").to_dicts()
    assert len(rows) == 13 and {r["project"] for r in rows} == {"2024年创业担保贷款贴息及奖补"}
    latex = next(r for r in rows if r["level3"] == "新增贷款率")
    assert [latex[c] for c in COLUMNS.split(",")[1:]] == [
        "聊城市人力资源和社会保障局",
        "2024年创业担保贷款贴息及奖补",
        "产出指标",
        "数量指标",
        "新增贷款率",
        "≥",
        Decimal("40"),
        "%",
        None,
        r"$\geq 40\%$",
    ]
    first = kg.select("indicators", department="海东").to_dicts()[0]
    assert (first["project"], first["level3"], first["value"], first["unit"]) == (
        "劳动维权工作经费",
        "仲裁庭规范化执法办案办公设备",
        Decimal("10"),
        "万元",
    )
    quality = next(
        r for r in kg.select("indicators", project="首席技师").to_dicts() if r["level3"] == "企业产品竞争力"
    )
    assert (quality["operator"], quality["value"], quality["qualitative"]) == ("qualitative", None, "提升")


def test_list_and_performance_amounts_both_kept(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?amount ?table_amount ?list_kind ?perf_kind ?method WHERE {
             ?p a bkg:Project ; rdfs:label "办公楼周边防水改造"@zh ; bkg:amount ?amount ;
                prov:wasDerivedFrom/bkg:tableKind ?list_kind ; bkg:matchMethod ?method .
             ?o bkg:project ?p ; bkg:measure measure:performance-budget ; bkg:amount ?table_amount ;
                prov:wasDerivedFrom/bkg:tableKind ?perf_kind }"""
    ).rows
    assert rows == [[Decimal("113.40"), Decimal("113.7"), "project-list", "project-performance", "exact"]]
    (method,) = kg.select_sparql(
        'SELECT ?m WHERE { ?p rdfs:label "2022年后新增退休人员取暖费"@zh ; bkg:matchMethod ?m }'
    ).rows
    assert method == ["containment"]


def test_special_funds_goals_and_units(kg: budgetkg.KnowledgeGraph) -> None:
    funds = kg.select_sparql(
        "SELECT ?name ?amount WHERE { ?f a bkg:SpecialFund ; rdfs:label ?name ; bkg:amount ?amount } "
        "ORDER BY ?amount"
    ).rows
    assert [(str(n), a) for n, a in funds] == [
        ("2024年创业担保贷款贴息及奖补", Decimal("760")),
        ("职业教育发展专项资金", Decimal("1410")),
        ("人才发展专项资金", Decimal("2000")),
        ("城乡居民养老保险基础养老金市级补助", Decimal("6725")),
    ]
    goals = kg.select_sparql(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) (COUNT(?i) AS ?k) WHERE { ?g a bkg:DepartmentGoal . "
        "OPTIONAL { ?i bkg:indicatorOf ?g } }"
    ).rows
    assert goals == [[5, 16]]
    # 003's budget unit "海东市人力资源和社会保障局(本级)" is its sub-unit "…（本级）"
    units = kg.select_sparql(
        """SELECT ?unit (COUNT(?p) AS ?n) WHERE { ?p bkg:budgetUnit ?u . ?u a bkg:SubUnit ; rdfs:label ?unit }
           GROUP BY ?unit ORDER BY ?unit"""
    ).rows
    assert [(str(u), n) for u, n in units] == [
        ("海东市人力资源和社会保障局（本级）", 16),
        ("海东市就业服务局", 13),
        ("海东市社会保险服务局", 7),
    ]


def test_indicator_levels_are_code_list_concepts(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?l2 (COUNT(?i) AS ?n) WHERE { ?i a bkg:PerformanceIndicator ; bkg:indicatorLevel2 ?l2 }
           GROUP BY ?l2"""
    ).rows
    concepts = {str(c).rsplit("/", 1)[1]: n for c, n in rows}
    assert concepts["output-cost"] == 16  # 001's older template: 成本指标 under 产出指标, once per project
    assert set(concepts) <= {
        "cost-economic",
        "cost-social",
        "cost-ecological",
        "output-quantity",
        "output-quality",
        "output-timeliness",
        "output-cost",
        "benefit-economic",
        "benefit-social",
        "benefit-ecological",
        "benefit-sustainable",
        "satisfaction-service",
    }
