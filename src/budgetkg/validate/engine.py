"""Run the shapes on one document's graph over an in-memory pyoxigraph store.

Two engines give the same findings: ``pyshacl`` (the reference: pySHACL runs
every shape) and ``fast`` (the default: the SHACL-SPARQL node shapes run
directly on the store, :mod:`.sparql_direct`, and pySHACL runs the rest).

The validator keeps one store holding the ontology and code lists; each
document is validated in a fresh in-memory copy of it, with the document's
triples added as a named graph (pySHACL reads the union of the graphs). A
copy per document, not one store that documents are added to and removed
from: pyoxigraph's in-memory store keeps what was removed (its versions), so
every document validated there made the next one slower (25 documents in one
store: 0.27 s -> 1.0 s each) and the process bigger. pySHACL runs SHACL-SPARQL
constraints on a pyoxigraph store far faster than on an rdflib graph, and one
document at a time keeps the sum rules from joining across documents.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.term import Node

from ..rdf.namespaces import BKG, RDF
from ..resources import data_dir
from . import bulk_native
from .context import document_context
from .convert import ReportConverter
from .pyshacl_tweaks import StoreView, literal_message_values, remember_checked_queries
from .report import DocumentValidation
from .shapes import ShapesLibrary, load_shapes
from .sparql_direct import Native, SparqlConstraints, add_results

ENGINES = ("fast", "pyshacl")  # as Settings.validation_engine

VOCABULARY_GRAPH = ox.NamedNode("urn:budgetkg:validation:vocabulary")


def load_vocabulary(store: ox.Store, folder: Path) -> int:
    """Load every Turtle file under ``folder`` (ontology and code lists, or the shapes' support facts).

    Returns the number of files loaded.
    """
    paths = sorted(folder.rglob("*.ttl")) if folder.is_dir() else []
    for path in paths:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=VOCABULARY_GRAPH)
    return len(paths)


def prepare_vocabulary(store: ox.Store, folder: Path) -> None:
    """Run the shapes' support updates (``support/*.ru``) once on the loaded vocabulary."""
    for path in sorted(folder.glob("*.ru")) if folder.is_dir() else []:
        store.update(path.read_text(encoding="utf-8"))


def document_of(triples: list[ox.Triple]) -> str | None:
    """The IRI of the bkg:BudgetDocument among a graph's triples."""
    doc_type = ox.NamedNode(BKG + "BudgetDocument")
    rdf_type = ox.NamedNode(RDF + "type")
    return next(
        (
            t.subject.value
            for t in triples
            if t.predicate == rdf_type and t.object == doc_type and isinstance(t.subject, ox.NamedNode)
        ),
        None,
    )


class Validator:
    """Validates document graphs against the shapes library, one document at a time."""

    def __init__(
        self,
        tolerance: Decimal = Decimal("0.01"),
        shapes: Path | None = None,
        vocabulary: Path | None = None,
        engine: str = "fast",
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"validation engine must be one of {', '.join(ENGINES)}: {engine!r}")
        self.tolerance = tolerance
        self.engine = engine
        remember_checked_queries()
        literal_message_values()
        self.library: ShapesLibrary = load_shapes(shapes)
        self.store = ox.Store()
        load_vocabulary(self.store, vocabulary or data_dir("ontology"))
        load_vocabulary(self.store, (shapes or data_dir("shapes")) / "support")
        bulk = self.library.bulk.serialize(format="nt", encoding="utf-8")
        self.store.load(input=bulk, format=ox.RdfFormat.N_TRIPLES, to_graph=VOCABULARY_GRAPH)
        prepare_vocabulary(self.store, (shapes or data_dir("shapes")) / "support")
        self._vocabulary = list(self.store)
        self.direct: SparqlConstraints | None = None
        if engine == "fast":
            counts = bulk_native.BulkCounts(self._vocabulary)
            natives: dict[Node, Native] = {bulk_native.CONSTRAINT: counts.rows}
            self.direct = SparqlConstraints(self.library.graph, natives)

    def validate(self, graph: str, triples: Iterable[ox.Triple]) -> DocumentValidation:
        """Validate one document's triples (its named graph ``graph``) in a copy of the store."""
        start = time.perf_counter()
        triples = list(triples)
        name = ox.NamedNode(graph)
        document = document_of(triples) or graph
        store = ox.Store()
        store.extend(self._vocabulary)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        view = StoreView(store)
        _, report, _ = pyshacl.validate(
            view,
            shacl_graph=self.library.graph if self.direct is None else self.direct.core,
            allow_warnings=True,
            allow_infos=True,
        )
        if not isinstance(report, rdflib.Graph):  # pySHACL could not run a shape: a bug in shapes/
            raise RuntimeError(f"validation could not run: {report}")
        if self.direct is not None:
            add_results(report, view, list(self.direct.results(store)), self.library.graph)
        doc = document_context(store, document)
        findings = ReportConverter(self.library, store, self.tolerance).convert(report, doc)
        return DocumentValidation(
            document=document,
            graph=graph,
            source=doc.source,
            department=doc.department,
            findings=findings,
            report_graph=report,
            seconds=round(time.perf_counter() - start, 3),
        )
