"""The synthetic corpus generator (benchmarks/synth.py) and the store's bulk loader."""

from __future__ import annotations

import io
import pickle
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.codes import CODE_GRAPH
from budgetkg.extract import BudgetRecords
from budgetkg.store import OxigraphStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> synth.Corpus:
    return synth.prepare()


def _graph(store: OxigraphStore | ox.Store, graph: str) -> set[str]:
    quads = (
        store.quads(graph)
        if isinstance(store, OxigraphStore)
        else store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    )
    return {f"{q.subject} {q.predicate} {q.object}" for q in quads}


def test_an_unchanged_copy_is_what_ingest_stores(corpus: synth.Corpus, kg: budgetkg.KnowledgeGraph) -> None:
    """A sample re-minted under its own name, factor 1 and checksum: its ingested graph, quad for quad."""
    for sample in corpus.samples:
        graph, triples = synth.document_triples(corpus, sample, synth.Variant(0, sample.records.checksum))
        assert _stored(graph, triples) == _graph(kg.store, graph), sample.records.source
    assert _stored(CODE_GRAPH, corpus.code_triples) == _graph(kg.store, CODE_GRAPH)


def _stored(graph: str, triples: list[ox.Triple]) -> set[str]:
    """The triples as a store keeps them (decimals in canonical form)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples)
    return _graph(store, graph)


def _load(corpus: synth.Corpus, n: int, seed: int) -> ox.Store:
    store = ox.Store()
    store.bulk_load(b"".join(synth.corpus_chunks(n, seed, corpus)), format=ox.RdfFormat.N_QUADS)
    return store


def _totals(store: ox.Store) -> dict[str, tuple[str, str | None, Decimal]]:
    rows = store.query(
        """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?file ?name ?code ?total WHERE {
          ?doc a bkg:BudgetDocument ; bkg:sourceFile ?file ; dcterms:publisher ?d .
          ?d rdfs:label ?name . OPTIONAL { ?d bkg:departmentCode ?code }
          ?line bkg:isTotal true ; bkg:inTable/dcterms:isPartOf ?doc .
          ?obs bkg:budgetLine ?line ; bkg:measure <https://w3id.org/budgetkg/code/measure/total> ;
               bkg:amount ?total }""",
        use_default_graph_as_union=True,
    )
    return {
        r["file"].value: (r["name"].value, r["code"].value if r["code"] else None, Decimal(r["total"].value))
        for r in rows
    }


def test_departments_are_distinct_reproducible_and_reconcile(corpus: synth.Corpus) -> None:
    first = b"".join(synth.corpus_chunks(7, 3, corpus))
    assert first == b"".join(synth.corpus_chunks(7, 3, corpus))  # the same seed, the same bytes
    assert first != b"".join(synth.corpus_chunks(7, 4, corpus))
    store = _load(corpus, 7, 3)
    totals = _totals(store)
    assert len(totals) == 7
    assert len({name for name, _, _ in totals.values()}) == 7
    assert len({code for _, code, _ in totals.values()}) == 7
    sample_totals = {s.records.checksum: s.records.summary_total.total for s in corpus.samples}  # type: ignore[union-attr]
    for sample, v in synth.variants(7, 3, corpus):
        name, code, total = totals[v.source]  # type: ignore[index]
        assert total == sample_totals[sample.records.checksum] * v.factor  # amounts scale by a whole factor
        assert code == v.code and v.stem in name and sample.stem not in name
        assert _class_gap(synth.remint(sample, v)) == _class_gap(sample.records) * v.factor


def _class_gap(records: BudgetRecords) -> Decimal:
    """The 类 lines' sum minus the 合计 (zero when the document adds up): scales with the amounts."""
    top = [ln.total or Decimal(0) for ln in records.function_lines if ln.code and len(ln.code) == 3]
    total = records.summary_total
    assert total is not None and total.total is not None
    return sum(top, Decimal(0)) - total.total


def test_findings_are_repointed_to_the_copy(corpus: synth.Corpus) -> None:
    sample = next(s for s in corpus.samples if any(f.expected is not None for f in s.validation.findings))
    v = synth.Variant(1, "ab" * 32, stem="汝宁", code="123456", factor=3, source="copy.txt")
    graph, triples = synth.document_triples(corpus, sample, v)
    found = [t for t in triples if t.predicate.value.endswith("#expected")]
    originals = [f.expected for f in sample.validation.findings if f.expected is not None]
    assert sorted(Decimal(t.object.value) for t in found) == sorted(e * 3 for e in originals)  # type: ignore[operator]
    old_doc = sample.validation.document
    assert not any(old_doc in str(t) for t in triples)  # nothing points into the sample's graph
    prefix = "https://w3id.org/budgetkg/id/doc/abababababababab/finding/"
    assert all(t.subject.value.startswith(prefix) for t in found)


def test_sector_code_moves_the_class_of_three_five_and_seven_digit_codes() -> None:
    assert synth.sector_code("2080705", 1) == "2470705"  # 208 is the 8th class: 240 + 7
    assert synth.sector_code("20807", 3) == "24907"
    assert synth.sector_code("201", 1) == "240"
    assert synth.sector_code("299", 1) == "272"  # the 33rd class
    assert synth.sector_code("299", 27) == "298"
    assert synth.sector_code("299", 28) == "240"  # round: 240-298 are 59 classes
    for sector in range(1, synth.MAX_SECTORS):
        moved = {synth.sector_code(c, sector) for c in synth.CLASSES}
        assert len(moved) == len(synth.CLASSES) and all("240" <= c <= "298" for c in moved), sector
    assert len({synth.sector_code("208", k) for k in range(1, synth.MAX_SECTORS)}) == synth.MAX_SECTORS - 1
    assert synth.sector_code("233", 5) == "233" and synth.sector_code("1010101", 5) == "1010101"  # no class
    for code in ("2080705", None, ""):
        assert synth.sector_code(code, 0) == code  # sector 0: the sample's codes
    for odd in ("2080", "208070", "20807051", "20a07", "208a7", "2080 05"):
        assert synth.sector_code(odd, 3) == odd  # not a 类, 款 or 项 code: left as printed


def test_sectors_move_every_function_code_and_keep_the_rest(corpus: synth.Corpus) -> None:
    """A copy in sector k: the same graph as in sector 0 but for its function codes' 类 (240-298)."""
    moved_conflicts: list[str] = []
    for sample in corpus.samples:
        v0 = synth.Variant(1, "cd" * 32, stem="汝宁", code="123456", factor=2, source="copy.txt")
        moved, plain = synth.remint(sample, replace(v0, sector=7)), synth.remint(sample, v0)
        assert [ln.code for ln in moved.function_lines] == [
            synth.sector_code(ln.code, 7) for ln in plain.function_lines
        ]
        classes = {ln.code[:3] for ln in plain.function_lines if ln.code}
        assert {ln.code[:3] for ln in moved.function_lines if ln.code} == {
            synth.sector_code(c, 7) for c in classes
        }
        assert len({ln.code for ln in moved.function_lines}) == len({ln.code for ln in plain.function_lines})
        assert all("240" <= d.function_code[:3] <= "298" for d in moved.disclosure_lines if d.function_code)
        assert [ln.total for ln in moved.function_lines] == [ln.total for ln in plain.function_lines]
        assert _class_gap(moved) == _class_gap(plain)  # every 类's sum as it was
        _, t7 = synth.document_triples(corpus, sample, replace(v0, sector=7))
        _, t0 = synth.document_triples(corpus, sample, v0)
        assert len(t7) == len(t0)  # the same links, observations and conflicts: only codes differ
        codes7 = {t.object.value for t in t7 if t.predicate.value.endswith("#functionCode")}
        codes0 = {t.object.value for t in t0 if t.predicate.value.endswith("#functionCode")}
        assert codes7 == {synth.sector_code(c, 7) for c in codes0} and codes0 and not codes0 & codes7
        conflicts = [t.object.value for t in t7 if t.predicate.value.endswith("#conflictConcept")]
        moved_conflicts += [c.rsplit("/", 1)[1] for c in conflicts if "/code/function/" in c]
    assert moved_conflicts and all("240" <= c[:3] <= "298" for c in moved_conflicts)  # conflicts moved too


def test_sectors_move_a_projects_stated_function_code(corpus: synth.Corpus) -> None:
    sample = corpus.samples[0]
    records = pickle.loads(sample.pickled)
    records.projects[0].function_code, records.projects[1].function_code = "2080705", None
    stated = replace(sample, pickled=pickle.dumps(records))
    copy = synth.remint(stated, synth.Variant(1, "ef" * 32, sector=2))
    assert [p.function_code for p in copy.projects[:2]] == ["2480705", None]


def test_sectors_spread_departments_and_keep_their_names(corpus: synth.Corpus) -> None:
    plain = list(synth.variants(200, 5, corpus))
    spread = list(synth.variants(200, 5, corpus, sectors=20))
    assert [replace(v, sector=0) for _, v in spread] == [v for _, v in plain]  # names, codes, factors kept
    assert {v.sector for _, v in plain} == {0}
    counts = [sum(v.sector == k for _, v in spread) for k in range(20)]
    assert min(counts) >= 2 and max(counts) <= 25  # each sector about one department in 20
    assert [v.sector for _, v in spread] == [v.sector for _, v in synth.variants(200, 5, corpus, sectors=20)]
    with pytest.raises(ValueError):
        next(synth.variants(3, 5, corpus, sectors=synth.MAX_SECTORS + 1))
    assert [bool(synth.sectors_problem(k, copying=False)) for k in (0, 1, synth.MAX_SECTORS, 61)] == [
        True,
        False,
        False,
        True,
    ]
    assert [bool(synth.sectors_problem(k, copying=True)) for k in (1, 2)] == [False, True]
    with pytest.raises(ValueError):
        next(synth.corpus_chunks(3, 5, corpus, predicates={"x"}, sectors=2))


def test_sector_text_moves_cjk_characters_and_nothing_else() -> None:
    first, last, stride = synth.CJK_FIRST, synth.CJK_FIRST + synth.CJK_SIZE - 1, synth.CJK_STRIDE
    assert (first, last, stride) == (0x4E00, 0x9FFF, 349)
    assert synth.sector_text(chr(first), 1) == chr(first + stride)
    assert synth.sector_text(chr(last), 1) == chr(first + stride - 1)  # round the block
    assert synth.sector_text(chr(last - stride + 1), 1) == chr(first)
    assert synth.sector_text(chr(last - stride), 1) == chr(last)
    assert synth.sector_text("养老", 2) == chr(ord("养") + 2 * stride) + chr(ord("老") + 2 * stride)
    outside = chr(first - 1) + chr(last + 1) + "2024 ≥95% A-1 ，（）：、"
    assert synth.sector_text(outside, 5) == outside  # below and above the block, digits, Latin, punctuation
    assert (
        synth.sector_text("2024年养老", 5)[:4] == "2024"
        and synth.sector_text("2024年养老", 5)[4:] != "年养老"
    )
    assert synth.sector_text("养老保险", 0) == "养老保险"
    block = "".join(chr(c) for c in range(first, last + 1))
    for sector in (1, 30, synth.MAX_SECTORS - 1):
        moved = synth.sector_text(block, sector)
        assert len(set(moved)) == len(block) and all(first <= ord(c) <= last for c in moved), sector
    assert len({synth.sector_text("养", k) for k in range(synth.MAX_SECTORS)}) == synth.MAX_SECTORS


def _texts(r: BudgetRecords) -> dict[str, list[str | None]]:
    """Every text field remint may move or keep, by name."""
    indicators = [i for t in r.performance for i in t.indicators] + [
        i for g in r.department_goals for i in g.indicators
    ]
    return {
        "project": [p.name for p in r.projects],
        "line": [ln.name for ln in r.function_lines],
        "disclosure": [d.name for d in r.disclosure_lines],
        "table": [t.name for t in r.performance],
        "goal": [t.goal for t in r.performance],
        "goal-title": [g.title for g in r.department_goals],
        "goal-text": [g.goal for g in r.department_goals],
        **{
            f"indicator-{a}": [getattr(i, a) for i in indicators]
            for a in ("level3", "description", "basis", "task")
        },
        # kept: the levels (code-list names), the target as printed, the department, the table's unit
        "level1": [i.level1 for i in indicators],
        "level2": [i.level2 for i in indicators],
        "target": [i.target.raw for i in indicators],
        "department": [r.department.name],
        "unit": [t.unit for t in r.performance],
    }


def test_sector_texts_move_each_text_field_of_the_records(corpus: synth.Corpus) -> None:
    kept = {"level1", "level2", "target", "department", "unit"}
    for sample in corpus.samples:
        v = synth.Variant(1, "cd" * 32, stem="汝宁", code="123456", factor=2, source="copy.txt", sector=4)
        plain, texts = _texts(synth.remint(sample, v)), _texts(synth.remint(sample, replace(v, texts=True)))
        for field_name, values in plain.items():
            want = values if field_name in kept else [x and synth.sector_text(x, 4) for x in values]
            assert texts[field_name] == want, (sample.records.source, field_name)
    both = [_texts(s.records) for s in corpus.samples]
    for field_name in (
        "project",
        "line",
        "disclosure",
        "table",
        "goal",
        "indicator-level3",
        "level1",
        "target",
    ):
        assert any(any(b[field_name]) for b in both), field_name  # each field has texts in some sample


_TEXT_LINK = ("#linkedProjects",)  # counts of name links, which the linker's word lists may find otherwise


def _literal(t: ox.Triple) -> str | None:
    return t.object.value if isinstance(t.object, ox.Literal) else None


def test_sector_texts_move_the_projects_texts_and_keep_the_rest(corpus: synth.Corpus) -> None:
    """With texts, a copy in sector k is the copy without, but for the projects' texts moved by sector_text:
    the names, goals, 三级指标 and the tables' line names; levels, targets and every other text stay."""
    moved_in: set[str] = set()
    for sample in corpus.samples:
        v0 = synth.Variant(1, "cd" * 32, stem="汝宁", code="123456", factor=2, source="copy.txt", sector=7)
        _, plain = synth.document_triples(corpus, sample, v0)
        _, texts = synth.document_triples(corpus, sample, replace(v0, texts=True))

        def kept(triples: list[ox.Triple]) -> list[ox.Triple]:  # not a function link found by name
            return [
                t
                for t in triples
                if "/function/" not in t.subject.value and not t.predicate.value.endswith(_TEXT_LINK)
            ]

        a, b = kept(plain), kept(texts)
        assert len(a) == len(b) and len(a) > 0.97 * len(plain)  # links: 1.7% of one sample's
        theirs = set(b)
        for t in a:
            if t in theirs:
                continue
            text = _literal(t)
            assert text is not None, t
            moved = ox.Literal(synth.sector_text(text, 7), language=t.object.language or None)  # type: ignore[union-attr]
            assert ox.Triple(t.subject, t.predicate, moved) in theirs, t
            moved_in.add(t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        words = {t.object.value for t in a if t.predicate.value.endswith("#annualGoal")}
        assert words and not words & {t.object.value for t in b if t.predicate.value.endswith("#annualGoal")}
    assert {"label", "annualGoal", "indicatorName", "itemName"} <= moved_in
    assert not moved_in & {
        "indicatorLevel1Name",
        "indicatorLevel2Name",
        "indicatorKindName",
        "rawText",
        "notation",
    }


def test_sector_texts_follow_the_variant_and_need_sectors(corpus: synth.Corpus) -> None:
    spread = list(synth.variants(40, 5, corpus, sectors=20, texts=True))
    assert all(v.texts for _, v in spread)
    assert [replace(v, texts=False) for _, v in spread] == [
        v for _, v in synth.variants(40, 5, corpus, sectors=20)
    ]
    sample = corpus.samples[0]
    name = sample.records.projects[0].name
    v = synth.Variant(1, "ef" * 32, sector=3, texts=True)
    assert synth.remint(sample, v).projects[0].name == synth.sector_text(name, 3) != name
    assert synth.remint(sample, replace(v, sector=0)).projects[0].name == name  # sector 0 keeps its texts
    assert synth.remint(sample, replace(v, texts=False)).projects[0].name == name
    assert [bool(synth.sectors_problem(k, copying=False, texts=True)) for k in (1, 2)] == [True, False]
    with pytest.raises(ValueError):
        next(synth.variants(3, 5, corpus, sectors=1, texts=True))


def test_bulk_load_fills_a_store_readers_see(tmp_path: Path) -> None:
    g = "https://example.org/graph/1"
    data = f'<https://example.org/a> <https://example.org/p> "1" <{g}> .\n'.encode()
    with budgetkg.open(tmp_path / "kg") as kg:
        kg.store.bulk_load(io.BytesIO(data))
        kg.store.bulk_load(data.replace(b'"1"', b'"2"'), replace=[g])  # loaded again: replaced
    with budgetkg.open(tmp_path / "kg", mode="read") as kg:  # a reader opens the snapshot made at the end
        assert _graph(kg.store, g) == {'<https://example.org/a> <https://example.org/p> "2"'}
    file = tmp_path / "more.nq"
    file.write_bytes(data.replace(b"graph/1", b"graph/2"))
    with budgetkg.open(tmp_path / "kg") as kg:
        kg.store.bulk_load(file)  # a file is streamed from disk; other graphs stay
        assert kg.store.graphs() == [g, "https://example.org/graph/2"]
        assert kg.triple_count() == 2


INDEX = [  # materialised at ingest (rdf/summary*.py, rdf/publisher.py): what a top-up adds to an older store
    "https://w3id.org/budgetkg/ontology#" + name
    for name in (
        "publisherName basicAmount personnelAmount publicUseAmount statedMeasure functionCodePrefix "
        "economicCodePrefix indicatorDocument indicatorKind indicatorKindName vagueReason indicatorCount "
        "vagueIndicatorCount threePublicAmount officialReceptionAmount totalAmount"
    ).split()
]


def test_predicates_give_the_same_departments_triples_of_those_predicates(corpus: synth.Corpus) -> None:
    """``--predicates``: copied from the samples (not built), yet exactly the built departments' triples."""
    full = _load(corpus, 11, 5)
    store = ox.Store()
    store.bulk_load(b"".join(synth.corpus_chunks(11, 5, corpus, set(INDEX))), format=ox.RdfFormat.N_QUADS)
    kept = {str(q) for q in store}
    assert {q.predicate.value for q in store} == set(INDEX)
    assert kept == {str(q) for q in full if q.predicate.value in INDEX}


def test_predicates_a_copy_cannot_give_stop_the_run(corpus: synth.Corpus) -> None:
    """A triple copying cannot make (a copy's checksum) is found on the first copy: no store is topped up."""
    checksum = "https://w3id.org/budgetkg/ontology#sourceChecksum"
    with pytest.raises(SystemExit, match="sourceChecksum"):
        b"".join(synth.corpus_chunks(2, 5, corpus, {checksum}))


def test_predicate_delta_lists_added_predicates_and_refuses_removals(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import predicate_delta

    old, new = tmp_path / "old.nq", tmp_path / "new.nq"
    base = '<http://x/s> <http://x/p> "1" <http://x/g> .\n'
    old.write_text(base, encoding="utf-8")
    new.write_text(base + '<http://x/s> <http://x/q> "2" <http://x/g> .\n', encoding="utf-8")
    assert predicate_delta.main([str(old), str(new)]) == 0
    assert capsys.readouterr().out == "http://x/q\n"
    assert predicate_delta.main([str(new), str(old)]) == 1  # the newer one lost a quad: no top-up
