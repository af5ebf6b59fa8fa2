"""``bkgsh:BulkCountsAndTypes`` evaluated in Python: the same rows as its SPARQL query.

The bulk property shapes (shapes/structure.ttl) check every typed resource of a
document: a required property present, at most one value, the datatype, the
class and the node kind of each value. In SPARQL that is a probe per resource
and property, the largest single cost of a document's validation (0.03-0.08 s);
in Python it is dictionary look-ups over one pass of the document's triples.
:class:`BulkCounts` returns exactly the rows the constraint's SELECT returns
(``?value ?path ?rule ?problemZh ?problemEn ?shown``, as rdflib terms), so the
fast engine treats them as query results; tests/test_validate_engines.py
compares both on the samples and on graphs broken for every branch.

Where SPARQL's semantics are subtler than term identity (``?first != ?second``
compares literals by value) the decision is left to SPARQL, on the few
candidates Python finds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD

from ..rdf.namespaces import BKG
from .sparql_direct import to_rdf

BKGSH = "https://w3id.org/budgetkg/shapes#"
CONSTRAINT = rdflib.URIRef(BKGSH + "BulkCountsAndTypes")
_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_DOCUMENT = ox.NamedNode(BKG + "BudgetDocument")
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_SHAPES = f"""
SELECT ?shape ?class ?path ?rule ?min ?max ?datatype ?required ?iri WHERE {{
  ?shape <{BKGSH}bulk> true ; <{_SH}targetClass> ?class ; <{_SH}path> ?path ; <{BKGSH}rule> ?rule .
  OPTIONAL {{ ?shape <{_SH}minCount> ?min . FILTER(?min = 1 && sameTerm(?min, 1)) }}
  OPTIONAL {{ ?shape <{_SH}maxCount> ?max . FILTER(?max = 1 && sameTerm(?max, 1)) }}
  OPTIONAL {{ ?shape <{_SH}datatype> ?datatype }}
  OPTIONAL {{ ?shape <{_SH}class> ?required }}
  OPTIONAL {{ ?shape <{_SH}nodeKind> ?iri . FILTER(sameTerm(?iri, <{_SH}IRI>)) }}
}}
"""


@dataclass(frozen=True)
class BulkShape:
    """One bulk property shape and the constraints of it this module checks (each row of _SHAPES)."""

    shape: Any
    cls: ox.NamedNode
    path: ox.NamedNode
    rule: ox.Literal
    min_one: bool
    max_one: bool
    datatype: Any
    required: Any
    iri: bool


def _string(text: str) -> rdflib.Literal:
    """A string the query makes (CONCAT, BIND of a literal), as pyoxigraph returns it to rdflib."""
    return rdflib.Literal(text, datatype=XSD.string)


class BulkCounts:
    """The rows of ``bkgsh:BulkCountsAndTypes`` for one document, computed in Python."""

    def __init__(self, vocabulary: Iterable[ox.Quad]) -> None:
        """Read the bulk shapes from the validation store's vocabulary (ontology, code lists, shapes)."""
        store = ox.Store()
        store.extend(vocabulary)  # the bulk shapes are data of the validation store's vocabulary
        self.shapes: list[BulkShape] = []
        for row in store.query(_SHAPES, use_default_graph_as_union=True):  # type: ignore[union-attr]
            self.shapes.append(
                BulkShape(
                    row["shape"],
                    row["class"],
                    row["path"],
                    row["rule"],
                    row["min"] is not None,
                    row["max"] is not None,
                    row["datatype"],
                    row["required"],
                    row["iri"] is not None,
                )
            )
        self.paths = sorted({s.path for s in self.shapes} | {_RDF_TYPE}, key=str)
        self._superclass_cache: dict[Any, set[Any]] | None = None

    def rows(self, store: ox.Store, focus: Any) -> list[dict[str, Any]]:
        """The SELECT's solutions for ``$this`` = ``focus`` on ``store`` (the vocabulary and one document)."""
        graphs = {q.graph_name for q in store.quads_for_pattern(focus, _RDF_TYPE, _DOCUMENT, None)}
        graphs.discard(ox.DefaultGraph())
        if not graphs:
            return []
        values, instances = self._values(store, graphs)
        types = values[_RDF_TYPE]
        supers = self._superclasses(store)
        this = to_rdf(focus)
        rows: list[dict[str, Any]] = []
        candidates: list[tuple[BulkShape, Any, list[Any]]] = []
        for shape in self.shapes:
            by_subject = values[shape.path]
            for key, value in instances.get(shape.cls, {}).items():
                objects = list(by_subject.get(key, ()))
                if not objects:
                    if shape.min_one:
                        rows.append(self._row(this, shape, value, "缺少", "missing", None))
                    continue
                if shape.max_one and len(objects) > 1:
                    candidates.append((shape, value, objects))
                for o in objects:
                    if shape.datatype is not None and (
                        not isinstance(o, ox.Literal) or o.datatype != shape.datatype
                    ):
                        dt = shape.datatype.value
                        rows.append(
                            self._row(this, shape, value, f"数据类型应为 {dt}", f"datatype should be {dt}", o)
                        )
                    if shape.required is not None and not self._is_a(o, shape.required, types, supers):
                        req = shape.required.value
                        rows.append(
                            self._row(
                                this, shape, value, f"应指向 {req} 类型的资源", f"should point to a {req}", o
                            )
                        )
                    if shape.iri and not isinstance(o, ox.NamedNode):
                        rows.append(self._row(this, shape, value, "应为 IRI", "should be an IRI", o))
        for shape, value, objects in candidates:
            if self._two_differ(objects):
                zh, en = "有多个值（至多一个）", "has more than one value (at most one allowed)"
                rows.append(self._row(this, shape, value, zh, en, None))
        return rows

    def _values(
        self, store: ox.Store, graphs: set[Any]
    ) -> tuple[dict[Any, dict[Any, dict[Any, None]]], dict[Any, dict[Any, Any]]]:
        """Each path's objects by subject, and each class's instances in ``graphs``.

        ?value ?path ?o and ?o rdf:type ?t read the union graph (every graph of
        the store); the instances (?value a ?class) are those of the document's
        own graph. Keyed by the subject term itself (an IRI and a blank node
        never equal each other): one pass over each path's quads, the cheapest
        part of which is still the Python objects pyoxigraph makes of them.
        """
        values: dict[Any, dict[Any, dict[Any, None]]] = {}
        instances: dict[Any, dict[Any, Any]] = defaultdict(dict)  # class -> its instances
        for path in self.paths:
            by_subject: dict[Any, dict[Any, None]] = defaultdict(dict)
            quads = store.quads_for_pattern(None, path, None, None)
            if path == _RDF_TYPE:
                for s, _, o, g in quads:
                    by_subject[s][o] = None
                    if g in graphs:
                        instances[o][s] = s
            else:
                for s, _, o, _ in quads:
                    by_subject[s][o] = None
            values[path] = by_subject
        return values, instances

    @staticmethod
    def _superclasses(store: ox.Store) -> dict[Any, set[Any]]:
        """Each class's rdfs:subClassOf* closure (itself included), from the union graph."""
        direct: dict[Any, set[Any]] = defaultdict(set)
        for s, _, o, _ in store.quads_for_pattern(None, _SUBCLASS, None, None):
            direct[s].add(o)
        closure: dict[Any, set[Any]] = {}
        for start in direct:
            seen, todo = {start}, [start]
            while todo:
                for parent in direct.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            closure[start] = seen
        return closure

    @staticmethod
    def _is_a(o: Any, required: Any, types: dict[Any, dict[Any, None]], supers: dict[Any, set[Any]]) -> bool:
        """``?o rdf:type/rdfs:subClassOf* ?required`` (a literal has no type)."""
        if isinstance(o, ox.Literal):
            return False
        return any(t == required or required in supers.get(t, ()) for t in types.get(o, ()))

    @staticmethod
    def _two_differ(objects: list[Any]) -> bool:
        """``FILTER(?first != ?second)`` holds for some pair: SPARQL decides for literals."""
        if any(not isinstance(o, ox.Literal) for o in objects):
            return True  # an IRI or blank node differs from every other term
        pairs = " ".join(f"({a} {b})" for i, a in enumerate(objects) for b in objects[i + 1 :])
        result = ox.Store().query(
            f"ASK {{ VALUES (?first ?second) {{ {pairs} }} FILTER(?first != ?second) }}"
        )
        return bool(result)

    @staticmethod
    def _row(this: Any, shape: BulkShape, value: Any, zh: str, en: str, o: Any) -> dict[str, Any]:
        row = {
            "this": this,
            "value": to_rdf(value),
            "path": to_rdf(shape.path),
            "rule": to_rdf(shape.rule),
            "problemZh": _string(zh),
            "problemEn": _string(en),
        }
        if o is None:
            row["shown"] = _string("")
        elif not isinstance(o, ox.BlankNode):  # STR() of a blank node is an error: ?shown unbound
            row["shown"] = _string(f" «{o.value}»")
        return row
