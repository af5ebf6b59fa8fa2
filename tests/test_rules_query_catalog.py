"""Saved-query headers, parameter checks, bindings and help text, on hand-made .rq files.

Each expected value below is written by hand from what the header format means
(``query/catalog.py``'s docstring): a parameter's ``( ... )`` holds ``key: value``
options, a ``decimal 0..1`` type gives a range, ``allowed`` is a list, and a
parenthesis with an unknown key belongs to the description.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.query.bind import bind_parameters
from budgetkg.query.catalog import Column, Param, QueryNotFound, find_query, parse_query_file, saved_queries
from budgetkg.query.describe import help_text, listing, markdown_table, syntax_error
from budgetkg.query.params import FunctionIndex, ParameterError, check_parameters
from budgetkg.query.result import QueryResult, to_python

D = Decimal

HEADER = """\
# title: Projects of one function
# description: Every project linked to the function,
#   on two lines.
#
# param: function — a code or a name (type: function; default: 2080705)
# param: min_confidence — only links at least this sure (type: decimal 0..1; default: 0)
# param: reason — only this reason (allowed: qualitative, no-unit; optional)
# param: top — how many (type: integer)
# param: code — digits of a code (type: code)
# param: department — part of the name (default: 局)
# param: note — a remark (in brackets)
# column: amount — the project's amount (unit: 万元)
#   continued here
# column: confidence — how sure (type: float)
# column: name
# example: budgetkg query demo --param function=208
# example: budgetkg query demo
SELECT ?amount WHERE {
  # a comment line with WHERE { in it
  ?s ?p ?amount .
}
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.rq"
    path.write_text(HEADER, encoding="utf-8")
    (tmp_path / "other.rq").write_text("# title: Other\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return path


def test_the_header_fields(demo: Path) -> None:
    q = parse_query_file(demo)
    assert (q.name, q.title) == ("demo", "Projects of one function")
    assert q.description == "Every project linked to the function, on two lines."
    assert q.examples == ["budgetkg query demo --param function=208", "budgetkg query demo"]
    assert q.text == HEADER and q.path == demo
    assert q.columns == [
        Column("amount", "the project's amount continued here", unit="万元"),
        Column("confidence", "how sure", type="float"),
        Column("name", ""),
    ]


def test_each_parameter_option(demo: Path) -> None:
    params = {p.name: p for p in parse_query_file(demo).params}
    assert list(params) == ["function", "min_confidence", "reason", "top", "code", "department", "note"]
    assert params["function"] == Param("function", "a code or a name", "2080705", "function")
    assert params["min_confidence"] == Param(
        "min_confidence", "only links at least this sure", "0", "decimal", [], "0", "1"
    )
    assert params["reason"] == Param("reason", "only this reason", None, "text", ["qualitative", "no-unit"])
    assert params["top"] == Param("top", "how many", None, "integer")
    assert params["code"] == Param("code", "digits of a code", None, "code")
    assert params["department"] == Param("department", "part of the name", "局", "text")
    # a parenthesis that is not options belongs to the description
    assert params["note"] == Param("note", "a remark (in brackets)", None, "text")


def test_a_title_defaults_to_the_file_name_and_an_unknown_type_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "bare.rq"
    bare.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    q = parse_query_file(bare)
    assert (q.title, q.description, q.params, q.columns) == ("bare", "", [], [])
    bad = tmp_path / "bad.rq"
    bad.write_text("# param: x — y (type: money)\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown parameter type 'money'"):
        parse_query_file(bad)


def test_a_range_may_be_negative_and_fractional(tmp_path: Path) -> None:
    path = tmp_path / "r.rq"
    path.write_text("# param: x — y (type: decimal -1.5..2.25)\nSELECT * WHERE {}\n", encoding="utf-8")
    (p,) = parse_query_file(path).params
    assert (p.type, p.minimum, p.maximum) == ("decimal", "-1.5", "2.25")
    assert p.accepts() == "a number from -1.5 to 2.25"


def test_what_each_type_accepts() -> None:
    assert Param("a", allowed=["zh", "en"]).accepts() == "zh, en"
    assert Param("a", type="decimal").accepts() == "a number"
    assert Param("a", type="integer").accepts() == "a whole number"
    assert Param("a", type="code").accepts() == "digits of a code"
    assert Param("a", type="function").accepts() == (
        "a function code at any level (208, 20807, 2080705) or its name"
    )
    assert Param("a").accepts() == "text"


def test_find_by_name_by_path_or_suggest(demo: Path) -> None:
    folder = demo.parent
    assert find_query("demo", folder).name == "demo"
    assert find_query(str(demo), folder).title == "Projects of one function"
    assert [q.name for q in saved_queries(folder)] == ["demo", "other"]
    with pytest.raises(QueryNotFound, match=r"^no saved query 'dmeo': did you mean demo\?$"):
        find_query("dmeo", folder)
    with pytest.raises(QueryNotFound, match=r"^no saved query 'zzzz': see `budgetkg queries`$"):
        find_query("zzzz", folder)


# ------------------------------------------------------------------ parameters


def index() -> FunctionIndex:
    return FunctionIndex({"208": {"社会保障和就业支出"}, "2080705": {"公益性岗位补贴", "公益岗位补助"}})


def test_defaults_fill_in_and_say_so(demo: Path) -> None:
    q = parse_query_file(demo)
    checked = check_parameters(q, {}, index)
    assert checked.values == {"function": "2080705", "min_confidence": "0", "department": "局"}
    assert checked.notes == [
        "function not given: answering for its default 2080705",
        "department not given: answering for its default 局",
    ]
    assert checked.iris == {"function_class": ox.NamedNode("https://w3id.org/budgetkg/code/function/2080705")}


def test_a_function_by_name_binds_its_code_concept(demo: Path) -> None:
    q = parse_query_file(demo)
    checked = check_parameters(q, {"function": "公益岗位补助"}, index)
    assert checked.values["function"] == "公益岗位补助"
    assert checked.iris["function_class"] == ox.NamedNode("https://w3id.org/budgetkg/code/function/2080705")
    assert checked.notes == ["department not given: answering for its default 局"]
    assert check_parameters(q, {"function": "208"}, index).iris["function_class"].value.endswith("/208")


def test_an_unknown_function_suggests_close_codes_or_names(demo: Path) -> None:
    q = parse_query_file(demo)
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"function": "2080706"}, index)
    assert (
        str(e.value) == "demo: function: no function code '2080706' in the code lists; "
        "closest: 2080705 公益岗位补助, 208 社会保障和就业支出"
    )
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"function": "公益性岗位补"}, index)
    assert (
        str(e.value) == "demo: function: no function name '公益性岗位补' in the code lists; "
        "closest: 2080705 公益性岗位补贴, 2080705 公益岗位补助"
    )
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"function": "ZZZ"}, index)
    assert (
        str(e.value)
        == "demo: function: no function name 'ZZZ' in the code lists; see `budgetkg query function-subtree`"
    )
    # no code list at all: any value is let through
    assert check_parameters(q, {"function": "ZZZ"}, FunctionIndex).values["function"] == "ZZZ"


def test_the_index_is_asked_once_and_only_for_a_function(demo: Path) -> None:
    calls: list[int] = []

    def counted() -> FunctionIndex:
        calls.append(1)
        return index()

    q = parse_query_file(demo)
    check_parameters(q, {"function": "208"}, counted)
    assert calls == [1]
    other = parse_query_file(demo.parent / "other.rq")
    check_parameters(other, {}, counted)
    assert calls == [1]


def test_decimal_range_boundaries_are_inclusive(demo: Path) -> None:
    q = parse_query_file(demo)
    for ok in ("0", "1", "0.5", "1.00"):
        assert check_parameters(q, {"min_confidence": ok}, index).values["min_confidence"] == ok
    for bad in ("-0.01", "1.01", "x", "NaN", "Infinity", ""):
        with pytest.raises(ParameterError) as e:
            check_parameters(q, {"min_confidence": bad}, index)
        assert str(e.value) == f"demo: min_confidence must be a number from 0 to 1, not {bad!r}"


def test_integer_and_code_values(demo: Path) -> None:
    q = parse_query_file(demo)
    assert check_parameters(q, {"top": "3"}, index).values["top"] == "3"
    assert check_parameters(q, {"top": "3.0"}, index).values["top"] == "3.0"
    assert check_parameters(q, {"top": "-3"}, index).values["top"] == "-3"
    with pytest.raises(ParameterError, match=r"^demo: top must be a whole number, not '3.5'$"):
        check_parameters(q, {"top": "3.5"}, index)
    assert check_parameters(q, {"code": "30201"}, index).values["code"] == "30201"
    for bad in ("302a", "", " 302"):
        with pytest.raises(ParameterError, match=r"^demo: code must be digits of a code, not "):
            check_parameters(q, {"code": bad}, index)


def test_allowed_values_ignore_case_and_take_the_declared_spelling(demo: Path) -> None:
    q = parse_query_file(demo)
    assert check_parameters(q, {"reason": "NO-UNIT"}, index).values["reason"] == "no-unit"
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"reason": "no_unit"}, index)
    assert (
        str(e.value)
        == "demo: reason must be one of qualitative, no-unit, not 'no_unit'; did you mean no-unit?"
    )
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"reason": "zzz"}, index)
    assert str(e.value) == "demo: reason must be one of qualitative, no-unit, not 'zzz'"


def test_an_undeclared_parameter_names_the_close_one_or_the_list(demo: Path) -> None:
    q = parse_query_file(demo)
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"fuction": "208"}, index)
    assert str(e.value) == "query 'demo' has no parameter 'fuction': did you mean function?"
    with pytest.raises(ParameterError) as e:  # difflib's ratio 2 × 3 / 11 = 0.55: close enough (0.5)
        check_parameters(q, {"fun": "208"}, index)
    assert str(e.value) == "query 'demo' has no parameter 'fun': did you mean function?"
    with pytest.raises(ParameterError) as e:
        check_parameters(q, {"zzz": "1"}, index)
    assert str(e.value) == (
        "query 'demo' has no parameter 'zzz': it takes: "
        "function, min_confidence, reason, top, code, department, note"
    )
    other = parse_query_file(demo.parent / "other.rq")
    with pytest.raises(ParameterError, match=r"it takes: none$"):
        check_parameters(other, {"x": "1"}, index)


def test_suggestions_by_code_by_name_and_how_many() -> None:
    i = FunctionIndex({"2080705": {"公益性岗位补贴"}, "2080706": set(), "2080799": {"其他就业补助支出"}})
    # difflib's ratio: 12/14 for 2080705 and 2080706 (ties: the greater string first), 10/14 for 2080799
    assert i.suggestions("2080704") == ["2080706", "2080705 公益性岗位补贴", "2080799 其他就业补助支出"]
    assert i.suggestions("2080704", n=1) == ["2080706"]
    assert i.suggestions("公益岗位补贴") == ["2080705 公益性岗位补贴"]
    assert i.code_of("2080706") == "2080706" and i.code_of("公益性岗位补贴") == "2080705"
    assert i.code_of("公益") is None


# ------------------------------------------------------------------ binding


def test_a_value_replaces_its_variable_everywhere_and_bound_becomes_true() -> None:
    query = (
        "# ?_a in a comment\nSELECT * WHERE {\n"
        "  GRAPH ?g { ?s ?p ?_b FILTER(!BOUND(?_a) || STR(?o) = STR(?_a)) }\n"
        "  { SELECT ?s WHERE { graph ?h { ?s ?p $_a } } }\n  FILTER(bound( ?_a ) && ?_ab = 1)\n}"
    )
    bound = bind_parameters(query, {"a": 'x"y', "b": ox.NamedNode("https://e.org/c")})
    assert bound == (
        '# "x\\"y" in a comment\nSELECT * WHERE {\n'
        '  GRAPH ?g { ?s ?p <https://e.org/c> FILTER(!true || STR(?o) = STR("x\\"y")) }\n'
        '  { SELECT ?s WHERE { graph ?h { ?s ?p "x\\"y" } } }\n  FILTER(true && ?_ab = 1)\n}'
    )  # a longer name (?_ab) is another variable
    assert bind_parameters(query, {}) == query
    with pytest.raises(ValueError, match=r"^not a parameter name: 'a b'$"):
        bind_parameters("SELECT * { ?s ?p ?o }", {"a b": "1"})


# ------------------------------------------------------------------ results and help


def test_terms_become_python_values() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"

    def lit(value: str, t: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(xsd + t))

    assert to_python(lit("12.30", "decimal")) == D("12.30") and isinstance(to_python(lit("1", "decimal")), D)
    for t in ("integer", "int", "long", "short", "nonNegativeInteger"):
        assert to_python(lit("7", t)) == 7 and isinstance(to_python(lit("7", t)), int)
    assert to_python(lit("1.5", "double")) == 1.5 and to_python(lit("2.5", "float")) == 2.5
    assert to_python(lit("true", "boolean")) is True and to_python(lit("false", "boolean")) is False
    assert to_python(lit("2024", "gYear")) == "2024"
    assert to_python(ox.Literal("名", language="zh")) == "名"
    assert to_python(ox.NamedNode("https://e.org/x")) == "https://e.org/x"
    assert to_python(None) is None


def test_a_result_from_solutions_and_its_dicts() -> None:
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("https://e.org/s"),
            ox.NamedNode("https://e.org/p"),
            ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        )
    )
    r = QueryResult.from_solutions(
        store.query("SELECT ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?none FILTER(false) } }")
    )
    assert (r.columns, r.rows) == (["o", "none"], [[D("1.5"), None]])
    assert r.to_dicts() == [{"o": D("1.5"), "none": None}]
    assert r.typed([Column("o", type="float"), Column("none", unit="万元")]).floats == {"o"}


def test_listing_and_help(demo: Path) -> None:
    queries = saved_queries(demo.parent)
    assert listing(queries) == (
        "demo   Projects of one function\n"
        "other  Other\n\n"
        "budgetkg queries NAME shows a query's columns, parameters and an example.\n"
    )
    long = parse_query_file(demo)
    long.title = "x" * 101
    assert listing([long]).splitlines()[0] == "demo  " + "x" * 99 + "…"
    long.title = "x" * 100
    assert listing([long]).splitlines()[0] == "demo  " + "x" * 100
    q = parse_query_file(demo)
    text = help_text(q)
    assert text.startswith(
        "demo\n\nProjects of one function\n\nEvery project linked to the function, on two lines.\n\n"
        "Parameters (--param NAME=VALUE):\n"
        "  function: a code or a name\n"
        "      takes a function code at any level (208, 20807, 2080705) or its name; default 2080705\n"
    )
    assert "  reason: only this reason\n      takes qualitative, no-unit; optional\n" in text
    assert text.endswith(
        "Columns:\n"
        "  amount      the project's amount continued here [万元]\n"
        "  confidence  how sure\n"
        "  name        \n\n"
        "Example:\n  budgetkg query demo --param function=208\n"
        "Example:\n  budgetkg query demo\n"
    )
    other = help_text(parse_query_file(demo.parent / "other.rq"))
    assert other == "other\n\nOther\n"


def test_the_readme_table(demo: Path) -> None:
    assert markdown_table(saved_queries(demo.parent)) == (
        "| query | what it answers | parameters | columns |\n"
        "|---|---|---|---|\n"
        "| `demo` | Projects of one function | `function`, `min_confidence`, `reason`, `top`, `code`, "
        "`department`, `note` | amount, confidence, name |\n"
        "| `other` | Other | — |  |\n"
    )


def test_a_syntax_error_is_one_line_with_its_place() -> None:
    text = "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ex:p ?o\n}"
    with pytest.raises(SyntaxError) as e:
        ox.Store().query(text)
    assert (
        syntax_error(e.value, text)
        == "SPARQL syntax error at line 3, column 11: expected OPTIONAL — in: ?s ex:p ?o"
    )
    assert syntax_error(SyntaxError("error at 2:4: Prefix not found"), "a\n  ex:p") == (
        "SPARQL syntax error at line 2, column 4: unknown prefix (declare it with PREFIX, or see "
        "`budgetkg schema` for the predeclared ones) — in: ex:p"
    )
    assert syntax_error(SyntaxError("error at 1:5: expected one of Prefix, [a-z]\nmore"), "SELE") == (
        "SPARQL syntax error at line 1, column 5: expected one of Prefix — in: SELE"
    )
    assert (
        syntax_error(SyntaxError("error at 9:1: bad"), "x") == "SPARQL syntax error at line 9, column 1: bad"
    )
    assert (
        syntax_error(SyntaxError("error at 0:1: bad"), "x") == "SPARQL syntax error at line 0, column 1: bad"
    )
    assert syntax_error(SyntaxError("something else\nsecond line"), "x") == "something else"
    assert syntax_error(SyntaxError("y" * 300), "x") == "y" * 200


def test_a_spec_that_is_not_name_description_options_keeps_its_first_word(tmp_path: Path) -> None:
    path = tmp_path / "odd.rq"
    path.write_text("# param:\n# column: (x) y\nSELECT * WHERE { }\n", encoding="utf-8")
    q = parse_query_file(path)
    assert q.params == [Param("param", "")]
    assert q.columns == [Column("(x)", "")]


def test_suggestions_by_name_keep_to_n() -> None:
    i = FunctionIndex(
        {"2080705": {"公益性岗位补贴"}, "2080706": {"公益性岗位补助"}, "2080707": {"公益岗位补贴"}}
    )
    assert i.suggestions("公益性岗位补", n=1) == ["2080705 公益性岗位补贴"]
    assert len(i.suggestions("公益性岗位补")) == 3


def test_a_frame_takes_the_declared_float_columns() -> None:
    from budgetkg.query.frames import to_frame

    r = QueryResult(["share", "amount"], [[D("0.5"), D("2.00")], [None, D("1")]]).typed(
        [Column("share", type="float")]
    )
    frame = to_frame(r)
    assert list(frame.columns) == ["share", "amount"]
    assert str(frame["share"].dtype) == "float64" and frame["share"].tolist()[0] == 0.5
    assert frame["amount"].dtype == object and frame["amount"].tolist() == [D("2.00"), D("1")]
    assert str(to_frame(r, numbers="float")["amount"].dtype) == "float64"
    with pytest.raises(ValueError, match=r"^numbers must be one of decimal, float, not 'int'$"):
        to_frame(r, numbers="int")


def test_a_default_is_noted_for_code_function_and_text_parameters_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.rq"
    path.write_text(
        "# param: econ — a class (type: code; default: 302)\n"
        "# param: top — how many (type: integer; default: 5)\n"
        "# param: share — at least (type: decimal; default: 0.5)\n"
        "# param: lang — language (allowed: zh, en; default: zh)\n"
        "# param: word — a word (default: 补贴)\n"
        "SELECT * WHERE { }\n",
        encoding="utf-8",
    )
    checked = check_parameters(parse_query_file(path), {}, index)
    assert checked.values == {"econ": "302", "top": "5", "share": "0.5", "lang": "zh", "word": "补贴"}
    assert checked.notes == [
        "econ not given: answering for its default 302",
        "word not given: answering for its default 补贴",
    ]
    assert checked.iris == {}
