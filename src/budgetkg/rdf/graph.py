"""The triple collector every part of a document's graph is built with.

:class:`GraphBuilder` holds one document's triples and the IRI minter;
``build.py`` and the per-part modules (observations, links, narrative,
performance) all add through it, so it lives apart from all of them and
imports flow one way: ``build`` -> parts -> ``graph``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ..extract.units import Money
from ..read.model import Provenance
from .mint import Minter, code_concept, measure_concept
from .namespaces import BKG, DCTERMS, PROV, QB, RDF, RDFS
from .terms import literal as _lit
from .terms import year_literal

Term = ox.NamedNode | ox.Literal


@dataclass
class GraphBuilder:
    """Collects the triples of one document's graph."""

    minter: Minter
    triples: list[ox.Triple] = field(default_factory=list)
    datasets: set[str] = field(default_factory=set)  # data-set kinds observations were put in
    _nodes: dict[str, ox.NamedNode] = field(default_factory=dict, repr=False, compare=False)

    def add(self, s: str, p: str, o: Term | str | None) -> None:
        """Add a triple; a str object is an IRI, None is skipped."""
        if o is None:
            return
        nodes = self._nodes  # looked up here, not through node(): add is called for every triple
        obj = (nodes.get(o) or self.node(o)) if isinstance(o, str) else o
        self.triples.append(ox.Triple(nodes.get(s) or self.node(s), nodes.get(p) or self.node(p), obj))

    def node(self, iri: str) -> ox.NamedNode:
        """The IRI as a node, made once per document: a predicate or a resource is named many times
        and making a node (the IRI parsed and checked) costs ten times a look-up."""
        made = self._nodes.get(iri)
        if made is None:
            made = self._nodes[iri] = ox.NamedNode(iri)
        return made

    def label(self, s: str, text: str) -> None:
        self.add(s, RDFS + "label", _lit(text, lang="zh"))

    def observation(
        self,
        obs: str,
        dept: str,
        year: int | None,
        measure: str,
        amount: Decimal,
        unit: str,
        table: str,
        dataset: str = "",
    ) -> None:
        """The triples every amount observation has; callers add its line and classes.

        ``dataset`` is the kind of data set (structure) it belongs to: ``""`` the
        main one, ``by-fund`` or ``by-income`` (see ``rdf/catalogue.py``).
        """
        self.datasets.add(dataset)
        self.add(obs, RDF + "type", QB + "Observation")
        self.add(obs, QB + "dataSet", self.minter.dataset_of(dataset))
        self.add(obs, BKG + "department", dept)
        self.add(obs, BKG + "fiscalYear", year_literal(year))
        self.add(obs, BKG + "measure", measure_concept(measure))
        self.add(obs, BKG + "amount", _lit(amount))
        self.add(obs, BKG + "unit", unit)
        self.add(obs, PROV + "wasDerivedFrom", table)
        self.printed(obs, amount)

    def printed(self, s: str, amount: Decimal) -> None:
        """The figure and unit an amount was printed as (``bkg:printedAmount``, ``bkg:printedUnit``).

        Only an amount read from the document (:class:`~budgetkg.extract.units.Money`)
        has them; a count or a figure the pipeline works out has none.
        """
        if isinstance(amount, Money):
            self.add(s, BKG + "printedAmount", _lit(amount.printed))
            self.add(s, BKG + "printedUnit", code_concept("unit", amount.unit.slug))

    def document_item(self, iri: str, rdf_class: str, name: str, dept: str, year: int | None) -> None:
        """A named thing the document lists for its department (a project, a special fund)."""
        self.add(iri, RDF + "type", rdf_class)
        self.label(iri, name)
        self.add(iri, BKG + "department", dept)
        self.add(iri, BKG + "fiscalYear", year_literal(year))
        self.add(iri, DCTERMS + "source", self.minter.document)

    def provenance(self, s: str, prov: Provenance | None) -> None:
        if prov is None:
            return
        if prov.page is not None:
            self.add(s, BKG + "page", _lit(prov.page))
        if prov.line is not None:
            self.add(s, BKG + "sourceLine", _lit(prov.line))
