"""The queries that work out a document's columns once per document (an ``OPTIONAL`` sub-select joined
by hash, or once per project in ``projects-search``): what a document without its year or its
department's name gives.

``spending-by-economic-class`` keeps a document's lines when it prints no fiscal year (the year column
is then empty), as ``projects-search`` keeps its projects; ``indicator-benchmarks`` requires the
document's file name and department, so a document whose department has no name gives no rows there.
The samples all have both, so these are pinned on a copy of the samples' store with one document's
triple taken out.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.rdf.namespaces import BKG, DCTERMS, RDFS

SOURCE = ox.NamedNode(BKG + "sourceFile")


def _without(path: Path, name: str, drop: Callable[[list[ox.Triple]], set[ox.Triple]]) -> None:
    """Take out of the graph of the document filed as ``name`` the triples ``drop(its triples)`` gives."""
    with budgetkg.open(path) as kg:
        graph = next(
            q.graph_name.value for q in kg.store.quads() if q.predicate == SOURCE and q.object.value == name
        )
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(graph)]
        dropped = drop(triples)
        kept = [t for t in triples if t not in dropped]
        assert 0 < len(triples) - len(kept) < 5
        kg.store.replace_graph(graph, kept)


def _rows(path: Path, query: str, **params: str) -> list[list[object]]:
    with budgetkg.open(path, mode="read", query_threads=1) as kg:
        return kg.select(query, **params).rows


def _document_year(triples: list[ox.Triple]) -> set[ox.Triple]:
    """The document's own fiscal year."""
    documents = {t.subject for t in triples if t.predicate == SOURCE}
    return {t for t in triples if t.predicate.value == BKG + "fiscalYear" and t.subject in documents}


def test_a_document_without_a_year_keeps_its_lines(samples_store: Path, tmp_path: Path) -> None:
    before = _rows(samples_store, "spending-by-economic-class")
    name = next(str(r[0]) for r in before if r[2] is not None)
    copy = tmp_path / "kg"
    _copy(samples_store, copy)

    _without(copy, name, _document_year)
    after = _rows(copy, "spending-by-economic-class")
    assert len(after) == len(before)
    assert {r[2] for r in after if r[0] == name} == {None}  # the year column empty, the lines kept
    assert [r[:2] + r[3:] for r in after] == [r[:2] + r[3:] for r in before]


def test_a_document_without_its_departments_name_gives_no_benchmarks(
    samples_store: Path, tmp_path: Path
) -> None:
    before = _rows(samples_store, "indicator-benchmarks", kind="满意度")
    name = str(before[0][0])
    copy = tmp_path / "kg"
    _copy(samples_store, copy)

    def publisher_label(triples: list[ox.Triple]) -> set[ox.Triple]:
        publishers = {t.object for t in triples if t.predicate.value == DCTERMS + "publisher"}
        return {t for t in triples if t.predicate.value == RDFS + "label" and t.subject in publishers}

    _without(copy, name, publisher_label)
    after = _rows(copy, "indicator-benchmarks", kind="满意度")
    assert after == [r for r in before if r[0] != name] and len(after) < len(before)


def test_a_keyword_found_in_a_document_without_a_year_keeps_its_projects(
    samples_store: Path, tmp_path: Path
) -> None:
    """``projects-search`` works its project's columns out in the group its text index's candidates drive
    (``LATERAL`` on the embedded store): a document without a year keeps its rows, the year empty."""
    before = _rows(samples_store, "projects-search", keyword="养老")
    name = next(str(r[0]) for r in before if r[2] is not None)
    copy = tmp_path / "kg"
    _copy(samples_store, copy)

    _without(copy, name, _document_year)
    with budgetkg.open(copy, mode="read", query_threads=1) as kg:
        result = kg.select("projects-search", keyword="养老")
    assert not result.notes  # the text index answered
    after = result.rows
    assert len(after) == len(before) and {r[2] for r in after if r[0] == name} == {None}
    assert [r[:2] + r[3:] for r in after] == [r[:2] + r[3:] for r in before]


def _copy(store: Path, to: Path) -> None:
    shutil.copytree(store, to)  # the store closed: its directory is the whole store


@pytest.mark.parametrize(
    ("query", "params"), [("indicator-benchmarks", {"kind": "满意度"}), ("spending-by-economic-class", {})]
)
def test_two_documents_in_one_graph_keep_their_own_rows(
    samples_store: Path, tmp_path: Path, query: str, params: dict[str, str]
) -> None:
    """budgetkg writes one document per graph, and ``indicator-benchmarks`` and
    ``spending-by-economic-class`` look an indicator's or a line's document up only where a graph holds
    more than one: two documents written into one graph give the rows they gave apart, each indicator or
    line under its own document, in pieces and whole."""
    before = _rows(samples_store, query, **params)
    names = sorted({str(r[0]) for r in before})
    assert len(names) >= 2
    copy = tmp_path / "kg"
    _copy(samples_store, copy)
    with budgetkg.open(copy) as kg:
        graph = {
            q.object.value: q.graph_name.value for q in kg.store.quads() if q.predicate == SOURCE
        }
        first, second = graph[names[0]], graph[names[1]]
        both = [q for g in (first, second) for q in kg.store.quads(g)]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in both]
        kg.store.replace_graph(first, triples)
        kg.store.remove_graph(second)
    for threads in (1, 2):
        with budgetkg.open(copy, mode="read", query_threads=threads) as kg:
            assert kg.select(query, **params).rows == before


def test_an_empty_part_of_a_target_is_no_value(samples_store: Path, tmp_path: Path) -> None:
    """``indicator-benchmarks`` splits each target's parts (``bkg:targetParts``): a part left empty is an
    empty column (unbound, as the separate properties gave when absent), not an empty string, and the
    value is read as a number."""
    copy = tmp_path / "kg"
    _copy(samples_store, copy)
    before = _rows(copy, "indicator-benchmarks", kind="满意度")
    parts = ox.NamedNode(BKG + "targetParts")
    with budgetkg.open(copy) as kg:
        graph, indicator = kg.select_sparql(
            """SELECT ?g ?i WHERE { GRAPH ?g { ?i bkg:indicatorKindName "满意度指标" ; bkg:targetParts ?p } }
               ORDER BY ?i LIMIT 1"""
        ).rows[0]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(str(graph))]
        kept = [t for t in triples if not (t.subject.value == str(indicator) and t.predicate == parts)]
        assert len(kept) == len(triples) - 1
        kept.append(ox.Triple(ox.NamedNode(str(indicator)), parts, ox.Literal("\t95.0\t%\t")))
        kg.store.replace_graph(str(graph), kept)
    after = _rows(copy, "indicator-benchmarks", kind="满意度")
    changed = [r for r in after if r not in before]
    assert len(after) == len(before) and len(changed) == 1
    assert changed[0][6:] == [None, 95.0, "%", None]  # operator, value, unit, target


def test_an_empty_part_of_a_basic_line_is_no_value(samples_store: Path, tmp_path: Path) -> None:
    """``spending-by-economic-class`` splits each line's parts (``bkg:basicLineParts``): an empty amount
    is an empty column (unbound, as the separate property gave when absent), the amounts are numbers, and
    the measures only the text states are named as the columns are (basic is the total column)."""
    copy = tmp_path / "kg"
    _copy(samples_store, copy)
    before = _rows(copy, "spending-by-economic-class")
    parts = ox.NamedNode(BKG + "basicLineParts")
    with budgetkg.open(copy) as kg:
        graph, line, text = kg.select_sparql(
            """SELECT ?g ?line ?p WHERE { GRAPH ?g {
                 ?line bkg:economicCode "30101" ; bkg:govEconomicCode ?gc ; bkg:basicLineParts ?p } }
               ORDER BY ?line LIMIT 1"""
        ).rows[0]
        code, table, row, _total, _personnel, _public, _stated, gov, name = str(text).split("\t", 8)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(str(graph))]
        kept = [t for t in triples if not (t.subject.value == str(line) and t.predicate == parts)]
        assert len(kept) == len(triples) - 1
        changed_text = "\t".join(["", table, row, "12.50", "", "0.00", "basic public", "", name])
        kept.append(ox.Triple(ox.NamedNode(str(line)), parts, ox.Literal(changed_text)))
        kg.store.replace_graph(str(graph), kept)
    after = _rows(copy, "spending-by-economic-class")
    changed = [r for r in after if r not in before]
    assert len(after) == len(before) and len(changed) == 1
    assert changed[0][3] is None and changed[0][5] is None  # no code, no government code (the line kept)
    assert changed[0][4] == name and changed[0][6] == before[after.index(changed[0])][6]
    assert changed[0][7:] == [12.5, None, 0.0, "total public_use"]  # total, personnel, public_use, stated
    assert code == "30101" and gov  # what was taken out
    stated = [r[10] for r in before]  # where no measure is stated: no value, not an empty string
    assert None in stated and "" not in stated


def test_basic_lines_come_in_the_order_of_their_table_numbers(samples_store: Path, tmp_path: Path) -> None:
    """Within a document, ``spending-by-economic-class`` orders lines by their table's number, then row,
    as numbers (table 9 before table 10), read from ``bkg:basicLineParts``."""
    copy = tmp_path / "kg"
    _copy(samples_store, copy)
    parts = ox.NamedNode(BKG + "basicLineParts")
    with budgetkg.open(copy) as kg:
        rows = kg.select_sparql(
            """SELECT ?g ?line ?p WHERE { GRAPH ?g { ?line bkg:basicLineParts ?p ; bkg:economicCode ?c } }
               ORDER BY ?g ?line"""
        ).rows
        graph = rows[0][0]
        lines = [(str(line), str(p)) for g, line, p in rows if g == graph][:2]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store.quads(str(graph))]
        kept = [t for t in triples if not (t.predicate == parts and t.subject.value in dict(lines))]
        for (line, text), table in zip(lines, ("10", "9"), strict=True):  # the first line into table 10
            fields = text.split("\t", 8)
            fields[1] = table
            kept.append(ox.Triple(ox.NamedNode(line), parts, ox.Literal("\t".join(fields))))
        kg.store.replace_graph(str(graph), kept)
        names = [text.split("\t", 8)[8] for _, text in lines]
        document = kg.select_sparql(
            f"SELECT ?f WHERE {{ GRAPH <{graph}> {{ ?d bkg:sourceFile ?f }} }}"
        ).rows[0][0]
    mine = [r[4] for r in _rows(copy, "spending-by-economic-class") if r[0] == document]
    assert mine[-2:] == [names[1], names[0]]  # table 9, then table 10, after the table the others are in
