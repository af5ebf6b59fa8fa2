"""Resolve a department parameter to the graphs of its documents, so a query starts from them.

A saved query's ``department`` parameter selects the documents whose
publishing department's name (``dcterms:publisher/rdfs:label``) contains the
value: ``FILTER(CONTAINS(STR(?dept_name), STR(?_department)))``. The engine
can only test that filter on every document's name, in every ``GRAPH`` group
that has it, so a one-department question costs as much as there are
departments (and each look-up more as the store outgrows its caches). Here
the same rule runs in Python over the departments' names, listed once per
state of the store (:class:`DepartmentIndex`), and the matching documents'
graphs are written into the query's graph slots, comment lines that open its
``GRAPH ?g`` groups::

    GRAPH ?g {
      # graph slot                   <- becomes  VALUES ?g { <g1> <g2> }
      ?doc a bkg:BudgetDocument ; dcterms:publisher/rdfs:label ?dept_name .
      FILTER(!BOUND(?_department) || CONTAINS(STR(?dept_name), STR(?_department)))
      ...

A ``VALUES`` block as the first element of a ``GRAPH ?g`` group is where the
planner starts that group (pyoxigraph 0.5: a ``StaticBindings`` looked up
into, graph by graph), so every pattern of the group runs inside the
documents asked for. The filter stays, so the answer is the filter's answer
whatever the slot holds, as long as it holds every matching graph -- which the
rule here guarantees: it is the filter's own (``str.__contains__`` on the
name's lexical form is SPARQL ``CONTAINS`` on ``STR``: both compare code
points, and the empty string is in every name).

Why a comment and not ``VALUES ?g { UNDEF }`` left in the text: on Virtuoso 7.2
such a block, filled with one graph, fails ``department-profile``'s count
subqueries outright (an internal error), and left UNDEF in a subquery's
``GRAPH`` group it changed ``three-public-expenses-change``'s stated flags
(that query's answer with a department is not stable there even without it);
so the .rq text a SPARQL client runs stays the plain query. The API fills the
slots on its embedded store and on an Oxigraph server (the same planner; it
names itself in its HTTP ``Server`` header: ``store.fills_graph_slots``),
not on other servers, for the same reason. A server's departments are listed
again for every such query (its content can change under us), so the slots
always hold every matching graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .cache import PerState

# Every graph slot: an indented comment line that starts "# graph slot" (the header's lines are not indented).
GRAPH_SLOT = re.compile(r"^([ \t]+)#[ \t]*graph slot\b[^\n]*$", re.MULTILINE)

_BKG = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#>\n"
# Each document's graph and its department's name: the key materialised at ingest (rdf/publisher.py),
# one contiguous index range; and how many keys and documents there are, to tell whether each has it.
KEYED = _BKG + "SELECT ?g ?name WHERE { GRAPH ?g { ?doc bkg:publisherName ?name } }"
KEYS = _BKG + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?doc bkg:publisherName ?name } }"
DOCUMENTS = _BKG + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?doc a bkg:BudgetDocument } }"
# The same, read as the saved queries read it: for a store (or some documents) ingested before the key.
LISTING = (
    _BKG
    + """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?g ?name WHERE {
  GRAPH ?g { ?doc a bkg:BudgetDocument ; dcterms:publisher/rdfs:label ?name }
}"""
)


@dataclass(frozen=True)
class DepartmentIndex:
    """Each document graph's department names: ``(graph IRI, name)`` pairs, as listed from the store."""

    names: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, store: Any) -> DepartmentIndex:
        """List the store's documents and their departments' names.

        From the materialised key when every document has it (as many keys as
        documents: ingest gives each document one; an index range); else, for a
        store with documents ingested before it, by the labels as the queries read
        them (two look-ups per document).
        """
        complete = _count(store, KEYS) == _count(store, DOCUMENTS)
        rows = list(store.select(KEYED if complete else LISTING))
        pairs = {(r["g"].value, r["name"].value) for r in rows if isinstance(r["g"], ox.NamedNode)}
        return cls(tuple(sorted(pairs)))

    def graphs(self, part: str) -> list[str]:
        """The graphs of the documents whose department's name contains ``part``, sorted, each once."""
        return sorted({g for g, name in self.names if part in name})


class DepartmentCache(PerState[DepartmentIndex]):
    """The last :class:`DepartmentIndex` listed, kept while the store's state token stays the same."""

    def __init__(self) -> None:
        super().__init__(DepartmentIndex.of)


def _count(store: Any, query: str) -> int:
    return int(next(iter(store.select(query)))["n"].value)


def has_graph_slot(query: str) -> bool:
    """Whether the query text has a graph slot (a ``# graph slot`` line) the API may fill."""
    return GRAPH_SLOT.search(query) is not None


def bind_graphs(query: str, graphs: list[str]) -> str:
    """The query with every graph slot holding exactly these graphs (none: the answer is empty)."""
    terms = " ".join(str(ox.NamedNode(g)) for g in graphs)
    return GRAPH_SLOT.sub(lambda m: f"{m.group(1)}VALUES ?g {{ {terms} }}", query)
