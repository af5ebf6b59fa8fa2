"""The web pages' own queries read the indexes made at ingest (a code's lines by their code prefixes,
its links by their ancestors, a line's amounts on the line, a department's projects from its documents)
instead of testing every line of the store: at 1,000 departments a code page took 6-14 s and a department
page 10 s. Each must answer exactly what the plain definition (the text the pages used before) answers,
for every code the samples' lines and links print and every department."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

import budgetkg
from budgetkg.rdf.namespaces import BKG, PREFIXES
from budgetkg.rdf.summary import LEVELS
from budgetkg.server import pages

from .test_server_landing import Standin

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


# The pages at national scale: a department page asks each saved query for its department only (the whole
# `departments` answer of a national store is past the server's row limit), a code page lists at most
# CODE_ROWS lines and projects and links to the saved queries for the rest.

DEPT = "聊城市人力资源和社会保障局"


def page(coroutine: Any) -> str:
    return str(asyncio.run(coroutine))


def test_a_department_page_asks_for_its_department_only(kg: budgetkg.KnowledgeGraph) -> None:
    server = Standin(kg)
    iri = "https://w3id.org/budgetkg/id/org/" + DEPT
    text = page(pages._department(server, iri, DEPT))  # type: ignore[arg-type]
    asked = [name for name, _ in server.params]
    assert asked == ["departments", "three-public-expenses", "validation-issues"]
    assert all(params == {"department": DEPT} for _, params in server.params)
    documents = text.split("<h2>预算文件 Documents (合计 / 基本 / 项目)</h2>")[1].split("<h2>")[0]
    assert documents.count("<tr>") == 2 and "9,488.90" in documents  # its one budget, its 合计
    whole = kg.select("departments")
    k = whole.columns.index("department")
    assert kg.select("departments", department=DEPT).rows == [r for r in whole.rows if r[k] == DEPT]
    part = [r for r in whole.rows if "人力资源" in r[k]]  # a part of a name: the other queries' rule
    assert kg.select("departments", department="人力资源").rows == part and 1 < len(part) < len(whole.rows)


def code_page(kg: budgetkg.KnowledgeGraph, code: str) -> str:
    return page(pages._function_code(Standin(kg), FUNCTION + code, code))  # type: ignore[arg-type]


def body_rows(text: str, table: int) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", text.split("<table")[table + 1].split("</table>")[0])[1:]


@pytest.mark.parametrize("code", ["2080705", "208"])
def test_a_code_page_lists_at_most_code_rows(
    kg: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    """With as many rows as the cut a table is whole and links nowhere; one more than the cut, it shows
    the first rows of the whole list, in its order, and links to the saved query that lists them all."""
    whole = code_page(kg, code)
    lines, projects = body_rows(whole, 0), body_rows(whole, 1)
    assert len(lines) > 2 and len(projects) > 2 and len(lines) != len(projects)
    to_lines = f'<a href="/queries/function-subtree?code={code}">'
    to_projects = f'<a href="/queries/projects-by-function?function={code}">'
    assert to_lines not in whole and to_projects not in whole
    for n in (len(lines), len(projects)):
        monkeypatch.setattr(pages, "CODE_ROWS", n)
        cut = code_page(kg, code)
        assert body_rows(cut, 0) == lines[:n] and body_rows(cut, 1) == projects[:n]
        assert (f"the first {n} lines; all of them: {to_lines}" in cut) == (len(lines) > n)
        assert (f"the first {n} linked projects; all of them: {to_projects}" in cut) == (len(projects) > n)
        assert (to_lines in cut) == (len(lines) > n) and (to_projects in cut) == (len(projects) > n)


def test_a_worker_answers_a_page_and_refuses_one_past_the_row_limit(kg: budgetkg.KnowledgeGraph) -> None:
    from budgetkg.server.worker import answer

    job = {"op": "saved_page", "name": "departments", "params": {}, "offset": 1, "limit": 2, "max_rows": 2}
    status, (page, total) = answer(kg, job)
    whole = kg.select("departments")
    assert status == "ok" and total == len(whole.rows) == 5 and page.rows == whole.rows[1:3]
    assert page.columns == whole.columns
    refused = answer(kg, {**job, "limit": 3})
    assert refused[:2] == ("error", 400) and "more than 2 rows" in refused[2]
    whole_refused = answer(kg, {"op": "saved", "name": "departments", "params": {}, "max_rows": 4})
    assert whole_refused[:2] == ("error", 400) and "ask for it in pages: offset=0&limit=4" in whole_refused[2]


def test_a_code_page_with_more_than_a_page_of_the_codes_own_lines_reads_only_those(
    kg: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """208's own lines (a 类 code's line in each 支出总表) come first in the list's order: with fewer rows
    to a page than there are of them, the page is them, and the code's subtree is not asked for; with as
    many rows as them, it is (a sub-code's line may come next)."""
    assert pages.LINES_AT != pages.LINES_UNDER
    whole = body_rows(code_page(kg, "208"), 0)
    own = rows(kg, pages.LINES_AT.replace("CODE", '"208"'))
    assert 2 < len(own) < len(whole) and all(r[1] == '"208"' for r in own)
    for n, subtree in ((len(own) - 1, False), (len(own), True)):
        monkeypatch.setattr(pages, "CODE_ROWS", n)
        server = Standin(kg)
        cut = page(pages._function_code(server, FUNCTION + "208", "208"))  # type: ignore[arg-type]
        assert body_rows(cut, 0) == whole[:n]
        assert any("bkg:functionCodePrefix \"208\"" in text for text in server.sent) == subtree
