"""The landing page at national scale: counts without a pass over every quad, and lists cut at
``LANDING_ROWS`` (a store of 10,000 departments would exceed the server's row limit).

The page is built in-process over the samples' store, through a stand-in for the server that runs the
same queries and saved queries the workers would; ``LANDING_ROWS`` is lowered to see the cut."""

from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.rdf.namespaces import BKG, DCTERMS, PREFIXES, RDFS
from budgetkg.server import pages


class Standin:
    """What ``landing`` asks of the server: rows of a SELECT and saved queries' results."""

    def __init__(self, kg: budgetkg.KnowledgeGraph, store: ox.Store | None = None) -> None:
        self.kg = kg
        self.store = store  # the store the page's own queries read (default: the knowledge graph's)
        self.settings = SimpleNamespace(base_iri="https://w3id.org/budgetkg/id/", max_rows=500, release=None)
        self.sent: list[str] = []
        self.params: list[tuple[str, dict[str, str]]] = []  # each saved query asked for, with its parameters

    async def rows(self, text: str) -> tuple[list[str], list[list[Any]]]:
        self.sent.append(text)
        store = self.store if self.store is not None else self.kg.store
        result = store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        variables = [v.value for v in result.variables]
        return variables, [[s[v] for v in variables] for s in result]

    async def saved(self, name: str, params: dict[str, str]) -> Any:
        self.sent.append(name)
        self.params.append((name, params))
        return self.kg.select(name, **params)


def landing(kg: budgetkg.KnowledgeGraph, store: ox.Store | None = None) -> tuple[str, Standin]:
    server = Standin(kg, store)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(server=server)))
    response = asyncio.run(pages.landing(request))  # type: ignore[arg-type]
    return response.body.decode(), server


def facts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page))


def test_a_small_store_lists_every_department_and_budget(kg: budgetkg.KnowledgeGraph) -> None:
    page, server = landing(kg)
    assert facts(page) == {
        "预算文件 documents": "5", "部门 departments": "5", "地区 regions": "5", "年度 years": "2024",
    }
    departments = page.split("<h2>部门 Departments</h2>")[1].split("</ul>")[0]
    assert departments.count("<li>") == 5 and "more" not in departments
    budgets = page.split("<h2>预算 Budgets</h2>")[1].split("<h2>")[0]
    assert budgets.count("<tr>") == 6  # a header and the five documents, each linking to its document
    assert budgets.count('href="/doc/') == 5
    assert not any("COUNT(*)" in q or "?s ?p ?o" in q for q in server.sent)  # no pass over the quads


def test_a_large_store_lists_the_first_and_links_to_the_rest(
    kg: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "LANDING_ROWS", 2)
    page, server = landing(kg)
    assert facts(page)["预算文件 documents"] == "5"
    departments = page.split("<h2>部门 Departments</h2>")[1].split("</ul>")[0]
    assert departments.count("<li>") == 3  # two departments, then the link
    assert '<li>… 3 more: <a href="/queries/departments">departments</a></li>' in departments
    budgets = page.split("<h2>预算 Budgets</h2>")[1].split("<h2>")[0]
    assert budgets == '<p>5 budgets: <a href="/queries/departments">the departments query</a> lists them</p>'
    assert "departments" not in server.sent  # the saved query with every budget is not run


def test_the_counts_are_of_distinct_things(kg: budgetkg.KnowledgeGraph) -> None:
    """A document with a second file name, a department with a second name and a region a second subject
    names are still one each."""
    store = ox.Store()
    store.extend(kg.store.quads())
    query = (
        f"SELECT ?g ?doc ?dept ?r WHERE {{\n"
        f"  GRAPH ?g {{ ?doc a <{BKG}BudgetDocument> ; <{DCTERMS}publisher> ?dept }}\n"
        f"  ?dept <{BKG}region> ?r }} LIMIT 1"
    )
    one = next(iter(kg.store.query(query, use_default_graph_as_union=True)))
    g = one["g"]
    store.extend([
        ox.Quad(one["doc"], ox.NamedNode(BKG + "sourceFile"), ox.Literal("another-name.txt"), g),
        ox.Quad(one["dept"], ox.NamedNode(RDFS + "label"), ox.Literal("另一个名字", language="zh"), g),
        ox.Quad(ox.NamedNode("https://example.org/unit"), ox.NamedNode(BKG + "region"), one["r"], g),
    ])
    page, _ = landing(kg, store)
    found = facts(page)
    assert (found["预算文件 documents"], found["部门 departments"], found["地区 regions"]) == ("5", "5", "5")
    departments = page.split("<h2>部门 Departments</h2>")[1].split("</ul>")[0]
    assert "more" not in departments and departments.count("<li>") == 5  # the one with two names once
    names = [t["l"].value for t in kg.store.query(
        f"SELECT ?l WHERE {{ GRAPH ?g {{ {one['dept']} <{RDFS}label> ?l }} }}"
    )]
    shown = min([*names, "另一个名字"])  # under its first name in code-point order
    assert departments.count(f">{shown}</a></li>") == 1
    assert all(n == shown or f">{n}</a>" not in departments for n in [*names, "另一个名字"])


def test_values_lists_are_asked_300_at_a_time() -> None:
    """A page's look-ups by a list of terms (labels, documents) send at most 300 in one VALUES list, and
    every term in some list: 601 terms are three queries of 300, 300 and 1."""
    sent: list[str] = []

    class Echo:
        async def rows(self, text: str) -> tuple[list[str], list[list[Any]]]:
            sent.append(text)
            return ["x"], [[t] for t in text.split("{")[2].split("}")[0].split()]

    terms = [f'"t{i}"' for i in range(601)]
    rows = asyncio.run(pages._rows_for(Echo(), "SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", terms))  # type: ignore[arg-type]
    assert [len(q.split("{")[2].split("}")[0].split()) for q in sent] == [300, 300, 1]
    assert [r[0] for r in rows] == terms
