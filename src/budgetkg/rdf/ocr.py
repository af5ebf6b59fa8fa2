"""How a document's scanned pages were read: its OCR reading, as RDF on the document.

A figure read by OCR is less certain than one taken from a text layer, so a
document with OCR'd pages says so in its own graph: ``bkg:ocrReading`` links
the document to a ``bkg:OcrReading`` (a ``prov:Activity``) naming the engine,
its version and language data, the pages read, the mean word confidence, how
many figures the tables' own sums corrected and how many sums still fail
after correction. Built from the report :func:`budgetkg.extract.ocrfix.ocr_report`
gives, so the ingest report, ``documents`` and the graph agree.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.records import BudgetRecords
from .graph import GraphBuilder
from .namespaces import BKG, PROV, RDF
from .terms import decimal_literal
from .terms import literal as _lit


def reading_iri(document: str) -> str:
    """The IRI of a document's OCR reading."""
    return f"{document}/ocr"


def add_ocr_reading(b: GraphBuilder, records: BudgetRecords) -> None:
    """The document's OCR reading, when some of its pages were read by OCR."""
    o = records.ocr
    if not o:
        return
    doc = b.minter.document
    iri = reading_iri(doc)
    b.add(doc, BKG + "ocrReading", iri)
    b.add(iri, RDF + "type", BKG + "OcrReading")
    b.add(iri, PROV + "used", doc)
    b.add(iri, BKG + "ocrEngine", _lit(str(o["engine"])))
    b.add(iri, BKG + "ocrEngineVersion", _lit(str(o["version"])))
    b.add(iri, BKG + "ocrLanguage", _lit(str(o["lang"])))
    for page in o["pages"]:
        b.add(iri, BKG + "page", _lit(int(page)))
    b.add(iri, BKG + "meanConfidence", decimal_literal(Decimal(str(o["mean_confidence"]))))
    b.add(iri, BKG + "figuresCorrected", _lit(int(o["corrected"])))
    b.add(iri, BKG + "sumsFailing", _lit(int(o["still_failing"])))
