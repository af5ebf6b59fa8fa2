"""Structural shapes catch extraction bugs: each broken graph yields exactly the expected Violations
(and a code the code list lacks is only a Warning: the document, not the extraction, prints it)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from budgetkg.extract import BudgetRecords
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import BKG, CODE, DCTERMS, QB, RDF, XSD
from budgetkg.validate import VIOLATION, WARNING, Validator

Triples = list[ox.Triple]
N = ox.NamedNode


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def _subject(triples: Triples, predicate: str, obj: ox.NamedNode | None = None) -> ox.NamedNode:
    """The first subject with ``predicate`` (and object ``obj``)."""
    s = next(t.subject for t in triples if t.predicate == N(predicate) and (obj is None or t.object == obj))
    assert isinstance(s, ox.NamedNode)
    return s


def _observation(triples: Triples) -> ox.NamedNode:
    """A project's performance-budget observation: no sum checks it, so only structure reacts."""
    return _subject(triples, BKG + "measure", N(CODE + "measure/performance-budget"))


def drop_department(triples: Triples) -> Triples:
    obs = _observation(triples)
    return [t for t in triples if not (t.subject == obs and t.predicate == N(BKG + "department"))]


def second_amount(triples: Triples) -> Triples:
    obs = _observation(triples)
    return [*triples, ox.Triple(obs, N(BKG + "amount"), ox.Literal("1.00", datatype=N(XSD + "decimal")))]


def copied_observation(triples: Triples) -> Triples:
    obs = _observation(triples)
    twin = N(obs.value + "-copy")
    return triples + [ox.Triple(twin, t.predicate, t.object) for t in triples if t.subject == obs]


def drop_budget_line(triples: Triples) -> Triples:
    """A performance-budget amount's line is its project: without it, a dimension is missing."""
    obs = _observation(triples)
    return [t for t in triples if not (t.subject == obs and t.predicate == N(BKG + "budgetLine"))]


def fund_column_in_main_data_set(triples: Triples) -> Triples:
    """A fund column's amount moved into the main data set, whose structure has no fund dimension:
    it now has the same dimension values as the line's 合计 amount of that measure (IC-12)."""
    data_set, line, measure = N(QB + "dataSet"), N(BKG + "budgetLine"), N(BKG + "measure")
    values: dict[ox.NamedNode | ox.BlankNode, dict[ox.NamedNode, object]] = {}
    for t in triples:
        if t.predicate in (data_set, line, measure):
            values.setdefault(t.subject, {})[t.predicate] = t.object
    main = next(v[data_set] for v in values.values() if str(v.get(data_set, "")).endswith("/dataset>"))
    keys = {(v[line], v[measure]) for v in values.values() if v.get(data_set) == main and line in v}
    moved = next(
        s
        for s, v in values.items()
        if v.get(data_set) != main and line in v and (v[line], v[measure]) in keys
    )
    kept = [t for t in triples if not (t.subject == moved and t.predicate == data_set)]
    return [*kept, ox.Triple(moved, data_set, main)]  # type: ignore[arg-type]


def no_fiscal_year(triples: Triples) -> Triples:
    """The document's year not found: no observation has its fiscal-year dimension (IC-11)."""
    return [t for t in triples if t.predicate != N(BKG + "fiscalYear")]


def bad_operator(triples: Triples) -> Triples:
    ind = _subject(triples, BKG + "comparisonOperator")
    op = N(BKG + "comparisonOperator")
    kept = [t for t in triples if not (t.subject == ind and t.predicate == op)]
    return [*kept, ox.Triple(ind, op, ox.Literal("~~"))]


def publisher_not_a_department(triples: Triples) -> Triples:
    doc = _subject(triples, RDF + "type", N(BKG + "BudgetDocument"))
    region = _subject(triples, RDF + "type", N(BKG + "Region"))
    pub = N(DCTERMS + "publisher")
    return [t for t in triples if not (t.subject == doc and t.predicate == pub)] + [
        ox.Triple(doc, pub, region)
    ]


def unknown_measure(triples: Triples) -> Triples:
    measure = N(BKG + "measure")
    obs = _observation(triples)
    kept = [t for t in triples if not (t.subject == obs and t.predicate == measure)]
    return [*kept, ox.Triple(obs, measure, N(CODE + "measure/not-a-measure"))]


def unknown_function_code(triples: Triples) -> Triples:
    line = _subject(triples, BKG + "functionCode")
    code, cls = N(BKG + "functionCode"), N(BKG + "functionClass")
    kept = [t for t in triples if not (t.subject == line and t.predicate in (code, cls))]
    return [
        *kept,
        ox.Triple(line, code, ox.Literal("2999999")),
        ox.Triple(line, cls, N(CODE + "function/2999999")),
    ]


CASES: list[tuple[Callable[[Triples], Triples], set[tuple[str, str, str | None]]]] = [
    (
        drop_department,
        {(VIOLATION, "observation-structure", "bkg:department"), (VIOLATION, "cube-dimensions", None)},
    ),
    # the second amount also differs from the project list's: a consequence, reported as such
    (second_amount, {(VIOLATION, "observation-structure", "bkg:amount"), (WARNING, "project-amount", None)}),
    (copied_observation, {(VIOLATION, "cube-duplicate", None)}),
    (drop_budget_line, {(VIOLATION, "cube-dimensions", None)}),
    (
        no_fiscal_year,
        {(VIOLATION, "fiscal-year-missing", "bkg:fiscalYear"), (VIOLATION, "cube-dimensions", None)},
    ),
    (fund_column_in_main_data_set, {(VIOLATION, "cube-duplicate", None)}),
    (bad_operator, {(VIOLATION, "indicator-structure", "bkg:comparisonOperator")}),
    (publisher_not_a_department, {(VIOLATION, "document-structure", "dcterms:publisher")}),
    (unknown_measure, {(VIOLATION, "concept-unknown", None)}),
    # the line's old parent no longer adds up: a consequence, reported as such
    (unknown_function_code, {(WARNING, "code-unknown", None), (WARNING, "children-sum", None)}),
]


@pytest.mark.parametrize(("corrupt", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_broken_graph_yields_exactly_the_expected_findings(
    records: dict[str, BudgetRecords],
    validator: Validator,
    corrupt: Callable[[Triples], Triples],
    expected: set[tuple[str, str, str | None]],
) -> None:
    graph, triples = build_graph(records["002"], "https://w3id.org/budgetkg/id/")
    clean = {(f.severity, f.rule, f.focus) for f in validator.validate(graph, triples).findings}
    result = validator.validate(graph, corrupt(triples))
    extra = [f for f in result.findings if (f.severity, f.rule, f.focus) not in clean]
    assert {(f.severity, f.rule, f.path) for f in extra} == expected
    assert result.conforms == all(sev != VIOLATION for sev, _, _ in expected)
    assert all(f.message_zh and f.message_en and f.message_zh != f.message_en for f in extra)


def test_a_backslash_in_a_printed_name_reaches_the_message(
    records: dict[str, BudgetRecords], validator: Validator
) -> None:
    """pySHACL would read ``\\g`` in a value as a regex escape; the name must arrive as printed."""
    graph, triples = build_graph(records["002"], "https://w3id.org/budgetkg/id/")
    line = _subject(triples, BKG + "functionCode")
    name = N(BKG + "itemName")
    printed = r"行政运行$\geq$\1"
    triples = [t for t in triples if not (t.subject == line and t.predicate == name)]
    triples.append(ox.Triple(line, name, ox.Literal(printed, language="zh")))
    result = validator.validate(graph, triples)
    variants = [f for f in result.findings if f.rule == "code-name" and f.focus == line.value]
    assert len(variants) == 1 and f"“{printed}”" in variants[0].message_en


def test_the_validation_names_its_graph_document_source_and_department(
    records: dict[str, BudgetRecords], validator: Validator
) -> None:
    graph, triples = build_graph(records["002"], "https://w3id.org/budgetkg/id/")
    doc = next(t.subject.value for t in triples if t.object == N(BKG + "BudgetDocument"))
    source = next(t.object.value for t in triples if t.predicate == N(BKG + "sourceFile"))
    dept = next(t.object for t in triples if t.subject == N(doc) and t.predicate == N(DCTERMS + "publisher"))
    label = next(
        t.object.value for t in triples if t.subject == dept and t.predicate.value.endswith("#label")
    )
    before = len(validator.store)
    result = validator.validate(graph, triples)
    assert (result.graph, result.document, result.source, result.department) == (graph, doc, source, label)
    assert result.report_graph is not None and result.seconds >= 0
    assert len(validator.store) == before  # the document's graph is removed again


def test_the_time_taken_is_kept_to_the_millisecond(
    records: dict[str, BudgetRecords], validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    from budgetkg.validate import engine

    ticks = iter([10.0, 10.23456])
    monkeypatch.setattr(engine, "time", types.SimpleNamespace(perf_counter=lambda: next(ticks)))
    graph, triples = build_graph(records["002"], "https://w3id.org/budgetkg/id/")
    assert validator.validate(graph, triples).seconds == 0.235
