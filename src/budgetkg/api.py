"""The Python API: everything the CLI does is one call of this module.

>>> import budgetkg
>>> kg = budgetkg.open("budgetkg-data")
>>> report = kg.ingest(["examples/documents"])
>>> kg.query("departments").loc[0, "department"]
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch import catalogue, staging, worker
from .batch.files import UNCHANGED, Skipped, collect_files, display_path
from .batch.pages import page_count
from .batch.parallel import ParallelPreparer
from .codes import CODE_GRAPH, CodeRegistry, check_document, load_registry, save_registry
from .extract import BudgetRecords, extract_document, extract_with_tables
from .extract.reconcile import SUM_CHECKS
from .extract.summary import extraction_summary
from .query import QueryResult, find_query
from .query.bind import bind_parameters
from .query.cache import PerState
from .query.catalog import SavedQuery
from .query.departments import DepartmentCache, bind_graphs, has_graph_slot
from .query.lateral import with_lateral
from .query.params import FunctionIndex, check_parameters
from .query.params import ParameterError as ParameterError  # raised by select(); re-exported
from .query.partition import (
    FileNameCache,
    Unmergeable,
    cut_points,
    has_range_slot,
    leading_keys,
    merge,
    piece_count,
    pieces_of,
    sort_keys,
    sorted_rows,
    trailing_keys,
    unordered,
)
from .query.result import RowMaker, collection_paused
from .query.search import text_search
from .rdf import build_graph
from .rdf.index_version import INDEX_VERSION, needed, older
from .rdf.mint import graph_iri
from .rdf.namespaces import BKG, CODE, PREFIXES
from .read import ReadError, read_document
from .settings import Settings
from .store import OxigraphStore, StoreError, location, open_store
from .store.filling import Filling
from .store.pieces import Solutions
from .validate import ValidationReport, finding_triples, without_findings
from .validate.quarantine import Settlement, settle
from .validate.triples import QUARANTINE_SERIES, quarantine_findings, stored_triples, with_table_labels
from .vocabulary import store_vocabulary

builtins_open = open  # this module defines ``open`` (the API's entry point)

if TYPE_CHECKING:
    import pandas as pd

    from .validate import DocumentValidation, Validator


class DocumentNotFound(ValueError):
    """A name given to ``remove`` that names no stored document, or more than one."""


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
    status: str = ""  # "ok", "partial" (stored without its dropped_tables) or "failed"; from ok by default
    dropped_tables: list[dict[str, Any]] = field(default_factory=list)  # number, title, kind, reason ...

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "ok" if self.ok else "failed"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    """The outcome of one ingest run, document by document."""

    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files not ingested, with why (unchanged ones too)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every input file was ingested whole (a partial document makes it False)."""
        return all(d.status == "ok" for d in self.documents)

    @property
    def partial(self) -> list[DocumentResult]:
        """Documents stored without the tables whose extraction broke a structural rule."""
        return [d for d in self.documents if d.status == "partial"]

    @property
    def failed(self) -> list[DocumentResult]:
        return [d for d in self.documents if not d.ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "documents": [d.to_dict() for d in self.documents],
            "skipped": [s.to_dict() for s in self.skipped],
        }


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
        self._departments = DepartmentCache()  # the departments' names, listed once per store state
        self._file_names = FileNameCache()  # the documents' file names, to cut a query in pieces
        self._index_versions = PerState(catalogue.index_versions)  # documents by their index version

    # -- ingest -------------------------------------------------------------
    def extract(self, path: str | Path) -> BudgetRecords:
        """Read and extract one file without storing it."""
        s = self.settings
        return extract_document(read_document(path, s.pdf_engine, s.pdf_password, s.ocr, s.ocr_lang))

    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        force: bool = False,
        replace: bool = False,
        progress: Callable[[int, int, DocumentResult | None], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders; one bad file never stops the others.

        Each document's graph, its catalogue entry and the codes it teaches
        the code lists are written in one transaction, so a failure (or a
        kill) leaves the store as it was for that document. A file stored
        before with the same checksum is skipped unless ``force``; a
        document whose department and year another stored file has is
        flagged with a Warning, and with ``replace`` the other one is
        removed. ``progress(done, total, result)`` is called once before the
        first document (``result`` None) and after each one.
        A table whose extraction breaks a structural rule is left out and the
        rest stored: the document's ``status`` is then "partial" (see
        :mod:`budgetkg.validate.quarantine`).
        With ``Settings.jobs`` > 1, documents are prepared in that many worker
        processes and still written here, one by one in file order: the store
        is the one a single process makes (:mod:`budgetkg.batch.parallel`).
        An empty embedded store is filled by the bulk loader instead of a
        transaction per document (:mod:`budgetkg.store.filling`).
        """
        start = time.perf_counter()
        files, skipped = collect_files(paths, self.settings.suffixes)
        report = IngestReport(skipped=skipped)
        # the write lock is held for the batch; readers go on meanwhile
        with _store_errors(location(self.settings.store)), self.store.writing():
            # an empty embedded store is filled by the bulk loader (before the seed: a crash empties it again)
            filling = None
            if isinstance(self.store, OxigraphStore) and self.store.is_empty():
                filling = Filling(self.store)
            codes = load_registry(self.store)  # code lists: ontology/codelists + codes learned before
            save_registry(self.store, codes)  # the seed once: each document then adds only its new codes
            stored = {d.graph: d for d in catalogue.stored_documents(self.store, counts=False)}
            s = self.settings
            isolate = s.isolate and worker.available()
            if isolate:
                _ = self.validator  # loaded once here, shared with the worker
                worker.preload_for(files)
            limits = (s.document_timeout, s.memory_limit_mb) if isolate else None
            prepare: staging.Preparer | ParallelPreparer
            if limits and s.jobs > 1:  # N workers prepare ahead; this process writes, in file order
                wanted = partial(self._wanted, stored=stored, force=force)
                prepare = ParallelPreparer(self, codes, limits, s.debug, s.jobs, files, wanted)
            else:
                prepare = staging.Preparer(self, codes, limits, stderr=s.debug)
            if progress:
                progress(0, len(files), None)
            try:
                for i, path in enumerate(files, start=1):
                    result = self._ingest_stored(path, codes, stored, prepare, force=force, replace=replace,
                                                 report=report, sink=filling)
                    if result is not None:
                        report.documents.append(result)
                    if progress:
                        progress(i, len(files), result)
            except BaseException:
                if filling is not None:  # what was committed is loaded; if even that fails (a full
                    with suppress(Exception):  # disk), the next writer empties the store again
                        filling.close()
                raise
            else:
                if filling is not None:
                    filling.close()  # what was committed is loaded, then the store is whole
            finally:
                prepare.close()
            store_vocabulary(self.store, codes)  # ontology, data structures, code lists: named graphs
            self.store.flush()
        report.seconds = round(time.perf_counter() - start, 3)
        return report

    def _ingest_stored(
        self,
        path: Path,
        codes: CodeRegistry,
        stored: dict[str, catalogue.StoredDocument],
        prepare: staging.Preparer | ParallelPreparer,
        *,
        force: bool,
        replace: bool,
        report: IngestReport,
        sink: Filling | None = None,
    ) -> DocumentResult | None:
        """One file of a batch: skipped if unchanged (None), else prepared under the limits and committed."""
        shown = display_path(path)
        checksum = _checksum(path)
        if checksum is not None and not force:
            if graph_iri(self.settings.base_iri, checksum) in stored:
                report.skipped.append(Skipped(shown, UNCHANGED))
                return None
        prepared = self._prepare_limited(path, prepare)
        result = prepared.result
        result.path = shown
        if not result.ok or prepared.graph is None:
            return result
        others = [
            d for d in stored.values()
            if d.graph != prepared.graph and d.department == result.department and d.year == result.year
            and result.department is not None
        ]
        for d in others:
            name = d.path or d.file or d.graph
            result.findings.append({
                "slug": "duplicate-document",
                "severity": "Warning",
                "message": (
                    f"{result.department} {result.year or ''}: already stored from {name}"
                    + ("; replaced by this file" if replace else "; --replace keeps only this file")
                ),
            })
        try:
            entry = catalogue.entry_triples(prepared.graph, shown, result.status, INDEX_VERSION)
            drop = [d.graph for d in others] if replace else []
            staging.commit(sink or self.store, prepared, codes, entry, catalogue.CATALOGUE_GRAPH, drop)
            prepare.committed(prepared)
        except OSError as e:  # a full disk, a read-only file system: the next ones would fail alike
            reason = f"cannot write to the store {self.settings.store}: {short_reason(e)}"
            raise StoreError(f"{reason}; {shown} and the files after it were not ingested") from None
        for g in drop:
            stored.pop(g, None)
        stored[prepared.graph] = catalogue.StoredDocument(
            graph=prepared.graph, file=path.name, department=result.department, year=result.year,
            checksum=checksum, status=result.status, triples=result.triples, findings=len(result.findings),
            ingested_at=None, path=shown,
        )
        return result

    def _wanted(self, path: Path, stored: dict[str, catalogue.StoredDocument], force: bool) -> bool:
        """Whether a batch will prepare ``path``: not stored unchanged, not over the page limit."""
        checksum = None if force else _checksum(path)
        if checksum is not None and graph_iri(self.settings.base_iri, checksum) in stored:
            return False
        pages = page_count(path) if self.settings.max_pages else None
        return pages is None or pages <= self.settings.max_pages

    def _prepare_limited(self, path: Path, prepare: staging.Preparer | ParallelPreparer) -> staging.Prepared:
        """Prepare one document under the page, time and memory limits (a worker process when isolating)."""
        s = self.settings
        pages = page_count(path) if s.max_pages else None
        if pages is not None and pages > s.max_pages:
            reason = f"{pages} pages, over the limit of {s.max_pages} pages per document (not read)"
            return staging.Prepared(DocumentResult(path=str(path), ok=False, error=reason))
        answer = prepare(path)
        if isinstance(answer, worker.Stopped):
            return staging.Prepared(DocumentResult(path=str(path), ok=False, error=answer.reason))
        prepared: staging.Prepared = answer
        prepared.result.error = worker.memory_error(prepared.result.error, s.memory_limit_mb)
        return prepared

    def _ingest_one(self, path: Path, codes: CodeRegistry | None = None) -> DocumentResult:
        start = time.perf_counter()
        try:
            s = self.settings
            doc = read_document(path, s.pdf_engine, s.pdf_password, s.ocr, s.ocr_lang)
            records, tables = extract_with_tables(doc)
            if not records.tables:
                raise ReadError(path.name, "no budget tables found (not a department budget?)")
            graph, triples = build_graph(records, self.settings.base_iri)
            if codes is not None:  # new codes join the code lists; other names are recorded conflicts
                update, code_triples, notes = check_document(codes, doc, records, s.base_iri, tables)
                triples += code_triples
                records.findings += notes
            # an extraction bug: its tables are quarantined, or nothing is stored when that cannot be done
            settled = settle(lambda kept: self.validator.validate(graph, kept), triples)
            if settled.refused:
                return _rejected(path, settled)
            validation, triples = settled.validation, settled.triples
            quarantined = settled.quarantine_findings()
            findings = finding_triples(quarantined, QUARANTINE_SERIES) + finding_triples(validation.findings)
            self.store.replace_graph(graph, with_table_labels(triples + findings))
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
            findings=[_finding(f) for f in quarantined]
            + [
                {"slug": f.slug, "severity": f.severity, "message": f.message}
                for f in records.findings
                # validation reconciles the same sums (with rounding judged): report them once
                if f.slug not in SUM_CHECKS
            ]
            + [_finding(f) for f in validation.findings],
            seconds=round(time.perf_counter() - start, 3),
            summary=extraction_summary(records),
            status=settled.status,
            dropped_tables=[t.to_dict() for t in settled.dropped],
        )

    # -- manage -------------------------------------------------------------
    def documents(self, older: bool = False, counts: bool = True) -> list[catalogue.StoredDocument]:
        """What the store holds: file, department, year, status, triples, findings, ingested at, checksum;
        ``older``: only the documents an older budgetkg stored (:meth:`older_documents` counts them);
        ``counts=False``: triples and findings not counted (None), which takes a pass over every quad."""
        stored = catalogue.stored_documents(self.store, counts=counts)
        return [d for d in stored if d.older_index()] if older else stored

    def older_documents(self) -> int:
        """How many catalogued documents a budgetkg older than this one's ingest-time index stored
        (``rdf/index_version.py``): queries reading that index may miss their rows until they are
        ingested again with ``force=True``. One look at the catalogue, not at the documents' graphs."""
        return older(self._index_versions.get(self.store), INDEX_VERSION)

    def remove(self, keys: list[str]) -> list[catalogue.StoredDocument]:
        """Remove documents named by file name, path, graph IRI or checksum prefix (8+ hex digits).

        Every key must name exactly one document (else :class:`DocumentNotFound`,
        and nothing is removed); each removal is one transaction.
        """
        with self.store.writing():
            stored = self.documents(counts=False)
            chosen: dict[str, catalogue.StoredDocument] = {}
            for key in keys:
                found = catalogue.find_documents(stored, key)
                if not found:
                    raise DocumentNotFound(f"no stored document is named {key!r} (see: budgetkg documents)")
                if len(found) > 1:
                    raise DocumentNotFound(
                        f"{key!r} names {len(found)} stored documents; give a path or a checksum prefix"
                    )
                chosen[found[0].graph] = found[0]
            for d in chosen.values():
                staging.remove(self.store, d.graph, catalogue.CATALOGUE_GRAPH)
            self.store.flush()
        return list(chosen.values())

    def load(self, folder: str | Path) -> list[str]:
        """Load documents :func:`convert` wrote (``.nq`` and ``.json`` files) as ingest would store them.

        Codes are learned and conflicts recorded in file-name order; into an
        embedded store with the bulk loader. Returns the graphs loaded.
        """
        from .converted import LoadError, converted_files, load_documents

        files = converted_files(Path(folder))
        if not files:
            raise LoadError(f"{folder}: no converted documents (.nq files) in it")
        return load_documents(self.store, files)

    # -- validate -----------------------------------------------------------
    @property
    def validator(self) -> Validator:
        """The SHACL validator (shapes, ontology and code lists are loaded on first use)."""
        if self._validator is None:
            from .validate.engine import Validator  # pySHACL loads when something is validated

            settings = self.settings
            self._validator = Validator(settings.rounding_tolerance, engine=settings.validation_engine)
        return self._validator

    def validate(
        self,
        *,
        save: bool = True,
        progress: Callable[[int, int, DocumentValidation | None], None] | None = None,
    ) -> ValidationReport:
        """Validate every stored document again; with ``save`` its stored findings are replaced.

        A document whose graph now violates a structural shape is reported (and its
        Violations stored with its other findings), not removed. The findings of a
        partial document's dropped tables are kept: their figures are not in the graph.
        """
        from .validate.engine import document_of

        report = ValidationReport()
        with self.store.writing() if save else nullcontext():
            graphs = self.store.graphs()
            if progress:
                progress(0, len(graphs), None)
            for i, graph in enumerate(graphs, start=1):
                stored = stored_triples(self.store, graph)
                triples = without_findings(stored)
                if document_of(triples) is None:  # not a document's graph
                    if progress:
                        progress(i, len(graphs), None)
                    continue
                result = self.validator.validate(graph, triples)
                report.documents.append(result)
                if progress:
                    progress(i, len(graphs), result)
                if save:
                    kept = quarantine_findings(stored)
                    findings = kept + finding_triples(result.findings)
                    self.store.replace_graph(graph, with_table_labels(triples + findings))
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
        checked = check_parameters(q, params, self.function_index)
        text = bind_parameters(q.text, checked.bindings())
        if "department" in checked.values and self.store.fills_graph_slots and has_graph_slot(text):
            # start from the documents of the departments asked for (query/departments.py; embedded stores
            # and Oxigraph servers)
            graphs = self._departments.get(self.store).graphs(checked.values["department"])
            text = bind_graphs(text, graphs)
        if self.store.reads_lateral:
            text = with_lateral(text)  # where the query marks it (query/lateral.py)
        search = text_search(q.text)  # an embedded store's text index narrows a keyword search
        keyword = checked.values.get(search.param) if search else None
        notes = list(checked.notes)
        maker = RowMaker() if self._rows_in_pieces(text) else None
        if search and keyword and isinstance(self.store, OxigraphStore):

            def pieces(found: list[str] | None, texts: list[str] | None) -> list[str]:
                return self._pieces(search.narrowed(text, found, texts))

            solutions, used = self.store.select_matching(keyword, pieces, prefixes=PREFIXES)
            if not used and self.store.path is not None:
                notes.append(_UNINDEXED.format(store=self.store.path))
        else:  # rows made in the pieces' threads as they are read, if the API does not merge terms
            with collection_paused() if maker else nullcontext():
                solutions = self.store.select_pieces(self._pieces(text), prefixes=PREFIXES, each=maker)
        result = self._result(solutions, text, maker)
        result.notes = notes + _empty_notes(q, params, result) + self._older_store_notes(q, result)
        return result.typed(q.columns)

    def _older_store_notes(self, q: SavedQuery, result: QueryResult) -> list[str]:
        """Documents built by an older budgetkg than the index the query reads (their rows may be
        missing), or an empty answer from a store lacking a predicate the query requires: say so, and how
        to build them again."""
        need, names = needed(q.text)
        if need:
            counts = self._index_versions.get(self.store)
            stale = older(counts, need)
            if stale:
                total = sum(counts.values())
                return [_OLDER_DOCUMENTS.format(stale=stale, total=total, need=need, names=_listed(names))]
        if result.rows or not q.requires or not self._file_names.get(self.store):
            return []
        missing = [p for p in q.requires if not bool(self.store.select(_ANY.format(predicate=p)))]
        return [_OLDER_STORE.format(names=", ".join(_short(p) for p in missing))] if missing else []

    def _pieces(self, text: str) -> list[str]:
        """The query in pieces by ranges of file names, one per query thread (query/partition.py), when it
        has a range slot and the store (embedded, or an Oxigraph server) holds enough documents; else the
        query whole. A query the API orders itself (:meth:`_sorts_itself`) is asked without its ORDER BY."""
        cut = self.settings.query_threads > 1 and self._slotted(text)
        if self._sorts_itself(text):
            text = unordered(text)  # (its slot read first: without the ORDER BY it is not one the API cuts)
        if not cut:
            return [text]
        names = self._file_names.get(self.store)  # distinct
        count = piece_count(self.settings.query_threads, len(names))
        return pieces_of(text, cut_points(names, count)) if count > 1 else [text]

    def _in_order(self, solutions: Any, text: str) -> Any:
        """Pieces of a query ordered by other columns before the file name, merged by those columns
        (query/partition.py); if a column holds terms the merge does not compare, the query whole."""
        if not isinstance(solutions, Solutions) or len(solutions.lengths) < 2:
            return solutions  # one piece: in the store's own order
        keys = leading_keys(text)
        if not keys:
            return solutions
        try:
            names = [v.value for v in solutions.variables]
            return Solutions(solutions.variables, merge(solutions.pieces(), keys, names))
        except Unmergeable:
            return self.store.select_pieces(pieces_of(text, []), prefixes=PREFIXES)

    def update_text_index(self) -> None:
        """Build an embedded store's text index again if it is missing or stale (any writer does that)."""
        if isinstance(self.store, OxigraphStore):
            with self.store.writing():
                pass

    def _slotted(self, text: str) -> bool:
        """Whether the query has a file-name range slot and the store is one the API cuts queries for."""
        return self.store.answers_in_pieces and has_range_slot(text)

    def _sorts_itself(self, text: str) -> bool:
        """Whether the API orders the query's rows itself: its slot names the columns it is ordered by
        ``then`` (query/partition.py), and the store is one the API cuts queries for."""
        return self._slotted(text) and bool(trailing_keys(text))

    def _rows_in_pieces(self, text: str) -> bool:
        """Whether the rows of the query's pieces may be made as each piece is read (query/result.py,
        RowMaker): a query the API cuts for this store, unless its pieces are merged by their terms (a
        query ordered by columns before the file name, which it does not sort itself)."""
        return self._slotted(text) and (bool(trailing_keys(text)) or not leading_keys(text))

    def _result(self, solutions: Any, text: str, maker: RowMaker | None) -> QueryResult:
        """The rows in the query's order: sorted here if the API asked for them unordered, else as the
        store or the merge of the pieces gives them. ``maker`` made the rows of several pieces as they
        were read. Rows whose columns are not compared here as the store would are asked for again, the
        query whole."""
        if maker is not None:
            columns = [v.value for v in solutions.variables]
            with collection_paused():
                made = solutions.solutions if isinstance(solutions, Solutions) else solutions
                rows = [s if isinstance(s, list) else maker(s) for s in made]  # one piece: made here
                if not self._sorts_itself(text):
                    return QueryResult(columns, rows)  # the pieces' rows one after the other
                try:
                    return QueryResult(columns, sorted_rows(rows, maker.seen, sort_keys(text), columns))
                except Unmergeable:
                    solutions = self.store.select_pieces(pieces_of(text, []), prefixes=PREFIXES)
        return QueryResult.from_solutions(self._in_order(solutions, text))

    def function_index(self) -> FunctionIndex:
        """The function codes in the store's code lists, with every name they are printed under."""
        rows = self.store.select(
            f"""SELECT ?code ?label WHERE {{
  {{ GRAPH <{CODE_GRAPH}> {{ ?c skos:inScheme <{CODE}function> ; skos:notation ?code ;
                              skos:prefLabel|skos:altLabel ?label }} }}
  UNION
  {{ ?x a bkg:CodeConflict ; bkg:conflictConcept ?c ; bkg:printedLabel ?label .
     ?c skos:inScheme <{CODE}function> ; skos:notation ?code }}
}}""",
            prefixes=PREFIXES,
        )
        index = FunctionIndex()
        for r in rows:
            index.names.setdefault(r["code"].value, set()).add(r["label"].value)
        return index

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
        return QueryResult.from_solutions(self.store.select(text, prefixes=PREFIXES))

    def triple_count(self) -> int:
        """Number of triples in the store, over all document graphs (reads every quad: 2 s at 1,000
        departments; :meth:`document_count` is what the commands print)."""
        return self.store.triple_count()

    def document_count(self) -> int:
        """How many documents the store holds (one look-up per document)."""
        return catalogue.document_count(self.store)

    def close(self) -> None:
        """Close the store; the on-disk store can then be opened again."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _store_errors(store: Path | str | None) -> Iterator[None]:
    """A storage failure (full disk, read-only file system) as one line (StoreError), never a traceback."""
    try:
        yield
    except OSError as e:
        raise StoreError(f"cannot write to the store {store}: {short_reason(e)}") from None


def short_reason(e: OSError) -> str:
    """An OS or RocksDB error as a few words, without the storage engine's internals."""
    text = str(e)
    for marker in ("No space left on device", "Read-only file system", "Permission denied"):
        if marker in text:
            return marker.lower()
    return e.strerror or text.split(":")[0]


def _checksum(path: Path) -> str | None:
    """SHA-256 of the file's bytes (what the document's IRIs derive from); None when it cannot be read."""
    try:
        h = hashlib.sha256()
        with builtins_open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


_UNINDEXED = (
    "the store's text index is missing or does not cover this snapshot yet (a writer is rebuilding it, "
    "or an older budgetkg wrote it): this search read every text; "
    "`budgetkg init {store}` builds it again"
)


_OLDER_DOCUMENTS = (
    "{stale} of the store's {total} documents were stored by a budgetkg older than index version {need}, "
    "which this query reads ({names}): rows from them may be missing or incomplete; `budgetkg documents "
    "--older` lists them, and `budgetkg ingest FILES --force` stores them again"
)
_ANY = "ASK {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}"
_OLDER_STORE = (
    "the store holds documents but no {names}, which budgetkg writes at ingest: if they have what this "
    "query reads, an older budgetkg stored them; `budgetkg ingest FILES --force` stores them again"
)


def _listed(predicates: list[str], most: int = 3) -> str:
    """The first few predicates, short ("bkg:a, bkg:b, bkg:c and 2 more")."""
    shown = ", ".join(_short(p) for p in predicates[:most])
    return shown + (f" and {len(predicates) - most} more" if len(predicates) > most else "")


def _short(predicate: str) -> str:
    return "bkg:" + predicate.removeprefix(BKG) if predicate.startswith(BKG) else f"<{predicate}>"


def _empty_notes(q: SavedQuery, given: dict[str, str], result: QueryResult) -> list[str]:
    """An empty answer to a text filter is fine, but the user hears which filter matched nothing."""
    if result.rows:
        return []
    texts = [f"{p.name}={given[p.name]!r}" for p in q.params if p.name in given and p.type == "text"]
    return [f"no rows: nothing matches {' and '.join(texts)}"] if texts else []


def _finding(f: Any) -> dict[str, Any]:
    """A validation finding as a DocumentResult finding (slug, severity, message and the figures)."""
    where = f.where()
    return {
        "slug": f.rule,
        "severity": f.severity,
        "message": (f"{where}: " if where else "") + f.message_en,
        **f.to_dict(),
    }


def _rejected(path: Path, settled: Settlement) -> DocumentResult:
    """The result of a document whose graph breaks a structural shape beyond quarantine (nothing stored)."""
    validation = settled.validation
    first = validation.violations[0]
    error = (
        f"extraction bug: the graph breaks {len(validation.violations)} structural rule(s), not stored; "
        f"first: [{first.rule}] {first.where() or first.focus}: {first.message_en}; "
        f"not stored in part: {settled.refused}"
    )
    findings = [_finding(f) for f in validation.violations]
    return DocumentResult(path=str(path), ok=False, error=error, graph=validation.graph, findings=findings)


def convert(
    paths: list[str | Path],
    out: str | Path,
    *,
    dask: Any = None,
    progress: Callable[[int, int, DocumentResult], None] | None = None,
    **options: Any,
) -> IngestReport:
    """Read, extract, build and validate files as ingest does, with no store: ``OUT/NAME.nq`` + ``.json``.

    The ``.nq`` holds what ingest would store (one named graph), the ``.json``
    the document's report; :meth:`KnowledgeGraph.load` loads a folder of them.
    ``options`` override :class:`Settings`; ``jobs`` > 1 converts in that many
    worker processes under the per-document limits. ``dask`` (a scheduler's
    address or a ``distributed`` cluster) spreads the documents over a Dask
    cluster instead (:func:`budgetkg.batch.spread.on_dask`). ``progress(done,
    total, result)`` is called as each document finishes.
    """
    from .batch import spread
    from .converted import convert_documents

    kg = KnowledgeGraph(Settings(**{**options, "store": None}))
    s = kg.settings
    converter = None
    if dask is not None:
        converter = spread.on_dask(dask, {k: v for k, v in options.items() if k != "store"})
    elif s.jobs > 1 and s.isolate and worker.available():
        worker.preload()
        converter = spread.in_workers(kg, s.jobs, (s.document_timeout, s.memory_limit_mb), s.debug)
    try:
        files = expand_paths(paths, kg.settings.suffixes)
        return IngestReport(convert_documents(kg, files, Path(out), converter, progress))
    finally:
        kg.close()


def open(store: str | Path | None = None, mode: str = "write", **options: Any) -> KnowledgeGraph:  # noqa: A001
    """Open a knowledge graph store; ``options`` override :class:`Settings`.

    ``store`` is a directory (the embedded store), a SPARQL server's URL, or
    None (the default): a store in memory, gone when closed, as ``Settings(store=None)``
    says (the CLI's own default, ``./budgetkg-data``, is the CLI's: a library call
    never writes into the working directory unasked).
    ``mode="write"`` (the default) creates the store if missing and lets
    :meth:`KnowledgeGraph.ingest` write, one writer at a time (others wait
    ``Settings.wait`` seconds); ``mode="read"`` refuses a path that holds no
    store and never writes. Readers never wait for a writer.
    """
    settings = Settings(store=location(store), **options)
    return KnowledgeGraph(settings, mode)
