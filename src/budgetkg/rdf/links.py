"""Project-to-function links as RDF: one ``bkg:FunctionLink`` per project and function code.

A link is a resource rather than a plain triple so that it can say how it
was found: ``bkg:linkMethod`` (one value per method: stated, project-code,
amount, amount-set, name, goal, indicator), ``bkg:confidence`` (xsd:decimal,
0-1; 1 only for a link the document states) and an ``rdfs:comment`` in
English and one in Chinese listing every piece of evidence with its weight. ``bkg:linkedLine``
points at the 支出总表 line of the code. ``bkg:splitLink`` says whether the
project is linked to more than one code, and ``bkg:shareAmount`` what this
link can put under its line (materialised here so queries need not count).
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from ..extract.records import BudgetRecords
from ..link import FunctionLink, infer_function_links
from ..link.model import METHOD_ORDER, METHOD_ZH
from .graph import GraphBuilder
from .mint import function_concept
from .namespaces import BKG, RDF, RDFS
from .terms import decimal_literal as _decimal


def add_function_links(b: GraphBuilder, records: BudgetRecords) -> list[FunctionLink]:
    """Infer the document's links and add their triples; returns the links."""
    links = infer_function_links(records)
    codes: dict[int, set[str]] = {}
    for link in links:
        codes.setdefault(link.project, set()).add(link.code)
    on_line: dict[str, list[tuple[FunctionLink, Decimal | None, bool]]] = {}
    for link in links:
        iri = _link(b, link)
        split = len(codes[link.project]) > 1
        b.add(iri, BKG + "splitLink", ox.Literal(split))
        share = _share(records.projects[link.project - 1].amount, link, split)
        if share is not None:
            b.add(iri, BKG + "shareAmount", _decimal(share))
        if link.line is not None:
            on_line.setdefault(b.minter.line(link.line), []).append((link, share, split))
    for line, linked in on_line.items():
        b.add(line, BKG + "linkedProjects", ox.Literal(_listing(records, linked)))
    return links


def _listing(records: BudgetRecords, linked: list[tuple[FunctionLink, Decimal | None, bool]]) -> str:
    """A line's linked projects, surest first: 'name share (confidence[, split])'; the least sure end it."""
    parts = []
    for link, share, split in sorted(linked, key=lambda x: (-x[0].confidence, x[0].project)):
        amount = "?" if share is None else _money(share)
        how = f"{link.confidence}, split" if split else f"{link.confidence}"
        parts.append(f"{records.projects[link.project - 1].name} {amount} ({how})")
    return "; ".join(parts)


def _money(amount: Decimal) -> str:
    """An amount as budgets print it: at least two decimals."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        amount = amount.quantize(Decimal("0.01"))
    return format(amount, "f")


def _share(amount: Decimal | None, link: FunctionLink, split: bool) -> Decimal | None:
    """What a link can put under its line: the whole amount; split, at most the line's 项目支出."""
    if amount is None or not split:
        return amount
    line = link.line.project if link.line is not None else None
    return amount if line is None else min(amount, line)


def _link(b: GraphBuilder, link: FunctionLink) -> str:
    m = b.minter
    iri = m.function_link(link.project, link.code)
    b.add(iri, RDF + "type", BKG + "FunctionLink")
    b.add(iri, BKG + "project", m.project(link.project))
    b.add(iri, BKG + "functionClass", function_concept(link.code))
    b.add(iri, BKG + "functionCode", ox.Literal(link.code))
    if link.line is not None:
        b.add(iri, BKG + "linkedLine", m.line(link.line))
    for method in link.methods:
        b.add(iri, BKG + "linkMethod", ox.Literal(method))
    b.add(iri, BKG + "confidence", _decimal(link.confidence))
    # the reasons with their weights, strongest method first, as one text per language
    reasons = sorted(link.evidence, key=lambda e: (METHOD_ORDER.index(e.method), -e.confidence, e.note))
    en = "; ".join(f"{e.method} {e.confidence}: {e.note}" for e in reasons)
    zh = "；".join(f"{METHOD_ZH[e.method]} {e.confidence}：{e.note_zh or e.note}" for e in reasons)
    b.add(iri, RDFS + "comment", ox.Literal(en, language="en"))
    b.add(iri, RDFS + "comment", ox.Literal(zh, language="zh"))
    return iri
