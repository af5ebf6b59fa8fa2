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

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query import partition, saved_queries
from budgetkg.query.partition import cut_points, has_range_slot, piece_count, pieces_of
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


def test_queries_in_pieces_are_ordered_by_file_name_first() -> None:
    """Pieces put one after the other are the answer only if its rows come in file-name order."""
    sliced = [q for q in saved_queries() if has_range_slot(q.text)]
    assert len(sliced) == 5
    for q in sliced:
        order = re.search(r"^ORDER BY (.*)$", q.text, re.MULTILINE)
        assert order is not None and order.group(1).startswith("?d0 ?d1 ?d2 ?d_rest"), q.name
        assert "BIND(SUBSTR(?document, 1, 5) AS ?d0)" in q.text, q.name


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

    def counting(run: Callable[[str], object], pieces: list[str]) -> object:
        counts.append(len(pieces))
        return evaluate_pieces(run, pieces)

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
