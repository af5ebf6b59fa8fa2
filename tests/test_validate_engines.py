"""The fast validation engine gives pySHACL's findings: on every sample and on broken graphs.

pySHACL (``engine="pyshacl"``) is the reference. The fast engine runs the SHACL-SPARQL node
shapes directly on the store (``validate/sparql_direct.py``) and the bulk counts and types in
Python (``validate/bulk_native.py``). Here both validate the same graphs and must agree on
every finding (every field: severity, rule, focus node, path, value, figures, messages, source
shape, table and row) and on the SHACL report graph (isomorphic, source constraints included).
The broken graphs reach every branch of the bulk checks, a value both engines must compare the
SPARQL way (1.0 and 1.00 are one value), a blank node value (no text to show), the core shapes
pySHACL still runs, and the sums.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from budgetkg.extract import BudgetRecords
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import BKG, CODE, DEFAULT_BASE, RDF, XSD
from budgetkg.settings import Settings
from budgetkg.validate import DocumentValidation, Validator
from budgetkg.validate.sparql_direct import Constraint, Native, SparqlConstraints

from .conftest import SAMPLE_IDS
from .test_validate_structure import CASES

Triples = list[ox.Triple]
N = ox.NamedNode


@pytest.fixture(scope="module")
def engines() -> tuple[Validator, Validator]:
    return Validator(engine="pyshacl"), Validator(engine="fast")


def _findings(v: DocumentValidation) -> list[str]:
    """Every field of every finding, in an order that does not depend on the engine."""
    return sorted(repr(sorted(f.to_dict().items())) for f in v.findings)


def assert_same(reference: DocumentValidation, fast: DocumentValidation) -> None:
    assert _findings(fast) == _findings(reference)
    assert (fast.document, fast.graph, fast.source, fast.department) == (
        reference.document,
        reference.graph,
        reference.source,
        reference.department,
    )
    assert fast.report_graph is not None and reference.report_graph is not None
    assert isomorphic(fast.report_graph, reference.report_graph)


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_both_engines_find_the_same_on_every_sample(
    records: dict[str, BudgetRecords], engines: tuple[Validator, Validator], sample: str
) -> None:
    reference, fast = (e.validate(*build_graph(records[sample], DEFAULT_BASE)) for e in engines)
    assert_same(reference, fast)


def test_both_engines_agree_with_zero_tolerance(records: dict[str, BudgetRecords]) -> None:
    """The Info/Warning split of the sums (the converter's) is the same on both."""
    graph = build_graph(records["003"], DEFAULT_BASE)
    reference = Validator(tolerance=Decimal("0"), engine="pyshacl").validate(*graph)
    fast = Validator(tolerance=Decimal("0"), engine="fast").validate(*graph)
    assert_same(reference, fast)
    assert sum(f.rule == "children-sum" for f in fast.findings) == 8


def _subject(triples: Triples, predicate: str, obj: ox.NamedNode | None = None) -> ox.NamedNode:
    s = next(t.subject for t in triples if t.predicate == N(predicate) and (obj is None or t.object == obj))
    assert isinstance(s, ox.NamedNode)
    return s


def _replace(triples: Triples, subject: ox.NamedNode, predicate: str, *objects: object) -> Triples:
    kept = [t for t in triples if not (t.subject == subject and t.predicate == N(predicate))]
    return kept + [ox.Triple(subject, N(predicate), o) for o in objects]  # type: ignore[arg-type]


def _table(triples: Triples) -> ox.NamedNode:
    return _subject(triples, RDF + "type", N(BKG + "DisclosureTable"))


def table_number_twice(triples: Triples) -> Triples:  # maxCount, two values
    t = _table(triples)
    return _replace(
        triples,
        t,
        BKG + "tableNumber",
        ox.Literal("3", datatype=N(XSD + "integer")),
        ox.Literal("4", datatype=N(XSD + "integer")),
    )


def amount_printed_two_ways(triples: Triples) -> Triples:  # maxCount: 1 and 1.0 are one value in SPARQL
    obs = _subject(triples, BKG + "amount")
    one, decimal = (
        ox.Literal("1", datatype=N(XSD + "integer")),
        ox.Literal("1.0", datatype=N(XSD + "decimal")),
    )
    return _replace(triples, obs, BKG + "amount", one, decimal)


def table_number_as_text(triples: Triples) -> Triples:  # datatype (and the bound no longer compares)
    return _replace(triples, _table(triples), BKG + "tableNumber", ox.Literal("三"))


def table_number_negative(triples: Triples) -> Triples:  # minInclusive
    return _replace(
        triples, _table(triples), BKG + "tableNumber", ox.Literal("-1", datatype=N(XSD + "integer"))
    )


def table_kind_malformed(triples: Triples) -> Triples:  # pattern
    return _replace(triples, _table(triples), BKG + "tableKind", ox.Literal("Income Table"))


def table_without_document(triples: Triples) -> Triples:  # minCount
    return _replace(triples, _table(triples), "http://purl.org/dc/terms/isPartOf")


def line_in_a_literal_table(triples: Triples) -> Triples:  # class, with a literal value
    line = _subject(triples, RDF + "type", N(BKG + "BudgetLine"))
    return _replace(triples, line, BKG + "inTable", ox.Literal("table 4"))


def measure_as_text(triples: Triples) -> Triples:  # nodeKind IRI (and concept checks)
    obs = _subject(triples, BKG + "measure")
    return _replace(triples, obs, BKG + "measure", ox.Literal("basic"))


def measure_blank(triples: Triples) -> Triples:  # nodeKind IRI with a blank node: nothing to show
    obs = _subject(triples, BKG + "measure")
    return _replace(triples, obs, BKG + "measure", ox.BlankNode("m1"))


def table_typed_as_a_subclass(triples: Triples) -> Triples:  # the class check reads rdfs:subClassOf*
    table, rdf_type, cls = _table(triples), N(RDF + "type"), N(BKG + "DisclosureTable")
    sub = N(BKG + "SpecialTable")
    kept = [t for t in triples if not (t.subject == table and t.predicate == rdf_type and t.object == cls)]
    return [
        *kept,
        ox.Triple(sub, N("http://www.w3.org/2000/01/rdf-schema#subClassOf"), cls),
        ox.Triple(table, rdf_type, sub),
    ]


def amount_changed(triples: Triples) -> Triples:  # the sums (reconcile.ttl)
    line = next(
        t.subject for t in triples if t.predicate == N(BKG + "functionCode") and len(str(t.object)) == 9
    )  # a 项 line: "2080505" with its quotes
    obs = next(t.subject for t in triples if t.predicate == N(BKG + "budgetLine") and t.object == line)
    amount = next(t.object for t in triples if t.subject == obs and t.predicate == N(BKG + "amount"))
    assert isinstance(amount, ox.Literal)
    changed = Decimal(amount.value) + Decimal("7.5")
    return _replace(triples, obs, BKG + "amount", ox.Literal(str(changed), datatype=N(XSD + "decimal")))


def unknown_fund(triples: Triples) -> Triples:  # concept-unknown on another property
    obs = _subject(triples, BKG + "fundSource")
    return _replace(triples, obs, BKG + "fundSource", N(CODE + "fund/not-a-fund"))


BROKEN: list[Callable[[Triples], Triples]] = [
    *(corrupt for corrupt, _ in CASES),
    table_number_twice,
    amount_printed_two_ways,
    table_number_as_text,
    table_number_negative,
    table_kind_malformed,
    table_without_document,
    line_in_a_literal_table,
    measure_as_text,
    measure_blank,
    table_typed_as_a_subclass,
    amount_changed,
    unknown_fund,
]


FIND_NOTHING = {table_typed_as_a_subclass}  # an instance of a subclass is an instance of the class


# the structure tests' corruptions are made for sample 002; the ones above apply to any sample
ON_SAMPLES = [("002", c) for c in BROKEN] + [("003", c) for c in BROKEN[len(CASES) :]]


@pytest.mark.parametrize(("sample", "corrupt"), ON_SAMPLES, ids=[f"{s}-{c.__name__}" for s, c in ON_SAMPLES])
def test_both_engines_find_the_same_on_a_broken_graph(
    records: dict[str, BudgetRecords],
    engines: tuple[Validator, Validator],
    corrupt: Callable[[Triples], Triples],
    sample: str,
) -> None:
    graph, triples = build_graph(records[sample], DEFAULT_BASE)
    broken = corrupt(triples)
    reference, fast = (e.validate(graph, broken) for e in engines)
    clean = {(f.rule, f.focus) for f in engines[0].validate(graph, triples).findings}
    new = [f for f in reference.findings if (f.rule, f.focus) not in clean]
    assert bool(new) == (corrupt not in FIND_NOTHING), [f.to_dict() for f in new]
    assert_same(reference, fast)


def test_a_difference_between_the_engines_is_seen(
    records: dict[str, BudgetRecords], engines: tuple[Validator, Validator]
) -> None:
    """The comparison is not blind: a fast engine that loses one row of its native check differs."""
    graph, triples = build_graph(records["002"], DEFAULT_BASE)
    broken = table_number_negative(table_without_document(triples))
    reference = engines[0].validate(graph, broken)
    lossy = Validator(engine="fast")
    assert lossy.direct is not None

    def first_row_lost(native: Native) -> Native:
        return lambda store, focus: list(native(store, focus))[1:]

    lossy.direct.shapes = [
        replace(
            s,
            constraints=tuple(
                c if c.native is None else replace(c, native=first_row_lost(c.native)) for c in s.constraints
            ),
        )
        for s in lossy.direct.shapes
    ]
    assert_same(reference, engines[1].validate(graph, broken))
    with pytest.raises(AssertionError):
        assert_same(reference, lossy.validate(graph, broken))


def test_repeated_rows_make_one_result_as_in_pyshacl() -> None:
    row = {"value": rdflib.URIRef("https://example.org/v"), "n": rdflib.Literal(1)}
    twice = Constraint(rdflib.BNode(), "", True, (), lambda store, focus: [dict(row), dict(row)])
    assert len(SparqlConstraints._violations(ox.Store(), twice, ox.NamedNode("https://example.org/d"))) == 1


def test_direct_results_are_pyshacls_on_hand_made_shapes() -> None:
    """What our shapes never do: no ?value (the focus node is the value), {$this} and {?path} in a
    message, a message on the shape itself, a default severity, a subclass instance, a target node."""
    import pyshacl

    from budgetkg.validate.pyshacl_tweaks import StoreView
    from budgetkg.validate.sparql_direct import add_results

    ex = "https://example.org/"
    shapes = rdflib.Graph().parse(
        data=f"""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{ex}> .
ex:NoValue a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:n ;
    sh:sparql [ sh:message "{{$this}} has no p" ;
                sh:select "SELECT $this WHERE {{ FILTER NOT EXISTS {{ $this <{ex}p> ?x }} }}" ] .
ex:WithPath a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Info ; sh:message "shape says {{?path}}" ;
    sh:sparql [ sh:message "{{?path}} of {{$this}} is {{?value}}" ;
        sh:select "SELECT $this ?path ?value WHERE {{ $this ?path ?value FILTER isLiteral(?value) }}" ] .
""",
        format="turtle",
    )
    data = ox.Store()
    g = ox.NamedNode(ex + "g")
    for s, p, o in [("a", "type", "C"), ("b", "type", "D"), ("n", "q", "a")]:
        pred = N(RDF + "type") if p == "type" else N(ex + p)
        data.add(ox.Quad(N(ex + s), pred, N(ex + o), g))
    data.add(ox.Quad(N(ex + "D"), N("http://www.w3.org/2000/01/rdf-schema#subClassOf"), N(ex + "C"), g))
    data.add(ox.Quad(N(ex + "b"), N(ex + "label"), ox.Literal("B", language="en"), g))
    options = {"allow_warnings": True, "allow_infos": True}
    _, reference, _ = pyshacl.validate(StoreView(data), shacl_graph=shapes, **options)
    direct = SparqlConstraints(shapes)
    assert len(direct.shapes) == 2
    _, fast, _ = pyshacl.validate(StoreView(data), shacl_graph=direct.core, **options)
    add_results(fast, StoreView(data), list(direct.results(data)), shapes)
    assert (
        len(
            set(
                reference.subjects(
                    rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
                )
            )
        )
        == 4
    )
    assert isomorphic(fast, reference)


def test_a_shape_the_fast_engine_cannot_run_exactly_stays_with_pyshacl() -> None:
    sh, ex = "http://www.w3.org/ns/shacl#", "https://example.org/"
    select = 'sh:select "SELECT $this WHERE { }"'
    shapes = rdflib.Graph().parse(
        data=f"""
@prefix sh: <{sh}> . @prefix ex: <{ex}> .
ex:Plain a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ {select} ; sh:message "m" ] .
ex:Subjects a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:sparql [ {select} ; sh:message "m" ] .
ex:Path a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ sh:select "SELECT $this WHERE {{ $this $PATH ?x }}" ; sh:message "m" ] .
ex:Silent a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ {select} ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:sparql [ {select} ; sh:message "m" ] .
ex:Used a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ {select} ; sh:message "m" ] .
ex:User a sh:NodeShape ; sh:targetClass ex:D ; sh:node ex:Used .
""",
        format="turtle",
    )
    direct = SparqlConstraints(shapes)
    assert [str(s.node) for s in direct.shapes] == [ex + "Plain"]
    sparql = rdflib.URIRef(sh + "sparql")
    assert {str(s) for s in direct.core.subjects(sparql, None)} == {
        ex + n for n in ("Subjects", "Path", "Silent", "Off", "Used")
    }


def test_the_engine_is_a_setting() -> None:
    assert Settings().validation_engine == "fast"
    assert Settings(validation_engine="pyshacl").validation_engine == "pyshacl"
    with pytest.raises(ValueError, match="validation engine"):
        Settings(validation_engine="rudof")
    with pytest.raises(ValueError, match="validation engine"):
        Validator(engine="rudof")
    assert Validator(engine="pyshacl").direct is None
