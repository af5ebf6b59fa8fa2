"""Saved queries over the disclosure tables: exact CSV columns and published values."""

from __future__ import annotations

import csv
import io

import budgetkg

ZIBO = "淄博高新技术产业开发区人力资源和社会保障中心（先创）"
ALL = "total overseas vehicle_purchase vehicle_operation reception"  # a year stated as having none
SOME = "overseas vehicle_purchase reception"  # blanks the text states as 0万元
THREE_PUBLIC_CSV = f"""\
document,department,year,total,overseas,vehicle_purchase,vehicle_operation,reception,stated
000_db2ff66d22e413a4.txt,聊城市人力资源和社会保障局,2023,16.23,0.00,0.00,9.03,7.20,
000_db2ff66d22e413a4.txt,聊城市人力资源和社会保障局,2024,13.38,0.00,0.00,8.78,4.60,
001_c8a4a132ef76e2ac.txt,曹妃甸区人力资源和社会保障局,2024,6.30,0.00,0.00,6.30,0.00,{SOME}
002_4b2f979ab54e32ae.txt,{ZIBO},2023,0.00,0.00,0.00,0.00,0.00,{ALL}
002_4b2f979ab54e32ae.txt,{ZIBO},2024,0.00,0.00,0.00,0.00,0.00,{ALL}
003_ddb67f563ca0ac16.txt,海东市人力资源和社会保障局,2023,14.00,,,7.50,6.50,
003_ddb67f563ca0ac16.txt,海东市人力资源和社会保障局,2024,11.00,0.00,,7.50,3.50,overseas
004_30363da19b6fe6e0.txt,聊城经济技术开发区党群工作部,2023,3.10,0.00,0.00,1.10,2.00,
004_30363da19b6fe6e0.txt,聊城经济技术开发区党群工作部,2024,2.99,0.00,0.00,0.99,2.00,
"""

ECON_COLUMNS = (
    "document,department,year,dept_econ_code,dept_econ_name,gov_econ_code,gov_econ_name,total,personnel,public_use,"
    "stated"
)


def test_three_public_expenses_both_years(kg: budgetkg.KnowledgeGraph) -> None:
    """002 states it has no 三公经费 (its empty table's note for 2024, a sentence for 2023 and 2024): zeros.

    Blank cells of 001 and 003 that their text states as 0万元 are 0.00, stated; 003's blank 公务用车购置费,
    stated nowhere, is not published. ``stated`` names the columns only the text gives.
    """
    assert kg.select("three-public-expenses").to_csv() == THREE_PUBLIC_CSV
    rows = kg.select("three-public-expenses", department="海东").to_dicts()
    assert [r["year"] for r in rows] == ["2023", "2024"]


def test_spending_by_economic_class(kg: budgetkg.KnowledgeGraph) -> None:
    text = kg.select("spending-by-economic-class").to_csv()
    lines = text.splitlines()
    assert lines[0] == ECON_COLUMNS
    per_doc: dict[str, int] = {}
    for line in lines[1:]:
        per_doc[line[:3]] = per_doc.get(line[:3], 0) + 1
    # 002 has no basic expenditure: its empty table's note says so, one 合计 row of 0.00, stated
    assert per_doc == {"000": 65, "001": 29, "002": 1, "003": 32, "004": 24}
    assert (
        "000_db2ff66d22e413a4.txt,聊城市人力资源和社会保障局,2024,30101,基本工资,50501,工资福利支出,496.96,496.96,,"
        in lines
    )
    office = "001_c8a4a132ef76e2ac.txt,曹妃甸区人力资源和社会保障局,2024,302,商品和服务支出"
    assert f"{office},,,135.69,,135.69," in lines
    assert "003_ddb67f563ca0ac16.txt,海东市人力资源和社会保障局,2024,30217,公务接待费,,,3.50,,3.50," in lines


def test_spending_by_economic_class_filtered_by_code(kg: budgetkg.KnowledgeGraph) -> None:
    text = kg.select("spending-by-economic-class", code="3023").to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {(r["document"][:3], r["dept_econ_code"], r["gov_econ_code"], r["total"]) for r in rows} == {
        ("000", "30231", "50208", "6.27"),
        ("000", "30231", "50502", "2.51"),
        ("000", "30239", "50201", "74.07"),
        ("000", "30239", "50502", "4.70"),
        ("001", "30231", "", "6.30"),
        ("001", "30239", "", "16.02"),
        ("003", "30231", "", "7.50"),
        ("003", "30239", "", "27.90"),
        ("004", "30231", "50208", "0.99"),
        ("004", "30239", "50201", "4.00"),
    }


def test_empty_tables_and_stated_figures_are_in_the_graph(kg: budgetkg.KnowledgeGraph) -> None:
    empty = kg.select_sparql(
        """SELECT ?doc ?kind ?note WHERE { GRAPH ?g {
             ?t bkg:publishedEmpty true ; bkg:tableKind ?kind ; bkg:tableNote ?note ;
                dcterms:isPartOf/bkg:sourceFile ?doc } } ORDER BY ?doc ?kind"""
    ).rows
    assert [(str(d)[:3], str(k)) for d, k, _ in empty if str(d).startswith("003")] == [
        ("003", "government-fund"), ("003", "state-capital"),
    ]
    assert len(empty) == 14  # 000: 2, 001: 3 (with 部门政府采购预算), 002: 5, 003: 2, 004: 2
    figure = kg.select_sparql(
        """SELECT ?amount ?change ?direction ?text WHERE { GRAPH ?g {
             ?f a bkg:StatedFigure ; bkg:measure measure:operating-costs ; bkg:amount ?amount ;
                bkg:changeAmount ?change ; bkg:changeDirection ?direction ; bkg:statedIn/bkg:text ?text ;
                dcterms:source/bkg:sourceFile ?doc . FILTER(STRSTARTS(?doc, "004")) } }"""
    ).rows
    assert [(str(a), str(c), str(d)) for a, c, d, _ in figure] == [("149.89", "26.71", "increase")]
    assert "较2023年预算增加26.71万元" in str(figure[0][3])
    terms = kg.select_sparql(
        """SELECT (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t a bkg:GlossaryTerm ; skos:definition ?d } }"""
    ).rows
    assert int(str(terms[0][0])) == 89
