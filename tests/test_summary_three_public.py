"""“三公”经费 items materialised on their line (rdf/summary_three_public.py).

Each amount must be the line's observation's own literal, and ``bkg:statedMeasure``
must mark exactly the items whose observation only the text states: pinned on
hand-made triples and checked on the five samples against the observations.
"""

from __future__ import annotations

import pyoxigraph as ox

import budgetkg
from budgetkg.rdf.mint import measure_concept
from budgetkg.rdf.namespaces import BKG
from budgetkg.rdf.summary_three_public import ITEMS, three_public_summary

N = ox.NamedNode
LINE = N("https://example.org/doc/1/table/8/year/2024")
DEC = N("http://www.w3.org/2001/XMLSchema#decimal")
TRUE = ox.Literal("true", datatype=N("http://www.w3.org/2001/XMLSchema#boolean"))


def obs(measure: str, amount: str, stated: bool = False, line: ox.NamedNode = LINE) -> list[ox.Triple]:
    o = N(f"{line.value}/{measure}")
    out = [
        ox.Triple(o, N(BKG + "budgetLine"), line),
        ox.Triple(o, N(BKG + "measure"), N(measure_concept(measure))),
        ox.Triple(o, N(BKG + "amount"), ox.Literal(amount, datatype=DEC)),
    ]
    return out + ([ox.Triple(o, N(BKG + "statedOnly"), TRUE)] if stated else [])


def test_each_item_is_its_observations_amount_on_the_line() -> None:
    triples = (
        obs("three-public", "12.50")
        + obs("overseas-travel", "0.00", stated=True)
        + obs("official-reception", "2.5")
    )
    out = three_public_summary(triples)
    assert sorted(map(str, out)) == sorted(
        map(
            str,
            [
                ox.Triple(LINE, N(BKG + "threePublicAmount"), ox.Literal("12.50", datatype=DEC)),
                ox.Triple(LINE, N(BKG + "overseasTravelAmount"), ox.Literal("0.00", datatype=DEC)),
                ox.Triple(LINE, N(BKG + "statedMeasure"), N(measure_concept("overseas-travel"))),
                ox.Triple(
                    LINE, N(BKG + "officialReceptionAmount"), ox.Literal("2.5", datatype=DEC)
                ),  # as printed
            ],
        )
    )


def test_other_measures_and_incomplete_observations_give_nothing() -> None:
    basic = obs("basic", "3.00", stated=True)  # a 支出总表 measure: summary.py's, not this table's
    no_amount = [t for t in obs("vehicle-purchase", "1.00") if t.predicate != N(BKG + "amount")]
    no_line = [t for t in obs("vehicle-operation", "1.00") if t.predicate != N(BKG + "budgetLine")]
    assert three_public_summary(basic + no_amount + no_line) == []


def test_every_item_has_its_property() -> None:
    for measure, prop in ITEMS.items():
        assert three_public_summary(obs(measure, "1.00")) == [
            ox.Triple(LINE, N(BKG + prop), ox.Literal("1.00", datatype=DEC))
        ]


def test_sample_lines_repeat_their_observations(kg: budgetkg.KnowledgeGraph) -> None:
    for measure, prop in ITEMS.items():
        materialised = kg.select_sparql(
            f"SELECT ?line ?a WHERE {{ GRAPH ?g {{ ?line bkg:{prop} ?a }} }} ORDER BY ?line"
        ).rows
        observed = kg.select_sparql(
            f"""SELECT ?line ?a WHERE {{ GRAPH ?g {{ ?o bkg:budgetLine ?line ; bkg:measure measure:{measure} ;
                  bkg:amount ?a }} }} ORDER BY ?line"""
        ).rows
        assert materialised == observed, prop
    stated = kg.select_sparql(
        """SELECT ?line ?m WHERE { GRAPH ?g { ?line bkg:referenceYear ?y ; bkg:statedMeasure ?m } }
           ORDER BY ?line ?m"""
    ).rows
    observed = kg.select_sparql(
        """SELECT ?line ?m WHERE { GRAPH ?g { ?line bkg:referenceYear ?y . ?o bkg:budgetLine ?line ;
             bkg:measure ?m ; bkg:statedOnly true } } ORDER BY ?line ?m"""
    ).rows
    assert stated == observed and stated  # the samples state some “三公” items as none
    assert len(kg.select_sparql("SELECT ?l WHERE { ?l bkg:threePublicAmount ?a }").rows) >= 8
