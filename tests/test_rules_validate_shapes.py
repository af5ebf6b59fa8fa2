"""The shapes library on a hand-made shapes folder: rules by shape node (property shapes under
their node shape's rule), messages by language, bulk shapes set apart with the nodes they use;
and the engine's helpers (the document of a graph, the vocabulary loaded and prepared)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from budgetkg.rdf.namespaces import BKG, RDF
from budgetkg.validate.engine import document_of, load_vocabulary, prepare_vocabulary
from budgetkg.validate.shapes import Rule, load_shapes, parse_shapes

E = rdflib.Namespace("https://e.org/shapes#")

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix bkgsh: <https://w3id.org/budgetkg/shapes#> .
@prefix e: <https://e.org/shapes#> .

e:Sum a sh:NodeShape ;
    bkgsh:rule "children-sum" ;
    bkgsh:toleratesRounding true ;
    sh:message "节点"@zh , "node"@en ;
    sh:property e:SumAmount , e:SumOwn ;
    sh:sparql e:SumCheck .
e:SumAmount sh:path e:amount ; sh:message "金额"@zh .
e:SumOwn sh:path e:other ; sh:message "自己"@zh , "own"@en .
e:SumCheck sh:message "{?n} 项 | {?n} items" ; sh:select "SELECT $this WHERE { }" .

e:Plain a sh:NodeShape ; bkgsh:rule "plain" ; bkgsh:toleratesRounding false ; sh:message "no language" .

e:Bulk a sh:PropertyShape ; bkgsh:bulk true ; sh:path e:amount ; sh:minCount 1 ;
    sh:in ( "a" "b" ) ; sh:node [ sh:minCount 2 ] .
e:NotBulk a sh:PropertyShape ; bkgsh:bulk false ; sh:path e:x .
"""


def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "a.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "ignored.txt").write_text("not turtle", encoding="utf-8")
    return parse_shapes(tmp_path)


def test_rules_by_shape_and_property_shape(tmp_path: Path) -> None:
    lib = library(tmp_path)
    assert lib.rules[E.Sum] == Rule("children-sum", str(E.Sum), True, "节点", "node")
    assert lib.rules[E.SumAmount] == Rule("children-sum", str(E.Sum), True, "金额", "node")
    assert lib.rules[E.SumOwn] == Rule("children-sum", str(E.Sum), True, "自己", "own")
    assert lib.rules[E.Plain] == Rule("plain", str(E.Plain), False, None, None)
    assert set(lib.rules) == {E.Sum, E.SumAmount, E.SumOwn, E.Plain}
    assert lib.rule_for(E.SumOwn).slug == "children-sum"
    assert lib.rule_for(E.Unknown) == Rule("Unknown", str(E.Unknown))
    assert lib.rule_for(rdflib.BNode()).slug == "shape"
    assert lib.template(E.SumCheck) == "{?n} 项 | {?n} items"
    assert lib.template(E.Plain) == "no language"
    assert lib.template(E.SumAmount) == "金额"
    assert lib.template(E.Unknown) is None
    assert lib.template(None) is None


def test_bulk_shapes_are_set_apart_with_their_lists_and_blank_nodes(tmp_path: Path) -> None:
    lib = library(tmp_path)
    assert (E.Bulk, SH.path, E.amount) in lib.bulk
    assert not list(lib.graph.triples((E.Bulk, None, None)))
    in_list = lib.bulk.value(E.Bulk, SH["in"])
    assert list(rdflib.collection.Collection(lib.bulk, in_list)) == [rdflib.Literal("a"), rdflib.Literal("b")]
    node = lib.bulk.value(E.Bulk, SH.node)
    assert lib.bulk.value(node, SH.minCount) == rdflib.Literal(2)
    assert len(lib.bulk) == 6 + 4 + 1  # the shape's six triples, its two-item list, its blank node
    assert (E.NotBulk, SH.path, E.x) in lib.graph  # bkgsh:bulk false stays


def test_the_bundled_library_is_parsed_once() -> None:
    assert load_shapes() is load_shapes()


def test_the_document_of_a_graph() -> None:
    doc, other = ox.NamedNode("https://e.org/doc"), ox.NamedNode("https://e.org/other")
    typ, budget = ox.NamedNode(RDF + "type"), ox.NamedNode(BKG + "BudgetDocument")
    assert (
        document_of([ox.Triple(other, typ, ox.NamedNode(BKG + "Department")), ox.Triple(doc, typ, budget)])
        == doc.value
    )
    assert document_of([ox.Triple(doc, ox.NamedNode(BKG + "about"), budget)]) is None
    assert document_of([ox.Triple(ox.BlankNode(), typ, budget)]) is None
    assert document_of([]) is None


def test_vocabulary_files_are_loaded_then_prepared(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.ttl").write_text("<https://e.org/a> <https://e.org/p> 1 .", encoding="utf-8")
    (tmp_path / "sub" / "b.ttl").write_text("<https://e.org/b> <https://e.org/p> 2 .", encoding="utf-8")
    (tmp_path / "c.ru").write_text(
        "INSERT { GRAPH <urn:budgetkg:validation:vocabulary> { ?s <https://e.org/q> ?o } } "
        "WHERE { GRAPH ?g { ?s <https://e.org/p> ?o } }",
        encoding="utf-8",
    )
    store = ox.Store()
    assert load_vocabulary(store, tmp_path) == 2
    assert load_vocabulary(store, tmp_path / "none") == 0
    prepare_vocabulary(store, tmp_path)
    prepare_vocabulary(store, tmp_path / "none")
    graphs = {q.graph_name.value for q in store}
    assert graphs == {"urn:budgetkg:validation:vocabulary"}
    assert sorted(str(q.object) for q in store if q.predicate.value == "https://e.org/q") == [
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"2"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]
