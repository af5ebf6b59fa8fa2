"""Saved queries that sort by a document's file name sort by it in pieces (``?d0 ?d1 ?d2 ?d_rest``).

The embedded store compares a long string by reading it from disk at every comparison of a sort;
a piece of five characters (up to 15 bytes: CJK or ASCII) is held inline and compared in place
(measured at 1,000 departments: 0.07-0.3 s off answers of 0.3-2.6 s). The pieces must give exactly
the order of the whole name, on any store: these pin the pieces each query binds, and the order on
hand-made names that differ only in one piece, only after the pieces, or where one name is a prefix
of another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query import saved_queries
from budgetkg.rdf.namespaces import BKG, DCTERMS, RDF, RDFS
from budgetkg.settings import Settings

from .sparql_servers import SERVERS, start_server

PIECE = re.compile(r"BIND\(SUBSTR\(\?document, (\d+)(?:, (\d+))?\) AS \?(d\d|d_rest)\)")


def _pieces(text: str) -> list[tuple[int, int | None, str]]:
    return [(int(a), int(b) if b else None, v) for a, b, v in PIECE.findall(text)]


SORTED_IN_PIECES = sorted(q.name for q in saved_queries() if _pieces(q.text))


def test_the_queries_that_sort_in_pieces() -> None:
    assert SORTED_IN_PIECES == [
        "departments",
        "function-reconciliation",
        "function-subtree",
        "indicator-benchmarks",
        "indicators",
        "projects-by-function",
        "projects-search",
        "spending-by-economic-class",
        "spending-by-function",
        "three-public-expenses",
        "validation-issues",
    ]


@pytest.mark.parametrize("name", SORTED_IN_PIECES)
def test_pieces_cover_the_name_once_in_order_and_the_sort_uses_them(name: str) -> None:
    text = next(q.text for q in saved_queries() if q.name == name)
    places = text.split("AS ?d_rest)")[:-1]  # each place that binds the pieces (a UNION's branches: two)
    assert 1 <= len(places) <= 2 and all(_pieces(p + "AS ?d_rest)") == _pieces(places[0] + "AS ?d_rest)")
                                         for p in places)
    pieces = _pieces(places[0] + "AS ?d_rest)")
    start = 1
    for i, (begin, length, var) in enumerate(pieces[:-1]):
        assert (begin, length, var) == (start, 5, f"d{i}")  # five characters each, no gap, no overlap
        start += 5
    assert pieces[-1] == (start, None, "d_rest")  # and the rest, however long
    order = text[text.rindex("ORDER BY") :]
    names = " ".join(f"?{v}" for _, _, v in pieces)
    assert names in order  # every piece, in order, where the name was
    assert not re.search(r"\?document\b", order)


NAMES = [
    "a.txt",
    "a",  # a prefix of the one above: sorts first
    "2024年聊城市人力资源和社会保障局部门预算.pdf",
    "2024年聊城市人力资源和社会保障局部门预算（草案）.pdf",  # differs after the pieces
    "2024年聊城市财政局部门预算.pdf",  # differs in the third piece
    "2024年海东市财政局.pdf",  # in the second
    "2023年海东市财政局.pdf",  # in the first
    "Z.txt",  # ASCII before CJK, upper before lower case: code point order
    "𠀀部门预算.txt",  # a character outside the BMP
    "synth-0-000010.txt",
    "synth-0-000009.txt",
]


def _document(n: int, name: str) -> tuple[str, list[ox.Triple]]:
    base = f"https://example.org/{n}/"
    doc, dept = ox.NamedNode(base + "doc"), ox.NamedNode(base + "dept")
    return f"{base}graph", [
        ox.Triple(doc, ox.NamedNode(RDF + "type"), ox.NamedNode(BKG + "BudgetDocument")),
        ox.Triple(doc, ox.NamedNode(BKG + "sourceFile"), ox.Literal(name)),
        ox.Triple(doc, ox.NamedNode(DCTERMS + "publisher"), dept),
        ox.Triple(dept, ox.NamedNode(RDFS + "label"), ox.Literal(f"部门{n}", language="zh")),
    ]


def _sorted_by_departments(kg: budgetkg.KnowledgeGraph) -> list[str]:
    for n, name in enumerate(NAMES):
        kg.store.replace_graph(*_document(n, name))
    return [row[0] for row in kg.select("departments").rows]


def test_documents_sort_as_their_whole_names_do() -> None:
    got = _sorted_by_departments(budgetkg.KnowledgeGraph(Settings(store=None)))  # in memory
    assert got == sorted(NAMES)  # Python compares str by code point, as SPARQL does simple literals
    assert got[:2] == ["2023年海东市财政局.pdf", "2024年海东市财政局.pdf"]


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(request, tmp_path_factory)


def test_the_same_order_on_a_sparql_server(server: str) -> None:
    """The pieces are SPARQL's own SUBSTR, counted in characters on every store (Virtuoso too)."""
    assert _sorted_by_departments(budgetkg.open(server, mode="write")) == sorted(NAMES)
