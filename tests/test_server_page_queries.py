"""The web pages' own queries read the indexes made at ingest (a code's lines by their code prefixes,
its links by their ancestors, a line's amounts on the line, a department's projects from its documents)
instead of testing every line of the store: at 1,000 departments a code page took 6-14 s and a department
page 10 s. Each must answer exactly what the plain definition (the text the pages used before) answers,
for every code the samples' lines and links print and every department."""

from __future__ import annotations

import pytest

import budgetkg
from budgetkg.rdf.namespaces import BKG, PREFIXES
from budgetkg.rdf.summary import LEVELS
from budgetkg.server import pages

FUNCTION = "https://w3id.org/budgetkg/code/function/"

# The definitions: every budget line whose code starts with the code, its amounts from its observations;
# every function link whose code starts with it; every project of every document, its publisher's.
LINES = pages.PFX + """
SELECT ?line ?code ?name ?dept ?dname ?doc ?file ?table ?title ?src ?total ?basic ?project WHERE {
  GRAPH ?g {
    ?line a bkg:BudgetLine ; bkg:functionCode ?code ; bkg:inTable ?table .
    FILTER(STRSTARTS(?code, CODE))
    ?table bkg:tableKind "expenditure" ; dcterms:isPartOf ?doc .
    ?doc bkg:sourceFile ?file ; dcterms:publisher ?dept .
    ?dept rdfs:label ?dname .
    OPTIONAL { ?line bkg:itemName ?name }
    OPTIONAL { ?table dcterms:title ?title }
    OPTIONAL { ?line bkg:sourceLine ?src }
    OPTIONAL { ?o1 bkg:budgetLine ?line ; bkg:measure measure:total ; bkg:amount ?total }
    OPTIONAL { ?o2 bkg:budgetLine ?line ; bkg:measure measure:basic ; bkg:amount ?basic }
    OPTIONAL { ?o3 bkg:budgetLine ?line ; bkg:measure measure:project ; bkg:amount ?project }
  }
} ORDER BY ?code ?dname ?file"""
PROJECTS = pages.PFX + """
SELECT ?p ?label ?amount ?type ?doc ?file ?table ?title ?src WHERE {
  GRAPH ?g {
    ?p a bkg:Project ; rdfs:label ?label ; dcterms:source ?doc .
    ?doc dcterms:publisher <IRI> ; bkg:sourceFile ?file .
    OPTIONAL { ?p bkg:amount ?amount } OPTIONAL { ?p bkg:projectType ?type }
    OPTIONAL { ?p <http://www.w3.org/ns/prov#wasDerivedFrom> ?table OPTIONAL { ?table dcterms:title ?title } }
    OPTIONAL { ?p bkg:sourceLine ?src }
  }
} ORDER BY ?file DESC(?amount)"""


def rows(kg: budgetkg.KnowledgeGraph, text: str) -> list[tuple[str, ...]]:
    result = kg.store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
    return [tuple(str(t) for t in s) for s in result]


def codes(kg: budgetkg.KnowledgeGraph) -> list[str]:
    """Every prefix of 3 digits or more of every function code the samples print (lines and links)."""
    found = {s[0] for s in rows(kg, f"SELECT DISTINCT ?c WHERE {{ ?x <{BKG}functionCode> ?c }}")}
    return sorted({c.strip('"')[:n] for c in found for n in range(3, len(c.strip('"')) + 1)})


def test_a_codes_lines_and_links_are_the_string_tests(kg: budgetkg.KnowledgeGraph) -> None:
    every = codes(kg)
    assert len(every) > 50 and any(len(c) not in LEVELS for c in every)  # 4- and 6-digit prefixes too
    answered = 0
    for code in every:
        literal = f'"{code}"'
        lines = rows(kg, pages.LINES_UNDER.replace("CODE", literal))
        assert lines == rows(kg, LINES.replace("CODE", literal)), code
        found = rows(kg, pages.projects_under(code, FUNCTION + code))
        plain = pages.PROJECTS_UNDER.replace("LINKS", pages.LINKS_UNDER_PREFIX).replace("CODE", literal)
        assert sorted(found) == sorted(rows(kg, plain)), code
        answered += bool(lines) + bool(found)
    assert answered > 50  # most codes have lines or links


@pytest.mark.parametrize("which", range(5))
def test_a_departments_projects_are_its_documents(kg: budgetkg.KnowledgeGraph, which: int) -> None:
    departments = sorted(
        s[0] for s in rows(kg, f"SELECT DISTINCT ?d WHERE {{ ?doc a <{BKG}BudgetDocument> ; "
                               "<http://purl.org/dc/terms/publisher> ?d }")
    )
    assert len(departments) == 5
    iri = departments[which]
    found = rows(kg, pages.DEPT_PROJECTS.replace("<IRI>", iri))
    assert found and found == rows(kg, PROJECTS.replace("<IRI>", iri))
