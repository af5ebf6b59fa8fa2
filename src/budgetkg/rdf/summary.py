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
- on each function link: the codes its 项 lies under (``bkg:functionAncestor``);
- on each 支出总表 line, every prefix of its function code, the empty one and
  the code itself included (``bkg:functionCodePrefix``: "", 2, 20, 208 ...),
  and on each line with a 部门预算经济分类 code every prefix of that code
  (``bkg:economicCodePrefix``): a query's code prefix (302 gives 302 and its
  款) is then one index look-up, not a string test of every line;
- on each 一般公共预算基本支出表 line: its 基本支出 合计, 人员经费 and 公用经费
  (``bkg:basicAmount``, ``bkg:personnelAmount``, ``bkg:publicUseAmount``),
  with ``bkg:statedMeasure`` for each of them only the text states; and
  what ``spending-by-economic-class`` lists of the line in one string
  (``bkg:basicLineParts``, rdf/parts.py: its economic code, table and row
  numbers, the three amounts, the measures only the text states, its
  government economic code and its name), read in one look-up instead of
  nine.

These repeat what the observations and the code lists say (the observations
stay the data; these are an index), so they are derived here from the same
records and cannot disagree with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import product

from ..extract.facts import DisclosureLine
from ..extract.records import BudgetRecords, FunctionLine
from .graph import GraphBuilder
from .mint import function_concept, measure_concept
from .namespaces import BKG
from .observations import line_iri, row_number
from .parts import join_parts
from .terms import literal as _lit

AMOUNTS = (("total", "totalAmount"), ("basic", "basicAmount"), ("project", "projectAmount"))
LEVELS = (3, 5, 7)  # 类, 款, 项
# the 一般公共预算基本支出表's columns (measure slug, the line's property): 合计 is measure basic
BASIC_TABLE = "general-basic"
BASIC_AMOUNTS = (("basic", "basicAmount"), ("personnel", "personnelAmount"), ("public", "publicUseAmount"))


def ancestors(code: str) -> list[str]:
    """The function codes a code lies under, itself included: 2080705 -> 208, 20807, 2080705."""
    return [code[:n] for n in LEVELS if n <= len(code)]


def prefixes(code: str) -> list[str]:
    """Every prefix of a code, the empty one and the code itself included: 302 -> "", 3, 30, 302.

    A code parameter asks for the lines whose code starts with it (3, 30, 302 and 30201 all find
    30201), and the empty prefix is the one every code has: the lines of a query given no code.
    """
    return [code[:n] for n in range(len(code) + 1)]


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
        if line.code:
            for prefix in prefixes(line.code):
                b.add(iri, BKG + "functionCodePrefix", _lit(prefix))
    for iri, code in links:
        for ancestor in ancestors(code):
            b.add(iri, BKG + "functionAncestor", function_concept(ancestor))
    for disclosed in records.disclosure_lines:
        _economic(b, disclosed)


def _economic(b: GraphBuilder, line: DisclosureLine) -> None:
    """A disclosure line's economic code prefixes; on a 基本支出表 line also its three amounts."""
    iri = line_iri(b, line)
    for prefix in prefixes(line.econ_code or "") if line.econ_code else ():
        b.add(iri, BKG + "economicCodePrefix", _lit(prefix))
    if line.kind != BASIC_TABLE:
        return
    columns = _basic_columns(line)
    stated = _stated_measures(line, columns)
    for (measure, prop), amounts in zip(BASIC_AMOUNTS, columns, strict=True):
        for amount in amounts:
            b.add(iri, BKG + prop, _lit(amount))
        if measure in stated:
            b.add(iri, BKG + "statedMeasure", measure_concept(measure))
    for parts in basic_line_parts(line):
        b.add(iri, BKG + "basicLineParts", _lit(parts))


def basic_line_parts(line: DisclosureLine) -> Iterator[str]:
    """``bkg:basicLineParts`` of a 基本支出表 line: its economic code, table number, row number, 基本支出
    合计, 人员经费, 公用经费 (each amount's lexical form), the measures of those only the text states
    (``basic personnel public``, space-separated), its government economic code and, last, its name
    as printed; separated by tabs, an absent part empty (rdf/parts.py).

    One string per combination of its amounts: a line that carried two of one column gave a query
    reading the three properties a row per combination, and gives the same rows from these.
    """
    columns = _basic_columns(line)
    stated = " ".join(_stated_measures(line, columns))
    head = (line.econ_code, str(line.table), str(row_number(line)))
    choices: list[list[Decimal | None]] = [[*values] or [None] for values in columns]  # None: no amount
    for amounts in product(*choices):
        figures = tuple(None if a is None else str(a) for a in amounts)
        yield join_parts((*head, *figures, stated, line.gov_econ_code), line.name)


def _basic_columns(line: DisclosureLine) -> list[list[Decimal]]:
    """A 基本支出表 line's amounts in each of ``BASIC_AMOUNTS``' columns (a line may carry two of one).
    The table is one fund's (一般公共预算): its columns are amounts of that fund source."""
    return [[a.value for a in line.amounts if a.measure == m] for m, _ in BASIC_AMOUNTS]


def _stated_measures(line: DisclosureLine, columns: list[list[Decimal]]) -> list[str]:
    """The columns' measures whose figures only the text states (``bkg:statedMeasure``), in column order."""
    return [m for (m, _), values in zip(BASIC_AMOUNTS, columns, strict=True) if values and line.stated]


def _amounts(b: GraphBuilder, iri: str, line: FunctionLine) -> None:
    for attr, prop in AMOUNTS:
        amount: Decimal | None = getattr(line, attr)
        if amount is not None:
            b.add(iri, BKG + prop, _lit(amount))
        if attr in line.stated:
            b.add(iri, BKG + "statedMeasure", measure_concept(attr))
