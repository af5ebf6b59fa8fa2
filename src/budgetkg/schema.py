"""What a user's own SPARQL can ask: the ontology's classes and properties, with an example each.

``budgetkg schema`` prints the predeclared prefixes, then every class and
property of ``ontology/budgetkg.ttl`` with its Chinese and English labels
and, when a store is given, one triple of the store that uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from .rdf.namespaces import PREFIXES
from .resources import data_dir

if TYPE_CHECKING:
    from .api import KnowledgeGraph

KINDS = (
    ("Classes", "http://www.w3.org/2002/07/owl#Class"),
    ("Object properties (link resources)", "http://www.w3.org/2002/07/owl#ObjectProperty"),
    ("Data properties (values)", "http://www.w3.org/2002/07/owl#DatatypeProperty"),
)
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def short(iri: str) -> str:
    """An IRI as prefix:name where a predeclared prefix fits, else <iri>."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.Literal):
        return f'"{term.value[:40]}"' + (f"@{term.language}" if term.language else "")
    return "_:b"


def describe_schema(kg: KnowledgeGraph | None = None) -> str:
    """The schema as text; examples come from ``kg``'s store when given."""
    ontology = ox.Store()
    ontology.load(path=str(data_dir("ontology") / "budgetkg.ttl"), format=ox.RdfFormat.TURTLE)
    out = ["Prefixes predeclared in `budgetkg sparql`, `budgetkg query FILE.rq` and kg.sparql():"]
    out += [f"  PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    for heading, kind in KINDS:
        out += ["", f"{heading}:"]
        typed = ontology.quads_for_pattern(None, ox.NamedNode(_TYPE), ox.NamedNode(kind))
        for iri in sorted({q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}):
            labels = {
                q.object.language: q.object.value
                for q in ontology.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(_LABEL), None)
                if isinstance(q.object, ox.Literal)
            }
            out.append(f"  {short(iri)}  {labels.get('zh', '')} / {labels.get('en', '')}")
            if kg is not None and (example := _example(kg, iri, kind)):
                out.append(f"      e.g. {example}")
    return "\n".join(out) + "\n"


def _example(kg: KnowledgeGraph, iri: str, kind: str) -> str | None:
    """One triple of the store using the class or property."""
    pattern = f"?s a <{iri}> BIND(<{_TYPE}> AS ?p) BIND(<{iri}> AS ?o)" if kind.endswith("#Class") else (
        f"?s <{iri}> ?o BIND(<{iri}> AS ?p)"
    )
    for row in kg.store.select(f"SELECT ?s ?p ?o WHERE {{ {pattern} }} LIMIT 1"):
        return f"{_term(row['s'])} {_term(row['p'])} {_term(row['o'])} ."
    return None
