"""Conversion as a unit of batch work: documents to N-Quads files, and such files into a store.

``convert`` runs ingest's own steps on each document (read, extract, build,
check the codes, validate, quarantine) with no store: what ingest would
store is written to ``OUT/NAME.nq`` (one named graph) and the document's
report to ``OUT/NAME.json``. Any batch system can run it, a file or a
thousand at a time, on as many machines as it likes.

What cannot be decided one document at a time is left to ``load``: the code
lists. Ingest checks each document's printed codes against the code lists
*as the documents before it left them* (a code first printed by an earlier
document, under another name, is a conflict recorded in this document's
graph). So the ``.nq`` holds the graph without its code-conflict triples,
the ``.json`` the codes the document prints; ``load`` checks them in file
order against the store's code lists, adds the conflicts to each graph and
the new codes to the code-list graph, as ingest would have. Converting then
loading the same files gives the store ingesting them gives, quad for quad.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .batch.catalogue import CATALOGUE_GRAPH, entry_triples
from .batch.staging import standing_in
from .codes import CodeRegistry, CodeUpdate, load_registry
from .codes.conflicts import conflict_triples
from .rdf.index_version import INDEX_VERSION
from .read.model import Provenance
from .store import OxigraphStore, Store
from .vocabulary import store_vocabulary

NQ, REPORT = ".nq", ".json"
_CONFLICT = "/code-conflict/"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


class _Recording:
    """The code lists as the files give them, recording what a document prints; learns nothing."""

    def __init__(self, registry: CodeRegistry) -> None:
        self._registry = registry
        self.printed: list[tuple[str, str, Provenance | None]] = []
        self.source = ""
        self.update: CodeUpdate | None = None

    def check(
        self, printed: list[tuple[str, str, Provenance | None]], source: str, scheme: str | None = None
    ) -> CodeUpdate:
        self.printed, self.source = list(printed), source
        self.update = self._registry.check(printed, source, scheme)
        return self.update

    def apply(self, update: CodeUpdate) -> None:
        """Codes are learned by ``load``, in the order the documents are loaded."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._registry, name)


def nquads(graph: str, triples: list[ox.Triple]) -> bytes:
    """Triples as N-Quads lines in ``graph`` (N-Triples escapes line breaks: " .\\n" ends each line)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return data.replace(b" .\n", f" <{graph}> .\n".encode())


@dataclass
class Converted:
    """One converted document: its result, and (when it converted) its N-Quads and load section."""

    result: Any  # api.DocumentResult
    nquads: bytes | None = None
    load: dict[str, Any] | None = None


def convert_one(kg: Any, path: Path, seed: CodeRegistry) -> Converted:
    """Convert one file as ``kg`` would ingest it, against the code lists ``seed``; writes nothing.

    Needs no store and nothing from other documents, so it runs anywhere: in
    this process, a worker process (``--jobs``) or a Dask worker (``--dask``).
    """
    codes = _Recording(seed)
    with standing_in(kg) as captured:
        result = kg._ingest_one(path, codes)
    if not result.ok or captured.graph is None:
        return Converted(result)
    graph, document = captured.graph, _document(captured.triples)
    kept = _without_conflicts(captured.triples, seed, codes.update, document)
    load = {
        "graph": graph,
        "document": document,
        "source": codes.source,
        "codes": [[c, n, asdict(p) if p else None] for c, n, p in codes.printed],
        "path": result.path,  # the catalogue entry ingest would write
        "status": getattr(result, "status", "ok"),
        "index_version": INDEX_VERSION,  # the index this graph was built with (rdf/index_version.py)
    }
    data = nquads(graph, kept)
    load["sha256"] = hashlib.sha256(data).hexdigest()  # load refuses a file cut short or changed since
    return Converted(result, data, load)


Converter = Callable[[list[Path]], Iterator[tuple[int, Converted]]]


def convert_documents(
    kg: Any,
    paths: list[Path],
    out: Path,
    converter: Converter | None = None,
    progress: Callable[[int, int, Any], None] | None = None,
) -> list[Any]:
    """Convert each file as ``kg`` would ingest it; write ``OUT/NAME.nq`` and ``OUT/NAME.json``.

    Returns the :class:`~budgetkg.api.DocumentResult` of each file, in the
    order of ``paths``. A file that fails gets its ``.json`` (with the reason)
    and no ``.nq``. ``converter(paths)`` yields ``(index, Converted)`` in
    any order (worker processes, a Dask cluster); by default each file is
    converted here, one after another. ``progress(done, total, result)`` is
    called before the first document (``result`` None) and after each one.
    """
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    names = [_name(path, taken) for path in paths]
    if converter is None:
        seed = load_registry()
        converter = lambda ps: ((i, convert_one(kg, p, seed)) for i, p in enumerate(ps))  # noqa: E731
    results: dict[int, Any] = {}
    if progress:
        progress(0, len(paths), None)
    for i, converted in converter(paths):
        results[i] = converted.result
        write_converted(out, names[i], converted)
        if progress:
            progress(len(results), len(paths), converted.result)
    return [results[i] for i in range(len(paths))]


def write_converted(out: Path, name: str, converted: Converted) -> None:
    """``OUT/NAME.nq`` (when the document converted) and ``OUT/NAME.json``."""
    report = converted.result.to_dict()
    (out / f"{name}{NQ}").unlink(missing_ok=True)
    if converted.nquads is not None:
        (out / f"{name}{NQ}").write_bytes(converted.nquads)
        report["load"] = converted.load
    (out / f"{name}{REPORT}").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def _name(path: Path, taken: set[str]) -> str:
    """The output name of a file: its stem, numbered when another input of the run has it."""
    name, n = path.stem, 1
    while name in taken:
        n += 1
        name = f"{path.stem}-{n}"
    taken.add(name)
    return name


def _document(triples: list[ox.Triple]) -> str:
    from .validate.engine import document_of  # loaded already: converting validated the document

    document = document_of(triples)
    assert document is not None, "a stored graph always has its bkg:BudgetDocument"
    return document


def _conflicts(registry: CodeRegistry, update: CodeUpdate | None, document: str) -> list[ox.Triple]:
    """The triples ingest adds to a document's graph for the conflicts of ``update``."""
    if update is None:
        return []
    return [
        t
        for c in update.conflicts
        for t in conflict_triples(c, registry.schemes, prefix=document, document=document)
    ]


def _without_conflicts(
    triples: list[ox.Triple], registry: CodeRegistry, update: CodeUpdate | None, document: str
) -> list[ox.Triple]:
    """The graph minus the conflict triples its check against the code-list files added."""
    drop = set(map(str, _conflicts(registry, update, document)))
    return [t for t in triples if str(t) not in drop]


# -- load -------------------------------------------------------------------
def converted_files(folder: Path) -> list[Path]:
    """The ``.nq`` files of a folder (its sub-folders too), in file-name order: the order they load in."""
    return sorted((p for p in folder.rglob(f"*{NQ}") if p.is_file()), key=lambda p: (p.name, str(p)))


def load_documents(store: Store, files: list[Path]) -> list[str]:
    """Load converted documents into a store as ingest would have stored them; returns their graphs.

    Each file's codes are checked against the store's code lists in file
    order (new codes learned, conflicts added to its graph), then the
    graphs are written: by the bulk loader into an embedded store, one
    Graph Store ``PUT`` per document into a server. The code-list graph is
    saved last. A graph already in the store is replaced.
    """
    reports = [_checked(nq) for nq in files]  # every file is read once before anything is written
    with store.writing():
        codes = load_registry(store)

        def documents() -> Iterator[tuple[str, bytes]]:
            for nq, meta in zip(files, reports, strict=True):
                printed = [(c, n, _provenance(p)) for c, n, p in meta["codes"]]
                update = codes.check(printed, meta["source"])
                extra = _conflicts(codes, update, meta["document"])
                codes.apply(update)
                yield meta["graph"], nq.read_bytes() + nquads(meta["graph"], extra)

        graphs = [m["graph"] for m in reports]
        if isinstance(store, OxigraphStore):
            store.bulk_load(
                io.BufferedReader(ChunkReader(data for _, data in documents()), 1 << 20), replace=graphs
            )
            store.optimize()  # compacted: a bulk-loaded store's look-ups search every load's files
        else:
            for graph, data in documents():
                quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
                store.replace_graph(graph, [ox.Triple(q.subject, q.predicate, q.object) for q in quads])
        store_vocabulary(store, codes)  # code lists, ontology and structures, as ingest leaves them
        _catalogue(store, reports)
        store.flush()
    return graphs


def _catalogue(store: Store, reports: list[dict[str, Any]]) -> None:
    """The loaded documents' catalogue entries (path, time, status), replacing any they had."""
    loaded = {m["graph"] for m in reports}
    kept = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads(CATALOGUE_GRAPH)
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value in loaded)
    ]
    for m in reports:
        version = m.get("index_version")  # None: converted before versions were recorded
        version = version if type(version) is int else None
        kept += entry_triples(m["graph"], m.get("path", m["source"]), m.get("status", "ok"), version)
    store.replace_graph(CATALOGUE_GRAPH, kept)


class LoadError(ValueError):
    """A converted file that cannot be loaded (nothing is loaded then)."""


def _checked(nq: Path) -> dict[str, Any]:
    """The load section of a converted document's report, after checking its ``.nq`` parses."""
    report = nq.with_suffix(REPORT)
    try:
        meta = json.loads(report.read_text(encoding="utf-8")).get("load")
    except FileNotFoundError:
        raise LoadError(f"{nq}: no report {report.name} beside it (convert writes both)") from None
    except (ValueError, AttributeError):
        raise LoadError(f"{report}: not a converted document's report") from None
    if not isinstance(meta, dict) or not {"graph", "document", "source", "codes"} <= set(meta):
        raise LoadError(f"{report}: not a converted document's report (no load section)")
    try:
        for _ in ox.parse(path=nq, format=ox.RdfFormat.N_QUADS):
            pass
    except SyntaxError as e:
        raise LoadError(f"{nq}: not N-Quads ({str(e).splitlines()[0]})") from None
    if "sha256" in meta and _sha256(nq) != meta["sha256"]:  # (reports written before it have none)
        raise LoadError(f"{nq}: not the file convert wrote (cut short or changed since: its SHA-256 differs)")
    return meta


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _provenance(p: dict[str, Any] | None) -> Provenance | None:
    if p is None:
        return None
    bbox = p.get("bbox")
    return Provenance(**{**p, "bbox": tuple(bbox) if bbox else None})


class ChunkReader(io.RawIOBase):
    """A binary stream over byte chunks, so the bulk loader reads one document after another
    with nothing on disk; ``bytes`` counts what was read."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self.bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        self.bytes += size
        return size
