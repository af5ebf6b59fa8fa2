"""validate/triples.py ``with_table_labels``: a finding carries the number and title of its table.

``validation-issues`` prints each finding's table from ``bkg:findingTableNumber`` and
``bkg:findingTableTitle`` materialised on the finding, instead of joining every table of the store;
these pin what is materialised (exactly what the join gave) on hand-made graphs, and that ingest and
``validate`` store it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

import budgetkg
from budgetkg.rdf.namespaces import BKG, DCTERMS, RDF
from budgetkg.validate.triples import FINDING, with_table_labels

from .conftest import SAMPLES

E = "https://example.org/"
NUMBER, TITLE = ox.NamedNode(BKG + "findingTableNumber"), ox.NamedNode(BKG + "findingTableTitle")


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(E + s), ox.NamedNode(p), o)


def _finding(name: str, table: str | None) -> list[ox.Triple]:
    out = [_t(name, RDF + "type", ox.NamedNode(FINDING))]
    if table:
        out.append(_t(name, BKG + "findingTable", ox.NamedNode(E + table)))
    return out


def _table(name: str, number: int | None, title: str | None) -> list[ox.Triple]:
    out = []
    if number is not None:
        out.append(
            _t(
                name,
                BKG + "tableNumber",
                ox.Literal(str(number), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            )
        )
    if title is not None:
        out.append(_t(name, DCTERMS + "title", ox.Literal(title, language="zh")))
    return out


def _added(triples: list[ox.Triple]) -> set[tuple[str, str, str]]:
    out = with_table_labels(triples)
    assert out[: len(triples)] == triples  # the graph's own triples first, unchanged
    return {
        (t.subject.value, t.predicate.value.rsplit("#", 1)[1], t.object.value) for t in out[len(triples) :]
    }


def test_number_and_title_of_the_findings_table() -> None:
    triples = _finding("f1", "t3") + _table("t3", 3, "支出总表")
    assert _added(triples) == {
        (E + "f1", "findingTableNumber", "3"),
        (E + "f1", "findingTableTitle", "支出总表"),
    }


def test_a_table_without_a_title_gives_its_number_only() -> None:
    assert _added(_finding("f1", "t3") + _table("t3", 3, None)) == {(E + "f1", "findingTableNumber", "3")}


def test_a_table_without_a_number_gives_nothing_not_even_its_title() -> None:
    assert _added(_finding("f1", "t3") + _table("t3", None, "支出总表")) == set()


def test_a_table_the_graph_does_not_hold_gives_nothing() -> None:
    # a dropped (quarantined) table: its finding names it, the graph no longer has it
    assert _added(_finding("f1", "gone") + _table("t3", 3, "支出总表")) == set()


def test_findings_without_a_table_and_other_subjects_get_nothing() -> None:
    not_a_finding = [_t("x", BKG + "findingTable", ox.NamedNode(E + "t3"))]
    assert _added(_finding("f1", None) + not_a_finding + _table("t3", 3, "支出总表")) == set()


def test_each_finding_gets_its_own_table_and_nothing_is_repeated() -> None:
    triples = _finding("f1", "t3") + _finding("f2", "t4") + _table("t3", 3, "甲") + _table("t4", 4, "乙")
    assert _added(triples) == {
        (E + "f1", "findingTableNumber", "3"), (E + "f1", "findingTableTitle", "甲"),
        (E + "f2", "findingTableNumber", "4"), (E + "f2", "findingTableTitle", "乙"),
    }  # fmt: skip
    once = with_table_labels(triples)
    assert with_table_labels(once) == once  # labels already there are not added again


def test_ingest_and_validate_store_the_labels_of_every_numbered_table(tmp_path: Path) -> None:
    query = """SELECT ?f ?n ?title ?tn ?tt WHERE { GRAPH ?g { ?f a bkg:Finding ; bkg:findingTable ?t .
        OPTIONAL { ?f bkg:findingTableNumber ?n } OPTIONAL { ?f bkg:findingTableTitle ?title }
        OPTIONAL { ?t bkg:tableNumber ?tn } OPTIONAL { ?t dcterms:title ?tt } } }"""
    with budgetkg.open(tmp_path / "store") as kg:
        assert kg.ingest([SAMPLES]).ok
        for _ in range(2):  # as ingest stored them, then as `validate` stores them again
            rows = kg.select_sparql(query).rows
            assert len(rows) > 5  # the samples have findings about tables
            assert all(r[1] == r[3] and r[2] == r[4] for r in rows)
            assert any(r[1] is not None for r in rows)
            kg.validate(save=True)
