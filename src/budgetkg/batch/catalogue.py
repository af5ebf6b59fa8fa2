"""The store's catalogue: one entry per stored document, in a named graph of its own.

An entry's subject is the document's graph IRI; it records what the
document's own graph does not: the path the file was ingested from, when,
and with which status. Department, year, checksum, triples and findings are
read from the documents' graphs, so the listing never disagrees with them.
The entry is written in the same transaction as the document's graph
(:mod:`.staging`), and removed with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from ..rdf.index_version import INDEX_VERSION, is_current
from ..rdf.namespaces import BKG, DCTERMS, RDF, RDFS, XSD

CATALOGUE_GRAPH = "https://w3id.org/budgetkg/catalogue"
ENTRY = BKG + "CatalogueEntry"
SOURCE_PATH = BKG + "sourcePath"
INGESTED_AT = BKG + "ingestedAt"
STATUS = BKG + "ingestStatus"
VERSION_PREDICATE = BKG + "indexVersion"  # the ingest-time index its graph was built with (rdf/index_version)


def entry_triples(
    graph: str, source_path: str, status: str, index_version: int | None, when: datetime | None = None
) -> list[ox.Triple]:
    """The catalogue entry of one document's graph; ``index_version`` is the index version of the
    budgetkg that built the graph (None when not known: a file converted before versions were recorded)."""
    when = when or datetime.now(UTC)
    s = ox.NamedNode(graph)
    stamp = when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    entry = [
        ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(ENTRY)),
        ox.Triple(s, ox.NamedNode(SOURCE_PATH), ox.Literal(source_path)),
        ox.Triple(s, ox.NamedNode(INGESTED_AT), ox.Literal(stamp, datatype=ox.NamedNode(XSD + "dateTime"))),
        ox.Triple(s, ox.NamedNode(STATUS), ox.Literal(status)),
    ]
    if index_version is not None:
        version = ox.Literal(str(index_version), datatype=ox.NamedNode(XSD + "integer"))
        entry.append(ox.Triple(s, ox.NamedNode(VERSION_PREDICATE), version))
    return entry


@dataclass
class StoredDocument:
    """One document the store holds, as ``budgetkg documents`` lists it."""

    graph: str
    file: str | None
    department: str | None
    year: int | None
    checksum: str | None
    status: str | None
    triples: int | None  # None: not counted (a batch's look at what is stored: see stored_documents)
    findings: int | None
    ingested_at: str | None
    path: str | None
    ocr: dict[str, Any] | None = None  # how scanned pages were read (bkg:OcrReading), as ingest reports it
    index_version: int | None = None  # the ingest-time index it was built with; None: not recorded (older)

    def ocr_text(self) -> str:
        """The OCR reading in a few words for the listing ("" when no page was OCR'd); JSON has all of it."""
        o = self.ocr
        if not o:
            return ""
        return f"{len(o['pages'])} pages, {o['corrected']} fixed, {o['still_failing']} failing"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def older_index(self) -> bool:
        """Catalogued (ingested or loaded) by a budgetkg older than this one's index (rdf/index_version.py);
        a graph put in the store some other way has no entry, and no version to compare."""
        return self.ingested_at is not None and not is_current(self.index_version, INDEX_VERSION)

    def matches(self, key: str) -> bool:
        """Whether ``key`` names this document: file name, path, graph IRI or checksum prefix (8+ hex)."""
        if key in (self.file, self.path, self.graph):
            return True
        return len(key) >= 8 and self.checksum is not None and self.checksum.startswith(key.lower())


_LIST = f"""
PREFIX bkg: <{BKG}>
PREFIX dcterms: <{DCTERMS}>
PREFIX rdfs: <{RDFS}>
SELECT ?g ?file ?department ?year ?checksum ?status ?at ?path ?version WHERE {{
  GRAPH ?g {{
    ?doc a bkg:BudgetDocument .
    OPTIONAL {{ ?doc bkg:sourceFile ?file }}
    OPTIONAL {{ ?doc bkg:checksum ?checksum }}
    OPTIONAL {{ ?doc bkg:fiscalYear ?y }}
    OPTIONAL {{ ?doc dcterms:publisher/rdfs:label ?department }}
  }}
  OPTIONAL {{
    GRAPH <{CATALOGUE_GRAPH}> {{
      ?g bkg:sourcePath ?path ; bkg:ingestedAt ?at ; bkg:ingestStatus ?status .
    }}
  }}
  OPTIONAL {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?g bkg:indexVersion ?version }} }}
  BIND(STR(?y) AS ?year)
}}
"""

_COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""

_FINDINGS = f"""
SELECT ?g (COUNT(?f) AS ?n) WHERE {{ GRAPH ?g {{ ?f a <{BKG}Finding> }} }} GROUP BY ?g
"""


_OCR = f"""
PREFIX bkg: <{BKG}>
SELECT ?g ?engine ?version ?lang ?confidence ?corrected ?failing (GROUP_CONCAT(STR(?page)) AS ?pages) WHERE {{
  GRAPH ?g {{
    ?doc a bkg:BudgetDocument ; bkg:ocrReading ?r .
    ?r bkg:ocrEngine ?engine ; bkg:ocrEngineVersion ?version ; bkg:ocrLanguage ?lang ;
       bkg:meanConfidence ?confidence ; bkg:figuresCorrected ?corrected ; bkg:sumsFailing ?failing .
    OPTIONAL {{ ?r bkg:page ?page }}
  }}
}} GROUP BY ?g ?engine ?version ?lang ?confidence ?corrected ?failing
"""


def _ocr(store: Any) -> dict[str, dict[str, Any]]:
    """Each OCR'd document's reading, by graph, with the ingest report's keys."""
    out = {}
    for s in store.select(_OCR):
        out[str(s["g"].value)] = {
            "engine": str(s["engine"].value),
            "version": str(s["version"].value),
            "lang": str(s["lang"].value),
            "pages": sorted(int(p) for p in str(s["pages"].value).split()),
            "mean_confidence": float(s["confidence"].value),
            "corrected": int(s["corrected"].value),
            "still_failing": int(s["failing"].value),
        }
    return out


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


_VERSIONS = f"""
SELECT ?version (COUNT(?g) AS ?n) WHERE {{
  GRAPH <{CATALOGUE_GRAPH}> {{ ?g a <{ENTRY}> OPTIONAL {{ ?g <{VERSION_PREDICATE}> ?version }} }}
}} GROUP BY ?version
"""


def index_versions(store: Any) -> dict[int | None, int]:
    """How many catalogued documents were built with each index version (None: not recorded)."""
    out: dict[int | None, int] = {}
    for s in store.select(_VERSIONS):
        version = _integer(s["version"])
        out[version] = out.get(version, 0) + int(s["n"].value)
    return out


_DOCUMENTS = f"""
SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?doc a <{BKG}BudgetDocument> }} }}
"""


def document_count(store: Any) -> int:
    """How many documents the store holds (graphs with a bkg:BudgetDocument): one look-up per document,
    where the store's triple count reads every quad (2 s at 1,000 departments)."""
    return int(next(iter(store.select(_DOCUMENTS)))["n"].value)


def _integer(term: Any) -> int | None:
    value = _value(term)
    return int(value) if value is not None and value.isdigit() else None


def stored_documents(store: Any, counts: bool = True) -> list[StoredDocument]:
    """Every document the store holds, by file name then graph.

    ``counts=False``: without each document's triples and findings counted (None): what a batch needs to
    skip unchanged files and spot duplicates, and what removing one needs to find it. Counting triples
    reads every quad of the store (6 s at 1,000 departments, a minute at 10,000), which an ingest of
    one more document must not wait for.
    """
    triples = {str(s["g"].value): int(s["n"].value) for s in store.select(_COUNTS)} if counts else None
    findings = {str(s["g"].value): int(s["n"].value) for s in store.select(_FINDINGS)} if counts else None
    ocr = _ocr(store)
    out: dict[str, StoredDocument] = {}
    for s in store.select(_LIST):
        g = str(s["g"].value)
        if g in out:  # a second department label or year: keep the first
            continue
        out[g] = StoredDocument(
            graph=g,
            file=_value(s["file"]),
            department=_value(s["department"]),
            year=_integer(s["year"]),
            checksum=_value(s["checksum"]),
            status=_value(s["status"]),
            triples=triples.get(g, 0) if triples is not None else None,
            findings=findings.get(g, 0) if findings is not None else None,
            ingested_at=_value(s["at"]),
            path=_value(s["path"]),
            ocr=ocr.get(g),
            index_version=_integer(s["version"]),
        )
    return sorted(out.values(), key=lambda d: (d.file or "", d.graph))


def find_documents(documents: list[StoredDocument], key: str) -> list[StoredDocument]:
    """The stored documents ``key`` names (see :meth:`StoredDocument.matches`)."""
    return [d for d in documents if d.matches(key)]
