"""SHACL-SPARQL constraints evaluated directly on the pyoxigraph validation store.

pySHACL (the reference) spends most of a document's validation on the
SHACL-SPARQL constraints, and much of that around the queries rather than in
them: it rebuilds the shapes, their prefixes and their constraints on every
call and turns every result into rdflib terms through its own graph layer.
:class:`SparqlConstraints` compiles the node shapes that carry ``sh:sparql``
once (prefixes applied, messages and severities read) and runs each query on
the store with ``$this`` pre-bound to each focus node, as the SHACL
specification (section 5.3.1) and pySHACL do. Its results are the triples
pySHACL would put in its report for the same shape: the same focus node, value,
path, severity, source shape and constraint, and the same message (formatted by
the same function, :func:`.pyshacl_tweaks.format_message`), so the findings
:class:`.convert.ReportConverter` makes of them are pySHACL's.

Only what this module can do exactly as pySHACL does is taken from pySHACL (see
:func:`handled`): node shapes with ``sh:targetClass`` or ``sh:targetNode``
targets, ``sh:select`` constraints with a message, no ``$PATH``,
``$shapesGraph`` or ``$currentShape``, no deactivation, not referenced by
another shape. Every other shape, and every SHACL Core constraint, stays with
pySHACL (:attr:`SparqlConstraints.core`). tests/test_validate_engines.py runs
both engines on every sample and on the corrupted graphs the tests use and
requires identical findings and isomorphic reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .pyshacl_tweaks import format_message

_THIS = ox.Variable("this")
_NOT_PREBOUND = re.compile(r"[\s{}()][$?](PATH|shapesGraph|currentShape)\b")
_BINDS_THIS = re.compile(r"[\s{}()][$?]this\b")  # pySHACL pre-binds $this only where the text names it
_RESERVED = ("failure", "path", "value", "this")
# Targets and constraint parameters a node shape may have for this module to evaluate it; any
# other SHACL term on the shape (a core constraint beside sh:sparql, sh:deactivated ...) leaves
# the whole shape to pySHACL.
_SHAPE_TERMS = frozenset({RDF.type, SH.targetClass, SH.targetNode, SH.severity, SH.message, SH.sparql})
_CONSTRAINT_TERMS = frozenset({RDF.type, SH.select, SH.message, SH.prefixes})


Native = Callable[[ox.Store, Any], Iterable[dict[str, Any]]]  # (store, focus) -> the SELECT's solutions


@dataclass(frozen=True)
class Constraint:
    """One ``sh:sparql`` SELECT of a shape, ready to run."""

    node: Node
    query: str  # with its PREFIX declarations
    binds_this: bool
    messages: tuple[rdflib.Literal, ...]
    native: Native | None = None  # computes the SELECT's solutions in Python instead


@dataclass(frozen=True)
class SparqlShape:
    """A node shape whose SHACL-SPARQL constraints are evaluated here."""

    node: Node
    classes: tuple[rdflib.URIRef, ...]
    nodes: tuple[Node, ...]  # sh:targetNode
    severity: Node
    messages: tuple[rdflib.Literal, ...]
    constraints: tuple[Constraint, ...]


def _prefixes(graph: rdflib.Graph, constraint: Node) -> dict[str, str]:
    """The prefixes pySHACL gives a constraint: rdf, rdfs, owl, then its ``sh:prefixes`` declarations."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    for holder in graph.objects(constraint, SH.prefixes):
        declares = set(graph.objects(holder, SH.declare))
        if not declares or holder not in ontologies:
            for ontology in ontologies:
                declares.update(graph.objects(ontology, SH.declare))
        for declare in declares:
            out[str(graph.value(declare, SH.prefix))] = str(graph.value(declare, SH.namespace))
    return out


def _literals(graph: rdflib.Graph, node: Node, predicate: rdflib.URIRef) -> tuple[rdflib.Literal, ...]:
    return tuple(
        sorted((m for m in graph.objects(node, predicate) if isinstance(m, rdflib.Literal)), key=str)
    )


def handled(graph: rdflib.Graph, shape: Node) -> bool:
    """Whether ``shape`` is a node shape this module evaluates exactly as pySHACL does."""
    if not isinstance(shape, rdflib.URIRef) or next(graph.subjects(None, shape), None) is not None:
        return False  # blank, or used by another shape (sh:node, sh:property ...): pySHACL's
    if (shape, RDF.type, RDFS.Class) in graph or (shape, RDF.type, SH.PropertyShape) in graph:
        return False  # an implicit class target, or a property shape
    if any(p not in _SHAPE_TERMS and str(p).startswith(str(SH)) for p in graph.predicates(shape, None)):
        return False
    if len(set(graph.objects(shape, SH.severity))) > 1:
        return False
    for constraint in graph.objects(shape, SH.sparql):
        selects = list(graph.objects(constraint, SH.select))
        if len(selects) != 1 or not list(graph.objects(constraint, SH.message)):
            return False
        if any(
            p not in _CONSTRAINT_TERMS and str(p).startswith(str(SH))
            for p in graph.predicates(constraint, None)
        ):
            return False
        if _NOT_PREBOUND.search(str(selects[0])):
            return False
    return True


def compile_shape(graph: rdflib.Graph, shape: Node, natives: Mapping[Node, Native]) -> SparqlShape:
    constraints = []
    for node in sorted(graph.objects(shape, SH.sparql), key=str):
        select = str(graph.value(node, SH.select))
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(graph, node).items())
        constraints.append(
            Constraint(
                node,
                f"{head}\n{select}",
                bool(_BINDS_THIS.search(select)),
                _literals(graph, node, SH.message),
                natives.get(node),
            )
        )
    return SparqlShape(
        node=shape,
        classes=tuple(c for c in graph.objects(shape, SH.targetClass) if isinstance(c, rdflib.URIRef)),
        nodes=tuple(graph.objects(shape, SH.targetNode)),
        severity=graph.value(shape, SH.severity) or SH.Violation,
        messages=_literals(graph, shape, SH.message),
        constraints=tuple(constraints),
    )


def to_rdf(term: Any) -> Any:
    """A pyoxigraph term as rdflib makes it (as pySHACL's own conversion does)."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language is not None:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.URIRef(term.value)


def to_ox(term: Node) -> Any:
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language is not None:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    return ox.NamedNode(str(term))


Result = list[tuple[Node, Node, Any]]  # one result's triples; an object (graph, node) is cloned from graph


class SparqlConstraints:
    """The SHACL-SPARQL node shapes of a shapes graph, compiled once; the rest is :attr:`core`."""

    def __init__(self, shapes: rdflib.Graph, natives: Mapping[Node, Native] | None = None) -> None:
        """``natives``: constraints (by node) whose solutions a Python function computes."""
        self.shapes_graph = shapes
        nodes = sorted({s for s in shapes.subjects(SH.sparql, None) if handled(shapes, s)}, key=str)
        self.shapes = [compile_shape(shapes, s, natives or {}) for s in nodes]
        self.core = rdflib.Graph()  # what pySHACL still runs: every shape, less the constraints run here
        for prefix, namespace in shapes.namespace_manager.namespaces():
            self.core.namespace_manager.bind(prefix, namespace, override=True, replace=True)
        taken = {(s.node, c.node) for s in self.shapes for c in s.constraints}
        for triple in shapes:
            if triple[1] == SH.sparql and (triple[0], triple[2]) in taken:
                continue
            self.core.add(triple)

    def focus_nodes(
        self, store: ox.Store, shape: SparqlShape, instances: dict[Any, list[Any]] | None = None
    ) -> list[Any]:
        """Instances of the target classes (and their subclasses) in any graph, and the target nodes.

        ``instances`` keeps each class's instances for the other shapes targeting it (one store).
        """
        found: dict[Any, None] = {to_ox(n): None for n in shape.nodes}
        for cls in shape.classes:
            if instances is None or cls not in instances:
                query = f"SELECT DISTINCT ?f WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> . ?f a ?c }}"
                rows = store.query(query, use_default_graph_as_union=True)
                members = [row["f"] for row in rows]  # type: ignore[union-attr]
                if instances is not None:
                    instances[cls] = members
            else:
                members = instances[cls]
            found.update(dict.fromkeys(members))
        return list(found)

    def results(self, store: ox.Store) -> Iterator[tuple[SparqlShape, Result]]:
        """Every result of every shape on every focus node, as pySHACL makes them."""
        instances: dict[Any, list[Any]] = {}
        for shape in self.shapes:
            for focus in self.focus_nodes(store, shape, instances):
                f = to_rdf(focus)
                for constraint in shape.constraints:
                    for this, path, value, variables in self._violations(store, constraint, focus):
                        value = f if value is None else value  # a node shape's value is its focus node
                        yield shape, self._result(shape, constraint, this or f, path, value, this, variables)

    @staticmethod
    def _solutions(store: ox.Store, constraint: Constraint, focus: Any) -> Iterator[dict[str, Any]]:
        """The SELECT's solutions (bound variables only, as rdflib terms) with ``$this`` pre-bound."""
        if constraint.native is not None:
            yield from constraint.native(store, focus)
            return
        solutions = store.query(
            constraint.query,
            use_default_graph_as_union=True,
            substitutions={_THIS: focus} if constraint.binds_this else None,
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {n: to_rdf(t) for n, t in zip(names, solution, strict=True) if t is not None}

    @classmethod
    def _violations(
        cls, store: ox.Store, constraint: Constraint, focus: Any
    ) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
        """The rows of one SELECT, deduplicated as pySHACL does (``failure`` rows are not supported)."""
        out: list[tuple[Any, Any, Any, dict[str, Any]]] = []
        for solution in cls._solutions(store, constraint, focus):
            row = dict(solution)
            if "failure" in row:
                raise ValueError(f"{constraint.node}: a ?failure result is left to pySHACL")
            path, value, this = row.pop("path", None), row.pop("value", None), row.pop("this", None)
            if path is None and value is None and this is None:
                continue
            violation = (this, path, value, row)
            if violation not in out:
                out.append(violation)
        return out

    def _result(
        self,
        shape: SparqlShape,
        constraint: Constraint,
        focus: Node,
        path: Node | None,
        value: Node,
        this: Node | None,
        variables: dict[str, Any],
    ) -> Result:
        """The triples of one sh:ValidationResult, as pySHACL's ``make_v_result`` writes them."""
        sg = self.shapes_graph
        r = rdflib.BNode()
        triples: Result = [
            (r, RDF.type, SH.ValidationResult),
            (r, SH.sourceConstraintComponent, (sg, SH.SPARQLConstraintComponent)),
            (r, SH.sourceShape, (sg, shape.node)),
            (r, SH.resultSeverity, shape.severity),
            (r, SH.focusNode, (None, focus)),
            (r, SH.value, (None, value)),
        ]
        if path is not None:
            triples.append((r, SH.resultPath, (sg, path)))
        triples.append((r, SH.sourceConstraint, (sg, constraint.node)))
        bound = (this, path, value, variables)
        for m in constraint.messages:
            if m not in shape.messages:
                triples.append((r, SH.resultMessage, rdflib.Literal(format_message(None, str(m), bound))))
        for m in shape.messages:
            triples.append((r, SH.resultMessage, rdflib.Literal(format_message(None, str(m), bound))))
        return triples


def add_results(
    report: rdflib.Graph, data: rdflib.Graph, results: list[tuple[SparqlShape, Result]], shapes: rdflib.Graph
) -> None:
    """Add results to a pySHACL report graph, as its ``create_validation_report`` would have.

    Blank nodes a result names are copied with their descriptions, keeping their ids
    (the sh:sparql constraint, so a report's sh:sourceConstraint is the shapes graph's node).
    """
    from pyshacl.rdfutil import clone_blank_node

    if not results:
        return
    report_node = report.value(None, RDF.type, SH.ValidationReport, any=False)
    if report_node is None:
        raise RuntimeError("pySHACL returned a report without a sh:ValidationReport")
    cloned: dict[tuple[int, str], Node] = {}
    violates = False
    for shape, triples in results:
        violates = violates or shape.severity not in (SH.Info, SH.Warning)
        report.add((report_node, SH.result, triples[0][0]))
        for s, p, o in triples:
            if isinstance(o, tuple):
                source, node = o
                if isinstance(node, rdflib.Literal):
                    o = node
                elif isinstance(node, rdflib.BNode):
                    key = (id(source), str(node))
                    if key not in cloned:
                        cloned[key] = clone_blank_node(
                            source if source is not None else data, node, report, keepid=True
                        )
                    o = cloned[key]
                else:
                    o = rdflib.URIRef(str(node))
            report.add((s, p, o))
    if violates:
        report.set((report_node, SH.conforms, rdflib.Literal(False)))
