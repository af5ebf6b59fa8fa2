"""A department parameter resolved to its documents' graphs (query/departments.py), and the key
materialised for it at ingest (rdf/publisher.py).

The key is an index: on every sample it must be the publishing department's
label, the name the saved queries filter on.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query import QueryResult, find_query
from budgetkg.query.bind import bind_parameters
from budgetkg.query.departments import LISTING, DepartmentCache, DepartmentIndex, bind_graphs, has_graph_slot
from budgetkg.query.params import check_parameters
from budgetkg.rdf.namespaces import PREFIXES
from budgetkg.settings import Settings

from .conftest import EXPECTED


def test_every_document_carries_its_publishers_label_once_as_its_name(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?g ?doc ?key ?label WHERE { GRAPH ?g {
             ?doc a bkg:BudgetDocument ; dcterms:publisher ?dept .
             OPTIONAL { ?doc bkg:publisherName ?key }
             OPTIONAL { ?dept rdfs:label ?label } } }"""
    ).rows
    with (EXPECTED / "departments.csv").open(encoding="utf-8") as f:
        departments = sorted(r["department"] for r in csv.DictReader(f))
    assert len(rows) == 5 and len({r[1] for r in rows}) == 5  # one key and one label per document
    assert sorted(str(r[2]) for r in rows) == departments
    assert all(r[2] == r[3] for r in rows)
    terms = list(
        kg.store.select(
            "SELECT ?key WHERE { GRAPH ?g { ?doc bkg:publisherName ?key } }",
            prefixes={"bkg": "https://w3id.org/budgetkg/ontology#"},
        )
    )
    assert {t["key"].language for t in terms} == {"zh"}  # the label's literal itself, language included
    assert all(isinstance(t["key"], ox.Literal) for t in terms)


def test_only_documents_carry_the_key(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?x WHERE { GRAPH ?g {
             ?x bkg:publisherName ?n FILTER NOT EXISTS { ?x a bkg:BudgetDocument } } }"""
    ).rows
    assert rows == []


# ------------------------------------------------------------------ resolving the parameter, hand-made stores

DEPT_QUERIES = [
    "department-profile",
    "three-public-expenses-change",
    "projects",
    "indicators",
    "vague-indicators",
    "departments",
    "validation-issues",
]
BKG = "https://w3id.org/budgetkg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PUBLISHER = ox.NamedNode("http://purl.org/dc/terms/publisher")
SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
KEY = ox.NamedNode(BKG + "publisherName")
HAIDONG = "海东市人力资源和社会保障局"
HAIDONG_CENTRE = "海东市人力资源和社会保障局机关服务中心"  # the name above is a substring of this one


def hand_made(name: str, n: int, keyed: bool = True) -> tuple[str, list[ox.Triple]]:
    """One document's graph: its department, one project; with the key ingest adds, or without (older)."""
    base = f"https://example.org/{n}/"
    doc, dept, project = (ox.NamedNode(base + x) for x in ("doc", "dept", "project/1"))
    label = ox.Literal(name, language="zh")
    triples = [
        ox.Triple(doc, RDF_TYPE, ox.NamedNode(BKG + "BudgetDocument")),
        ox.Triple(doc, ox.NamedNode(BKG + "sourceFile"), ox.Literal(f"{n}.txt")),
        ox.Triple(doc, PUBLISHER, dept),
        ox.Triple(dept, LABEL, label),
        ox.Triple(project, RDF_TYPE, ox.NamedNode(BKG + "Project")),
        ox.Triple(project, SOURCE, doc),
        ox.Triple(project, LABEL, ox.Literal(f"项目{n}", language="zh")),
    ]
    if keyed:
        triples.append(ox.Triple(doc, KEY, label))
    return f"{base}graph", triples


DEPARTMENTS = [
    (HAIDONG, True),
    (HAIDONG_CENTRE, True),
    ("聊城市财政局", True),
    ("聊城市人力资源和社会保障局", False),
]
GRAPHS = [f"https://example.org/{n}/graph" for n in range(len(DEPARTMENTS))]


@pytest.fixture
def small() -> budgetkg.KnowledgeGraph:
    """Four departments in memory; the fourth ingested before the key (a store of mixed age)."""
    kg = budgetkg.KnowledgeGraph(Settings(store=None))  # in memory
    for n, (name, keyed) in enumerate(DEPARTMENTS):
        kg.store.replace_graph(*hand_made(name, n, keyed))
    return kg


def contains_only(kg: budgetkg.KnowledgeGraph, name: str, **params: str) -> str:
    """The saved query's answer with its graph slots left UNDEF: the SPARQL client's way, the reference."""
    q = kg.saved_query(name)
    text = bind_parameters(q.text, check_parameters(q, params).bindings())
    return QueryResult.from_solutions(kg.store.select(text, prefixes=PREFIXES)).typed(q.columns).to_csv()


@pytest.mark.parametrize(
    ("part", "graphs"),
    [
        ("不存在", []),  # no department
        ("海东", [0, 1]),  # several
        (HAIDONG, [0, 1]),  # a whole name is also in the longer name that contains it
        ("机关服务中心", [1]),  # ... but not the other way round
        (HAIDONG_CENTRE, [1]),
        ("聊城", [2, 3]),  # the fourth has no key: listed by its label
        ("聊城市人力资源和社会保障局", [3]),
        ("", [0, 1, 2, 3]),  # the empty string is in every name, as for CONTAINS
        ("海东市 ", []),  # no trimming, no normalising: code points as they are
    ],
)
def test_a_department_is_every_document_whose_name_contains_it(
    small: budgetkg.KnowledgeGraph, part: str, graphs: list[int]
) -> None:
    index = DepartmentIndex.of(small.store)
    assert index.graphs(part) == [GRAPHS[n] for n in graphs]
    got = small.select("projects", department=part)
    assert [r[3] for r in got.rows] == [f"项目{n}" for n in graphs]
    assert got.to_csv() == contains_only(small, "projects", department=part)


def test_no_department_answers_no_rows_and_says_so(small: budgetkg.KnowledgeGraph) -> None:
    got = small.select("projects", department="不存在")
    assert got.rows == [] and got.notes == ["no rows: nothing matches department='不存在'"]


def test_the_key_is_read_when_every_document_has_it_else_the_labels(small: budgetkg.KnowledgeGraph) -> None:
    mixed = DepartmentIndex.of(small.store)
    assert [g for g, _ in mixed.names] == GRAPHS  # the unkeyed fourth too: listed by the labels
    small.store.remove_graph(GRAPHS[3])
    small.store.replace_graph(GRAPHS[0], [t for t in hand_made(HAIDONG, 0)[1]])
    # every document keyed: the listing reads the key alone (a key that says otherwise shows it)
    graph, triples = hand_made("甲局", 2)
    wrong = ox.Triple(triples[0].subject, KEY, ox.Literal("乙局", language="zh"))
    small.store.replace_graph(graph, [*triples[:-1], wrong])
    assert DepartmentIndex.of(small.store).names == (
        (GRAPHS[0], HAIDONG),
        (GRAPHS[1], HAIDONG_CENTRE),
        (GRAPHS[2], "乙局"),
    )


def test_the_slots_get_exactly_the_graphs() -> None:
    text = "# graph slot in the header: not one\nSELECT * WHERE {\n"
    text += "  GRAPH ?g {\n    # graph slot\n    ?s ?p ?o }\n"
    text += (
        "  GRAPH ?g {\n\t#graph slot: the API writes here\n  }\n  # graph slots are ... (a word, not one)\n}"
    )
    assert has_graph_slot(text) and not has_graph_slot("SELECT * WHERE {\n  GRAPH ?g { ?s ?p ?o } }")
    two = bind_graphs(text, ["https://example.org/a", "https://example.org/b"])
    assert two.splitlines() == [
        "# graph slot in the header: not one",
        "SELECT * WHERE {",
        "  GRAPH ?g {",
        "    VALUES ?g { <https://example.org/a> <https://example.org/b> }",
        "    ?s ?p ?o }",
        "  GRAPH ?g {",
        "\tVALUES ?g { <https://example.org/a> <https://example.org/b> }",
        "  }",
        "  # graph slots are ... (a word, not one)",
        "}",
    ]
    assert bind_graphs(text, []).count("VALUES ?g {  }") == 2  # nothing matches: no graph, no rows
    assert bind_graphs(text, []) == text.replace("    # graph slot", "    VALUES ?g {  }").replace(
        "\t#graph slot: the API writes here", "\tVALUES ?g {  }"
    )


class Counting:
    """A store whose state is set by hand and that counts the listings asked of it."""

    def __init__(self, kg: budgetkg.KnowledgeGraph) -> None:
        self.kg, self.now, self.selects = kg, "v1", 0

    def state(self) -> str | None:
        return self.now

    def select(self, text: str, prefixes: dict[str, str] | None = None) -> object:
        self.selects += 1
        return self.kg.store.select(text, prefixes=prefixes)


def test_the_names_are_listed_once_per_state_of_the_store(small: budgetkg.KnowledgeGraph) -> None:
    store, cache = Counting(small), DepartmentCache()
    first = cache.get(store)
    assert cache.get(store) is first and store.selects == 3  # two counts, then the key or the labels
    listed = store.selects
    store.now = "v2"
    assert cache.get(store) is not first and store.selects == 2 * listed
    store.now = None  # a store that cannot tell (a SPARQL server): listed every time
    cache.get(store)
    cache.get(store)
    assert store.selects == 4 * listed


def test_a_document_written_since_is_found(small: budgetkg.KnowledgeGraph) -> None:
    assert small.select("projects", department="丙局").rows == []
    small.store.replace_graph(*hand_made("丙局", 9))
    assert [r[3] for r in small.select("projects", department="丙局").rows] == ["项目9"]
    small.store.remove_graph("https://example.org/9/graph")
    assert small.select("projects", department="丙局").rows == []


def test_a_reader_sees_the_documents_of_each_new_snapshot(tmp_path: Path) -> None:
    writer = budgetkg.open(tmp_path / "kg")
    with writer.store.writing():
        writer.store.replace_graph(*hand_made(HAIDONG, 0))
    reader = budgetkg.open(tmp_path / "kg", mode="read")
    state = reader.store.state()
    assert [r[3] for r in reader.select("projects", department="海东").rows] == ["项目0"]
    assert reader.store.state() == state  # nothing new: the same snapshot
    with writer.store.writing():
        writer.store.replace_graph(*hand_made(HAIDONG_CENTRE, 1))
    assert reader.store.state() != state
    assert [r[3] for r in reader.select("projects", department="海东").rows] == ["项目0", "项目1"]
    reader.close()
    writer.close()


# ------------------------------------------------------------------ the saved queries on the samples


@pytest.mark.parametrize("name", DEPT_QUERIES)
def test_every_graph_group_of_a_department_query_opens_with_the_slot(name: str) -> None:
    """Else that group runs over every document again (the cost the slots remove)."""
    groups = re.findall(r"GRAPH \?g \{\s*([^\n]*)", find_query(name).text)
    assert groups and all(g == "# graph slot" for g in groups), groups


SAMPLE_PARTS = ["聊城", "聊城市人力资源和社会保障局", "人力资源和社会保障", "海东", "先创", "不存在"]
NO_ROWS = {("validation-issues", "先创")}  # that budget has no findings


@pytest.mark.parametrize("name", DEPT_QUERIES)
@pytest.mark.parametrize("part", SAMPLE_PARTS)
def test_each_department_answer_is_its_rows_of_the_whole_answer(
    kg: budgetkg.KnowledgeGraph, name: str, part: str
) -> None:
    """Byte for byte: the pinned whole-corpus answer's rows of the departments whose name contains it."""
    want = (EXPECTED / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    column = next(csv.reader(want[:1])).index("department")
    rows = [line for line in want[1:] if part in next(csv.reader([line]))[column]]
    got = kg.select(name, department=part).to_csv()
    assert got == "".join([want[0], *rows])
    assert got == contains_only(kg, name, department=part)
    assert part == "不存在" or rows or (name, part) in NO_ROWS


def test_the_key_and_the_labels_list_the_same_departments(kg: budgetkg.KnowledgeGraph) -> None:
    keyed = DepartmentIndex.of(kg.store)
    labels = {(r["g"].value, r["name"].value) for r in kg.store.select(LISTING)}
    assert len(keyed.names) == 5 and set(keyed.names) == labels
