"""The code lists: seeded from the samples, used at ingest, growing, recording conflicts."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

import budgetkg
from budgetkg.codes import CODE_GRAPH, load_registry
from budgetkg.codes.importer import CodeListError, import_list
from budgetkg.codes.registry import same_name
from budgetkg.codes.scan import document_codes
from budgetkg.codes.schemes import codelist_dir, load_codelists
from budgetkg.codes.seed import MARKER, seed
from budgetkg.extract import BudgetRecords, extract_document, extract_with_tables
from budgetkg.extract.tables import TABLE_KINDS
from budgetkg.read import read_document
from budgetkg.read.model import OcrSummary

from .conftest import EXPECTED, SAMPLE_IDS, SAMPLES, sample_path

FN = "https://w3id.org/budgetkg/code/function/"

SUBTREE_SUM = """
SELECT ?file ?published (SUM(?amount) AS ?children) (COUNT(?line) AS ?lines) WHERE {
  GRAPH ?g {
    ?doc a bkg:BudgetDocument ; bkg:sourceFile ?file .
    ?table dcterms:isPartOf ?doc ; bkg:tableKind "expenditure" .
    ?parent bkg:inTable ?table ; bkg:functionClass fn:20807 .
    ?po bkg:budgetLine ?parent ; bkg:measure measure:total ; bkg:amount ?published .
    ?line bkg:inTable ?table ; bkg:functionClass ?class .
    ?o bkg:budgetLine ?line ; bkg:measure measure:total ; bkg:amount ?amount .
  }
  ?class skos:broader+ fn:20807 .
}
GROUP BY ?file ?published ORDER BY ?file
"""


def _variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of sample 003 (7-digit codes in one column) with some printed text changed."""
    text = sample_path("003").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _labels(kg: budgetkg.KnowledgeGraph, code: str) -> list[str]:
    query = f"SELECT ?l WHERE {{ <{FN}{code}> skos:prefLabel ?l FILTER(LANG(?l) = 'zh') }}"
    rows = kg.select_sparql(query).rows
    return sorted(str(r[0]) for r in rows)


# -- the seeded code lists ------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_the_code_check_reuses_extractions_tables_and_finds_what_grouping_again_finds(sample: str) -> None:
    doc = read_document(sample_path(sample))
    records, tables = extract_with_tables(doc)
    assert tables is not None and records == extract_document(read_document(sample_path(sample)))
    reused = document_codes(doc, tables)
    assert len(reused) > 20 and reused == document_codes(doc)  # grouped again after extraction


def test_a_scanned_documents_tables_are_grouped_again_after_the_ocr_corrections() -> None:
    doc = read_document(sample_path(SAMPLE_IDS[0]))
    doc.ocr = OcrSummary("tesseract", "5", "chi_sim", [], 0.0)  # corrections change cells after grouping
    assert extract_with_tables(doc)[1] is None


def test_function_list_has_every_code_of_the_samples_with_its_parent(
    records: dict[str, BudgetRecords],
) -> None:
    registry = load_registry()
    fn = registry.schemes["function"]
    printed = {c.code for p in SAMPLE_IDS for c in document_codes(read_document(sample_path(p)))}
    printed |= {ln.code for r in records.values() for ln in r.function_lines if ln.code}
    function_codes = {c for c in printed if fn.matches(c)}
    # exactly the codes of the hand-checked 支出总表 lines (tests/expected/spending-by-function.csv)
    with (EXPECTED / "spending-by-function.csv").open(encoding="utf-8") as f:
        assert function_codes == {r["function_code"] for r in csv.DictReader(f)}
    assert len(function_codes) == 71
    for code in function_codes:
        concept = registry.get("function", code)
        assert concept is not None and concept.label, code
        parent = fn.parent(code)
        if parent:
            assert registry.get("function", parent) is not None, f"{code} has no parent {parent}"
    assert registry.get("function", "20807").label == "就业补助"  # type: ignore[union-attr]
    assert registry.get("function", "208").label == "社会保障和就业支出"  # type: ignore[union-attr]
    assert fn.parent("2080705") == "20807" and fn.parent("20807") == "208" and fn.parent("208") is None


def test_econ_lists_hold_both_economic_classifications() -> None:
    registry = load_registry()
    assert registry.get("econ", "30101").label == "基本工资"  # type: ignore[union-attr]
    assert registry.get("gov-econ", "50101").label == "工资奖金津补贴"  # type: ignore[union-attr]
    assert registry.schemes["econ"].parent("30101") == "301"


def test_seed_file_broader_narrower_and_cofog() -> None:
    triples, _ = load_codelists()
    ts = {(t.subject.value, t.predicate.value, getattr(t.object, "value", "")) for t in triples}
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (FN + "2080705", skos + "broader", FN + "20807") in ts
    assert (FN + "20807", skos + "narrower", FN + "2080705") in ts
    assert (FN + "208", skos + "topConceptOf", "https://w3id.org/budgetkg/code/function") in ts
    assert (FN + "208", skos + "closeMatch", "https://w3id.org/budgetkg/code/cofog/10") in ts
    assert (FN + "210", skos + "closeMatch", "https://w3id.org/budgetkg/code/cofog/07") in ts
    assert not any(s == FN + "221" and p == skos + "closeMatch" for s, p, _ in ts)  # not clear: not mapped


def test_seed_records_conflicts_between_the_samples_and_keeps_the_first_name() -> None:
    registry = load_registry()
    assert registry.get("function", "2080110").label == "劳动关系和维权"  # type: ignore[union-attr]
    text = (codelist_dir() / "function.ttl").read_text(encoding="utf-8")
    assert '"劳动关系的维权"@zh' in text and "bkg:CodeConflict" in text


def test_committed_code_lists_are_what_the_seed_produces(tmp_path: Path) -> None:
    """Re-seeding from the samples reproduces the committed files exactly."""
    folder = tmp_path / "codelists"
    shutil.copytree(codelist_dir(), folder)
    for p in folder.glob("*.ttl"):
        if p.read_text(encoding="utf-8").startswith(MARKER):
            p.unlink()
    report = seed([SAMPLES], folder)
    assert report.files["function.ttl"] == 95  # the committed list's concepts (its header says 95)
    for name in report.files:
        generated = (folder / name).read_text(encoding="utf-8")
        assert generated == (codelist_dir() / name).read_text(encoding="utf-8"), name


def test_every_table_kind_is_a_concept() -> None:
    registry = load_registry()
    slugs = {kind for kind, _, _ in TABLE_KINDS}
    assert {c for (s, c) in registry.concepts if s == "table-kind"} >= slugs


def test_names_compare_without_width_or_spaces() -> None:
    assert same_name("维修(护)费", "维修（护）费")
    assert same_name("公益性 岗位补贴", "公益性岗位补贴")
    assert not same_name("劳动关系和维权", "劳动关系的维权")


def test_scanner_repairs_a_kuan_code_drifted_into_the_lei_column() -> None:
    """In 004's 一般公共预算支出表 the PDF put 款 10 in the 类 column; 老年福利 is still 2081002."""
    codes = {(c.code, c.name) for c in document_codes(read_document(sample_path("004")))}
    assert ("2081002", "老年福利") in codes
    assert ("2080702", "老年福利") not in codes


# -- the pipeline uses the code lists ------------------------------------------------------


def test_children_of_20807_sum_to_the_published_20807_total(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(SUBTREE_SUM).rows
    assert len(rows) == 5
    for file, published, children, _ in rows:
        assert Decimal(children) == Decimal(published), file
    # the 项 lines under 20807 each prints (tests/expected/function-subtree.csv, level 3)
    assert {r[0][:3]: int(r[3]) for r in rows} == {"000": 1, "001": 1, "002": 1, "003": 4, "004": 6}
    by_file = {r[0][:3]: Decimal(r[1]) for r in rows}
    assert by_file["004"] == Decimal("2457.51")  # 004 prints 07 就业补助 2,457.51 in its 支出总体情况表


def test_a_query_for_20807_finds_lines_of_every_level_below_it(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        "SELECT DISTINCT ?code WHERE { ?line a bkg:BudgetLine ; bkg:functionClass ?c ; "
        "bkg:functionCode ?code . ?c skos:broader* fn:20807 }"
    ).rows
    codes = {str(r[0]) for r in rows}
    assert "20807" in codes and "2080705" in codes
    assert all(c.startswith("20807") for c in codes)


def test_code_lists_are_a_named_graph_of_the_store(kg: budgetkg.KnowledgeGraph) -> None:
    assert CODE_GRAPH in kg.store.graphs()
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CODE_GRAPH}> {{ ?c a skos:Concept }} }}"
    n = kg.select_sparql(query).rows
    # every concept of ontology/codelists/*.ttl (the samples print no code the lists lack)
    files = rdflib.Graph()
    for ttl in codelist_dir().glob("*.ttl"):
        files.parse(ttl)
    # 283, then 千元 and 亿元 (units) and complete and partial (document status)
    assert int(n[0][0]) == len(set(files.subjects(RDF.type, SKOS.Concept))) == 287


def test_known_code_under_another_name_is_a_conflict_and_the_first_name_stays(tmp_path: Path) -> None:
    kg = budgetkg.open(tmp_path / "kg")
    path = _variant(tmp_path, "renamed.txt", ("2080705\t公益性岗位补贴", "2080705\t公益性岗位补助"))
    report = kg.ingest([path])
    assert report.ok
    assert _labels(kg, "2080705") == ["公益性岗位补贴"]
    slugs = [f["slug"] for f in report.documents[0].findings]
    assert "code-name-conflict" in slugs
    rows = kg.select_sparql(
        "SELECT ?kept ?printed ?file WHERE { GRAPH ?g { ?x a bkg:CodeConflict ; "
        "bkg:conflictConcept fn:2080705 ; bkg:keptLabel ?kept ; bkg:printedLabel ?printed ; "
        "bkg:foundIn ?doc . ?doc bkg:sourceFile ?file } }"
    ).rows
    assert [tuple(map(str, r)) for r in rows] == [("公益性岗位补贴", "公益性岗位补助", "renamed.txt")]
    kg.ingest([path])  # re-ingest: the conflict is recomputed, not duplicated
    again = kg.select_sparql("SELECT ?x WHERE { ?x bkg:conflictConcept fn:2080705 }").rows
    assert len(again) == 1
    kg.close()


def test_new_code_is_added_with_its_parent_and_keeps_its_first_name(tmp_path: Path) -> None:
    first = _variant(tmp_path, "first.txt", ("2080705\t公益性岗位补贴", "2080798\t试点岗位补贴"))
    second = _variant(tmp_path, "second.txt", ("2080705\t公益性岗位补贴", "2080798\t试点岗位补助"))
    kg = budgetkg.open(tmp_path / "kg")
    report = kg.ingest([first])
    assert "code-added-to-list" in [f["slug"] for f in report.documents[0].findings]
    kg.close()
    kg = budgetkg.open(tmp_path / "kg")  # learned codes persist in the store
    assert _labels(kg, "2080798") == ["试点岗位补贴"]
    report = kg.ingest([second])
    assert "code-name-conflict" in [f["slug"] for f in report.documents[0].findings]
    assert _labels(kg, "2080798") == ["试点岗位补贴"]
    parent = kg.select_sparql("SELECT ?p WHERE { fn:2080798 skos:broader ?p }").rows
    assert [str(r[0]) for r in parent] == [FN + "20807"]
    kg.close()


# -- importing an official list -------------------------------------------------------------


def test_import_csv_adds_codes_and_records_conflicts(tmp_path: Path) -> None:
    csv_path = tmp_path / "official.csv"
    csv_path.write_text(
        "科目编码,科目名称\n2080705,公益性岗位补贴\n2089901,其他社会保障和就业支出项\n"
        "2080110,劳动关系和维权事务\n",
        encoding="utf-8",
    )
    registry = load_registry()
    update = import_list(registry, csv_path, "function")
    assert [c.code for c in update.concepts if c.label] == ["2089901"]
    assert registry.get("function", "2089901").label == "其他社会保障和就业支出项"  # type: ignore[union-attr]
    assert [(c.code, c.kept, c.printed) for c in update.conflicts] == [
        ("2080110", "劳动关系和维权", "劳动关系和维权事务")
    ]
    assert registry.get("function", "2080110").label == "劳动关系和维权"  # type: ignore[union-attr]
    assert any(t.predicate.value.endswith("printedLabel") for t in registry.triples())


def test_import_xlsx_into_a_store_persists(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from budgetkg.codes import save_registry
    from budgetkg.store import OxigraphStore

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2024年政府收支分类科目"])
    ws.append(["code", "name"])
    ws.append([21399, "其他农林水支出"])
    xlsx = tmp_path / "list.xlsx"
    wb.save(xlsx)
    store = OxigraphStore(tmp_path / "kg")
    registry = load_registry(store)
    import_list(registry, xlsx, "function")
    assert save_registry(store, registry)
    assert not save_registry(store, registry)  # unchanged: not written again
    store.close()
    assert load_registry(OxigraphStore(tmp_path / "kg")).get("function", "21399") is not None


def test_import_rejects_codes_of_another_classification(tmp_path: Path) -> None:
    csv_path = tmp_path / "econ.csv"
    csv_path.write_text("code,name\n30101,基本工资\n", encoding="utf-8")
    with pytest.raises(CodeListError, match="do not look like function codes"):
        import_list(load_registry(), csv_path, "function")


def test_codes_cli_imports_and_reports_on_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from budgetkg.cli import cli

    csv_path = tmp_path / "l.csv"
    csv_path.write_text("code,name\n2080705,公益性岗位补助\n", encoding="utf-8")
    runner = CliRunner()
    store = str(tmp_path / "s")
    ok = runner.invoke(cli, ["codes", "import", str(csv_path), "--scheme", "function", "--store", store])
    assert ok.exit_code == 0, ok.output
    assert "0 codes added to function, 1 conflicts recorded" in ok.output
    bad = runner.invoke(cli, ["codes", "import", str(csv_path), "--scheme", "nope", "--store", store])
    assert bad.exit_code == 2 and "unknown code list 'nope'" in bad.output
    assert "Traceback" not in bad.output


def test_conflict_resource_is_typed_and_labelled() -> None:
    from budgetkg.codes.conflicts import conflict_triples
    from budgetkg.codes.registry import Conflict

    _, schemes = load_codelists()
    ts = conflict_triples(Conflict("function", "208", "社会保障和就业支出", "社保", "x.txt"), schemes)
    types = [t.object for t in ts if t.predicate.value.endswith("#type")]
    assert types == [ox.NamedNode("https://w3id.org/budgetkg/ontology#CodeConflict")]


# -- saved queries over the code lists ------------------------------------------------------


def test_function_subtree_query_finds_every_level_under_a_class(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("function-subtree", code="208").to_dicts()
    assert {r["function_code"][:3] for r in rows} == {"208"}
    assert {int(r["level"]) for r in rows} == {1, 2, 3}
    assert len({r["document"] for r in rows}) == 5
    line = next(r for r in rows if r["document"].startswith("002") and r["function_code"] == "2080705")
    assert (line["code_list_name"], line["total"]) == ("公益性岗位补贴", Decimal("806.72"))


def test_code_conflicts_query_lists_each_conflict_once_with_its_department(
    kg: budgetkg.KnowledgeGraph,
) -> None:
    found = kg.select("code-conflicts").to_dicts()
    assert all(r["department"] for r in found)
    rows = [(r["code"], r["printed_name"], r["printed_in"][:3]) for r in found]
    assert sorted(rows) == [
        ("2080110", "劳动关系的维权", "004"),
        ("303", "对个人和家庭补助", "000"),
        ("503", "机关资本性支出", "000"),
        ("503", "机关资本性支出", "004"),
    ]
