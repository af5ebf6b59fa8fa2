"""Figures of the explanation chapters and glossary terms as RDF.

A stated figure (``bkg:StatedFigure``) carries its amount or count, unit,
measure, the year it is of (``bkg:referenceYear``: vehicles held at the end
of 2023) and, where the sentence gives it, its change on the previous
year (size, direction, percent); ``bkg:statedIn`` points at the sentence
(``bkg:Sentence``) whose text it was read from. Figures are not Data Cube
observations: they are not printed in a table, and a sentence may restate a
table's figure in other words.

A glossary term (``bkg:GlossaryTerm``) has its term and definition as
printed, ``skos:prefLabel`` and ``skos:definition`` in Chinese.
"""

from __future__ import annotations

from ..extract.facts import GlossaryTerm, StatedFigure
from ..extract.records import BudgetRecords
from .graph import GraphBuilder
from .mint import code_concept, measure_concept
from .namespaces import BKG, DCTERMS, RDF, SKOS
from .terms import literal as _lit
from .terms import year_literal as _year

UNITS = {"万元": "wan-yuan", "辆": "vehicle", "台": "set", "%": "percent"}


def add_narrative(b: GraphBuilder, records: BudgetRecords, dept: str) -> None:
    """The document's stated figures with their sentences, and its glossary."""
    sentences: dict[str, str] = {}
    for i, figure in enumerate(records.stated_figures, start=1):
        _figure(b, dept, records.department.year, i, figure, sentences)
    for i, term in enumerate(records.glossary, start=1):
        _term(b, i, term)


def _figure(
    b: GraphBuilder, dept: str, year: int | None, index: int, f: StatedFigure, sentences: dict[str, str]
) -> None:
    doc = b.minter.document
    iri = f"{doc}/figure/{index}"
    b.add(iri, RDF + "type", BKG + "StatedFigure")
    b.add(iri, DCTERMS + "source", doc)
    b.add(iri, BKG + "department", dept)
    b.add(iri, BKG + "topic", _lit(f.topic))
    if f.measure:
        b.add(iri, BKG + "measure", measure_concept(f.measure))
    b.add(iri, BKG + "itemName", _lit(f.item, lang="zh"))
    b.add(iri, BKG + "fiscalYear", _year(year))
    b.add(iri, BKG + "referenceYear", _year(f.year))
    if f.value is not None:
        b.add(iri, BKG + "amount", _lit(f.value))
    b.add(iri, BKG + "unit", code_concept("unit", UNITS.get(f.unit, "count")))
    if f.change is not None:
        b.add(iri, BKG + "changeAmount", _lit(f.change))
    if f.direction:
        b.add(iri, BKG + "changeDirection", _lit(f.direction))
    if f.change_percent is not None:
        b.add(iri, BKG + "changePercent", _lit(f.change_percent))
    b.add(iri, BKG + "statedIn", _sentence(b, f, sentences))
    b.provenance(iri, f.prov)


def _sentence(b: GraphBuilder, f: StatedFigure, sentences: dict[str, str]) -> str:
    """The sentence resource of a figure's text, one per distinct sentence."""
    if f.sentence not in sentences:
        iri = f"{b.minter.document}/sentence/{len(sentences) + 1}"
        sentences[f.sentence] = iri
        b.add(iri, RDF + "type", BKG + "Sentence")
        b.add(iri, DCTERMS + "isPartOf", b.minter.document)
        b.add(iri, BKG + "text", _lit(f.sentence, lang="zh"))
        b.provenance(iri, f.prov)
    return sentences[f.sentence]


def _term(b: GraphBuilder, index: int, t: GlossaryTerm) -> None:
    iri = f"{b.minter.document}/term/{index}"
    b.add(iri, RDF + "type", BKG + "GlossaryTerm")
    b.add(iri, DCTERMS + "isPartOf", b.minter.document)
    b.add(iri, SKOS + "prefLabel", _lit(t.term, lang="zh"))
    b.add(iri, SKOS + "definition", _lit(t.definition, lang="zh"))
    if t.category:
        b.add(iri, BKG + "glossaryGroup", _lit(t.category, lang="zh"))
    b.provenance(iri, t.prov)
