"""The indicator index materialised at ingest (rdf/summary_indicators.py).

Each materialised triple repeats what the indicators say: pinned on hand-made
triples (every vague reason and its order, kinds, names, the document link,
the document's counts, a recount after quarantine) and checked on the five
samples against what the queries used to compute from the indicators
themselves.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.rdf.namespaces import BKG, DCTERMS, RDF, RDFS
from budgetkg.rdf.summary_indicators import indicator_summary, recount, target_parts, vague_reason
from budgetkg.validate import VIOLATION, DocumentValidation, ValidationFinding
from budgetkg.validate.quarantine import settle

N = ox.NamedNode
ID = "https://example.org/doc/1"
DOC, DEPT = N(ID), N(ID + "/dept")
PROJECT, GOAL, ORPHAN = N(ID + "/project/1"), N(ID + "/goal/1"), N(ID + "/fund/9")
INTEGER = N("http://www.w3.org/2001/XMLSchema#integer")
LEVEL = "https://w3id.org/budgetkg/code/indicator/"


def t(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | str) -> ox.Triple:
    return ox.Triple(s, N(p), ox.Literal(o) if isinstance(o, str) else o)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=INTEGER)


def indicator(owner: ox.NamedNode, k: int, **props: str) -> list[ox.Triple]:
    """An indicator of ``owner`` with the given target properties (raw, value, unit, operator)."""
    iri = N(f"{owner.value}/indicator/{k}")
    out = [t(iri, RDF + "type", N(BKG + "PerformanceIndicator")), t(iri, BKG + "indicatorOf", owner)]
    names = {"raw": "rawText", "value": "targetValue", "unit": "targetUnit", "operator": "comparisonOperator"}
    for key, value in props.items():
        if key in names:
            out.append(t(iri, BKG + names[key], value))
    return out


def document() -> list[ox.Triple]:
    """A document: a project with four indicators, a goal with two, an indicator of an owner of no doc."""
    out = [
        t(DOC, RDF + "type", N(BKG + "BudgetDocument")),
        t(DOC, DCTERMS + "publisher", DEPT),
        t(PROJECT, DCTERMS + "source", DOC),
        t(GOAL, DCTERMS + "source", DOC),
    ]
    out += indicator(PROJECT, 1, raw="≥95%", value="95", unit="%", operator="≥")  # precise
    out += indicator(PROJECT, 2, raw="好", operator="≈")  # qualitative (no number), not approximate
    out += indicator(PROJECT, 3, raw="约10个", value="10", unit="个", operator="≈")  # approximate
    out += indicator(PROJECT, 4, raw="10", value="10", operator="=")  # no unit
    out += indicator(GOAL, 1)  # empty
    out += indicator(GOAL, 2, raw="≤3天", value="3", unit="天", operator="≤")  # precise
    out += indicator(ORPHAN, 1)  # its owner names no document: counted nowhere, no document link
    return out


def about(triples: list[ox.Triple], subject: ox.NamedNode, prop: str) -> list[ox.Term]:
    return [x.object for x in triples if x.subject == subject and x.predicate == N(BKG + prop)]


@pytest.mark.parametrize(
    ("raw", "value", "operator", "unit", "reason"),
    [
        (False, False, None, False, "empty"),
        (False, True, "=", True, "empty"),  # no text: empty, whatever else is there
        (True, False, "≈", True, "qualitative"),  # no number comes before approximately
        (True, True, "≈", False, "approximate"),  # approximately comes before no unit
        (True, True, "=", False, "no-unit"),
        (True, True, None, False, "no-unit"),
        (True, True, "≥", True, None),
        (True, True, None, True, None),
        (True, True, "~", True, None),  # only ≈ is approximate
    ],
)
def test_the_vague_reason_is_the_first_that_applies(
    raw: bool, value: bool, operator: str | None, unit: bool, reason: str | None
) -> None:
    assert vague_reason(raw, value, operator, unit) == reason


def test_each_indicator_gets_its_reason_and_document() -> None:
    out = indicator_summary(document())
    reasons = {
        x.subject.value.removeprefix(ID): x.object.value for x in out if x.predicate == N(BKG + "vagueReason")
    }
    assert reasons == {
        "/project/1/indicator/2": "qualitative",
        "/project/1/indicator/3": "approximate",
        "/project/1/indicator/4": "no-unit",
        "/goal/1/indicator/1": "empty",
        "/fund/9/indicator/1": "empty",
    }
    assert all(isinstance(x.object, ox.Literal) and x.object.datatype.value.endswith("#string") for x in out
               if x.predicate == N(BKG + "vagueReason"))  # fmt: skip
    docs = {x.subject.value.removeprefix(ID) for x in out if x.predicate == N(BKG + "indicatorDocument")}
    assert docs == {f"/project/1/indicator/{k}" for k in (1, 2, 3, 4)} | {
        f"/goal/1/indicator/{k}" for k in (1, 2)
    }
    assert all(x.object == DOC for x in out if x.predicate == N(BKG + "indicatorDocument"))


def test_each_target_is_one_string_of_its_parts_separated_by_tabs() -> None:
    """Operator, value, unit and the text as printed, in that order; an absent part empty; an indicator
    with none of them has none (the goal's first indicator and the orphan)."""
    out = indicator_summary(document())
    parts = {x.subject.value.removeprefix(ID): x.object for x in out if x.predicate == N(BKG + "targetParts")}
    assert parts == {
        "/project/1/indicator/1": ox.Literal("≥\t95\t%\t≥95%"),
        "/project/1/indicator/2": ox.Literal("≈\t\t\t好"),
        "/project/1/indicator/3": ox.Literal("≈\t10\t个\t约10个"),
        "/project/1/indicator/4": ox.Literal("=\t10\t\t10"),
        "/goal/1/indicator/2": ox.Literal("≤\t3\t天\t≤3天"),
    }


def test_target_parts_keep_each_value_as_written_and_only_the_last_may_hold_a_tab() -> None:
    i = N(PROJECT.value + "/indicator/1")
    decimal = ox.Literal("95.50", datatype=N("http://www.w3.org/2001/XMLSchema#decimal"))
    triples = indicator(PROJECT, 1, unit="%") + [t(i, BKG + "targetValue", decimal)]
    assert about(indicator_summary(triples), i, "targetParts") == [ox.Literal("\t95.50\t%\t")]
    assert target_parts(None, None, None, "a\tb") == "\t\t\ta\tb"  # the text as printed, tabs and all
    for head in (("≥\t", None, None), (None, "9\t5", None), (None, None, "\t%")):
        with pytest.raises(ValueError, match="holds a tab"):
            target_parts(*head, "≥95%")


def test_the_document_counts_its_indicators_by_reason() -> None:
    out = indicator_summary(document())
    counts = {x.predicate.value.removeprefix(BKG): x.object for x in out if x.subject == DOC}
    assert counts == {
        "indicatorCount": integer(6),
        "vagueIndicatorCount": integer(4),
        "qualitativeIndicatorCount": integer(1),
        "noUnitIndicatorCount": integer(1),
        "approximateIndicatorCount": integer(1),
        "emptyIndicatorCount": integer(1),
    }
    assert not [x for x in out if x.subject == ORPHAN]


def test_a_document_without_indicators_has_no_counts() -> None:
    triples = [t(DOC, RDF + "type", N(BKG + "BudgetDocument")), t(PROJECT, DCTERMS + "source", DOC)]
    assert indicator_summary(triples) == []


def test_kinds_are_both_level_concepts_and_names_both_printed_levels() -> None:
    i = N(PROJECT.value + "/indicator/1")
    triples = indicator(PROJECT, 1, raw="≥95%", value="95", unit="%") + [
        t(PROJECT, DCTERMS + "source", DOC),
        t(i, BKG + "indicatorLevel1", N(LEVEL + "satisfaction")),
        t(i, BKG + "indicatorLevel2", N(LEVEL + "satisfaction-service")),
        t(i, BKG + "indicatorLevel1Name", ox.Literal("满意度指标", language="zh")),
        t(i, BKG + "indicatorLevel2Name", ox.Literal("服务对象满意度指标", language="zh")),
        t(i, BKG + "indicatorName", ox.Literal("群众满意度", language="zh")),  # 三级: not a kind
    ]
    out = indicator_summary(triples)
    assert about(out, i, "indicatorKind") == [N(LEVEL + "satisfaction"), N(LEVEL + "satisfaction-service")]
    assert about(out, i, "indicatorKindName") == [ox.Literal("满意度指标"), ox.Literal("服务对象满意度指标")]
    assert about(out, i, "vagueReason") == []


def test_a_level_printed_without_a_code_still_has_its_name() -> None:
    i = N(PROJECT.value + "/indicator/1")
    triples = indicator(PROJECT, 1) + [
        t(i, BKG + "indicatorLevel2Name", ox.Literal("公众满意度", language="zh"))
    ]
    out = indicator_summary(triples)
    assert about(out, i, "indicatorKind") == []
    assert about(out, i, "indicatorKindName") == [ox.Literal("公众满意度")]


def test_owner_name_is_the_label_else_the_title_else_empty() -> None:
    """What the project column shows, as a plain string: every label, else every title, else ""; an
    indicator with no owner has none."""
    fund, bare, none = N(ID + "/fund/1"), N(ID + "/fund/2"), N(ID + "/indicator/free")
    triples = document() + indicator(fund, 1) + indicator(bare, 1) + [
        t(PROJECT, RDFS + "label", ox.Literal("就业补助", language="zh")),
        t(PROJECT, DCTERMS + "title", ox.Literal("不用的标题", language="zh")),  # a label comes first
        t(GOAL, DCTERMS + "title", ox.Literal("年度目标一", language="zh")),
        t(fund, RDFS + "label", ox.Literal("专项资金")),
        t(fund, RDFS + "label", ox.Literal("special fund", language="en")),
        t(none, RDF + "type", N(BKG + "PerformanceIndicator")),
    ]
    out = indicator_summary(triples)

    def names(owner: ox.NamedNode, k: int = 1) -> list[ox.Term]:
        return about(out, N(f"{owner.value}/indicator/{k}"), "indicatorOwnerName")

    assert names(PROJECT) == names(PROJECT, 4) == [ox.Literal("就业补助")]
    assert names(GOAL, 2) == [ox.Literal("年度目标一")]
    assert names(fund) == [ox.Literal("专项资金"), ox.Literal("special fund")]
    assert names(bare) == names(ORPHAN) == [ox.Literal("")]  # an owner without a name, or without a document
    assert about(out, none, "indicatorOwnerName") == []


def test_recount_derives_owner_names_from_what_is_kept() -> None:
    """An indicator kept without its owner (quarantine dropped the project and the link to it) has no
    owner name; a graph built without owner names gets none."""
    named = document() + [t(PROJECT, RDFS + "label", ox.Literal("就业补助", language="zh"))]
    named += indicator_summary(named)
    i = N(PROJECT.value + "/indicator/1")
    assert about(recount(named), i, "indicatorOwnerName") == [ox.Literal("就业补助")]
    kept = recount([x for x in named if PROJECT not in (x.subject, x.object)])
    assert about(kept, i, "indicatorOwnerName") == []
    assert about(kept, N(GOAL.value + "/indicator/1"), "indicatorOwnerName") == [ox.Literal("")]
    unnamed = [x for x in named if x.predicate != N(BKG + "indicatorOwnerName")]
    assert not [x for x in recount(unnamed) if x.predicate == N(BKG + "indicatorOwnerName")]


def test_recount_says_what_is_still_stored() -> None:
    triples = document()
    triples += indicator_summary(triples)
    gone = N(PROJECT.value + "/indicator/3")
    kept = recount([x for x in triples if x.subject != gone])
    counts = {x.predicate.value.removeprefix(BKG): x.object.value for x in kept if x.subject == DOC}
    assert counts["indicatorCount"] == "5" and counts["vagueIndicatorCount"] == "3"
    assert counts["approximateIndicatorCount"] == "0"
    assert len([x for x in kept if x.subject == DOC and x.predicate == N(BKG + "indicatorCount")]) == 1
    assert sorted(map(str, recount(triples))) == sorted(map(str, triples))  # nothing dropped: the same counts


def test_recount_adds_no_counts_to_a_graph_built_without_them() -> None:
    assert recount(document()) == document()


def test_quarantine_recounts_a_partial_documents_indicators() -> None:
    """A Violation on an indicator drops its table, the project of that table and its four indicators:
    the stored counts are the goal's two (one empty), not the six counted when the graph was built."""
    table = N(ID + "/table/3")
    bad = N(PROJECT.value + "/indicator/2")
    triples = document() + [
        t(table, RDF + "type", N(BKG + "DisclosureTable")),
        t(table, DCTERMS + "isPartOf", DOC),
        t(PROJECT, "http://www.w3.org/ns/prov#wasDerivedFrom", table),
    ]
    triples += indicator_summary(triples)

    def validate(graph: list[ox.Triple]) -> DocumentValidation:
        found = [
            ValidationFinding(
                VIOLATION, "indicator-bad", ID, "坏", "bad", focus=bad.value, table_iri=table.value
            )
            for x in graph
            if x.subject == bad and x.predicate == N(RDF + "type")
        ]
        return DocumentValidation(ID, ID, findings=found)

    settled = settle(validate, triples)
    assert settled.dropped and not settled.refused
    counts = {
        x.predicate.value.removeprefix(BKG): x.object.value
        for x in settled.triples
        if x.subject == DOC and x.predicate.value.lower().endswith("indicatorcount")
    }
    assert counts == {
        "indicatorCount": "2",
        "vagueIndicatorCount": "1",
        "qualitativeIndicatorCount": "0",
        "noUnitIndicatorCount": "0",
        "approximateIndicatorCount": "0",
        "emptyIndicatorCount": "1",
    }


# --- the five samples: the index says what the indicators say ------------------------------------


def test_sample_counts_equal_the_indicators_counted_at_query_time(kg: budgetkg.KnowledgeGraph) -> None:
    """The old vague-indicators-summary body (reasons worked out per indicator) gives the stored counts."""
    computed = kg.select_sparql(
        """SELECT ?doc (COUNT(?i) AS ?n) (SUM(IF(?reason != "", 1, 0)) AS ?v)
                  (SUM(IF(?reason = "qualitative", 1, 0)) AS ?q) (SUM(IF(?reason = "no-unit", 1, 0)) AS ?u)
                  (SUM(IF(?reason = "approximate", 1, 0)) AS ?a) (SUM(IF(?reason = "empty", 1, 0)) AS ?e)
           WHERE { GRAPH ?g {
             ?doc a bkg:BudgetDocument . ?owner dcterms:source ?doc .
             ?i a bkg:PerformanceIndicator ; bkg:indicatorOf ?owner .
             OPTIONAL { ?i bkg:comparisonOperator ?operator } OPTIONAL { ?i bkg:targetValue ?value }
             OPTIONAL { ?i bkg:targetUnit ?unit } OPTIONAL { ?i bkg:rawText ?raw } }
             BIND(IF(!BOUND(?raw), "empty", IF(!BOUND(?value), "qualitative",
                  IF(STR(?operator) = "≈", "approximate", IF(!BOUND(?unit), "no-unit", "")))) AS ?reason) }
           GROUP BY ?doc ORDER BY ?doc"""
    ).rows
    stored = kg.select_sparql(
        """SELECT ?doc ?n ?v ?q ?u ?a ?e WHERE { GRAPH ?g { ?doc bkg:indicatorCount ?n ;
             bkg:vagueIndicatorCount ?v ; bkg:qualitativeIndicatorCount ?q ; bkg:noUnitIndicatorCount ?u ;
             bkg:approximateIndicatorCount ?a ; bkg:emptyIndicatorCount ?e } } ORDER BY ?doc"""
    ).rows
    assert len(stored) == 5 and stored == computed
    assert all(r[1] > 0 for r in stored) and any(r[3] and r[6] for r in stored)  # not all zero


def test_sample_reasons_kinds_names_and_documents_repeat_the_indicators(kg: budgetkg.KnowledgeGraph) -> None:
    def pairs(body: str) -> Counter[tuple[str, str]]:
        return Counter(
            (str(a), str(b))
            for a, b in kg.select_sparql(f"SELECT ?i ?x WHERE {{ GRAPH ?g {{ {body} }} }}").rows
        )

    assert pairs("?i bkg:indicatorKind ?x") == pairs("?i bkg:indicatorLevel1|bkg:indicatorLevel2 ?x")
    assert pairs("?i bkg:indicatorKindName ?x") == Counter(
        (i, x) for i, x in pairs("?i bkg:indicatorLevel1Name|bkg:indicatorLevel2Name ?l BIND(STR(?l) AS ?x)")
    )
    assert pairs("?i bkg:indicatorOwnerName ?x") == pairs(  # the project column as queries printed it
        """?i a bkg:PerformanceIndicator ; bkg:indicatorOf ?o OPTIONAL { ?o rdfs:label ?l }
           OPTIONAL { ?o dcterms:title ?t } BIND(STR(COALESCE(?l, ?t, "")) AS ?x)"""
    )
    assert len({x for _, x in pairs("?i bkg:indicatorOwnerName ?x")}) > 10
    assert pairs("?i bkg:indicatorDocument ?x") == pairs(
        "?i a bkg:PerformanceIndicator ; bkg:indicatorOf/dcterms:source ?x"
    )
    # the parts again, what indicator-benchmarks splits: the value's lexical form as written (2.0), the
    # store's value as the store gives it back (2), so the value compared as a number
    split = Counter()
    for i, x in pairs("?i bkg:targetParts ?x").elements():
        o, v, u, r = x.split("\t", 3)
        split[(i, o, v and str(Decimal(v).normalize()), u, r)] += 1
    assert split == Counter(
        (str(i), *(str(x) if x is not None else "" for x in (o, v and Decimal(str(v)).normalize(), u, r)))
        for i, o, v, u, r in kg.select_sparql(
            """SELECT ?i ?o ?v ?u ?r WHERE { GRAPH ?g { ?i a bkg:PerformanceIndicator
                 OPTIONAL { ?i bkg:comparisonOperator ?o } OPTIONAL { ?i bkg:targetValue ?v }
                 OPTIONAL { ?i bkg:targetUnit ?u } OPTIONAL { ?i bkg:rawText ?r }
                 FILTER(BOUND(?o) || BOUND(?v) || BOUND(?u) || BOUND(?r)) } }"""
        ).rows
    )
    assert len(split) > 1000
    reasons = Counter(x for _, x in pairs("?i bkg:vagueReason ?x").elements())
    precise = kg.select_sparql(
        """SELECT (COUNT(?i) AS ?n) WHERE { GRAPH ?g { ?i a bkg:PerformanceIndicator ; bkg:rawText ?r ;
             bkg:targetValue ?v ; bkg:targetUnit ?u FILTER NOT EXISTS { ?i bkg:comparisonOperator "≈" } } }"""
    ).rows[0][0]
    total = kg.select_sparql("SELECT (COUNT(?i) AS ?n) WHERE { ?i a bkg:PerformanceIndicator }").rows[0][0]
    assert sum(reasons.values()) + precise == total
    assert set(reasons) == {"qualitative", "no-unit", "approximate", "empty"}
