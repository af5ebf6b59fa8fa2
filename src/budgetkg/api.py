"""The Python API: everything the CLI does is one call of this module.

>>> import budgetkg
>>> kg = budgetkg.open("budgetkg-data")
>>> report = kg.ingest(["examples/documents"])
>>> kg.query("departments").loc[0, "department"]
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codes import CodeRegistry, check_document, load_registry, save_registry
from .extract import BudgetRecords, extract_document
from .extract.reconcile import SUM_CHECKS
from .extract.summary import extraction_summary
from .query import QueryResult, find_query
from .query.bind import bind_parameters
from .query.catalog import SavedQuery
from .rdf import build_graph
from .rdf.namespaces import sparql_prefixes
from .read import ReadError, read_document
from .settings import Settings
from .store import open_store
from .validate import DocumentValidation, ValidationReport, Validator, finding_triples, without_findings
from .validate.engine import document_of
from .validate.triples import stored_triples

if TYPE_CHECKING:
    import pandas as pd


class ParameterError(ValueError):
    """A query parameter the query does not declare."""


@dataclass
class DocumentResult:
    """What happened to one input file."""

    path: str
    ok: bool
    error: str | None = None
    department: str | None = None
    year: int | None = None
    graph: str | None = None
    triples: int = 0
    lines: int = 0
    projects: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)  # what was extracted (extract.summary)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    """The outcome of one ingest run, document by document."""

    documents: list[DocumentResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input file was ingested."""
        return all(d.ok for d in self.documents)

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if not d.ok]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "documents": [d.to_dict() for d in self.documents]}


def expand_paths(paths: list[str | Path], suffixes: frozenset[str] | set[str]) -> list[Path]:
    """Files as given, and for folders their files with a readable suffix, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes))
        else:
            out.append(p)
    return out


class KnowledgeGraph:
    """A budget knowledge graph in a store: ingest documents, ask questions."""

    def __init__(self, settings: Settings, mode: str = "write") -> None:
        self.settings = settings
        self.store = open_store(settings.store, mode=mode, wait=settings.wait)
        self._validator: Validator | None = None

    # -- ingest -------------------------------------------------------------
    def extract(self, path: str | Path) -> BudgetRecords:
        """Read and extract one file without storing it."""
        return extract_document(read_document(path, self.settings.pdf_engine))

    def ingest(self, paths: list[str | Path]) -> IngestReport:
        """Ingest files and folders; one bad file never stops the others.

        Each document's graph is written in one transaction, so a failure
        leaves the store as it was for that document.
        """
        report = IngestReport()
        with self.store.writing():  # the write lock, held for the batch; readers go on meanwhile
            codes = load_registry(self.store)  # code lists: ontology/codelists + codes learned before
            for path in expand_paths(paths, self.settings.suffixes):
                report.documents.append(self._ingest_one(path, codes))
            save_registry(self.store, codes)
            self.store.flush()
        return report

    def _ingest_one(self, path: Path, codes: CodeRegistry | None = None) -> DocumentResult:
        start = time.perf_counter()
        try:
            doc = read_document(path, self.settings.pdf_engine)
            records = extract_document(doc)
            if not records.tables:
                raise ReadError(path.name, "no budget tables found (not a department budget?)")
            graph, triples = build_graph(records, self.settings.base_iri)
            if codes is not None:  # new codes join the code lists; other names are recorded conflicts
                update, code_triples, notes = check_document(codes, doc, records, self.settings.base_iri)
                triples += code_triples
                records.findings += notes
            validation = self.validator.validate(graph, triples)
            if not validation.conforms:  # an extraction bug: fail loudly, store nothing
                return _rejected(path, validation)
            self.store.replace_graph(graph, triples + finding_triples(validation.findings))
            if codes is not None:
                codes.apply(update)
        except ReadError as e:
            return DocumentResult(path=str(path), ok=False, error=e.reason)
        except Exception as e:  # a bug, not a user error: report it, keep going
            if self.settings.debug:
                raise
            reason = f"internal error ({type(e).__name__}: {e}); rerun with --debug and report it"
            return DocumentResult(path=str(path), ok=False, error=reason)
        return DocumentResult(
            path=str(path),
            ok=True,
            department=records.department.name,
            year=records.department.year,
            graph=graph,
            triples=len(triples),
            lines=len(records.function_lines),
            projects=len(records.projects),
            findings=[
                {"slug": f.slug, "severity": f.severity, "message": f.message}
                for f in records.findings
                # validation reconciles the same sums (with rounding judged): report them once
                if f.slug not in SUM_CHECKS
            ]
            + [_finding(f) for f in validation.findings],
            seconds=round(time.perf_counter() - start, 3),
            summary=extraction_summary(records),
        )

    # -- validate -----------------------------------------------------------
    @property
    def validator(self) -> Validator:
        """The SHACL validator (shapes, ontology and code lists are loaded on first use)."""
        if self._validator is None:
            self._validator = Validator(self.settings.rounding_tolerance)
        return self._validator

    def validate(self, *, save: bool = True) -> ValidationReport:
        """Validate every stored document again; with ``save`` its stored findings are replaced.

        A document whose graph now violates a structural shape is reported (and its
        Violations stored with its other findings), not removed.
        """
        report = ValidationReport()
        with self.store.writing() if save else nullcontext():
            for graph in self.store.graphs():
                triples = without_findings(stored_triples(self.store, graph))
                if document_of(triples) is None:  # not a document's graph
                    continue
                result = self.validator.validate(graph, triples)
                report.documents.append(result)
                if save:
                    self.store.replace_graph(graph, triples + finding_triples(result.findings))
            self.store.flush()
        return report

    # -- query --------------------------------------------------------------
    def saved_query(self, name: str) -> SavedQuery:
        """A saved query by name (or a path to a .rq file)."""
        return find_query(name, self.settings.queries)

    def select(self, name: str, **params: str) -> QueryResult:
        """Run a saved query; ``params`` bind its declared parameters as literals.

        Returns the rows as Python values (:class:`QueryResult`, with CSV and
        JSON renderings); :meth:`query` gives the same as a DataFrame.
        """
        q = self.saved_query(name)
        declared = {p.name: p for p in q.params}
        unknown = sorted(set(params) - set(declared))
        if unknown:
            names = ", ".join(declared) or "none"
            raise ParameterError(
                f"query {q.name!r} has no parameter {', '.join(unknown)} (it takes: {names})"
            )
        values = {p.name: p.default for p in q.params if p.default is not None}
        values.update(params)
        bound = {k: v for k, v in values.items() if v is not None}
        return QueryResult.from_solutions(self.store.select(bind_parameters(q.text, bound)))

    def query(self, name: str, *, numbers: str = "decimal", **params: str) -> pd.DataFrame:
        """Run a saved query and return a DataFrame with typed columns.

        Amounts are ``Decimal`` (exact, as published) unless ``numbers="float"``.

        >>> kg.query("projects-by-function", function="2080705")  # doctest: +SKIP
        """
        from .query.frames import to_frame  # pandas loads only when frames are asked for

        return to_frame(self.select(name, **params), numbers)

    def sparql(self, text: str, *, numbers: str = "decimal") -> pd.DataFrame:
        """Run any SPARQL SELECT over all documents as a DataFrame (common prefixes predeclared)."""
        from .query.frames import to_frame

        return to_frame(self.select_sparql(text), numbers)

    def select_sparql(self, text: str) -> QueryResult:
        """Run any SPARQL SELECT over all documents (common prefixes predeclared)."""
        if "PREFIX" not in text.upper():
            text = sparql_prefixes() + text
        return QueryResult.from_solutions(self.store.select(text))

    def triple_count(self) -> int:
        """Number of triples in the store, over all document graphs."""
        return self.store.triple_count()

    def close(self) -> None:
        """Close the store; the on-disk store can then be opened again."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _finding(f: Any) -> dict[str, Any]:
    """A validation finding as a DocumentResult finding (slug, severity, message and the figures)."""
    where = f.where()
    return {
        "slug": f.rule,
        "severity": f.severity,
        "message": (f"{where}: " if where else "") + f.message_en,
        **f.to_dict(),
    }


def _rejected(path: Path, validation: DocumentValidation) -> DocumentResult:
    """The result of a document whose graph breaks a structural shape (nothing was stored)."""
    first = validation.violations[0]
    error = (
        f"extraction bug: the graph breaks {len(validation.violations)} structural rule(s), not stored; "
        f"first: [{first.rule}] {first.where() or first.focus}: {first.message_en}"
    )
    findings = [_finding(f) for f in validation.violations]
    return DocumentResult(path=str(path), ok=False, error=error, graph=validation.graph, findings=findings)


def open(store: str | Path | None = None, mode: str = "write", **options: Any) -> KnowledgeGraph:  # noqa: A001
    """Open a knowledge graph store; ``options`` override :class:`Settings`.

    ``mode="write"`` (the default) creates the store if missing and lets
    :meth:`KnowledgeGraph.ingest` write, one writer at a time (others wait
    ``Settings.wait`` seconds); ``mode="read"`` refuses a path that holds no
    store and never writes. Readers never wait for a writer.
    """
    settings = Settings(**options) if store is None else Settings(store=Path(store), **options)
    return KnowledgeGraph(settings, mode)
