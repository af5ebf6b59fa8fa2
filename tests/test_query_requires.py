"""A saved query's ``# requires:`` line: predicates made at ingest it cannot answer without.

A store whose documents were stored by an older budgetkg lacks what a newer one adds at ingest
(``bkg:indicatorOwnerName`` since the ninth session): its answer is empty, and the user hears
why and what to do, instead of an empty table alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.query import saved_queries
from budgetkg.query.catalog import QueryFileError, parse_query_file
from budgetkg.rdf.namespaces import BKG
from budgetkg.resources import data_dir

OWNER_NAME = BKG + "indicatorOwnerName"


def test_requires_reads_bkg_names_and_iris(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# title: t\n# requires: bkg:indicatorCount <http://example.org/p>\nSELECT * {}\n", "utf-8")
    assert parse_query_file(rq).requires == [BKG + "indicatorCount", "http://example.org/p"]
    for bad in ("rdfs:label", "<not an iri>", "bkg:a>b", "<a>b>", "<relative>"):
        rq.write_text(f"# title: t\n# requires: {bad}\nSELECT * {{}}\n", "utf-8")
        with pytest.raises(QueryFileError, match="q.rq: requires: "):
            parse_query_file(rq)


@pytest.mark.parametrize("header", ["# requires: <bad iri>", "# param: x — y (type: foo)"])
def test_a_query_file_with_a_bad_header_is_a_one_line_usage_error(
    samples_store: Path, tmp_path: Path, header: str
) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text(f"# title: t\n{header}\nSELECT * {{}}\n", "utf-8")
    result = CliRunner().invoke(cli, ["query", str(rq), "--store", str(samples_store)])
    assert result.exit_code == 2, result.output
    assert "mine.rq: " in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_what_saved_queries_require_is_declared_and_written_at_ingest(kg: budgetkg.KnowledgeGraph) -> None:
    """Each required predicate is in the ontology and in the samples' store: no note on a fresh store."""
    required = {p for q in saved_queries() for p in q.requires}
    assert {BKG + "indicatorOwnerName", BKG + "functionCodePrefix", BKG + "indicatorCount"} <= required
    ontology = (data_dir("ontology") / "budgetkg.ttl").read_text("utf-8")
    for p in required:
        assert f"bkg:{p.removeprefix(BKG)} a owl:" in ontology
        assert bool(kg.store.select(f"ASK {{ GRAPH ?g {{ ?s <{p}> ?o }} }}")), p


def _older(samples_store: Path, tmp_path: Path, predicate: str = OWNER_NAME) -> Path:
    """The samples' store as an older budgetkg left it: without ``predicate`` (owner names by default)."""
    path = tmp_path / "kg"
    shutil.copytree(samples_store, path)
    with budgetkg.open(path) as kg:
        for g in kg.store.graphs():
            kept = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(g)]
            kg.store.replace_graph(g, [t for t in kept if t.predicate.value != predicate])
    return path


def _older_note(missing: str) -> str:
    """The note an empty answer gets on a store that holds documents but not ``missing``, word for word."""
    return (
        f"the store holds documents but no {missing}, which budgetkg writes at ingest: if they have what "
        "this query reads, an older budgetkg stored them; `budgetkg ingest FILES --force` stores them again"
    )


def test_an_older_store_is_named_in_the_empty_answers_notes(samples_store: Path, tmp_path: Path) -> None:
    with budgetkg.open(_older(samples_store, tmp_path), mode="read") as kg:
        result = kg.select("indicator-benchmarks")
    assert result.rows == []
    owner = "bkg:indicatorOwnerName"
    assert [n for n in result.notes if owner in n] == [_older_note(owner)]
    assert "bkg:indicatorDocument" not in " ".join(result.notes)  # only what is missing is named


def test_no_such_note_where_the_store_has_it_or_no_documents(kg: budgetkg.KnowledgeGraph) -> None:
    answered = kg.select("indicator-benchmarks")
    assert answered.rows and not [n for n in answered.notes if "ingest" in n]
    empty = kg.select("indicator-benchmarks", unit="光年")  # a unit no target has: empty, but not old
    assert empty.rows == [] and not [n for n in empty.notes if "ingest" in n]
    none = budgetkg.KnowledgeGraph(budgetkg.Settings(store=None)).select("indicator-benchmarks")
    assert none.rows == [] and not [n for n in none.notes if "ingest" in n]


def test_only_an_empty_answer_names_a_missing_iri(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    """Rows answer for themselves: a store missing a required predicate is named only when none come."""
    head = "# title: t\n# requires: <http://example.org/nowhere>\nPREFIX bkg: <" + BKG + ">\n"
    some, none = tmp_path / "some.rq", tmp_path / "none.rq"
    some.write_text(head + "SELECT ?f WHERE { GRAPH ?g { ?d bkg:sourceFile ?f } }\n", "utf-8")
    none.write_text(head + "SELECT ?f WHERE { GRAPH ?g { ?d bkg:sourceFile ?f } FILTER(false) }\n", "utf-8")
    answered = kg.select(str(some))
    assert len(answered.rows) == 5 and answered.notes == []
    assert kg.select(str(none)).notes == [_older_note("<http://example.org/nowhere>")]


def test_a_store_without_target_parts_names_them_when_a_unit_empties_the_answer(
    samples_store: Path, tmp_path: Path
) -> None:
    """``indicator-benchmarks`` reads each target from ``bkg:targetParts`` (index version 2): on a store
    without them, a unit asked for finds nothing, and the note names what is missing."""
    path = _older(samples_store, tmp_path, BKG + "targetParts")
    with budgetkg.open(path, mode="read") as kg:
        result = kg.select("indicator-benchmarks", unit="%")
        assert result.rows == []
        assert [n for n in result.notes if "ingest" in n] == [_older_note("bkg:targetParts")]
        assert kg.select("indicator-benchmarks").rows  # without a unit: the rows, their targets empty


def test_a_store_without_basic_line_parts_names_them(samples_store: Path, tmp_path: Path) -> None:
    """``spending-by-economic-class`` reads each line from ``bkg:basicLineParts`` (index version 3): on a
    store without them it finds no line, and the note names what is missing."""
    with budgetkg.open(samples_store, mode="read") as kg:
        assert kg.select("spending-by-economic-class").rows
    path = _older(samples_store, tmp_path, BKG + "basicLineParts")
    with budgetkg.open(path, mode="read") as kg:
        result = kg.select("spending-by-economic-class")
        assert result.rows == []
        assert [n for n in result.notes if "ingest" in n] == [_older_note("bkg:basicLineParts")]
