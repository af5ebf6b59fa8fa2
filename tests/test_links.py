"""Project -> function links on the five samples: which 项 pays for which project, and why."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

import budgetkg
from budgetkg.extract import BudgetRecords
from budgetkg.link import FunctionLink, infer_function_links
from budgetkg.link.amounts import AmountIndex, decoy_targets, grain
from budgetkg.link.codes import embedded_codes
from budgetkg.link.names import name_match
from budgetkg.rdf import build_graph


def links_by_project(records: BudgetRecords) -> dict[str, dict[str, FunctionLink]]:
    """{project name: {function code: link}}."""
    out: dict[str, dict[str, FunctionLink]] = {}
    for link in infer_function_links(records):
        out.setdefault(records.projects[link.project - 1].name, {})[link.code] = link
    return out


def test_name_and_amount_agree(records: dict[str, BudgetRecords]) -> None:
    """004 prints 公益性岗位补贴 2,162.53 and one project of exactly that amount and name."""
    link = links_by_project(records["004"])["社保中心-城乡公益性岗位补贴资金"]["2080705"]
    assert link.methods[:2] == ["amount", "name"]
    evidence = {e.method: e.confidence for e in link.evidence}
    assert (evidence["amount"], evidence["name"]) == (Decimal("0.60"), Decimal("0.70"))
    assert link.confidence >= Decimal("0.88")  # 1 - (1 - 0.60) * (1 - 0.70), more with goal/indicators
    assert link.line is not None and link.line.project == Decimal("2162.53")


def test_partial_name(records: dict[str, BudgetRecords]) -> None:
    """002's 城乡公益性岗位资金 holds 公益性岗位 (5 of 7 characters); amounts do not add up there."""
    links = links_by_project(records["002"])
    link = links["城乡公益性岗位资金（先创基民）"]["2080705"]
    assert "amount" not in link.methods and "amount-set" not in link.methods
    assert {e.method: e.confidence for e in link.evidence}["name"] == Decimal("0.50")  # 0.70 * 0.71
    assert list(links["城乡公益性岗位资金（先创基民）"]) == ["2080705"]


def test_goal_and_indicators_link_a_project_its_name_does_not(records: dict[str, BudgetRecords]) -> None:
    """002's 公益类补贴 says nothing in its name; its goal and indicators speak of 公益性岗位补贴."""
    link = links_by_project(records["002"])["公益类补贴（先创区）"]["2080705"]
    assert set(link.methods) <= {"goal", "indicator"} and link.methods
    assert Decimal(0) < link.confidence < Decimal("0.70")


def test_three_projects_make_up_a_line(records: dict[str, BudgetRecords]) -> None:
    """003 pays 公益性岗位补贴 308.94 from three projects; the links find all three, nothing else."""
    rec = records["003"]
    linked = [lk for lk in infer_function_links(rec) if lk.code == "2080705"]
    amounts = sorted(rec.projects[lk.project - 1].amount or Decimal(0) for lk in linked)
    assert amounts == [Decimal("70.00"), Decimal("116.94"), Decimal("122.00")]
    assert sum(amounts) == Decimal("308.94")


def test_names_choose_among_equal_sums(records: dict[str, BudgetRecords]) -> None:
    """000's 劳动人事争议调解仲裁 (40.00): one project of 40.00, and 20.40 + 19.60 whose name fits."""
    links = links_by_project(records["000"])
    assert {"amount-set", "name"} <= set(links["劳动人事争议仲裁综合业务工作经费"]["2080112"].methods)
    assert "amount-set" in links["办案辅助人员服务费用"]["2080112"].methods
    assert "2080112" not in links.get("标准化考点建设及维护", {})


def test_single_amounts(records: dict[str, BudgetRecords]) -> None:
    links = links_by_project(records["001"])
    assert links["2024年机关事业养老保险财政补助"]["2080507"].methods == ["amount"]  # names differ
    assert links["2024年城乡居民养老保险区级补助"]["2082602"].confidence == Decimal("0.60")


def test_one_amount_cannot_pay_two_lines(records: dict[str, BudgetRecords]) -> None:
    """A project's whole amount can be in one line's sum only: the stronger solution wins."""
    links = links_by_project(records["004"])
    assert set(links["社保中心-社会保险经办机构"]) == {"2080109"}
    # 22.00 + 47.20 + 40.00 = 109.20 (就业见习补贴) by chance: 47.20 is named for 2080109, so no sum
    for project, codes in links.items():
        if "2080711" in codes:
            assert not {"amount", "amount-set"} & set(codes["2080711"].methods), project


def test_ambiguous_amounts_link_nothing(records: dict[str, BudgetRecords]) -> None:
    """000's 高技能人才培养补助 (90.00) equals two projects' amounts: neither is linked."""
    links = links_by_project(records["000"])
    assert all("2080712" not in codes for codes in links.values())


def test_stated_link_beats_inferred(records: dict[str, BudgetRecords]) -> None:
    """A printed function code is the only link of its project, with confidence 1."""
    rec = records["004"]
    projects = [
        dataclasses.replace(p, function_code="2080799") if p.name == "社保中心-城乡公益性岗位补贴资金" else p
        for p in rec.projects
    ]
    links = links_by_project(dataclasses.replace(rec, projects=projects))
    link = links["社保中心-城乡公益性岗位补贴资金"]
    assert list(link) == ["2080799"]
    assert link["2080799"].methods == ["stated"] and link["2080799"].confidence == Decimal("1.00")
    assert link["2080799"].line is None  # 004 prints no 2080799 line


def test_every_link_is_explained(records: dict[str, BudgetRecords]) -> None:
    for rec in records.values():
        for link in infer_function_links(rec):
            assert link.evidence and Decimal(0) < link.confidence < 1
            assert link.line is not None and link.line.code == link.code


def test_name_match_shares() -> None:
    assert name_match("公益性岗位补贴", "社保中心-城乡公益性岗位补贴资金").share == Decimal(1)  # type: ignore[union-attr]
    assert name_match("公益性岗位补贴", "城乡公益性岗位资金").share == Decimal("0.71")  # type: ignore[union-attr]
    assert name_match("劳动人事争议调解仲裁", "劳动人事争议仲裁综合业务工作经费").share == Decimal("0.80")  # type: ignore[union-attr]
    assert name_match("行政运行", "机关行政运行经费") is None  # generic: every 款 has one
    assert name_match("其他就业补助支出", "其他就业补助支出") is None
    assert name_match("社会保险补贴", "社会保险") is not None
    assert name_match("城乡医疗救助", "医疗") is None  # too short a run


def test_amount_search_and_coincidence() -> None:
    index = AmountIndex({1: Decimal("20.40"), 2: Decimal("19.60"), 3: Decimal("40.00"), 4: Decimal("5")})
    assert index.solutions(Decimal("40.00")) == {1: [frozenset({3})], 2: [frozenset({1, 2})]}
    assert index.solutions(Decimal("64.60")) == {3: [frozenset({2, 3, 4})]}
    assert index.solutions(Decimal("45.00"))[2] == [frozenset({3, 4})]
    assert index.solutions(Decimal("1000")) == {}
    # of the 12 decoys near 45.00 (39 ... 51 but 45) pairs hit one: 40.00 = 20.40 + 19.60
    assert index.coincidence(Decimal("45.00"), 2) == Decimal("0.08")
    assert index.coincidence(Decimal("2162.53"), 1) == Decimal(0)
    assert grain(Decimal("40.00")) == 1 and grain(Decimal("57.50")) == Decimal("0.1")
    assert decoy_targets(Decimal("2162.53"))[:2] == [Decimal("2162.47"), Decimal("2162.48")]


def test_project_code_embeds_function_code() -> None:
    assert embedded_codes("2080705-001", {"2080705"}) == ["2080705"]
    # a long serial number holds many 7-digit stretches: only whole digit runs count
    assert embedded_codes("13020924P000885100012", {"2080705", "0885100"}) == []


def test_links_are_in_the_graph(kg: budgetkg.KnowledgeGraph, records: dict[str, BudgetRecords]) -> None:
    """Every inferred 2080705 link is stored with its confidence and the line it names."""
    rows = kg.sparql(
        """SELECT ?name ?code ?conf ?lineCode WHERE {
             ?l a bkg:FunctionLink ; bkg:project/rdfs:label ?name ; bkg:functionCode ?code ;
                bkg:confidence ?conf ; bkg:linkedLine ?line ; bkg:functionClass ?fc .
             ?line a bkg:BudgetLine ; bkg:functionCode ?lineCode ; bkg:functionClass ?fc .
             FILTER(?code = "2080705") }"""
    )
    stored = {(r["name"], r["code"], r["conf"], r["lineCode"]) for r in rows.to_dict("records")}
    inferred = {
        (rec.projects[lk.project - 1].name, lk.code, lk.confidence, lk.code)
        for rec in records.values()
        for lk in infer_function_links(rec)
        if lk.code == "2080705"
    }
    assert stored == inferred
    assert {"社保中心-城乡公益性岗位补贴资金", "城乡公益性岗位资金（先创基民）"} <= {s[0] for s in stored}


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_same_function_concept_in_every_document(kg: budgetkg.KnowledgeGraph, prefix: str) -> None:
    """Code concepts are shared: the 2080705 line of each document points at one concept."""
    rows = kg.sparql(
        """SELECT DISTINCT ?file WHERE { GRAPH ?g {
             ?line bkg:functionClass fn:2080705 ; bkg:inTable/dcterms:isPartOf/bkg:sourceFile ?file } }"""
    )
    assert any(f.startswith(prefix) for f in rows["file"])


def test_same_department_and_region_across_documents(records: dict[str, BudgetRecords]) -> None:
    """Another year's budget of a department points at the same department, region and codes."""
    rec = records["000"]
    later = dataclasses.replace(
        rec,
        checksum="f" * 64,
        department=dataclasses.replace(rec.department, year=(rec.department.year or 2024) + 1),
    )
    graphs = [build_graph(r, "https://example.org/kg/") for r in (rec, later)]

    def typed(triples: list, cls: str) -> set[str]:
        return {
            t.subject.value for t in triples if t.object.value == f"https://w3id.org/budgetkg/ontology#{cls}"
        }

    (g1, t1), (g2, t2) = graphs
    assert g1 != g2 and typed(t1, "BudgetDocument") != typed(t2, "BudgetDocument")
    for cls in ("Department", "Region", "SubUnit"):
        assert typed(t1, cls) and typed(t1, cls) == typed(t2, cls), cls
    classes = {t.object.value for t in t1 + t2 if t.predicate.value.endswith("#functionClass")}
    assert "https://w3id.org/budgetkg/code/function/2080105" in classes
