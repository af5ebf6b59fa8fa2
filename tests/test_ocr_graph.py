"""The graph says a document was OCR'd: its bkg:OcrReading, the shape that checks it, `documents` showing it.

No OCR runs here: a text sample's records are given the OCR report a scan
would give (``extract.ocrfix.ocr_report``'s keys), so the RDF, the shape and
the listing are tested exactly and quickly.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from budgetkg.batch.catalogue import stored_documents
from budgetkg.cli import cli
from budgetkg.extract import BudgetRecords
from budgetkg.ontology import declared_terms, load_ontology
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import BKG, PROV, RDF, XSD
from budgetkg.store.oxigraph import OxigraphStore
from budgetkg.validate import VIOLATION, Validator

BASE = "https://w3id.org/budgetkg/id/"
N = ox.NamedNode
REPORT = {
    "engine": "tesseract",
    "version": "5.3.0",
    "lang": "chi_sim",
    "pages": [4, 5, 9],
    "mean_confidence": 0.886,
    "corrected": 2,
    "still_failing": 1,
}


@pytest.fixture(scope="module")
def scanned(records: dict[str, BudgetRecords]) -> BudgetRecords:
    r = copy.deepcopy(records["002"])
    r.ocr = dict(REPORT)
    return r


def _reading(triples: list[ox.Triple]) -> dict[str, list[str]]:
    doc = next(t.subject for t in triples if t.object == N(BKG + "BudgetDocument"))
    iri = next(t.object for t in triples if t.subject == doc and t.predicate == N(BKG + "ocrReading"))
    out: dict[str, list[str]] = {}
    for t in triples:
        if t.subject == iri:
            out.setdefault(t.predicate.value.rsplit("#", 1)[-1], []).append(t.object.value)
    return {k: sorted(v) for k, v in out.items()}


def test_the_document_records_how_it_was_ocrd(
    scanned: BudgetRecords, records: dict[str, BudgetRecords]
) -> None:
    _, triples = build_graph(scanned, BASE)
    assert _reading(triples) == {
        "type": [BKG + "OcrReading"],
        "used": [f"{BASE}doc/{scanned.checksum[:16]}"],
        "ocrEngine": ["tesseract"],
        "ocrEngineVersion": ["5.3.0"],
        "ocrLanguage": ["chi_sim"],
        "page": ["4", "5", "9"],
        "meanConfidence": ["0.886"],
        "figuresCorrected": ["2"],
        "sumsFailing": ["1"],
    }
    confidence = next(t.object for t in triples if t.predicate == N(BKG + "meanConfidence"))
    assert isinstance(confidence, ox.Literal) and confidence.datatype == N(XSD + "decimal")
    _, text = build_graph(records["002"], BASE)
    assert not [t for t in text if t.predicate == N(BKG + "ocrReading")]  # a text document says nothing


def test_every_ocr_term_is_declared_with_zh_and_en_labels(scanned: BudgetRecords) -> None:
    _, triples = build_graph(scanned, BASE)
    declared = declared_terms(load_ontology())
    reading = next(t.object for t in triples if t.predicate == N(BKG + "ocrReading"))
    terms = {BKG + "ocrReading", BKG + "OcrReading", PROV + "Activity"}
    terms |= {t.predicate.value for t in triples if t.subject == reading and t.predicate != N(RDF + "type")}
    assert {t for t in terms if not {"zh", "en"} <= declared.get(t, set())} == set()


def _corrupt(triples: list[ox.Triple], predicate: str, value: ox.Literal | None) -> list[ox.Triple]:
    kept = [t for t in triples if t.predicate != N(BKG + predicate)]
    reading = next(t.object for t in triples if t.predicate == N(BKG + "ocrReading"))
    return kept + ([ox.Triple(reading, N(BKG + predicate), value)] if value is not None else [])  # type: ignore[arg-type]


DEC, INT = N(XSD + "decimal"), N(XSD + "integer")
BROKEN = [
    ("meanConfidence", ox.Literal("1.01", datatype=DEC), "bkg:meanConfidence"),
    ("meanConfidence", ox.Literal("-0.01", datatype=DEC), "bkg:meanConfidence"),
    ("figuresCorrected", ox.Literal("-1", datatype=INT), "bkg:figuresCorrected"),
    ("sumsFailing", ox.Literal("one"), "bkg:sumsFailing"),
    ("ocrEngine", None, "bkg:ocrEngine"),
    ("page", ox.Literal("0", datatype=INT), "bkg:page"),
]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_the_reading_conforms_to_its_shape_at_its_boundaries(
    scanned: BudgetRecords, validator: Validator
) -> None:
    graph, triples = build_graph(scanned, BASE)
    clean = validator.validate(graph, triples)
    assert not [f for f in clean.findings if f.rule == "ocr-reading-structure"]
    edge = _corrupt(
        _corrupt(triples, "meanConfidence", ox.Literal("1", datatype=DEC)),
        "sumsFailing",
        ox.Literal("0", datatype=INT),
    )
    assert not [f for f in validator.validate(graph, edge).findings if f.rule == "ocr-reading-structure"]


@pytest.mark.parametrize(("predicate", "value", "path"), BROKEN, ids=[f"{b[0]}={b[1]}" for b in BROKEN])
def test_a_broken_reading_is_a_violation(
    scanned: BudgetRecords, validator: Validator, predicate: str, value: ox.Literal | None, path: str
) -> None:
    graph, triples = build_graph(scanned, BASE)
    found = validator.validate(graph, _corrupt(triples, predicate, value)).findings
    assert {(f.severity, f.rule, f.path) for f in found if f.rule == "ocr-reading-structure"} == {
        (VIOLATION, "ocr-reading-structure", path)
    }


def test_documents_shows_the_ocr_reading(
    scanned: BudgetRecords, records: dict[str, BudgetRecords], tmp_path: Path
) -> None:
    path = tmp_path / "kg"
    store = OxigraphStore(path)
    for r in (scanned, records["001"]):
        store.replace_graph(*build_graph(r, BASE))
    store.close()
    listed = {d.checksum: d for d in stored_documents(OxigraphStore(path, mode="read"))}
    assert listed[scanned.checksum].ocr == REPORT and listed[records["001"].checksum].ocr is None
    result = CliRunner().invoke(cli, ["documents", "--store", str(path), "--format", "json"])
    docs: list[dict[str, Any]] = json.loads(result.stdout)
    assert [d["ocr"] for d in docs] == [None, REPORT]  # by file name: 001, 002
    table = CliRunner().invoke(cli, ["documents", "--store", str(path)]).stdout
    line = next(ln for ln in table.splitlines() if scanned.checksum[:16] in ln)
    assert line.rstrip().endswith("│ 3 pages, 2 fixed, 1 failing │")
