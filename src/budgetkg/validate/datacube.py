"""The W3C RDF Data Cube well-formedness rules, run as the Recommendation writes them.

``shapes/datacube/`` holds the normalization algorithm (section 10,
``normalize.ru``) and the integrity constraints IC-1 … IC-21 of section 11.1,
each the spec's ``ASK`` query turned into a ``SELECT`` of the offending
resources (``ic-NN.rq``), so a rule reports who breaks it, not just that
someone does. A graph is a well-formed cube when every rule has no offender.

This is how a consumer's tool sees a published release (the store's document
graphs with the ontology, the data structures and the code lists); the ingest
checks the rules a single document can break with the shapes of
``shapes/cube.ttl``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..resources import data_dir

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

# IC-20 and IC-21 are templates over the hierarchy's parent-child property (``<$p>``)
TEMPLATE_PROPERTIES = {
    "IC-20": "SELECT DISTINCT ?p WHERE { [] a qb:HierarchicalCodeList ; qb:parentChildProperty ?p "
    ". FILTER(isIRI(?p)) }",
    "IC-21": "SELECT DISTINCT ?p WHERE { [] a qb:HierarchicalCodeList ; "
    "qb:parentChildProperty [ owl:inverseOf ?p ] }",
}


@dataclass(frozen=True)
class Rule:
    """One integrity constraint: ``IC-12``, its title and its offender query."""

    name: str
    title: str
    query: str


def rules_dir() -> Path:
    return data_dir("shapes") / "datacube"


@cache
def load_rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """IC-1 … IC-21 from ``shapes/datacube/ic-NN.rq`` (the title is the first comment line)."""
    out = []
    for path in sorted((folder or rules_dir()).glob("ic-*.rq")):
        text = path.read_text(encoding="utf-8")
        name = "IC-" + str(int(path.stem.removeprefix("ic-")))
        first = text.splitlines()[0].removeprefix("#").strip()
        title = first.split(":", 1)[0].split(". ", 1)[-1]
        out.append(Rule(name, title, text))
    return tuple(out)


def normalize(store: ox.Store, folder: Path | None = None) -> None:
    """The spec's normalization (type closure, attachment levels) on the store's default graph."""
    store.update(PREFIXES + ((folder or rules_dir()) / "normalize.ru").read_text(encoding="utf-8"))


def offenders(store: ox.Store, rule: Rule) -> list[tuple[str, ...]]:
    """The rows of the rule's offender query on the store's default graph (sorted)."""
    queries = [rule.query]
    if "<$p>" in rule.query:  # a template: one query per parent-child property, none without a hierarchy
        props = [str(r[0].value) for r in store.query(PREFIXES + TEMPLATE_PROPERTIES[rule.name])]  # type: ignore[union-attr]
        queries = [rule.query.replace("$p", p) for p in props]
    rows: set[tuple[str, ...]] = set()
    for q in queries:
        for row in store.query(PREFIXES + q):  # type: ignore[union-attr]
            rows.add(tuple(str(v) for v in row))
    return sorted(rows)


def check(
    triples: Iterable[ox.Triple | ox.Quad], folder: Path | None = None
) -> dict[str, list[tuple[str, ...]]]:
    """Rule name -> offenders, for a graph given as triples (quads are merged into one graph)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    normalize(store, folder)
    return {rule.name: offenders(store, rule) for rule in load_rules(folder)}
