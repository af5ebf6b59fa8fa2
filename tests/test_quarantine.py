"""The quarantine itself (validate.quarantine.settle) on hand-made graphs: which tables are dropped,
what goes with them, what stays, and when a document is refused as a whole.

A stand-in validator flags every resource with the amount "bad" (and a table or document marked
bkg:broken) as a Violation located in the table it links to, as the real one does through the
resource's table (test_partial.py runs the real one on a damaged sample)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from budgetkg.rdf.namespaces import BKG, DCTERMS, PROV, QB, RDF
from budgetkg.validate import VIOLATION, DocumentValidation, ValidationFinding, Validator
from budgetkg.validate.quarantine import COMPLETE, PARTIAL, owned_resources, settle

from .conftest import sample_path

N = ox.NamedNode
ID = "https://example.org/doc/1"
DOC, DEPT, DATASET = N(ID), N(ID + "/dept"), N(ID + "/dataset")
KINDS = {1: "expenditure", 2: "procurement", 3: "project-list"}


def table(n: int) -> ox.NamedNode:
    return N(f"{ID}/table/{n}")


def line(n: int) -> ox.NamedNode:
    return N(f"{ID}/table/{n}/row/1")


def obs(n: int) -> ox.NamedNode:
    return N(f"{ID}/table/{n}/row/1/total")


PROJECT, LINK, INDICATOR = N(ID + "/project/1"), N(ID + "/link/1"), N(ID + "/project/1/indicator/1")


def t(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | str) -> ox.Triple:
    return ox.Triple(s, N(p), ox.Literal(o) if isinstance(o, str) else o)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=N("http://www.w3.org/2001/XMLSchema#integer"))


def graph(bad: tuple[int, ...] = ()) -> list[ox.Triple]:
    """A document with three tables, a line and an observation in each, a project of table 3, its
    indicator, and a function link of the project to table 1's line; tables in ``bad`` print "bad"."""
    out = [
        t(DOC, RDF + "type", N(BKG + "BudgetDocument")),
        t(DOC, DCTERMS + "publisher", DEPT),
        t(DEPT, RDF + "type", N(BKG + "Department")),
        t(DATASET, RDF + "type", N(QB + "DataSet")),
        t(DATASET, DCTERMS + "source", DOC),
    ]
    for n, kind in KINDS.items():
        out += [
            t(table(n), RDF + "type", N(BKG + "DisclosureTable")),
            t(table(n), DCTERMS + "isPartOf", DOC),
            t(table(n), BKG + "tableNumber", integer(n)),
            t(table(n), BKG + "page", integer(10 + n)),
            t(table(n), BKG + "tableKind", kind),
            t(line(n), RDF + "type", N(BKG + "BudgetLine")),
            t(line(n), BKG + "inTable", table(n)),
            t(obs(n), RDF + "type", N(QB + "Observation")),
            t(obs(n), QB + "dataSet", DATASET),
            t(obs(n), BKG + "budgetLine", line(n)),
            t(obs(n), PROV + "wasDerivedFrom", table(n)),
            t(obs(n), BKG + "amount", "bad" if n in bad else "1.00"),
        ]
    out += [
        t(PROJECT, RDF + "type", N(BKG + "Project")),
        t(PROJECT, DCTERMS + "source", DOC),
        t(PROJECT, PROV + "wasDerivedFrom", table(3)),
        t(obs(1), BKG + "project", PROJECT),  # a figure of table 1 that names the project
        t(LINK, RDF + "type", N(BKG + "FunctionLink")),
        t(LINK, BKG + "project", PROJECT),
        t(LINK, BKG + "linkedLine", line(1)),
        t(INDICATOR, RDF + "type", N(BKG + "PerformanceIndicator")),
        t(INDICATOR, BKG + "indicatorOf", PROJECT),
    ]
    return out


class StandIn:
    """Flags resources whose amount is "bad" and resources marked bkg:broken, in the table they link to."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, triples: list[ox.Triple]) -> DocumentValidation:
        self.calls += 1
        tables = {x.subject for x in triples if x.object == N(BKG + "DisclosureTable")}
        home = {x.subject: x.object for x in triples if x.object in tables}
        flagged = [
            x.subject for x in triples if x.object == ox.Literal("bad") or x.predicate == N(BKG + "broken")
        ]
        findings = [
            ValidationFinding(
                severity=VIOLATION,
                rule="stand-in",
                document=ID,
                message_zh="坏",
                message_en="bad",
                focus=s.value,
                table_iri=(s if s in tables else home.get(s, N("urn:none"))).value if s != DOC else None,
                row=1,
            )
            for s in flagged
        ]
        return DocumentValidation(document=ID, graph=ID, findings=findings)


def subjects(triples: list[ox.Triple]) -> set[ox.NamedNode]:
    return {x.subject for x in triples}


def test_no_violation_stores_everything_as_complete() -> None:
    validate = StandIn()
    settled = settle(validate, graph())
    assert (settled.status, settled.refused, settled.dropped, validate.calls) == ("ok", None, [], 1)
    assert settled.triples == graph() + [t(DOC, BKG + "documentStatus", N(COMPLETE))]


def test_one_broken_table_is_dropped_and_the_rest_kept() -> None:
    validate = StandIn()
    settled = settle(validate, graph(bad=(2,)))
    assert settled.status == "partial" and validate.calls == 2 and settled.validation.conforms
    assert [(d.number, d.kind, d.would_store) for d in settled.dropped] == [
        (2, "procurement", {"observations": 1, "lines": 1})
    ]
    kept = set(settled.triples)
    assert kept == set(x for x in graph(bad=(2,)) if x.subject not in (line(2), obs(2))) | {
        t(DOC, BKG + "documentStatus", N(PARTIAL)),
        t(DOC, BKG + "droppedTable", table(2)),
    }
    assert table(2) in subjects(settled.triples)  # the table itself stays, so findings can name it
    assert [f.rule for f in settled.quarantine_findings()] == ["table-dropped", "stand-in"]
    summary = settled.quarantine_findings()[0]
    assert (summary.table, summary.table_iri, summary.page, summary.row) == (2, table(2).value, 12, 1)
    assert summary.message_en == (
        "table 2 was not stored (quarantined): its extraction breaks stand-in (1 result(s), row 1); "
        "it would have stored 1 observation, 1 line; the rest of the document is stored"
    )


def test_two_broken_tables_are_both_dropped_with_what_hangs_off_them() -> None:
    settled = settle(StandIn(), graph(bad=(2, 3)))
    assert [d.number for d in settled.dropped] == [2, 3]
    gone = {line(2), obs(2), line(3), obs(3), PROJECT, LINK, INDICATOR}
    assert not gone & subjects(settled.triples)
    assert [d.would_store for d in settled.dropped] == [
        {"observations": 1, "lines": 1},
        {"observations": 1, "lines": 1, "projects": 1, "indicators": 1},
    ]
    # table 1's observation stays; only its link to the dropped project goes
    assert t(obs(1), BKG + "amount", "1.00") in settled.triples
    assert t(obs(1), BKG + "project", PROJECT) not in settled.triples
    assert {x.object for x in settled.triples if x.predicate == N(BKG + "droppedTable")} == {
        table(2),
        table(3),
    }


def test_a_violation_on_the_document_refuses_it() -> None:
    triples = [*graph(bad=(2,)), t(DOC, BKG + "broken", "yes")]
    settled = settle(StandIn(), triples)
    assert (
        settled.status == "failed" and settled.triples == [] and "not in one table" in (settled.refused or "")
    )


def test_a_broken_expenditure_summary_refuses_the_document() -> None:
    settled = settle(StandIn(), graph(bad=(1,)))
    assert settled.status == "failed" and "expenditure summary (table 1)" in (settled.refused or "")


def test_a_table_whose_own_description_is_broken_is_refused_after_one_round() -> None:
    validate = StandIn()
    settled = settle(validate, [*graph(), t(table(2), BKG + "broken", "yes")])
    assert (
        settled.status == "failed" and "the table itself" in (settled.refused or "") and validate.calls == 2
    )


def test_owned_resources_never_include_the_document_or_other_tables() -> None:
    owned = owned_resources(graph(), {table(3)}, seeds=[DOC, DEPT])
    assert owned == {line(3), obs(3), PROJECT, LINK, INDICATOR}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_real_validator_two_tables_with_duplicate_observations(validator: Validator) -> None:
    """Data Cube IC-12 broken in two tables of a real sample: both dropped, the rest conforms."""
    from budgetkg.extract import extract_document
    from budgetkg.rdf import build_graph
    from budgetkg.read import read_document

    records = extract_document(read_document(sample_path("002")))
    graph_iri, triples = build_graph(records, "https://w3id.org/budgetkg/id/")
    kinds = {x.subject: x.object.value for x in triples if x.predicate == N(BKG + "tableKind")}
    observations = {x.subject for x in triples if x.object == N(QB + "Observation")}
    derived = [x for x in triples if x.predicate == N(PROV + "wasDerivedFrom") and x.subject in observations]

    def twin(kind: str) -> list[ox.Triple]:
        """A copy of the first observation of the first table of ``kind``: the same Data Cube key twice."""
        o = next(x.subject for x in derived if kinds.get(x.object) == kind)
        copy = N(o.value + "-copy")
        return [ox.Triple(copy, x.predicate, x.object) for x in triples if x.subject == o]

    def validate(ts: list[ox.Triple]) -> DocumentValidation:
        return validator.validate(graph_iri, ts)

    settled = settle(validate, triples + twin("project-list") + twin("procurement"))
    assert settled.status == "partial" and settled.validation.conforms
    assert sorted(d.kind or "" for d in settled.dropped) == ["procurement", "project-list"]
    assert {f.rule for d in settled.dropped for f in d.violations} == {"cube-duplicate"}
    settled = settle(validate, triples + twin("expenditure"))
    assert settled.status == "failed" and "expenditure summary" in (settled.refused or "")
