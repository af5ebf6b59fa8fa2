"""The shapes library: the Turtle files of ``shapes/`` and what each rule is called.

Every shape names its rule with ``bkgsh:rule`` (property shapes nested in a
node shape report under the node shape's rule). SHACL-SPARQL rules carry a bilingual message
template (see :mod:`.template`) and may be marked ``bkgsh:toleratesRounding``.
The library is parsed once per folder and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import SH
from rdflib.term import Node

from ..resources import data_dir

BKGSH = rdflib.Namespace("https://w3id.org/budgetkg/shapes#")


@dataclass(frozen=True)
class Rule:
    """One rule: the shape behind a finding and how to word it."""

    slug: str
    shape: str
    tolerates_rounding: bool = False
    message_zh: str | None = None
    message_en: str | None = None


@dataclass
class ShapesLibrary:
    """The shapes pySHACL runs, the bulk shapes it evaluates as data, and the rules by shape node."""

    graph: rdflib.Graph
    rules: dict[Node, Rule]
    bulk: rdflib.Graph  # bkgsh:bulk property shapes, loaded into the validation store

    def rule_for(self, shape: Node) -> Rule:
        """The rule of a node shape or of one of its property shapes."""
        rule = self.rules.get(shape)
        if rule is not None:
            return rule
        name = str(shape).rsplit("#", 1)[-1] if isinstance(shape, rdflib.URIRef) else "shape"
        return Rule(slug=name, shape=str(shape))

    def template(self, constraint: Node | None) -> str | None:
        """The message template of a SHACL-SPARQL constraint, if it has one."""
        if constraint is None:
            return None
        value = self.graph.value(constraint, SH.message)
        return str(value) if value is not None else None


def _messages(graph: rdflib.Graph, node: Node) -> tuple[str | None, str | None]:
    zh = en = None
    for m in graph.objects(node, SH.message):
        if isinstance(m, rdflib.Literal):
            if m.language == "zh":
                zh = str(m)
            elif m.language == "en":
                en = str(m)
    return zh, en


def _index(graph: rdflib.Graph) -> dict[Node, Rule]:
    """Rules by shape node: every shape naming a bkgsh:rule, and the property shapes of node shapes."""
    rules: dict[Node, Rule] = {}
    for shape in set(graph.subjects(BKGSH.rule, None)):
        tolerant = bool(graph.value(shape, BKGSH.toleratesRounding))
        zh, en = _messages(graph, shape)
        rule = Rule(str(graph.value(shape, BKGSH.rule)), str(shape), tolerant, zh, en)
        rules[shape] = rule
        for prop in graph.objects(shape, SH.property):
            pzh, pen = _messages(graph, prop)
            rules[prop] = Rule(rule.slug, str(shape), tolerant, pzh or zh, pen or en)
    return rules


def _split_bulk(graph: rdflib.Graph) -> rdflib.Graph:
    """Move the bkgsh:bulk shapes (with the lists and blank nodes they use) into a graph of their own."""
    bulk = rdflib.Graph()
    todo = list(set(graph.subjects(BKGSH.bulk, rdflib.Literal(True))))
    while todo:
        node = todo.pop()
        for triple in list(graph.triples((node, None, None))):
            bulk.add(triple)
            graph.remove(triple)
            if isinstance(triple[2], rdflib.BNode):
                todo.append(triple[2])
    return bulk


def parse_shapes(folder: Path) -> ShapesLibrary:
    """Parse every ``*.ttl`` of a folder; bulk shapes are set apart (see shapes/structure.ttl)."""
    graph = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    rules = _index(graph)
    return ShapesLibrary(graph=graph, rules=rules, bulk=_split_bulk(graph))


@lru_cache(maxsize=4)
def load_shapes(folder: Path | None = None) -> ShapesLibrary:
    """The shapes library of ``folder`` (default: the bundled ``shapes/``), parsed once."""
    return parse_shapes(folder or data_dir("shapes"))
