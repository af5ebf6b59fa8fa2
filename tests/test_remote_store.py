"""A SPARQL 1.1 server as the store: an Oxigraph server the fixture starts on a free loopback port, and
optionally a Virtuoso one (``BUDGETKG_VIRTUOSO=1``, marker ``virtuoso``; tests/sparql_servers.py).

Every saved query must give byte-identical CSV on the embedded store and on
the server; documents are written with the Graph Store Protocol, one named
graph each, replaced as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.query import saved_queries
from budgetkg.query.departments import GRAPH_SLOT
from budgetkg.store import RemoteStore, StoreError, StoreNotFound, open_store
from budgetkg.store.remote import endpoints

from .conftest import SAMPLES, sample_path
from .oxigraph_server import free_port
from .sparql_servers import SERVERS, start_server

# one value per declared parameter that selects something in the samples (defaults cover the rest)
PARAMS = {
    "projects": {"department": "聊城"},
    # a department: the API resolves it to its documents' graphs from the server too (query/departments.py)
    "department-profile": {"department": "海东"},
    "three-public-expenses-change": {"department": "曹妃甸"},
    "indicators": {"department": "淄博"},
    "vague-indicators": {"department": "人力资源和社会保障"},
    "validation-issues": {"lang": "en"},
    "projects-search": {"keyword": "养老"},
}
# a department for the queries above that take one besides other values
MORE = [("departments", {"department": "聊城"}), ("validation-issues", {"department": "海东"})]
# every saved query with its defaults, and those above with their values too
CASES = [(q.name, {}) for q in saved_queries()] + [(name, values) for name, values in PARAMS.items()] + MORE
# answers whose rows are the same but whose ORDER BY ties come in another order (README: Virtuoso)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(request, tmp_path_factory)


@pytest.fixture(scope="module")
def remote(server: str) -> budgetkg.KnowledgeGraph:
    kg = budgetkg.open(server, mode="write")
    report = kg.ingest([SAMPLES])
    assert report.ok, [d.error for d in report.failed]
    return kg


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'defaults'}" for n, p in CASES]
)
def test_saved_queries_answer_the_same_on_the_server(
    kg: budgetkg.KnowledgeGraph,
    remote: budgetkg.KnowledgeGraph,
    name: str,
    params: dict[str, str],
) -> None:
    embedded = kg.select(name, **params).to_csv()
    assert embedded.count("\n") > 1, name  # the comparison is about rows, not only headers
    answer = remote.select(name, **params).to_csv()
    assert answer == embedded


def test_department_slots_are_filled_on_an_oxigraph_server_only(
    remote: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A department starts the query from its documents' graphs on an Oxigraph server (its Server header
    says what it is), as on the embedded store; other servers get the plain text (query/departments.py)."""
    store = remote.store
    assert isinstance(store, RemoteStore)
    sent: list[str] = []
    real = store.query

    def spy(sparql: str, prefixes: dict[str, str] | None = None, **options: object) -> object:
        sent.append(sparql)
        return real(sparql, prefixes=prefixes, **options)

    monkeypatch.setattr(store, "query", spy)
    rows = remote.select("department-profile", department="海东").rows
    assert rows and {r[1] for r in rows} == {"海东市人力资源和社会保障局"}
    query = [s for s in sent if "indexVersion" not in s][-1]  # the answer's, not the documents' versions
    slots = len(GRAPH_SLOT.findall(remote.saved_query("department-profile").text))
    assert slots > 1
    if store.server.startswith("Oxigraph/"):
        assert store.fills_graph_slots
        assert query.count("VALUES ?g { <https:") == slots and not GRAPH_SLOT.search(query)
    else:
        assert not store.fills_graph_slots
        assert "VALUES ?g { <https:" not in query and len(GRAPH_SLOT.findall(query)) == slots


def test_same_quads_and_graphs(kg: budgetkg.KnowledgeGraph, remote: budgetkg.KnowledgeGraph) -> None:
    assert remote.store.graphs() == kg.store.graphs()
    assert remote.triple_count() == kg.triple_count()


def test_reingest_replaces_each_graph_whole(server: str, remote: budgetkg.KnowledgeGraph) -> None:
    before = remote.triple_count()
    remote.ingest([sample_path("002")])
    assert remote.triple_count() == before


def test_cli_against_the_server(server: str, remote: budgetkg.KnowledgeGraph) -> None:
    result = CliRunner().invoke(cli, ["query", "departments", "--store", server, "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 6  # header and the five departments
    result = CliRunner().invoke(cli, ["validate", "--store", server, "--no-save", "--format", "json"])
    assert result.exit_code == 0, result.output


def test_a_url_with_nothing_behind_it_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreNotFound, match=f"no SPARQL server answers at {url}: "):
        open_store(url)
    result = CliRunner().invoke(cli, ["query", "departments", "--store", url])
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: no SPARQL server answers at {url}")


def test_endpoint_names_for_other_servers() -> None:
    assert endpoints("http://h:7878") == {
        "query": "http://h:7878/query", "update": "http://h:7878/update", "store": "http://h:7878/store"
    }  # fmt: skip
    virtuoso = endpoints("http://h:8890?query=/sparql&update=/sparql&store=/sparql-graph-crud")
    assert virtuoso == {
        "query": "http://h:8890/sparql", "update": "http://h:8890/sparql", "store": "http://h:8890/sparql-graph-crud"
    }  # fmt: skip
    with pytest.raises(StoreError, match="unknown parameter graph"):
        endpoints("http://h:1?graph=/x")


def test_a_reader_of_the_server_cannot_write(server: str, tmp_path: Path) -> None:
    store = RemoteStore(server, mode="read")
    with pytest.raises(StoreError, match="opened for reading only"):
        store.remove_graph("https://example.org/g")


def test_the_query_form_is_read_after_the_prologue_not_from_comments_or_strings() -> None:
    from budgetkg.store.remote import query_form

    text = '# table-dropped rows first; ADD nothing\nPREFIX a: <https://x/#>\nSELECT ?x { ?x ?p "dropped" }'
    assert query_form(text) == "SELECT"
    assert query_form("PREFIX b: <https://y/>\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("DESCRIBE <https://x/a>") == "DESCRIBE" and query_form("ASK {}") == "ASK"


def test_non_ascii_literals_of_expressions_are_sent_typed_and_nothing_else_changes() -> None:
    from budgetkg.store.remote import typed_strings

    xs = "^^<http://www.w3.org/2001/XMLSchema#string>"
    typed = ['"满意度"', "'单'", '"""多"行"""', "'''多\n行'''", r'"a\"中"', '" 第"']
    kept = ['"满意度"@zh', '"1"^^<https://x/t>', '"ok"', "<https://x/#p>", '"养"' + xs]
    expression = 'FILTER(?a <?b || CONCAT(STR(?t), {}) = ?u)  # 注释 "养老" ({})\n'
    text = "".join(expression.format(t, t) for t in typed + kept)
    assert typed_strings(text) == "".join(expression.format(t + xs, t) for t in typed) + "".join(
        expression.format(t, t) for t in kept
    )
    # in a triple pattern or VALUES data a literal matches stored terms: Virtuoso holds a typed one unequal
    pattern = (
        'SELECT * WHERE { ?s ?p "满意度" . VALUES (?a ?values) { ("养" "老") } BIND("第" AS ?b) ?s ?q "行" }'
    )
    assert typed_strings(pattern) == pattern.replace('"第"', f'"第"{xs}')
    store = ox.Store()  # the same terms: a typed xsd:string literal is the plain one
    store.add(ox.Quad(ox.NamedNode("https://x/s"), ox.NamedNode("https://x/p"), ox.Literal("满意度")))
    ask = 'ASK { ?s ?p ?o FILTER(?o = "满意度") }'
    assert store.query(ask) and store.query(typed_strings(ask)) and typed_strings(ask) != ask


def test_graphs_a_server_keeps_for_itself_are_not_the_stores(
    server: str, remote: budgetkg.KnowledgeGraph
) -> None:
    store = RemoteStore(server, mode="write")
    graphs, count = store.graphs(), store.triple_count()
    own = "https://example.org/service-description"  # one describing the service, as Virtuoso keeps
    service = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#Service")
    store.replace_graph(own, [ox.Triple(ox.NamedNode(server.split("?")[0]), RDF_TYPE, service)])
    try:
        assert store.has_graph(own)
        assert store.graphs() == graphs and store.triple_count() == count
        assert all(q.graph_name.value != own for q in store.quads())
    finally:
        store.remove_graph(own)


def test_sliced_queries_are_cut_on_an_oxigraph_server_only(
    remote: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces by file-name ranges (query/partition.py) go to an Oxigraph server at once, answered by its
    threads, with the same CSV as whole; other servers compare strings their own way: whole there."""
    from budgetkg.query import partition
    from budgetkg.store import remote as remote_module
    from budgetkg.store.pieces import evaluate_pieces

    from .conftest import EXPECTED

    counts: list[int] = []

    def counting(run: object, pieces: list[str], each: object = None) -> object:
        counts.append(len(pieces))
        return evaluate_pieces(run, pieces, each)  # type: ignore[arg-type]

    monkeypatch.setattr(remote_module, "evaluate_pieces", counting)
    monkeypatch.setattr(partition, "DOCUMENTS_PER_PIECE", 1)
    monkeypatch.setattr(remote.settings, "query_threads", 4)
    store = remote.store
    assert isinstance(store, RemoteStore)
    sliced = sorted(q.name for q in saved_queries() if partition.has_range_slot(q.text))
    for name in sliced:
        assert remote.select(name).to_csv() == (EXPECTED / f"{name}.csv").read_text(encoding="utf-8"), name
    oxigraph = store.server.startswith("Oxigraph/")
    assert store.answers_in_pieces == oxigraph
    assert store.reads_lateral == oxigraph  # indicator-benchmarks' "# lateral" lines: LATERAL there only
    assert counts == [4 if oxigraph else 1] * len(sliced)


def test_an_empty_answer_checks_what_it_requires_on_the_server(
    remote: budgetkg.KnowledgeGraph, tmp_path: Path
) -> None:
    """The ``# requires:`` check (an ASK per predicate) runs on a server as on the embedded store."""
    empty = remote.select("indicator-benchmarks", unit="光年")
    assert not empty.rows and not [n for n in empty.notes if "ingest" in n]  # the server has the index
    rq = tmp_path / "none.rq"
    rq.write_text(
        "# title: t\n# requires: <http://example.org/nowhere>\nPREFIX bkg: <https://w3id.org/budgetkg/ontology#>\n"
        "SELECT ?f WHERE { GRAPH ?g { ?d bkg:sourceFile ?f } FILTER(false) }\n",
        "utf-8",
    )
    assert [n[:61] for n in remote.select(str(rq)).notes] == [
        "the store holds documents but no <http://example.org/nowhere>"
    ]


def test_index_versions_are_read_from_the_servers_catalogue(remote: budgetkg.KnowledgeGraph) -> None:
    """Ingest through the server records this index version; the count a query's note needs is read
    through SPARQL as on the embedded store."""
    from budgetkg.batch.catalogue import index_versions
    from budgetkg.rdf.index_version import INDEX_VERSION

    assert index_versions(remote.store) == {INDEX_VERSION: 5}
    assert {d.index_version for d in remote.documents()} == {INDEX_VERSION}
