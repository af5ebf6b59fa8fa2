"""A newcomer's first hour (issue 17): checked parameters, self-describing queries, loud mistakes.

Every test runs the CLI in-process over the five samples' store and asserts
the exact message or value a user sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.query import find_query, saved_queries
from budgetkg.query.catalog import parse_query_file
from budgetkg.query.describe import markdown_table
from budgetkg.query.params import FunctionIndex, ParameterError, check_parameters

from .conftest import EXPECTED

README = Path(__file__).resolve().parents[1] / "README.md"
PROJECTS = len((EXPECTED / "projects.csv").read_text(encoding="utf-8").splitlines()) - 1  # hand-checked list


@pytest.fixture(scope="module")
def store(kg: budgetkg.KnowledgeGraph) -> str:
    return str(kg.settings.store)


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


# -- parameters that are checked ---------------------------------------------------------------


def test_a_word_for_a_number_is_refused(store: str) -> None:
    code, out, err = run("query", "projects-by-function", "--store", store, "-p", "min_confidence=high")
    assert (code, out) == (2, "")
    assert err == "Error: projects-by-function: min_confidence must be a number from 0 to 1, not 'high'\n"


BOUNDS = [("0", True), ("1", True), ("0.5", True), ("1.01", False), ("-0.01", False)]


@pytest.mark.parametrize("value, ok", BOUNDS)
def test_a_range_has_inclusive_bounds(kg: budgetkg.KnowledgeGraph, value: str, ok: bool) -> None:
    if ok:
        kg.select("projects-by-function", function="2080705", min_confidence=value)
    else:
        with pytest.raises(ParameterError, match=f"not '{value}'"):
            kg.select("projects-by-function", function="2080705", min_confidence=value)


def test_an_unknown_function_name_suggests_the_closest(store: str) -> None:
    code, _, err = run("query", "projects-by-function", "--store", store, "-p", "function=公益岗位")
    assert code == 2
    assert err == (
        "Error: projects-by-function: function: no function name '公益岗位' in the code lists; "
        "closest: 2080705 公益性岗位补贴\n"
    )


def test_an_unknown_function_code_suggests_close_codes(kg: budgetkg.KnowledgeGraph) -> None:
    expected = r"no function code '2080798' in the code lists; closest: 20807\d\d"
    with pytest.raises(ParameterError, match=expected):
        kg.select("projects-by-function", function="2080798")


def test_a_known_function_name_or_code_passes(kg: budgetkg.KnowledgeGraph) -> None:
    by_name = kg.select("projects-by-function", function="公益性岗位补贴").rows
    assert by_name and by_name == kg.select("projects-by-function", function="2080705").rows
    assert kg.select("function-subtree", code="208").rows  # any level


def test_a_value_outside_the_allowed_ones_suggests_the_right_spelling(store: str) -> None:
    code, _, err = run("query", "vague-indicators", "--store", store, "-p", "reason=no_unit")
    assert code == 2
    assert err == (
        "Error: vague-indicators: reason must be one of qualitative, no-unit, approximate, empty, "
        "not 'no_unit'; did you mean no-unit?\n"
    )


def test_a_misspelt_parameter_or_query_gets_a_did_you_mean(store: str) -> None:
    code, _, err = run("query", "projects", "--store", store, "-p", "departmnt=聊城")
    assert code == 2
    assert err == "Error: query 'projects' has no parameter 'departmnt': did you mean department?\n"
    code, _, err = run("query", "project", "--store", store)
    assert code == 2 and err.startswith("Error: no saved query 'project': did you mean projects")


def test_a_default_is_announced_not_silent(store: str) -> None:
    code, out, err = run("query", "projects-by-function", "--store", store, "--format", "csv")
    assert code == 0 and out.count("\n") > 1
    assert err == "note: function not given: answering for its default 2080705\n"


def test_a_keyword_matching_nothing_is_an_empty_answer_said_on_stderr(store: str) -> None:
    code, out, err = run("query", "projects", "--store", store, "-p", "department=火星", "--format", "csv")
    assert (code, out) == (0, "document,department,year,project,code,type,amount\n")
    assert err == "note: no rows: nothing matches department='火星'\n"


def test_parameter_types_are_checked_without_a_store() -> None:
    q = find_query("spending-by-economic-class")
    assert check_parameters(q, {"code": "302"}).values == {"code": "302"}
    with pytest.raises(ParameterError, match="code must be digits of a code, not '30a'"):
        check_parameters(q, {"code": "30a"})
    index = FunctionIndex({"2080705": {"公益性岗位补贴"}, "20807": {"就业补助"}})
    q = find_query("projects-by-function")
    assert check_parameters(q, {"function": "就业补助"}, lambda: index).values["function"] == "就业补助"
    with pytest.raises(ParameterError, match="closest: 20807 就业补助"):
        check_parameters(q, {"function": "就业补"}, lambda: index)
    empty = FunctionIndex()  # a store without code lists: nothing to check against
    assert check_parameters(q, {"function": "x"}, lambda: empty).values["function"] == "x"


def test_header_options_parse(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(
        "# title: T\n# param: a — first (type: decimal 0..5; default: 1)\n"
        "# param: b — second (allowed: x, y; optional)\n"
        "# column: c — a count (of things)\n# column: d — money (unit: 万元)\n"
        "# example: budgetkg query q\nSELECT * WHERE { }\n",
        encoding="utf-8",
    )
    q = parse_query_file(rq)
    a, b = q.params
    assert (a.type, a.minimum, a.maximum, a.default) == ("decimal", "0", "5", "1")
    assert (b.allowed, b.default) == (["x", "y"], None)
    assert q.columns[0].description == "a count (of things)" and q.columns[0].unit is None
    assert q.columns[1].unit == "万元" and q.examples == ["budgetkg query q"]


# -- queries that explain themselves ------------------------------------------------------------


def test_queries_lists_one_line_each() -> None:
    code, out, _ = run("queries")
    lines = out.splitlines()
    assert code == 0
    assert re.match(r"^projects-by-function +Projects paid from a function code \(支出功能分类\)", lines[8])
    assert lines[-1] == "budgetkg queries NAME shows a query's columns, parameters and an example."
    assert len(lines) == len(saved_queries()) + 2


def test_queries_name_shows_how_to_ask_and_what_comes_back() -> None:
    code, out, _ = run("queries", "projects-by-function")
    assert code == 0
    assert "  function: a function code at any level, or a function name as printed\n" in out
    takes = "      takes a function code at any level (208, 20807, 2080705) or its name; default 2080705\n"
    assert takes in out
    assert "      takes a number from 0 to 1; default 0\n" in out
    assert re.search(r"\n  amount +the project's amount \[万元\]\n", out)
    assert re.search(r"\n  confidence +how sure the link is, 0 to 1; 1 only when the document states it\n",
                     out)  # fmt: skip
    assert out.endswith("Example:\n  budgetkg query projects-by-function --param function=公益性岗位补贴\n")


def test_every_query_documents_every_column_it_returns(kg: budgetkg.KnowledgeGraph) -> None:
    for q in saved_queries():
        declared = [c.name for c in q.columns]
        assert declared == kg.select(q.name).columns, q.name
        assert all(c.description for c in q.columns), q.name
        assert q.examples and q.examples[0].startswith(f"budgetkg query {q.name}"), q.name


def test_readme_query_table_is_generated_from_the_headers() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- queries:")) + 4
    assert text[start : text.index("<!-- /queries -->")] == markdown_table(saved_queries())


def test_confidence_and_percentages_are_floats_amounts_decimal(kg: budgetkg.KnowledgeGraph) -> None:
    df = kg.query("function-across-departments", function="20807")
    assert str(df["share_percent"].dtype) == "float64" and str(df["project_percent"].dtype) == "float64"
    assert df["total"].map(type).eq(__import__("decimal").Decimal).all()


# -- own SPARQL ----------------------------------------------------------------------------------


def test_own_rq_file_gets_the_predeclared_prefixes(store: str, tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a bkg:BudgetDocument }\n", encoding="utf-8")
    code, out, _ = run("query", str(rq), "--store", store, "--format", "csv")
    assert (code, out) == (0, "n\n5\n")  # five sample documents


def test_sparql_command_and_a_one_line_syntax_error_at_the_users_position(store: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p a bkg:Project ; bkg:amount ?a ; dcterms:source ?d }"
    code, out, _ = run("sparql", count, "--store", store, "--format", "csv")
    assert (code, out) == (0, f"n\n{PROJECTS}\n")
    code, _, err = run("sparql", "SELECT ?x\nWHERE { ?x a foo:Bar }", "--store", store)
    assert code == 2
    assert err == (
        "Error: SPARQL syntax error at line 2, column 21: unknown prefix (declare it with PREFIX, or see "
        "`budgetkg schema` for the predeclared ones) — in: WHERE { ?x a foo:Bar }\n"
    )
    code, _, err = run("sparql", "SELECT ?x WHERE { ?x ?p }", "--store", store)
    assert (code, err) == (2, "Error: SPARQL syntax error at line 1, column 26: expected one of LATERAL, "
                              "SERVICE — in: SELECT ?x WHERE { ?x ?p }\n")  # fmt: skip


def test_schema_lists_terms_with_labels_and_an_example(store: str) -> None:
    code, out, _ = run("schema", "--store", store)
    assert code == 0
    assert "  PREFIX bkg: <https://w3id.org/budgetkg/ontology#>\n" in out
    example = r"\n      e\.g\. <[^>]+/project/\d+> rdf:type bkg:Project \.\n"
    assert re.search(r"\n  bkg:Project  项目 / project" + example, out)
    example = r"\n      e\.g\. <[^>]+> bkg:amount \"[\d.]+\" \.\n"
    assert re.search(r"\n  bkg:amount  [^/\n]+ / amount" + example, out)


# -- output --------------------------------------------------------------------------------------


def test_output_into_a_new_folder_is_created_and_confirmed(store: str, tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "d.csv"
    code, out, _ = run("query", "departments", "--store", store, "--format", "csv", "-o", str(target))
    assert (code, out) == (0, f"wrote {target} (5 rows, csv)\n")
    assert target.read_text(encoding="utf-8").startswith("document,department,year,region,total")


def test_output_where_no_folder_can_be_made_is_one_line(store: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "d.csv"
    code, out, err = run("query", "departments", "--store", store, "--format", "csv", "-o", str(target))
    assert (code, out) == (2, "")
    assert err == f"Error: cannot write {target}: {tmp_path / 'file'} is a file, not a folder\n"


def test_a_long_table_suggests_csv_and_keeps_every_row(store: str) -> None:
    code, out, err = run("query", "vague-indicators", "--store", store)
    n = int(out.splitlines()[-1].split()[0])
    assert code == 0 and n > 100
    hint = "--format csv (or json, xlsx) keeps every cell whole"
    assert err == f"note: {n} rows are more than a screen: {hint}\n"


def test_allowed_values_ignore_case_and_bind_the_declared_spelling() -> None:
    q = find_query("validation-issues")
    assert check_parameters(q, {"severity": "warning"}).values["severity"] == "Warning"
    assert check_parameters(q, {"lang": "EN"}).values["lang"] == "en"


# -- answers that explain themselves -----------------------------------------------------------


def test_each_link_says_why_with_weights_in_both_languages(kg: budgetkg.KnowledgeGraph) -> None:
    rows = {r["project"]: r for r in kg.select("projects-by-function", function="2080705").to_dicts()}
    row = rows["城乡公益性岗位资金（先创基民）"]
    assert row["confidence"] == __import__("decimal").Decimal("0.81")  # 1 - 0.50 × 0.64 × 0.60
    assert row["evidence"] == (
        "项目名称 0.50：项目名称含“公益性岗位”（公益性岗位补贴）；"
        "绩效目标 0.36：绩效目标含“公益性岗位”（公益性岗位补贴）；"
        "绩效指标 0.40：绩效指标含“公益性岗位补贴”（公益性岗位补贴）"
    )
    english = kg.select("projects-by-function", function="2080705", lang="en").to_dicts()
    assert next(r for r in english if r["project"] == "城乡公益性岗位资金（先创基民）")["evidence"] == (
        "name 0.50: name holds '公益性岗位' of '公益性岗位补贴'; "
        "goal 0.36: goal holds '公益性岗位' of '公益性岗位补贴'; "
        "indicator 0.40: indicator holds '公益性岗位补贴' of '公益性岗位补贴'"
    )
    assert (row["split"], row["share"]) == (False, row["amount"])  # one link: the whole amount


def test_a_split_project_shows_the_share_its_line_can_hold(kg: budgetkg.KnowledgeGraph) -> None:
    rows = [r for r in kg.select("projects-by-function", function="208").to_dicts() if r["split"]]
    by_code = {r["function_code"]: r for r in rows if r["project"] == "项目业务费（先创区）"}
    assert sorted(by_code) == ["2080107", "2080108"]  # linked to two 项: its 39.83 is divided
    spending = kg.select("spending-by-function", code="20801").to_dicts()
    lines = {r["function_code"]: r["project"] for r in spending if r["document"].startswith("002")}
    for code, r in by_code.items():
        assert r["amount"] == __import__("decimal").Decimal("39.83")
        assert r["share"] == min(r["amount"], lines[code])  # at most the line's 项目支出


def test_reconciliation_lists_the_linked_projects_surest_first(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("function-reconciliation", function="2080705").to_dicts()
    zibo = next(r for r in rows if r["document"].startswith("002"))
    figures = (str(zibo["line_project"]), str(zibo["linked_amount"]), zibo["reconciles"])
    assert figures == ("806.72", "816.66", False)
    # the least sure link ends the list: its 719.66 holds the 9.94 the document prints under 2080199
    assert zibo["projects"] == (
        "城乡公益性岗位资金（先创基民） 97.00 (0.81); 公益类补贴（先创区） 719.66 (0.62)"
    )
