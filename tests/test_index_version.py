"""Each document's catalogue entry records the version of the ingest-time index its graph was built with;
a query reading that index names the documents stored by an older budgetkg (their rows may be missing).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.batch import catalogue
from budgetkg.cli import cli
from budgetkg.extract import BudgetRecords
from budgetkg.rdf import DEFAULT_BASE, build, index_version
from budgetkg.rdf.index_version import INDEX_PREDICATES, INDEX_VERSION, is_current, needed
from budgetkg.rdf.namespaces import BKG, XSD
from budgetkg.resources import data_dir

from .conftest import SAMPLES


def _predicates(records: dict[str, BudgetRecords]) -> set[str]:
    return {t.predicate.value for r in records.values() for t in build.build_graph(r, DEFAULT_BASE)[1]}


def test_every_predicate_the_summaries_write_is_in_the_registry(
    records: dict[str, BudgetRecords], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ingest writes only because of rdf/summary*.py is listed with a version (and declared)."""
    everything = _predicates(records)
    monkeypatch.setattr(build, "add_summary", lambda *a: None)
    monkeypatch.setattr(build, "indicator_summary", lambda triples: [])
    monkeypatch.setattr(build, "three_public_summary", lambda triples: [])
    made = everything - _predicates(records)
    assert {BKG + "indicatorOwnerName", BKG + "functionCodePrefix", BKG + "threePublicAmount"} <= made
    assert made <= set(INDEX_PREDICATES), sorted(made - set(INDEX_PREDICATES))
    ontology = (data_dir("ontology") / "budgetkg.ttl").read_text("utf-8")
    for p in [*INDEX_PREDICATES, catalogue.VERSION_PREDICATE]:
        assert re.search(rf"\nbkg:{p.removeprefix(BKG)} a owl:(Datatype|Object)Property", ontology), p
    assert set(INDEX_PREDICATES.values()) <= set(range(1, INDEX_VERSION + 1))


def test_a_query_needs_the_highest_version_of_the_index_predicates_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert needed("SELECT * { ?s bkg:sourceFile ?o }") == (0, [])
    assert needed("SELECT * { ?i bkg:indicatorOwnerName ?p }") == (1, [BKG + "indicatorOwnerName"])
    assert needed(f"SELECT * {{ ?i <{BKG}indicatorCount> ?p }}") == (1, [BKG + "indicatorCount"])
    assert needed("?d bkg:vagueIndicatorCount ?n") == (1, [BKG + "vagueIndicatorCount"])  # not indicatorCount
    assert needed("?i bkg:indicatorOwnerNames ?p . ?i bkgx:indicatorCount ?n") == (0, [])
    commented = "# reads bkg:targetParts, not bkg:indicatorCount\n  # bkg:vagueReason\n?i bkg:indicatorKind ?"
    assert needed(commented) == (1, [BKG + "indicatorKind"])  # a line of comment names nothing
    assert needed(f"?i <{BKG}targetParts> ?p") == (2, [BKG + "targetParts"])  # a # in an IRI: no comment
    monkeypatch.setattr(index_version, "INDEX_PREDICATES", {BKG + "a": 1, BKG + "b": 3, BKG + "c": 2})
    assert index_version.needed("?x bkg:a ?y ; bkg:b ?z ; bkg:c ?w") == (3, [BKG + "a", BKG + "b", BKG + "c"])
    assert index_version.needed("?x bkg:a ?y ; bkg:c ?w") == (2, [BKG + "a", BKG + "c"])


@pytest.mark.parametrize(
    ("version", "need", "current"),
    [(None, 1, False), (0, 1, False), (1, 1, True), (2, 1, True), (1, 2, False)],
)
def test_a_document_is_current_from_the_version_a_query_needs(
    version: int | None, need: int, current: bool
) -> None:
    assert is_current(version, need) is current


def test_an_entry_records_the_index_version_when_known() -> None:
    entry = catalogue.entry_triples("http://example.org/g", "a.pdf", "ok", 7)
    versions = [t.object for t in entry if t.predicate.value == catalogue.VERSION_PREDICATE]
    assert versions == [ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))]
    unknown = catalogue.entry_triples("http://example.org/g", "a.pdf", "ok", None)
    assert [t for t in unknown if t.predicate.value == catalogue.VERSION_PREDICATE] == []
    assert len(unknown) == len(entry) - 1


def test_ingest_records_this_index_version(kg: budgetkg.KnowledgeGraph) -> None:
    documents = kg.documents()
    assert len(documents) == 5 and {d.index_version for d in documents} == {INDEX_VERSION}
    assert catalogue.index_versions(kg.store) == {INDEX_VERSION: 5}
    answered = kg.select("indicator-benchmarks")
    assert answered.rows and not [n for n in answered.notes if "index version" in n]


def _versions(path: Path, versions: list[int | None]) -> None:
    """The store's catalogue entries, in graph order, given these index versions (None: none recorded)."""
    with budgetkg.open(path) as kg:
        quads = kg.store.quads(catalogue.CATALOGUE_GRAPH)
        entries = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        graphs = sorted({t.subject.value for t in entries})
        assert len(graphs) == len(versions)
        kept = [t for t in entries if t.predicate.value != catalogue.VERSION_PREDICATE]
        for graph, version in zip(graphs, versions, strict=True):
            if version is not None:
                literal = ox.Literal(str(version), datatype=ox.NamedNode(XSD + "integer"))
                predicate = ox.NamedNode(catalogue.VERSION_PREDICATE)
                kept.append(ox.Triple(ox.NamedNode(graph), predicate, literal))
        kg.store.replace_graph(catalogue.CATALOGUE_GRAPH, kept)


@pytest.fixture
def older(samples_store: Path, tmp_path: Path) -> Path:
    """The samples' store with two documents stored before versions were recorded, one at version 0,
    one at this version and one at a later one: three older than this budgetkg's index."""
    path = tmp_path / "kg"
    shutil.copytree(samples_store, path)
    _versions(path, [None, 0, INDEX_VERSION, INDEX_VERSION + 1, None])
    return path


OLDER_NOTE = (
    "3 of the store's 5 documents were stored by a budgetkg older than index version 2, which this query "
    "reads (bkg:indicatorDocument, bkg:indicatorKind, bkg:indicatorKindName and 2 more): rows from them may "
    "be missing or incomplete; `budgetkg documents --older` lists them, and `budgetkg ingest FILES --force` "
    "stores them again"
)


def test_a_query_reading_the_index_names_the_older_documents(older: Path) -> None:
    with budgetkg.open(older, mode="read") as kg:
        answered = kg.select("indicator-benchmarks")
        assert answered.rows  # their graphs hold the index here: the note says "may"
        assert OLDER_NOTE in answered.notes
        empty = kg.select("indicator-benchmarks", unit="光年")
        assert empty.rows == [] and OLDER_NOTE in empty.notes
        assert not [n for n in empty.notes if "no bkg:" in n]  # one note on older documents, not two
        assert not [n for n in kg.select("projects").notes if "index version" in n]  # reads no index


def test_older_documents_are_one_note_where_a_required_predicate_is_missing_too(
    samples_store: Path, tmp_path: Path
) -> None:
    """A store from before the owner names and before versions: the answer is empty, and the note is
    the one on older documents (which covers the missing predicate), not both."""
    path = tmp_path / "kg"
    shutil.copytree(samples_store, path)
    with budgetkg.open(path) as kg:
        for g in kg.store.graphs():
            if g != catalogue.CATALOGUE_GRAPH:
                kept = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(g)]
                kept = [t for t in kept if t.predicate.value != BKG + "indicatorOwnerName"]
                kg.store.replace_graph(g, kept)
    _versions(path, [None] * 5)
    with budgetkg.open(path, mode="read") as kg:
        result = kg.select("indicator-benchmarks")
    assert result.rows == []
    assert [n for n in result.notes if "ingest" in n] == [OLDER_NOTE.replace("3 of", "5 of")]


def test_ingest_again_stores_them_with_this_version(older: Path) -> None:
    with budgetkg.open(older) as kg:
        assert OLDER_NOTE in kg.select("indicator-benchmarks").notes
        assert kg.ingest([SAMPLES], force=True).ok
        assert {d.index_version for d in kg.documents()} == {INDEX_VERSION}
        assert not [n for n in kg.select("indicator-benchmarks").notes if "index version" in n]


def test_the_listing_shows_index_versions_when_some_are_older(older: Path, samples_store: Path) -> None:
    runner = CliRunner()
    current = runner.invoke(cli, ["documents", "--store", str(samples_store)])
    assert current.exit_code == 0 and "index_version" not in current.output
    listed = runner.invoke(cli, ["documents", "--store", str(older)])
    assert listed.exit_code == 0, listed.output
    assert "index_version" in listed.output.splitlines()[1]
    assert listed.output.count("none (older: ingest --force)") == 2
    assert listed.output.count("0 (older: ingest --force)") == 1
    assert f"{INDEX_VERSION + 1} (older" not in listed.output  # a newer budgetkg's document is not older
    as_json = json.loads(runner.invoke(cli, ["documents", "--store", str(older), "--format", "json"]).output)
    versions = sorted(d["index_version"] for d in as_json if d["index_version"] is not None)
    assert versions == [0, INDEX_VERSION, INDEX_VERSION + 1]
    only = runner.invoke(cli, ["documents", "--store", str(older), "--format", "json", "--older"])
    assert only.exit_code == 0, only.output
    assert [d["index_version"] for d in json.loads(only.output)] == [0, None, None]  # by file name
    older_files = [d["file"] for d in as_json if d["index_version"] in (0, None)]
    assert [d["file"] for d in json.loads(only.output)] == older_files


def test_a_graph_without_a_catalogue_entry_has_no_version_to_compare(older: Path) -> None:
    """A document graph put in the store some other way (no entry) is listed with an empty version."""
    with budgetkg.open(older) as kg:
        document = kg.documents()[1]  # one stored before versions were recorded
        graph, prefix = document.graph, (document.file or "")[:4]  # 001_
        quads = kg.store.quads(catalogue.CATALOGUE_GRAPH)
        kept = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.subject.value != graph]
        kg.store.replace_graph(catalogue.CATALOGUE_GRAPH, kept)
        assert [d.older_index() for d in kg.documents()] == [True, False, False, False, True]
    listed = CliRunner().invoke(cli, ["documents", "--store", str(older)]).output
    assert listed.count("none (older: ingest --force)") == 1
    row = next(line for line in listed.splitlines() if line.startswith(f"│ {prefix}"))  # no path: no entry
    assert row.rstrip().endswith("│                              │")


def test_init_counts_the_older_documents(older: Path, samples_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    shutil.copytree(samples_store, tmp_path / "current")  # init opens a store for writing: a copy
    current = runner.invoke(cli, ["init", str(tmp_path / "current")])
    assert current.exit_code == 0  # "ready", nothing more
    assert current.output == f"store {tmp_path / 'current'} ready: 5 documents\n"
    result = runner.invoke(cli, ["init", str(older)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"3 documents were stored by an older budgetkg, without all of what ingest now indexes: `budgetkg "
        f"documents --older --store {older}` lists them, `budgetkg ingest FILES --force` stores them again"
    )


def test_each_query_needs_the_version_of_the_newest_index_it_reads(
    samples_store: Path, tmp_path: Path
) -> None:
    """Documents stored at index version 2 lack ``bkg:basicLineParts`` (version 3), which
    ``spending-by-economic-class`` reads, and have ``bkg:targetParts`` (version 2), which
    ``indicator-benchmarks`` reads: a note on the one, none on the other."""
    path = tmp_path / "kg"
    shutil.copytree(samples_store, path)
    _versions(path, [2, 2, 3, 3, 3])
    with budgetkg.open(path, mode="read") as kg:
        spending = [n for n in kg.select("spending-by-economic-class").notes if "index version" in n]
        assert len(spending) == 1 and spending[0].startswith(
            "2 of the store's 5 documents were stored by a budgetkg older than index version 3, which this "
            "query reads (bkg:economicCodePrefix, bkg:basicLineParts)"
        )
        assert not [n for n in kg.select("indicator-benchmarks").notes if "index version" in n]
