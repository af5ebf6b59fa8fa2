"""A saved query answered in pieces, by ranges of file names, one thread each (query/partition.py).

The rules on hand-made names (where the cuts fall, the filters written, how
many pieces), then every saved query over the samples in pieces: the same
CSV, byte for byte, as the expected answers; and a store where two documents
share a file name, where the pieces must keep them together.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query import partition, saved_queries
from budgetkg.query.partition import (
    SortKey,
    cut_points,
    has_range_slot,
    leading_keys,
    merge,
    piece_count,
    pieces_of,
    sort_keys,
    trailing_keys,
    unordered,
)
from budgetkg.query.result import RowMaker
from budgetkg.rdf.namespaces import PREFIXES
from budgetkg.settings import Settings
from budgetkg.store import oxigraph, remote
from budgetkg.store.pieces import evaluate_pieces

from .conftest import EXPECTED, SAMPLES

QUERY = """SELECT ?document WHERE {
  GRAPH ?g {
    ?doc <https://w3id.org/budgetkg/ontology#sourceFile> ?document .
    # file-name range: ?document
  }
}
ORDER BY ?document"""


# -- the rules ------------------------------------------------------------------------------------------


def test_cuts_are_even_and_never_the_smallest_name() -> None:
    names = [f"{i:02d}.pdf" for i in range(10)]
    assert cut_points(names, 2) == ["05.pdf"]
    assert cut_points(names, 3) == ["03.pdf", "06.pdf"]
    assert cut_points(names, 10) == names[1:]
    assert cut_points(names, 1) == []


def test_a_name_printed_twice_counts_once() -> None:
    assert cut_points(["b", "a", "b", "b", "b", "c"], 3) == ["b", "c"]


def test_fewer_names_than_pieces_give_fewer_cuts() -> None:
    assert cut_points(["a", "b"], 4) == ["b"]
    assert cut_points(["a"], 4) == []
    assert cut_points([], 4) == []


def test_pieces_are_ranges_that_cover_every_name() -> None:
    first, middle, last = pieces_of(QUERY, ["b", "d"])
    assert 'FILTER(?document < "b")' in first
    assert 'FILTER(?document >= "b" && ?document < "d")' in middle
    assert 'FILTER(?document >= "d")' in last
    assert all("# file-name range" not in p for p in (first, middle, last))
    assert all(p.count("FILTER") == 1 for p in (first, middle, last))


def test_a_range_keeps_the_slot_s_indentation() -> None:
    (first, _) = pieces_of(QUERY, ["m"])
    assert '\n    FILTER(?document < "m")\n' in first


def test_names_with_quotes_and_backslashes_are_literals() -> None:
    (first, _) = pieces_of(QUERY, ['a"b\\c.pdf'])
    assert 'FILTER(?document < "a\\"b\\\\c.pdf")' in first


def test_no_slot_no_pieces() -> None:
    assert not has_range_slot("SELECT * WHERE { ?s ?p ?o }\n# file-name range: ?document")  # not indented
    assert has_range_slot(QUERY)
    assert pieces_of("SELECT * WHERE { ?s ?p ?o }", ["b"]) == ["SELECT * WHERE { ?s ?p ?o }"] * 2


@pytest.mark.parametrize(
    ("threads", "documents", "pieces"),
    [(4, 0, 1), (4, 31, 1), (4, 32, 2), (4, 63, 3), (4, 64, 4), (4, 10_000, 4), (1, 10_000, 1), (2, 47, 2)],
)
def test_each_piece_has_enough_documents(threads: int, documents: int, pieces: int) -> None:
    assert partition.DOCUMENTS_PER_PIECE == 16
    assert piece_count(threads, documents) == pieces


def test_threads_default_to_the_cores_at_most_four(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    assert 1 <= Settings().query_threads <= 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert Settings().query_threads == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)  # a container's one core
    assert Settings().query_threads == 1
    with pytest.raises(ValueError, match="query threads"):
        Settings(query_threads=0)


def test_queries_in_pieces_are_ordered_by_their_slot_s_columns_then_file_name() -> None:
    """Pieces put one after the other, or merged by the columns the slot names, are the answer only if
    its rows come in that order: the slot's columns, then the file name."""
    sliced = [q for q in saved_queries() if has_range_slot(q.text)]
    assert len(sliced) == 7
    for q in sliced:
        order = re.search(r"^ORDER BY (.*)$", q.text, re.MULTILINE)
        slots = partition.RANGE_SLOT.findall(q.text)
        assert len({(after, then) for _, _, after, then in slots}) == 1, q.name  # every slot the same
        before = slots[0][2] + " " if slots[0][2] else ""
        assert order is not None and order.group(1).startswith(before + "?d0 ?d1 ?d2 ?d_rest"), q.name
        if slots[0][3]:  # sorted by the API: the ORDER BY is exactly the slot's columns around the name
            assert order.group(1) == f"{before}?d0 ?d1 ?d2 ?d_rest {slots[0][3]}", q.name
        assert "BIND(SUBSTR(?document, 1, 5) AS ?d0)" in q.text, q.name
    merged = {q.name: leading_keys(q.text) for q in sliced if leading_keys(q.text)}
    assert merged == {"indicator-benchmarks": [SortKey("unit"), SortKey("value", descending=True)]}
    itself = {q.name: [k.variable for k in sort_keys(q.text)] for q in sliced if trailing_keys(q.text)}
    assert itself == {
        "indicator-benchmarks": [
            "unit",
            "value",
            "document",
            "project",
            "indicator",
            "level1",
            "level2",
            "operator",
            "target",
            "department",
        ]
    }


def test_a_merged_query_orders_by_every_column_it_returns() -> None:
    """The engine's sort is not stable: rows that tie on every sort key could come in one order whole and
    another in a piece. A query merged by columns therefore orders by all it returns (the file name by
    its pieces), so that its distinct rows never tie."""
    for q in saved_queries():
        if not has_range_slot(q.text) or not leading_keys(q.text):
            continue
        select = re.search(r"^SELECT DISTINCT (.*)$", q.text, re.MULTILINE)
        order = re.search(r"^ORDER BY (.*)$", q.text, re.MULTILINE)
        assert select is not None and order is not None, q.name
        ordered = set(re.findall(r"\?(\w+)", order.group(1))) | {"document"}
        assert set(re.findall(r"\?(\w+)", select.group(1))) <= ordered, q.name


def test_the_columns_after_the_slot() -> None:
    slot = "    # file-name range: ?document after {}\n"
    assert leading_keys(QUERY) == []
    assert leading_keys(slot.format("?a DESC(?b) asc( ?c )")) == [
        SortKey("a"),
        SortKey("b", descending=True),
        SortKey("c"),
    ]
    with pytest.raises(ValueError, match="cannot read the columns"):
        leading_keys(slot.format("?a STR(?b)"))
    assert has_range_slot(slot.format("?a")) and not has_range_slot(slot.format("?a STR(?b)"))  # run whole
    (piece,) = pieces_of(slot.format("?a"), [])
    assert piece == "    # the whole range\n"  # a slot with columns is filled as any other


def test_the_columns_then_and_the_order_by_the_api_takes_off() -> None:
    """``then`` columns follow the file name; the API asks for the rows without the query's last line,
    its ORDER BY, and only when that is its last line."""
    body = "SELECT ?a ?b WHERE {{\n  ?s ?p ?a .\n    # file-name range: ?a {slot}\n}}\n"
    order = "# the rows' order\nORDER BY DESC(?c) ?a ?b DESC(?d)\n"
    query = body.format(slot="after DESC(?c) then ?b DESC(?d)") + order
    assert leading_keys(query) == [SortKey("c", descending=True)]
    assert trailing_keys(query) == [SortKey("b"), SortKey("d", descending=True)]
    assert sort_keys(query) == [SortKey("c", True), SortKey("a"), SortKey("b"), SortKey("d", True)]
    assert unordered(query) == body.format(slot="after DESC(?c) then ?b DESC(?d)") + "# the rows' order\n"
    alone = body.format(slot="then ?b") + "ORDER BY ?a ?b"  # then without after; no newline at the end
    assert leading_keys(alone) == [] and trailing_keys(alone) == [SortKey("b")] and has_range_slot(alone)
    assert unordered(alone) == body.format(slot="then ?b")
    assert trailing_keys(QUERY) == [] and sort_keys(QUERY) == [SortKey("document")]
    for broken in (
        body.format(slot="then ?b") + "ORDER BY ?a ?b\nLIMIT 10\n",  # not the last line: not taken off
        body.format(slot="then ?b"),  # no ORDER BY at all
        body.format(slot="then STR(?b)") + "ORDER BY ?a STR(?b)\n",
    ):
        with pytest.raises(ValueError, match="file-name range"):
            trailing_keys(broken)
        assert not has_range_slot(broken)  # answered whole, as written


def _lit(value: str, datatype: str = "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype))


def test_merge_orders_as_sparql_and_keeps_each_piece_s_order() -> None:
    """Unbound first (last when descending), numbers by value, strings by code point; where the columns
    tie, the earlier piece's rows first (its file names sort first), each piece's rows in their order."""
    keys = [SortKey("u"), SortKey("v", descending=True)]

    def row(name: str, u: str | None, v: str | None) -> dict[str, object]:
        unit = None if u is None else _lit(u)
        return {"name": name, "u": unit, "v": None if v is None else _lit(v, "decimal")}

    first = [row("a1", None, "5"), row("a2", "%", "100"), row("a3", "%", "9.5"), row("a4", "%", "9.5"),
             row("a5", "%", None), row("a6", "人", "3")]
    second = [row("b1", None, "7"), row("b2", "%", "10"), row("b3", "%", "9.50"), row("b4", "人", "3")]
    merged = [r["name"] for r in merge([first, second], keys)]
    assert merged == ["b1", "a1", "a2", "b2", "a3", "a4", "b3", "a5", "a6", "b4"]
    assert merge([first], keys) == first and merge([first, second], []) == first + second


@pytest.mark.parametrize(
    ("odd", "beside"),
    [
        (ox.Literal("%", language="zh"), _lit("%")),
        (ox.NamedNode("http://example.org/percent"), _lit("%")),
        (_lit("2024-01-01", "date"), _lit("%")),
        (_lit("NaN", "double"), _lit("1.5E0", "double")),  # each number beside one of its own kind, so
        (_lit("9.5", "integer"), _lit("1", "integer")),  # only the odd term can be what is refused
        (_lit("1_000", "decimal"), _lit("1", "decimal")),  # ill-typed: not numbers to the store
        (ox.Literal("1", datatype=ox.NamedNode("http://example.org/integer")), _lit("1", "integer")),
    ],
)
def test_merge_leaves_what_it_does_not_compare_to_the_store(odd: object, beside: ox.Literal) -> None:
    keys = [SortKey("u")]
    assert len(merge([[{"u": beside}], [{"u": beside}]], keys)) == 2
    with pytest.raises(partition.Unmergeable):
        merge([[{"u": beside}], [{"u": odd}]], keys)


def test_merge_does_not_mix_kinds_of_values() -> None:
    keys = [SortKey("u")]
    for a, b in [(_lit("1", "integer"), _lit("a")), (_lit("1", "integer"), _lit("1.5E0", "double"))]:
        with pytest.raises(partition.Unmergeable):
            merge([[{"u": a}], [{"u": b}]], keys)
    assert len(merge([[{"u": _lit("1", "integer")}], [{"u": _lit("0.5", "decimal")}]], keys)) == 2


def _random_store(seed: int, subjects: int, names: int) -> ox.Store:
    """Subjects with a file name (one of ``names``), a text ?t, and mostly a unit ?u (strings that sort
    apart by code point) and a value ?v (exact numbers of two types and several lexical forms)."""
    import random

    rng = random.Random(seed)
    store, ex = ox.Store(), "http://example.org/"
    units, texts = ["%", "人", "万元", "a", "ab", "b", "%%"], ["甲", "乙", "丙", "ab", "a", "b"]
    for i in range(subjects):
        s = ox.NamedNode(f"{ex}r{i}")
        store.add(ox.Quad(s, ox.NamedNode(ex + "name"), ox.Literal(f"{rng.randrange(names):02d}.pdf")))
        store.add(ox.Quad(s, ox.NamedNode(ex + "t"), ox.Literal(f"{rng.choice(texts)}{i}")))
        if rng.random() < 0.8:
            store.add(ox.Quad(s, ox.NamedNode(ex + "u"), ox.Literal(rng.choice(units))))
        if rng.random() < 0.8:
            value = rng.choice(["1", "10", "9.5", "9.50", "-3", "100", "0.25", "2", "+7", "007"])
            datatype = rng.choice(["integer", "decimal"]) if value.lstrip("+-").isdigit() else "decimal"
            store.add(ox.Quad(s, ox.NamedNode(ex + "v"), _lit(value, datatype)))
    return store


def test_merged_pieces_are_the_store_s_own_order() -> None:
    """Against Oxigraph itself: strings and numbers (exact, of two types and several lexical forms), unbound
    among them, in ranges of names; the pieces merged equal the query whole, in each direction."""
    store, ex = _random_store(seed=7, subjects=400, names=40), "http://example.org/"
    for direction in ("ASC(?u) ASC(?v)", "?u DESC(?v)", "DESC(?u) ?v", "DESC(?u) DESC(?v)"):
        text = f"""SELECT ?s ?u ?v ?name WHERE {{
  ?s <{ex}name> ?name .
    # file-name range: ?name after {direction}
  OPTIONAL {{ ?s <{ex}u> ?u }} OPTIONAL {{ ?s <{ex}v> ?v }}
}} ORDER BY {direction} ?name ?s"""
        whole = [str(list(r)) for r in store.query(pieces_of(text, [])[0])]
        pieces = [list(store.query(p)) for p in pieces_of(text, ["10.pdf", "20.pdf", "30.pdf"])]
        assert [str(list(r)) for r in merge(pieces, leading_keys(text))] == whole, direction
        assert all(len(p) > 50 for p in pieces)


def _sorted_rows(solutions: Any, keys: list[SortKey], variables: list[str]) -> list[list[Any]]:
    """Solutions made into rows as the API makes them, then sorted by the rule under test."""
    maker = RowMaker()
    return partition.sorted_rows([maker(s) for s in solutions], maker.seen, keys, variables)


def test_sorted_rows_order_as_sparql_and_keep_ties_in_their_order() -> None:
    """Unbound first (last when descending), numbers by value whatever their lexical form, strings by code
    point; rows that tie on every key in the order they came; the values as the result has them."""
    keys = [SortKey("u"), SortKey("v", descending=True)]
    rows = [
        ["r1", _lit("人"), _lit("3", "integer")],
        ["r2", _lit("%"), _lit("9.5", "decimal")],
        ["r3", None, _lit("1", "integer")],
        ["r4", _lit("%"), _lit("10", "integer")],
        ["r5", _lit("%"), _lit("9.50", "decimal")],
        ["r6", _lit("%"), None],
        ["r7", _lit("%%"), _lit("-1", "decimal")],
    ]
    got = _sorted_rows([[_lit(r[0]), *r[1:]] for r in rows], keys, ["name", "u", "v"])
    assert [r[0] for r in got] == ["r3", "r4", "r2", "r5", "r6", "r7", "r1"]
    assert got[0] == ["r3", None, 1] and got[1] == ["r4", "%", 10] and str(got[2][2]) == "9.5"
    descending = _sorted_rows([[_lit(n)] for n in ["b", "ab", "a", "b"]], [SortKey("n", True)], ["n"])
    assert descending == [["b"], ["b"], ["ab"], ["a"]]
    with_unbound = _sorted_rows([[_lit("a")], [None], [_lit("b")]], [SortKey("n", True)], ["n"])
    assert with_unbound == [["b"], ["a"], [None]]
    assert _sorted_rows([], keys, ["name", "u", "v"]) == []
    assert _sorted_rows([[_lit("b")], [_lit("a")]], [SortKey("n")], ["n"]) == [["a"], ["b"]]  # two values
    ties = [[_lit(n), _lit("%")] for n in ["b", "a", "c"]]  # one value in the key's column: as they came
    assert _sorted_rows(ties, [SortKey("u")], ["n", "u"]) == [["b", "%"], ["a", "%"], ["c", "%"]]


@pytest.mark.parametrize(
    ("column", "why"),
    [
        ([_lit("a"), ox.Literal("b", language="zh")], "does not compare a tagged string"),
        ([_lit("a"), _lit("1", "integer")], "strings and numbers"),
        ([_lit("1", "integer"), _lit("1.5E0", "double")], "exact and floating"),
        ([_lit("1", "integer"), _lit("1.0E0", "double")], "one value from terms ranked apart"),
        ([_lit("a"), ox.Literal("a", language="zh")], "one value from a string and a tagged one"),
        ([_lit("a"), ox.NamedNode("http://example.org/a")], "an IRI"),
    ],
)
def test_sorted_rows_leave_what_they_do_not_compare_to_the_store(column: list[object], why: str) -> None:
    with pytest.raises(partition.Unmergeable):
        _sorted_rows([[term] for term in column], [SortKey("n")], ["n"])
    assert len(_sorted_rows([[_lit("x"), term] for term in column], [SortKey("n")], ["n", "other"])) == 2
    with pytest.raises(partition.Unmergeable, match="does not return"):
        _sorted_rows([[_lit("a")]], [SortKey("missing")], ["n"])


def test_sorted_rows_are_the_store_s_own_order() -> None:
    """Against Oxigraph itself: the rows of a store asked without ORDER BY, sorted here, equal the store's
    ORDER BY, strings, numbers of several forms and unbound among them, in each direction."""
    store, ex = _random_store(seed=11, subjects=600, names=30), "http://example.org/"
    for after, then in [("?u DESC(?v)", "?t"), ("DESC(?u) ?v", "DESC(?t)"), ("DESC(?v)", "?u DESC(?t)")]:
        text = f"""SELECT ?t ?u ?v ?name WHERE {{
  ?s <{ex}name> ?name ; <{ex}t> ?t .
    # file-name range: ?name after {after} then {then}
  OPTIONAL {{ ?s <{ex}u> ?u }} OPTIONAL {{ ?s <{ex}v> ?v }}
}}
ORDER BY {after} ?name {then}
"""
        whole = [[None if t is None else t.value for t in r] for r in store.query(text)]
        variables = ["t", "u", "v", "name"]
        got = _sorted_rows(store.query(unordered(text)), sort_keys(text), variables)
        assert [[None if v is None else str(v) for v in r] for r in got] == whole, after
        assert len({r[1] for r in got}) > 3 and any(r[2] is None for r in got)


class _Store:
    """A store that counts its listings; its state token is set by the test."""

    def __init__(self) -> None:
        self.token: object = 1
        self.names = ["b.pdf", "a.pdf"]
        self.listed = 0

    def state(self) -> object:
        return self.token

    def select(self, query: str) -> list[dict[str, ox.Literal]]:
        assert query == partition.NAMES
        self.listed += 1
        return [{"name": ox.Literal(n)} for n in self.names]


def test_names_are_listed_again_only_when_the_store_changed() -> None:
    store, cache = _Store(), partition.FileNameCache()
    assert cache.get(store) == ("a.pdf", "b.pdf") and store.listed == 1
    store.names.append("c.pdf")
    assert cache.get(store) == ("a.pdf", "b.pdf") and store.listed == 1  # same state: the list kept
    store.token = 2
    assert cache.get(store) == ("a.pdf", "b.pdf", "c.pdf") and store.listed == 2
    store.token = None  # a store that cannot tell: listed every time
    cache.get(store)
    cache.get(store)
    assert store.listed == 4


# -- over real documents --------------------------------------------------------------------------------


@pytest.fixture
def in_pieces(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cut queries for one document a piece, and record how many pieces each evaluation ran."""
    monkeypatch.setattr(partition, "DOCUMENTS_PER_PIECE", 1)
    counts: list[int] = []

    def counting(run: Callable[[str], object], pieces: list[str], each: Any = None) -> object:
        counts.append(len(pieces))
        return evaluate_pieces(run, pieces, each)

    for module in (oxigraph, remote):  # each store evaluates its pieces with it
        monkeypatch.setattr(module, "evaluate_pieces", counting)
    return counts


@pytest.mark.parametrize("name", sorted(q.name for q in saved_queries() if has_range_slot(q.text)))
def test_every_sliced_query_gives_the_expected_answer_in_pieces(
    samples_store: Path, in_pieces: list[int], name: str
) -> None:
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:
        got = kg.select(name).to_csv()
        assert kg._pieces(kg.saved_query(name).text).__len__() == 4  # five documents, four pieces
    with budgetkg.open(samples_store, mode="read", query_threads=1) as kg:
        whole = kg.select(name).to_csv()
    assert got == whole == (EXPECTED / f"{name}.csv").read_text(encoding="utf-8")
    assert got.count("\n") > 2  # rows from more than one piece
    assert 4 in in_pieces and 1 in in_pieces


def test_a_keyword_search_is_cut_after_the_index_narrowed_it(
    samples_store: Path, in_pieces: list[int], tmp_path: Path
) -> None:
    """projects-search has no slot (each piece would look up every match again: slower at 10,000
    departments); a keyword query with one is narrowed by the index, then cut."""
    text = next(q.text for q in saved_queries() if q.name == "projects-search")
    anchor = "    ?doc bkg:sourceFile ?document ; dcterms:publisher/rdfs:label ?dept_name .\n"
    assert anchor in text and not has_range_slot(text)
    sliced = tmp_path / "search-in-pieces.rq"
    sliced.write_text(text.replace(anchor, anchor + "    # file-name range: ?document\n"), encoding="utf-8")
    with budgetkg.open(samples_store, mode="read", query_threads=3) as kg:
        got = kg.select(str(sliced), keyword="就业")
        whole = kg.select("projects-search", keyword="就业")
    assert got.notes == [] and got.rows == whole.rows  # the text index answered; the same rows
    assert len({row[0] for row in got.rows}) > 1
    assert in_pieces == [3, 1]  # three pieces, each with the index's texts; then the query whole


def test_documents_sharing_a_file_name_stay_in_one_piece(tmp_path: Path, in_pieces: list[int]) -> None:
    """Two departments' files with the same name: their rows interleave by table and row, as whole."""
    samples = sorted(SAMPLES.glob("*.txt"))
    for i, sample in enumerate(samples):
        folder = tmp_path / "in" / f"d{i}"
        folder.mkdir(parents=True)
        name = "budget.txt" if i < 3 else sample.name  # three documents of one name, two of their own
        shutil.copy(sample, folder / name)
    with budgetkg.open(tmp_path / "kg") as kg:
        assert kg.ingest([tmp_path / "in"]).ok
    for name in sorted(q.name for q in saved_queries() if has_range_slot(q.text)):
        with budgetkg.open(tmp_path / "kg", mode="read", query_threads=1) as kg:
            whole = kg.select(name).to_csv()
        with budgetkg.open(tmp_path / "kg", mode="read", query_threads=4) as kg:
            assert len(kg._pieces(kg.saved_query(name).text)) == 3  # three names, three pieces
            assert kg.select(name).to_csv() == whole, name
        assert whole.count("budget.txt") >= 3  # the three documents of one name are in the answer
    assert 3 in in_pieces
    with budgetkg.open(tmp_path / "kg", mode="read", query_threads=4) as kg:
        graph_of = {
            r[1]: r[0]
            for r in kg.select_sparql(
                "SELECT ?g ?name WHERE { GRAPH ?g { ?doc dcterms:publisher/rdfs:label ?name } }"
            ).rows
        }
        departments = [r[1] for r in kg.select("departments").rows if r[0] == "budget.txt"]
        assert len(departments) == 3
        assert [graph_of[d] for d in departments] == sorted(graph_of[d] for d in departments)
        by_year: dict[object, list[str]] = {}
        for row in kg.select("three-public-expenses").rows:
            if row[0] == "budget.txt":
                by_year.setdefault(row[2], []).append(graph_of[row[1]])
        assert by_year and all(graphs == sorted(graphs) for graphs in by_year.values())
        assert max(len(graphs) for graphs in by_year.values()) > 1


def test_the_cli_takes_the_threads(samples_store: Path, in_pieces: list[int]) -> None:
    from click.testing import CliRunner

    from budgetkg.cli import cli

    def run(*threads: str) -> str:
        args = ["query", "spending-by-function", "--store", str(samples_store), "--format", "csv", *threads]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return result.output

    assert run("--threads", "1") == run("--threads", "3") == run()
    assert in_pieces[:2] == [1, 3]
    bad = CliRunner().invoke(cli, ["query", "departments", "--store", str(samples_store), "--threads", "0"])
    assert bad.exit_code == 2 and "--threads" in bad.output


def test_a_failing_piece_fails_the_query_and_stops_the_others() -> None:
    store = ox.Store()
    for i in range(2000):
        store.add(
            ox.Quad(
                ox.NamedNode(f"http://example.org/s{i}"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal(i),
                ox.NamedNode("http://example.org/g"),
            )
        )
    slow = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    for pieces in ([slow, "SELECT nonsense"], ["SELECT nonsense", slow]):
        with pytest.raises(SyntaxError):
            oxigraph._evaluate(store, pieces, None)
    both = oxigraph._evaluate(store, [slow, slow], None)
    assert [v.value for v in both.variables] == ["s", "o"] and len(list(both)) == 4000


def test_a_query_the_api_sorts_is_asked_without_its_order(
    samples_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """indicator-benchmarks names its whole order on its slot: every piece, and the query on one thread,
    is asked without ORDER BY, and the rows sorted here are the expected answer."""
    monkeypatch.setattr(partition, "DOCUMENTS_PER_PIECE", 1)
    asked: list[list[str]] = []
    real = oxigraph.OxigraphStore.select_pieces

    def recording(
        self: oxigraph.OxigraphStore, pieces: list[str], prefixes: object = None, each: object = None
    ) -> object:
        asked.append(pieces)
        return real(self, pieces, prefixes, each)  # type: ignore[arg-type]

    monkeypatch.setattr(oxigraph.OxigraphStore, "select_pieces", recording)
    expected = (EXPECTED / "indicator-benchmarks.csv").read_text(encoding="utf-8")
    for threads, count in [(4, 4), (1, 1)]:
        with budgetkg.open(samples_store, mode="read", query_threads=threads) as kg:
            assert kg.select("indicator-benchmarks").to_csv() == expected
        assert len(asked[-1]) == count and not any("ORDER BY" in piece for piece in asked[-1])
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:  # the others keep theirs
        kg.select("spending-by-function")
    assert all("ORDER BY" in piece for piece in asked[-1])
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:  # a store not cut for (Virtuoso)
        monkeypatch.setattr(kg.store, "answers_in_pieces", False)
        assert kg.select("indicator-benchmarks").to_csv() == expected
    assert len(asked[-1]) == 1 and "ORDER BY" in asked[-1][0]  # whole, in the store's order


def test_rows_are_made_in_the_pieces_threads_unless_the_pieces_are_merged(
    samples_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every sliced saved query's rows are made as its pieces are read (none is merged by terms now);
    a query merged by the columns before the file name keeps its pieces' terms for the merge."""
    monkeypatch.setattr(partition, "DOCUMENTS_PER_PIECE", 1)
    made: dict[str, bool] = {}
    name = ""

    def recording(run: Callable[[str], object], pieces: list[str], each: Any = None) -> object:
        made[name] = each is not None
        return evaluate_pieces(run, pieces, each)

    monkeypatch.setattr(oxigraph, "evaluate_pieces", recording)
    sliced = sorted(q.name for q in saved_queries() if has_range_slot(q.text))
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:
        for name in sliced:
            assert kg.select(name).to_csv() == (EXPECTED / f"{name}.csv").read_text(encoding="utf-8")
        assert made == dict.fromkeys(sliced, True)
        text = next(q.text for q in saved_queries() if q.name == "indicator-benchmarks")
        merged = text.replace(" then ?project ?indicator ?level1 ?level2 ?operator ?target ?department", "")
        assert not kg._rows_in_pieces(merged) and kg._rows_in_pieces(text)


def _by_department(folder: Path, columns: str, slot: str) -> Path:
    """A query of the documents and their departments' names (tagged literals), ordered by both as
    ``columns`` and the slot's columns ``after`` or ``then`` the file name say."""
    order = columns.replace("?department", "DESC(?department)")
    query = folder / "by-department.rq"
    query.write_text(
        f"""PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT {columns} WHERE {{
  GRAPH ?g {{
    ?doc bkg:sourceFile ?document ; dcterms:publisher/rdfs:label ?department .
    # file-name range: ?document {slot}
  }}
}}
ORDER BY {order}
""",
        encoding="utf-8",
    )
    return query


def test_a_query_the_api_cannot_sort_is_answered_whole_in_its_order(
    samples_store: Path, in_pieces: list[int], tmp_path: Path
) -> None:
    """Ordered ``then`` by the department's name, a tagged literal: not sorted here, but asked again whole
    with its ORDER BY."""
    query = _by_department(tmp_path, "?document ?department", "then DESC(?department)")
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:
        got = kg.select(str(query)).rows
        labels = kg.store.select(
            "SELECT ?l WHERE { GRAPH ?g { ?d dcterms:publisher/rdfs:label ?l } } LIMIT 1", prefixes=PREFIXES
        )
        label = next(iter(labels))["l"]
    assert label.language == "zh"  # what the rows cannot be sorted by here
    assert in_pieces == [4, 1]  # four pieces, not sorted here; then the query whole
    assert len(got) == 5 and [r[0] for r in got] == sorted(r[0] for r in got)


def test_pieces_the_merge_cannot_compare_are_answered_whole(
    samples_store: Path, in_pieces: list[int], tmp_path: Path
) -> None:
    """Ordered first by the department's name, a tagged literal: the API does not merge the pieces it
    cannot compare as the store does, but asks for the query whole."""
    query = _by_department(tmp_path, "?department ?document", "after DESC(?department)")
    with budgetkg.open(samples_store, mode="read", query_threads=1) as kg:
        whole = kg.select(str(query)).rows
    with budgetkg.open(samples_store, mode="read", query_threads=4) as kg:
        assert kg.select(str(query)).rows == whole
    assert in_pieces == [1, 4, 1]  # whole; then four pieces, not merged, and the query whole
    assert len(whole) == 5 and [r[0] for r in whole] == sorted((r[0] for r in whole), reverse=True)
    assert [r[1] for r in whole] != sorted(r[1] for r in whole)  # not the file names' order
