"""The code lists at ingest: what a document prints, checked against the registry.

Every (code, name) a document prints in a coded table, and every code its
budget lines carry, is checked: a code not yet listed is added (with its
parents by prefix, as concepts first seen in this document); a code printed
under another name is recorded as a conflict in the document's own graph, so
it goes away or is recomputed when the document is re-ingested.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..extract.records import BudgetRecords, Finding
from ..extract.tables import LogicalTable
from ..rdf.mint import Minter
from ..read.model import Document, Provenance
from .conflicts import conflict_triples, update_findings
from .registry import CodeRegistry, CodeUpdate
from .scan import document_codes


def printed_codes(
    doc: Document | None, records: BudgetRecords, tables: list[LogicalTable] | None = None
) -> list[tuple[str, str, Provenance | None]]:
    """(code, name, provenance) of every coded row of the document and every budget line.

    ``tables``: the document's logical tables when extraction grouped them already.
    """
    out: list[tuple[str, str, Provenance | None]] = []
    if doc is not None:
        out.extend((c.code, c.name, c.prov) for c in document_codes(doc, tables))
    out.extend((ln.code, ln.name, ln.prov) for ln in records.function_lines if ln.code)
    return out


def check_document(
    registry: CodeRegistry,
    doc: Document | None,
    records: BudgetRecords,
    base: str,
    tables: list[LogicalTable] | None = None,
) -> tuple[CodeUpdate, list[ox.Triple], list[Finding]]:
    """The registry update, the conflict triples for the document graph, and findings.

    Nothing changes in the registry until :meth:`CodeRegistry.apply` is called
    with the update (after the document graph was stored). ``tables``: the
    document's logical tables (:func:`budgetkg.extract.extract_with_tables`), else grouped here.
    """
    minter = Minter(base, records.checksum)
    update = registry.check(printed_codes(doc, records, tables), records.source)
    triples = [
        t
        for c in update.conflicts
        for t in conflict_triples(c, registry.schemes, prefix=minter.document, document=minter.document)
    ]
    return update, triples, update_findings(update, registry.schemes)
