"""The text index beside the embedded store (store/textindex.py) and projects-search through it.

The index only narrows the saved query to candidate projects; SPARQL's own
CONTAINS filters decide. So every answer here is compared with the SPARQL-only
path (the same bound query text, run without candidates), and each test also
checks whether the index was used, so a test cannot pass by the fallback alone.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query.bind import bind_parameters
from budgetkg.query.catalog import find_query
from budgetkg.query.result import QueryResult
from budgetkg.query.search import text_search
from budgetkg.rdf.namespaces import PREFIXES
from budgetkg.store import OxigraphStore
from budgetkg.store import textindex as ti

BKG = "https://w3id.org/budgetkg/ontology#"
EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"


def plain(kg: budgetkg.KnowledgeGraph, keyword: str) -> QueryResult:
    """projects-search by SPARQL alone: the bound query text, no index."""
    q = kg.saved_query("projects-search")
    text = bind_parameters(q.text, {"keyword": keyword})
    return QueryResult.from_solutions(kg.store.select(text, prefixes=PREFIXES)).typed(q.columns)


def indexed(kg: budgetkg.KnowledgeGraph, keyword: str) -> list[list[object]]:
    """projects-search as the API runs it (through the index where it can answer)."""
    return kg.select("projects-search", keyword=keyword).rows


def candidates(kg: budgetkg.KnowledgeGraph, keyword: str) -> list[str] | None:
    """What the index answers for the snapshot a reader reads now (None: it cannot answer)."""
    store = kg.store
    assert isinstance(store, OxigraphStore)
    store.refresh()
    return subjects(store.text_index, keyword, store._reader.number)


def subjects(index: ti.TextIndex, keyword: str, snapshot: int | None) -> list[str] | None:
    """The candidate projects the index gives for ``keyword`` at ``snapshot`` (None: it cannot answer)."""
    found = index.matches(keyword, snapshot)
    return None if found is None else found.subjects


def same(kg: budgetkg.KnowledgeGraph, keyword: str) -> list[tuple[str, ...]]:
    """The API's answer, asserted equal to SPARQL's, and the index asserted used; rows as CSV text."""
    got, want = kg.select("projects-search", keyword=keyword), plain(kg, keyword)
    assert not [n for n in got.notes if "text index" in n]
    assert got.rows == want.rows
    assert got.to_csv() == want.to_csv()
    assert candidates(kg, keyword) is not None, "the index did not answer"
    return [tuple(r.values()) for r in _csv(got.to_csv())]


def _csv(text: str) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(text)))


# -- a hand-made store ---------------------------------------------------------
def document(n: int, projects: dict[int, dict[str, object]]) -> list[ox.Triple]:
    """Document ``n`` with projects {number: {label, goal, indicators: [(name, raw)], amount}}."""
    doc = f"{EX}doc/{n}"
    ttl = [
        f'<{doc}> <{BKG}sourceFile> "file{n}.txt" ; <http://purl.org/dc/terms/publisher> <{doc}/dept> ;',
        f'  <{BKG}fiscalYear> "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> .',
        f'<{doc}/dept> <http://www.w3.org/2000/01/rdf-schema#label> "部门{n}"@zh .',
    ]
    for k, p in projects.items():
        iri = f"<{doc}/project/{k}>"
        ttl.append(
            f"{iri} a <{BKG}Project> ; <http://www.w3.org/2000/01/rdf-schema#label> {_lit(p['label'])} ;"
        )
        ttl.append(f"  <http://purl.org/dc/terms/source> <{doc}> ; <{BKG}amount> {p.get('amount', '1.00')} .")
        if "goal" in p:
            ttl.append(f"{iri} <{BKG}annualGoal> {_lit(p['goal'])} .")
        for i, (name, raw) in enumerate(p.get("indicators", []), start=1):  # type: ignore[arg-type]
            ind = f"<{doc}/project/{k}/indicator/{i}>"
            ttl.append(
                f"{ind} <{BKG}indicatorOf> {iri} ; <{BKG}indicatorName> {_lit(name)} ; "
                f"<{BKG}rawText> {_lit(raw)} ."
            )
    return list(ox.parse("\n".join(ttl).encode(), format=ox.RdfFormat.TURTLE))


def _lit(text: object) -> str:
    return str(ox.Literal(str(text)))


PROJECTS = {
    1: {
        "label": "城乡养老服务补贴",
        "goal": "保障老年人基本生活",
        "indicators": [("补贴人数", "补贴人数≥100人")],
    },
    2: {"label": "道路维修", "goal": "提升养老机构安全水平"},  # the keyword in the goal only
    3: {"label": "信息化建设", "goal": "系统运行", "indicators": [("养老床位数", "养老床位数≥50张")]},
    4: {
        "label": "办公经费",
        "indicators": [("满意度", "服务对象满意度≥90% 老")],
    },  # a 1-character one, in raw text
    5: {"label": "100%_完成率 \"引号\" 'single' back\\slash", "goal": "Growth of ABC"},
    6: {"label": "abc 小写", "goal": "无"},
}


@pytest.fixture()
def handmade(tmp_path: Path) -> budgetkg.KnowledgeGraph:
    kg = budgetkg.open(tmp_path / "kg")
    assert isinstance(kg.store, OxigraphStore)
    kg.store.replace_graph(G1, document(1, PROJECTS))
    kg.store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "养老保险"}}))
    return kg


KEYWORDS = [
    "养老",
    "养老服务",
    "老",
    "养老床位数",
    "补贴人数≥100人",
    "%",
    "_",
    "100%_",
    "%_完",
    '"引号"',
    "'single'",
    "back\\slash",
    "ABC",
    "abc",
    "Abc",
    "没有这样的词",
    "服务对象满意度≥90% 老",
    "公益性岗位",
]


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_handmade_answers_are_sparqls(handmade: budgetkg.KnowledgeGraph, keyword: str) -> None:
    same(handmade, keyword)


def test_handmade_boundaries(handmade: budgetkg.KnowledgeGraph) -> None:
    def where(keyword: str) -> list[tuple[str, str, str]]:
        return [(r[0], r[3][:4], r[5]) for r in same(handmade, keyword)]

    # goal only (2), indicator only (3, name and raw text: one row each), name (1); 7 in the other document
    assert where("养老") == [
        ("file1.txt", "城乡养老", "name"),
        ("file1.txt", "道路维修", "goal"),
        ("file1.txt", "信息化建", "indicator"),
        ("file1.txt", "信息化建", "indicator"),
        ("file2.txt", "公益性岗", "goal"),
    ]
    assert where("养老床位数") == [("file1.txt", "信息化建", "indicator")] * 2
    assert where("老") == [
        ("file1.txt", "城乡养老", "goal"),
        ("file1.txt", "城乡养老", "name"),
        ("file1.txt", "道路维修", "goal"),
        ("file1.txt", "信息化建", "indicator"),
        ("file1.txt", "信息化建", "indicator"),
        ("file1.txt", "办公经费", "indicator"),
        ("file2.txt", "公益性岗", "goal"),
    ]
    assert where("没有这样的词") == []
    assert where("%") == [("file1.txt", "办公经费", "indicator"), ("file1.txt", "100%", "name")]
    assert where("_") == [("file1.txt", "100%", "name")]
    assert where("%_完") == [("file1.txt", "100%", "name")]
    assert where('"引号"') == [("file1.txt", "100%", "name")]
    assert where("back\\slash") == [("file1.txt", "100%", "name")]
    # case counts, as CONTAINS counts it (the trigram index folds case: SPARQL decides)
    assert where("ABC") == [("file1.txt", "100%", "goal")]
    assert where("abc") == [("file1.txt", "abc ", "name")]
    assert where("Abc") == []
    assert candidates(handmade, "ABC") == [f"<{EX}doc/1/project/5>"]


def test_candidates_are_the_projects_not_their_indicators(handmade: budgetkg.KnowledgeGraph) -> None:
    assert candidates(handmade, "养老床位数") == [f"<{EX}doc/1/project/3>"]
    assert candidates(handmade, "没有这样的词") == []


def test_only_projects_are_candidates(handmade: budgetkg.KnowledgeGraph) -> None:
    """A unit's name, a department goal's indicator: never a candidate, and their texts are not given
    (projects-search requires ?p a bkg:Project). A project's text in another graph than its type is, as
    Oxigraph evaluates the query's sub-selects over every graph."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    g3, doc = EX + "graph/3", f"{EX}doc/3"
    ttl = f"""
        <{doc}/unit> <http://www.w3.org/2000/01/rdf-schema#label> "养老服务中心"@zh .
        <{doc}/goal/1> a <{BKG}DepartmentGoal> ; <http://purl.org/dc/terms/title> "年度目标" .
        <{doc}/goal/1/indicator/1> <{BKG}indicatorOf> <{doc}/goal/1> ; <{BKG}indicatorName> "养老金发放率" .
        <{EX}doc/1/project/3> <{BKG}annualGoal> "养老院改造" .
    """
    store.replace_graph(g3, list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)))
    store.refresh()
    found = store.text_index.matches("养老", store._reader.number)
    assert found is not None
    assert found.subjects == [f"<{EX}doc/1/project/{k}>" for k in (1, 2, 3)] + [f"<{EX}doc/2/project/7>"]
    assert not {'"养老服务中心"@zh', '"养老金发放率"'} & set(found.texts)
    assert '"养老院改造"' in found.texts
    assert candidates(handmade, "养老服务中心") == [] and candidates(handmade, "养老金发放率") == []
    assert candidates(handmade, "养老院改造") == [f"<{EX}doc/1/project/3>"]
    row = ("file1.txt", "部门1", "2024", "信息化建设", "1.00", "goal", "养老院改造")
    assert row in same(handmade, "养老")


def test_the_matching_subjects_and_forms_are_looked_up_by_index(handmade: budgetkg.KnowledgeGraph) -> None:
    """The forms of the matching strings come from the texts' ``sid`` index, never a scan of every text
    (a scan cost 0.7 s per search at 10,000 departments); the plan SQLite picks for the query as written."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    db = sqlite3.connect(f"file:{store.text_index.path}?mode=ro", uri=True)
    try:
        db.execute("CREATE TEMP TABLE hit_strings(id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO hit_strings SELECT id FROM strings WHERE instr(text, '养老') > 0")
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + ti.MATCHES)]
        rows = db.execute(ti.MATCHES).fetchall()
        strings_plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + ti.STRINGS)]
    finally:
        db.close()
    # each text by its string, its owner and its project's type each looked up once, from the indexes alone
    assert "SEARCH t USING COVERING INDEX texts_by_sid (sid=?)" in plan, plan
    assert "SEARCH o USING COVERING INDEX owners_by_subject (subject=? AND graph=?) LEFT-JOIN" in plan, plan
    assert "SEARCH p USING COVERING INDEX projects_by_subject (subject=?)" in plan, plan
    assert not any(step.startswith("SCAN") and "hit_strings" not in step for step in plan), plan
    assert not any(step.startswith("SCAN") and "hit_strings" not in step for step in strings_plan)
    want = {f"<{EX}doc/1/project/{k}>" for k in (1, 2, 3)} | {f"<{EX}doc/2/project/7>"}
    assert {r[0] for r in rows} == want  # not the departments, whose names hold no 养老 here


def test_a_replaced_document_leaves_the_index_right(handmade: budgetkg.KnowledgeGraph) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "就业援助"}}))
    assert [r[0] for r in same(handmade, "养老")] == ["file1.txt"] * 4
    assert [r[5] for r in same(handmade, "就业援助")] == ["goal"]
    assert candidates(handmade, "养老保险") == []  # the old goal's rows are gone, not only outvoted
    store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "养老保险"}}))
    assert [r[0] for r in same(handmade, "养老")] == ["file1.txt"] * 4 + ["file2.txt"]
    with sqlite3.connect(
        store.text_index.path
    ) as db:  # one generation per graph is live; dead rows were pruned
        used = "SELECT count(*) FROM texts t JOIN strings s ON s.id = t.sid WHERE s.text = '就业援助'"
        assert db.execute(used).fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM dead").fetchone() == (0,)
        typed = "SELECT count(*) FROM projects WHERE graph = ?"  # the replaced generations' types gone too
        assert db.execute(typed, (f"<{G2}>",)).fetchone() == (1,)


def test_a_removed_document_leaves_the_index_right(handmade: budgetkg.KnowledgeGraph) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    store.remove_graph(G1)
    assert [r[0] for r in same(handmade, "养老")] == ["file2.txt"]
    assert candidates(handmade, "城乡养老") == []
    store.replace_graph(G2, [])  # an empty replace removes too
    assert same(handmade, "养老") == []
    assert candidates(handmade, "养老") == []


def test_a_reader_process_sees_the_writers_commits(handmade: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    reader = budgetkg.open(tmp_path / "kg", mode="read")
    assert [r[0] for r in same(reader, "养老")] == ["file1.txt"] * 4 + ["file2.txt"]
    handmade.store.remove_graph(G2)  # type: ignore[union-attr]
    assert [r[0] for r in same(reader, "养老")] == ["file1.txt"] * 4
    reader.close()


def test_the_writers_own_reads_use_the_index(handmade: budgetkg.KnowledgeGraph) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    with store.writing():
        store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "就业援助"}}))
        assert subjects(store.text_index, "就业援助", None) == [f"<{EX}doc/2/project/7>"]
        assert indexed(handmade, "就业援助") == plain(handmade, "就业援助").rows


# -- missing, stale, broken: SPARQL alone, then rebuilt ---------------------------------
def test_a_missing_index_is_rebuilt_by_the_next_writer(
    handmade: budgetkg.KnowledgeGraph, tmp_path: Path
) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    want = plain(handmade, "养老").rows
    store.text_index.broken()  # deleted
    assert candidates(handmade, "养老") is None
    unindexed = handmade.select("projects-search", keyword="养老")
    assert unindexed.rows == want  # SPARQL alone: still right, and the user hears why it was slow
    assert unindexed.notes == [
        "the store's text index is missing or does not cover this snapshot yet (a writer is rebuilding it, "
        "or an older budgetkg wrote it): this search read every text; "
        f"`budgetkg init {store.path}` builds it again"
    ]
    with store.writing():
        pass
    assert candidates(handmade, "养老") == [f"<{EX}doc/1/project/{k}>" for k in (1, 2, 3)] + [
        f"<{EX}doc/2/project/7>"
    ]
    same(handmade, "养老")


def test_an_index_of_an_older_format_is_not_used_and_is_rebuilt(handmade: budgetkg.KnowledgeGraph) -> None:
    """An index written by an older budgetkg (format 2: no literal forms) counts as missing."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    with sqlite3.connect(store.text_index.path) as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    db.close()
    assert candidates(handmade, "养老") is None
    assert [n for n in handmade.select("projects-search", keyword="养老").notes if "text index" in n]
    with store.writing():  # the next writer builds it again, in this format
        pass
    found = matches(handmade, "养老床位数")
    assert found is not None and found.texts == ['"养老床位数"', '"养老床位数≥50张"']
    same(handmade, "养老")


def test_a_write_the_index_missed_makes_it_stale(
    handmade: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that does not keep the index (an older budgetkg) makes snapshots it does not cover."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    with monkeypatch.context() as m:
        for name in ("adding", "replaced", "snapshotting", "pruned"):
            m.setattr(ti.TextIndex, name, lambda self, *a: None)
        store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "养老保险与就业援助"}}))
    assert candidates(handmade, "就业援助") is None  # stale: not used
    assert [r[6] for r in indexed(handmade, "就业援助")] == ["养老保险与就业援助"]
    with store.writing():  # the next writer rebuilds it
        pass
    assert [r[6] for r in same(handmade, "就业援助")] == ["养老保险与就业援助"]


def test_an_interrupted_bulk_load_makes_the_next_writer_rebuild(handmade: budgetkg.KnowledgeGraph) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    with sqlite3.connect(store.text_index.path) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'bulk'")
        db.execute("DELETE FROM texts")  # what an interrupted load may leave: rows missing
    with store.writing():
        pass
    same(handmade, "养老")
    assert len(candidates(handmade, "养老") or []) == 4


def test_a_failing_index_is_deleted_and_answers_stay_right(
    handmade: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)

    def fail(self: ti.TextIndex, rows: object, gen: int) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as m:
        m.setattr(ti.TextIndex, "_insert", fail)
        store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "就业援助"}}))
    assert not store.text_index.path.exists()
    assert candidates(handmade, "就业援助") is None
    assert [r[6] for r in indexed(handmade, "就业援助")] == ["就业援助"]


def test_an_older_snapshot_is_not_covered_after_pruning(handmade: budgetkg.KnowledgeGraph) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    store.refresh()
    before = store._reader.number
    assert before is not None and subjects(store.text_index, "养老保险", before) is not None
    store.remove_graph(G2)  # its rows are pruned after the next snapshot
    assert subjects(store.text_index, "养老保险", before) is None
    assert candidates(handmade, "养老保险") == []


# -- the bulk loader: bytes, a file, a stream (synth), a store filled by Filling -------------------------
def _nquads(graph: str, triples: list[ox.Triple]) -> bytes:
    return b"".join(
        str(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))).encode() + b" .\n"
        for t in triples
    )


@pytest.mark.parametrize("how", ["bytes", "file", "stream"])
def test_bulk_loads_fill_the_index(tmp_path: Path, how: str) -> None:
    kg = budgetkg.open(tmp_path / "kg")
    store = kg.store
    assert isinstance(store, OxigraphStore)
    data = _nquads(G1, document(1, PROJECTS)) + _nquads(
        G2, document(2, {7: {"label": "公益性岗位", "goal": "养老保险"}})
    )
    if how == "bytes":
        store.bulk_load(data)
    elif how == "file":
        (tmp_path / "in.nq").write_bytes(data)
        store.bulk_load(tmp_path / "in.nq")
    else:
        store.bulk_load(io.BufferedReader(io.BytesIO(data), 7))  # type: ignore[arg-type]
    for keyword in ("养老", "老", "养老床位数", "%_完", "没有这样的词"):
        same(kg, keyword)
    assert len(candidates(kg, "养老") or []) == 4
    store.bulk_load(_nquads(G2, document(2, {7: {"label": "公益性岗位", "goal": "就业"}})), replace=[G2])
    assert candidates(kg, "养老保险") == []
    assert [r[0] for r in same(kg, "养老")] == ["file1.txt"] * 4


def test_only_the_types_that_name_a_project_are_watched() -> None:
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [
        f"<{EX}p> {rdf_type} <{BKG}Project> <{G1}> .",
        f"<{EX}t> {rdf_type} <{BKG}Table> <{G1}> .",
        f'<{EX}p> <http://www.w3.org/2000/01/rdf-schema#label> "养老" <{G1}> .',
        f"<{EX}x> <{BKG}amount> 1 <{G1}> .",
    ]
    watched = ti.watched_lines("\n".join(lines).encode())
    assert watched == [lines[0].encode(), lines[2].encode()]
    rows = ti.rows_of_lines(watched)
    assert rows.projects == [(f"<{G1}>", f"<{EX}p>")] and len(rows.texts) == 1


def test_watched_lines_split_across_stream_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ti, "FLUSH_BYTES", 50)  # rows flushed many times during the load
    kg = budgetkg.open(tmp_path / "kg")
    store = kg.store
    assert isinstance(store, OxigraphStore)
    data = b"".join(_nquads(f"{EX}graph/{n}", document(n, PROJECTS)) for n in range(1, 6))
    store.bulk_load(io.BufferedReader(io.BytesIO(data), 13))  # type: ignore[arg-type]
    assert len(candidates(kg, "养老") or []) == 15
    same(kg, "养老")


# -- the samples -------------------------------------------------------------------
@pytest.mark.parametrize(
    "keyword", ["公益性岗位", "养老", "补贴", "老", "绩效", "满意度", "%", "没有这样的词"]
)
def test_the_samples_answer_as_sparql_does(kg: budgetkg.KnowledgeGraph, keyword: str) -> None:
    same(kg, keyword)


def test_the_header_declares_the_search() -> None:
    from budgetkg.query.catalog import find_query

    q = find_query("projects-search")
    search = text_search(q.text)
    assert search is not None and (search.param, search.variable, search.texts) == ("keyword", "p", "text")
    assert q.text.count("# text-index: ?text\n") == 3  # name, goal, indicator: each starts from the texts
    assert [p.name for p in q.params] == ["keyword"]  # the header line is no parameter or column
    assert all("text-index" not in c.description for c in q.columns)
    narrowed = search.narrowed("SELECT * WHERE {\n  GRAPH ?g {\n    ?p ?q ?r }\n}", ["<a:1>", "<a:2>"])
    block = "{ SELECT ?p WHERE { VALUES ?p { <a:1> <a:2> } } }\n"
    assert narrowed == "SELECT * WHERE {\n  GRAPH ?g {\n" + block + "    ?p ?q ?r }\n}"
    assert search.narrowed("x", None) == "x"
    assert text_search("# title: t\nSELECT * WHERE { ?s ?p ?o }\n# text-index: keyword ?p\n") is None


def test_the_candidates_drive_the_group_after_their_marker_line() -> None:
    """``# text-index: ?p`` becomes the candidates' sub-select and ``LATERAL``: the group after it is read
    once per candidate (Oxigraph joined a long candidate list by hash with every project of the store)."""
    search = text_search("# text-index: keyword ?p ?t\nSELECT *")
    assert search is not None
    text = (
        "SELECT * WHERE {\n  GRAPH ?g {\n    # text-index: ?p\n    { ?p ?q ?r }\n"
        "    # text-index: ?pp\n  }\n}"
    )
    got = search.narrowed(text, ["<a:1>", "<a:2>"])
    block = "{ SELECT ?p WHERE { VALUES ?p { <a:1> <a:2> } } } LATERAL"
    assert got == text.replace("# text-index: ?p\n", block + "\n")  # here only, indentation kept
    assert search.narrowed(text, None) == text
    q = find_query("projects-search")
    assert q.text.count("\n    # text-index: ?p\n    {\n") == 1  # a group follows the line


def test_the_texts_are_bound_at_their_marker_lines() -> None:
    search = text_search("# text-index: keyword ?p ?t — what for\nSELECT * WHERE { GRAPH ?g { ?p ?q ?r } }")
    assert search == ti_search("keyword", "p", "t")
    assert text_search("# text-index: keyword ?p\nSELECT *") == ti_search("keyword", "p", None)
    text = (
        "SELECT * WHERE {\n  GRAPH ?g {\n    { SELECT ?p ?t WHERE {\n      # text-index: ?t\n      ?p ?q ?t\n"
        "      # text-index: ?other\n      #  text-index:?t  \n    } }\n  }\n}"
    )
    got = search.narrowed(text, ["<a:1>"], ['"x"@zh', '"y"'])  # type: ignore[union-attr]
    assert '      VALUES ?t { "x"@zh "y" }\n      ?p ?q ?t\n' in got
    assert got.count("VALUES ?t {") == 2  # every marker of ?t, spaces as they come, indentation kept
    assert "      # text-index: ?other\n" in got  # another variable's marker stays a comment
    assert search.narrowed(text, ["<a:1>"], []).count("VALUES ?t {  }") == 2  # nothing matches: no rows
    untouched = search.narrowed(text, ["<a:1>"], None)  # type: ignore[union-attr]
    assert "# text-index: ?t" in untouched and "VALUES ?t" not in untouched
    assert search.narrowed(text, None, ['"x"']) == text  # type: ignore[union-attr]


def ti_search(param: str, variable: str, texts: str | None) -> object:
    from budgetkg.query.search import TextSearch

    return TextSearch(param, variable, texts)


# -- texts as the store holds them: language tags, datatypes, escapes ------------------------
TRICKY = '一行\n"养老"\\二行'
DT = "http://example.org/dt"


def _forms_document() -> list[ox.Triple]:
    doc = f"{EX}doc/3"
    lab, goal = "http://www.w3.org/2000/01/rdf-schema#label", BKG + "annualGoal"
    tricky = str(ox.Literal(TRICKY))  # a line break, quotes and a backslash, escaped as N-Triples does
    ttl = f"""
    <{doc}> <{BKG}sourceFile> "file3.txt" ; <http://purl.org/dc/terms/publisher> <{doc}/dept> .
    <{doc}/dept> <{lab}> "部门3"@zh .
    <{doc}/project/1> a <{BKG}Project> ; <{lab}> "养老院建设"@zh , "Elderly care homes"@en ;
        <http://purl.org/dc/terms/source> <{doc}> ; <{goal}> "养老院建设"@zh-Hans .
    <{doc}/project/2> a <{BKG}Project> ; <{lab}> "养老院建设" ; <http://purl.org/dc/terms/source> <{doc}> ;
        <{goal}> {tricky} .
    <{doc}/project/2/indicator/1> <{BKG}indicatorOf> <{doc}/project/2> ;
        <{BKG}indicatorName> "养老床位"^^<{DT}> ; <{BKG}rawText> "care ≥ 5"^^<{DT}> .
    """
    return list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))


def matches(kg: budgetkg.KnowledgeGraph, keyword: str) -> ti.Matches | None:
    store = kg.store
    assert isinstance(store, OxigraphStore)
    store.refresh()
    return store.text_index.matches(keyword, store._reader.number)


def test_matching_texts_are_the_literals_the_store_holds(tmp_path: Path) -> None:
    kg = budgetkg.open(tmp_path / "kg")
    kg.store.replace_graph(EX + "graph/3", _forms_document())  # type: ignore[union-attr]
    found = matches(kg, "养老")
    assert found is not None
    dt = ox.NamedNode(DT)
    assert found.texts == sorted(
        str(x)
        for x in (
            ox.Literal("养老院建设", language="zh"),
            ox.Literal("养老院建设", language="zh-hans"),  # tags as the store keeps them (lower case)
            ox.Literal("养老院建设"),
            ox.Literal(TRICKY),
            ox.Literal("养老床位", datatype=dt),
        )
    )
    assert found.subjects == [f"<{EX}doc/3/project/1>", f"<{EX}doc/3/project/2>"]
    assert matches(kg, "care").texts == sorted(  # type: ignore[union-attr]
        [str(ox.Literal("Elderly care homes", language="en")), str(ox.Literal("care ≥ 5", datatype=dt))]
    )
    for keyword in ("养老", "养老院", "二行", "care", "≥ 5", '"养老"', "\\"):
        assert same(kg, keyword), keyword
    kg.close()


def test_the_api_binds_the_texts(handmade: budgetkg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    sent: list[str] = []
    real = store._readable

    class Spy:
        def __init__(self, db: ox.Store) -> None:
            self.db = db

        def query(self, text: str, **options: object) -> object:
            sent.append(text)
            return self.db.query(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_readable", lambda: Spy(real()))
    same(handmade, "床位")
    (bound,) = [text for text in sent if "VALUES ?text" in text]  # one query of those sent was narrowed
    assert bound.count('VALUES ?text { "养老床位数" "养老床位数≥50张" }') == 3


def test_an_in_memory_store_has_no_index() -> None:
    kg = budgetkg.open(None)
    result = kg.select("projects-search", keyword="养老")
    assert result.rows == [] and result.notes == ["no rows: nothing matches keyword='养老'"]  # no index note


def test_a_writer_replaces_the_older_text_indexes(handmade: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    """An index written before the covering indexes gets them (and loses the old ones) when a writer opens
    it, without being built again: its rows stay and searches answer as before."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    path = store.text_index.path
    handmade.close()
    with sqlite3.connect(path) as db:
        db.executescript(
            "DROP INDEX texts_by_sid; DROP INDEX owners_by_subject;"
            "CREATE INDEX texts_sid ON texts(sid); CREATE INDEX owners_subject ON owners(subject, graph);"
            "INSERT INTO meta VALUES ('marker', 'kept');"
        )
    writer = budgetkg.open(tmp_path / "kg")
    assert isinstance(writer.store, OxigraphStore)
    writer.store.replace_graph(G2, document(2, {7: {"label": "公益性岗位", "goal": "就业援助"}}))
    writer.close()
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        kept = db.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone()
    assert {"texts_by_sid", "owners_by_subject"} <= names
    assert not names & {"texts_sid", "owners_subject"}
    assert kept == ("kept",)  # the same file: not built again
    reader = budgetkg.open(tmp_path / "kg", mode="read")
    assert candidates(reader, "养老床位数") == [f"<{EX}doc/1/project/3>"]
    assert [r[5] for r in same(reader, "就业援助")] == ["goal"]
    reader.close()


def test_init_builds_a_missing_index(handmade: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from budgetkg.cli import cli

    store = handmade.store
    assert isinstance(store, OxigraphStore)
    store.text_index.broken()
    handmade.close()
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    reader = budgetkg.open(tmp_path / "kg", mode="read")
    assert len(candidates(reader, "养老") or []) == 4
    reader.close()


def test_ingest_one_by_one_and_remove(tmp_path: Path) -> None:
    """A first ingest fills the empty store (bulk loader), a second writes a transaction, remove drops it."""
    from .conftest import sample_path

    kg = budgetkg.open(tmp_path / "kg")
    assert kg.ingest([sample_path("002")]).ok
    assert kg.ingest([sample_path("003")]).ok
    both = same(kg, "公益性岗位")
    assert {r[0] for r in both} == {sample_path("002").name, sample_path("003").name}
    kg.remove([sample_path("003").name])
    assert same(kg, "公益性岗位") == [r for r in both if r[0] == sample_path("002").name]
    assert kg.ingest([sample_path("003")], force=True).ok
    assert same(kg, "公益性岗位") == both


def test_an_interrupted_filling_empties_store_and_index(
    handmade: budgetkg.KnowledgeGraph, tmp_path: Path
) -> None:
    """A batch into an empty store was killed (filling.nq left over): the store is emptied, the index too."""
    store = handmade.store
    assert isinstance(store, OxigraphStore)
    store.layout.filling.write_bytes(b"")
    with store.writing():
        pass
    assert store.triple_count() == 0
    assert candidates(handmade, "养老") == []
    with sqlite3.connect(store.text_index.path) as db:
        assert db.execute("SELECT count(*) FROM texts").fetchone() == (0,)
