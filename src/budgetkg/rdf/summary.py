"""Figures materialised at ingest so the common questions stay cheap over a national corpus.

A query over 10,000 documents must not walk from every document to its
expenditure table, its 合计 line and three observations, nor climb the code
hierarchy with ``skos:broader*`` for every line: each of those is a join the
store repeats per document. So each document's graph also says, directly:

- on the document: its 支出总表 合计, 基本支出 and 项目支出
  (``bkg:totalAmount``, ``bkg:basicAmount``, ``bkg:projectAmount``), and
  ``bkg:statedMeasure`` for each of them only the text states (0.00);
- on each 支出总表 line: the same three amounts (with ``bkg:statedMeasure``
  likewise), and every function code it lies under, itself included
  (``bkg:functionAncestor``: 208, 20807, 2080705);
- on each function link: the codes its 项 lies under (``bkg:functionAncestor``).

These repeat what the observations and the code lists say (the observations
stay the data; these are an index), so they are derived here from the same
records and cannot disagree with them.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.records import BudgetRecords, FunctionLine
from .graph import GraphBuilder
from .mint import function_concept, measure_concept
from .namespaces import BKG
from .terms import literal as _lit

AMOUNTS = (("total", "totalAmount"), ("basic", "basicAmount"), ("project", "projectAmount"))
LEVELS = (3, 5, 7)  # 类, 款, 项


def ancestors(code: str) -> list[str]:
    """The function codes a code lies under, itself included: 2080705 -> 208, 20807, 2080705."""
    return [code[:n] for n in LEVELS if n <= len(code)]


def add_summary(b: GraphBuilder, records: BudgetRecords, links: list[tuple[str, str]]) -> None:
    """Materialise the document's totals, its lines' amounts and ancestors, and its links' ancestors.

    ``links`` are (link IRI, function code) pairs of the document's function links.
    """
    total = next((line for line in records.function_lines if line.is_total), None)
    if total is not None:
        _amounts(b, b.minter.document, total)
    for line in records.function_lines:
        iri = b.minter.line(line)
        _amounts(b, iri, line)
        for code in ancestors(line.code or ""):
            b.add(iri, BKG + "functionAncestor", function_concept(code))
    for iri, code in links:
        for ancestor in ancestors(code):
            b.add(iri, BKG + "functionAncestor", function_concept(ancestor))


def _amounts(b: GraphBuilder, iri: str, line: FunctionLine) -> None:
    for attr, prop in AMOUNTS:
        amount: Decimal | None = getattr(line, attr)
        if amount is not None:
            b.add(iri, BKG + prop, _lit(amount))
        if attr in line.stated:
            b.add(iri, BKG + "statedMeasure", measure_concept(attr))
