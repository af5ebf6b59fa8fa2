"""Figures materialised at ingest (rdf/summary.py) and parameters bound inside GRAPH groups.

The materialised figures are an index: each must equal what the observations
and the code lists say, on every sample.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.extract.facts import Amount, DisclosureLine
from budgetkg.extract.records import BudgetRecords, Department, FunctionLine
from budgetkg.query.bind import bind_parameters
from budgetkg.query.catalog import find_query
from budgetkg.query.params import FunctionIndex, check_parameters
from budgetkg.rdf.graph import GraphBuilder
from budgetkg.rdf.mint import Minter
from budgetkg.rdf.summary import add_summary, ancestors, basic_line_parts, prefixes
from budgetkg.read.model import Provenance

BKG = "https://w3id.org/budgetkg/ontology#"
MEASURE = "https://w3id.org/budgetkg/code/measure/"


def test_ancestors_are_the_code_levels() -> None:
    assert ancestors("2080705") == ["208", "20807", "2080705"]
    assert ancestors("20807") == ["208", "20807"]
    assert ancestors("208") == ["208"]
    assert ancestors("") == []


def test_line_amounts_equal_their_observations(kg: budgetkg.KnowledgeGraph) -> None:
    """Every 支出总表 line with an observation of a measure carries that amount, and no other line does
    (but a 基本支出表 line's basicAmount: test_basic_table_amounts_equal_their_observations)."""
    pairs = {"totalAmount": "total", "basicAmount": "basic", "projectAmount": "project"}
    for prop, measure in pairs.items():
        basic_table = (
            '; bkg:inTable/bkg:tableKind ?k FILTER(?k != "general-basic")' if prop == "basicAmount" else ""
        )
        materialised = kg.select_sparql(
            f"SELECT ?line ?m WHERE {{ GRAPH ?g {{ ?line a bkg:BudgetLine ; bkg:{prop} ?m {basic_table} }} }}"
        ).rows
        observed = kg.select_sparql(
            f"""SELECT ?line ?o WHERE {{ GRAPH ?g {{
                  ?line a bkg:BudgetLine ; bkg:inTable/bkg:tableKind "expenditure" .
                  ?obs bkg:budgetLine ?line ; bkg:measure measure:{measure} ; bkg:amount ?o }} }}"""
        ).rows
        assert observed and sorted(materialised) == sorted(observed), prop


def test_document_totals_are_the_expenditure_total_line(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?doc ?t ?line_t WHERE { GRAPH ?g {
             ?doc a bkg:BudgetDocument ; bkg:totalAmount ?t .
             ?table dcterms:isPartOf ?doc ; bkg:tableKind "expenditure" .
             ?line bkg:inTable ?table ; bkg:isTotal true ; bkg:totalAmount ?line_t } }"""
    ).rows
    assert len({r[0] for r in rows}) == 5
    assert all(t == line_t for _, t, line_t in rows)


def test_every_line_and_link_lies_under_its_codes_and_nothing_else(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select_sparql(
        """SELECT ?code ?a WHERE { GRAPH ?g {
             { ?x a bkg:BudgetLine } UNION { ?x a bkg:FunctionLink }
             ?x bkg:functionCode ?code ; bkg:functionAncestor ?anc }
           BIND(STRAFTER(STR(?anc), "function/") AS ?a) }"""
    ).rows
    assert rows
    assert all(code.startswith(a) and len(a) in (3, 5, 7) for code, a in rows)
    # the closure agrees with the code lists' skos:broader*
    missing = kg.select_sparql(
        """SELECT ?x WHERE { GRAPH ?g { ?x a bkg:FunctionLink ; bkg:functionClass ?c } ?c skos:broader* ?up
             FILTER NOT EXISTS { GRAPH ?g { ?x bkg:functionAncestor ?up } } }"""
    ).rows
    assert missing == []


def test_parameters_are_bound_inside_graph_groups_too() -> None:
    text = (
        "SELECT ?s WHERE {\n  GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(?o, ?_k)) }\n"
        "  OPTIONAL { GRAPH ?h { ?s ?q ?r } }\n}"
    )
    bound = bind_parameters(text, {"k": "ell", "c": ox.NamedNode("https://example.org/c")})
    assert bound.count('CONTAINS(?o, "ell")') == 1 and "?_k" not in bound  # the term, where the variable was
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                      ox.Literal("hello"), ox.NamedNode("https://example.org/g")))  # fmt: skip
    assert len(list(store.query(bound))) == 1
    assert len(list(store.query(bind_parameters(text, {"k": "zz"})))) == 0  # the filter inside sees it


def test_a_bound_parameter_is_one_escaped_term_and_bound_is_true() -> None:
    text = (
        "SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?_k) || CONTAINS(STR(?o), STR(?_k)))"
        " ?s ?q ?_function_class . BIND(?_function AS ?f) }"
    )
    bound = bind_parameters(text, {"k": 'a"b\\c\nd', "function": "208"})
    assert 'FILTER(!true || CONTAINS(STR(?o), STR("a\\"b\\\\c\\nd")))' in bound  # escaped: never syntax
    assert "?_function_class" in bound  # a longer name is not a prefix match
    assert 'BIND("208" AS ?f)' in bound
    assert bind_parameters(text, {}) == text  # unset: the variables stay unbound
    store = ox.Store()
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    store.add(ox.Quad(s, p, ox.Literal('xa"b\\c\ndx')))
    one = "SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?_k) || CONTAINS(STR(?o), STR(?_k))) }"
    assert len(list(store.query(bind_parameters(one, {"k": 'a"b\\c\nd'})))) == 1
    assert len(list(store.query(bind_parameters(one, {"k": "a'b"})))) == 0
    assert len(list(store.query(one))) == 1  # no value: the filter lets everything through
    with pytest.raises(ValueError, match="not a parameter name"):
        bind_parameters(one, {"k)": "x"})


# ------------------------------------------------------------------ code prefixes, 基本支出表 amounts


def test_prefixes_are_every_leading_part_the_empty_one_included() -> None:
    assert prefixes("30201") == ["", "3", "30", "302", "3020", "30201"]
    assert prefixes("3") == ["", "3"]
    assert prefixes("") == [""]


def _summary(records: BudgetRecords) -> dict[tuple[str, str], list[str]]:
    """(subject's last path part, property local name) -> sorted object values of add_summary's triples."""
    b = GraphBuilder(Minter("https://example.org/", "ab" * 32))
    add_summary(b, records, [])
    out: dict[tuple[str, str], list[str]] = {}
    for t in b.triples:
        key = (str(t.subject.value).rsplit("/", 1)[-1], str(t.predicate.value).removeprefix(BKG))
        out.setdefault(key, []).append(str(t.object.value))
    return {k: sorted(v) for k, v in out.items()}


def _basic_line(row: int, **kw) -> DisclosureLine:  # type: ignore[no-untyped-def]
    return DisclosureLine(
        kind=kw.pop("kind", "general-basic"), name=kw.pop("name", "x"), table=4, row_number=row, **kw
    )


def test_economic_lines_carry_their_code_prefixes_and_basic_table_amounts() -> None:
    d, gp = Decimal, "general-public"  # the table's columns are amounts of its fund
    records = BudgetRecords(
        source="x.txt",
        checksum="ab" * 32,
        department=Department(name="某局"),
        disclosure_lines=[
            _basic_line(1, econ_code="30201", gov_econ_code="50201", amounts=[
                Amount("basic", d("12.50"), fund=gp), Amount("personnel", d("0.00"), fund=gp),
                Amount("public", d("12.50"), fund=gp), Amount("income", d("3.00"), fund=gp),  # not read
            ]),
            _basic_line(2, econ_code="301", amounts=[Amount("basic", d("7.00"))]),  # no 人员/公用 printed
            # the 合计 of a table stated as none: 0.00, stated, no code
            _basic_line(3, is_total=True, stated="注：没有基本支出", amounts=[
                Amount("basic", d("0.00")), Amount("personnel", d("0.00")), Amount("public", d("0.00"))]),
            # another table: prefixes on its coded line, no amounts
            _basic_line(5, kind="basic", econ_code="310", amounts=[Amount("basic", d("4.00"))]),
            _basic_line(6, kind="general-public", function_code="2080105",
                        amounts=[Amount("total", d("1.00"))]),
        ],
        function_lines=[
            FunctionLine(code="2080705", name="公益性岗位补贴", total=d("5"), basic=None, project=d("5"),
                         table=2, row_number=7, prov=Provenance(source="x.txt", table=2, row=7)),
            FunctionLine(code=None, name="合计", total=d("5"), basic=None, project=d("5"), table=2,
                         is_total=True),
        ],
    )  # fmt: skip
    got = _summary(records)
    economic = {
        k: v
        for k, v in got.items()
        if k[1] in ("economicCodePrefix", "personnelAmount", "publicUseAmount")
        or (k[1] in ("basicAmount", "statedMeasure") and k[0] in ("1", "2", "3", "5", "6"))
    }
    assert economic == {
        ("1", "economicCodePrefix"): ["", "3", "30", "302", "3020", "30201"],
        ("1", "basicAmount"): ["12.50"],
        ("1", "personnelAmount"): ["0.00"],  # printed 0.00: tabulated, not stated
        ("1", "publicUseAmount"): ["12.50"],
        ("2", "economicCodePrefix"): ["", "3", "30", "301"],
        ("2", "basicAmount"): ["7.00"],
        ("3", "basicAmount"): ["0.00"],
        ("3", "personnelAmount"): ["0.00"],
        ("3", "publicUseAmount"): ["0.00"],
        ("3", "statedMeasure"): [MEASURE + "basic", MEASURE + "personnel", MEASURE + "public"],
        ("5", "economicCodePrefix"): ["", "3", "31", "310"],
    }
    function = {k: v for k, v in got.items() if k[1] == "functionCodePrefix"}
    assert function == {
        ("7", "functionCodePrefix"): ["", "2", "20", "208", "2080", "20807", "208070", "2080705"]
    }


def test_each_basic_table_line_is_one_string_of_what_spending_by_economic_class_lists() -> None:
    """``bkg:basicLineParts``: economic code, table, row, the three amounts as written, the measures only
    the text states, the government code, the name last; an absent part empty; only on 基本支出表 lines,
    one string per combination of a line's amounts."""
    d, gp = Decimal, "general-public"
    records = BudgetRecords(
        source="x.txt",
        checksum="ab" * 32,
        department=Department(name="某局"),
        disclosure_lines=[
            _basic_line(1, econ_code="30201", gov_econ_code="50201", gov_econ_name="办公经费", name="办公费",
                        amounts=[Amount("basic", d("12.50"), fund=gp), Amount("personnel", d("0.00")),
                                 Amount("public", d("12.50"), fund=gp), Amount("income", d("3.00"))]),
            _basic_line(2, econ_code="301", name="工资福利支出", amounts=[Amount("basic", d("7.00"))]),
            _basic_line(3, is_total=True, stated="注：没有基本支出", name="合计", amounts=[
                Amount("basic", d("0.00")), Amount("personnel", d("0.00")), Amount("public", d("0.00"))]),
            _basic_line(4, econ_code="30101", amounts=[  # two 合计 printed: one string for each
                Amount("basic", d("1.00")), Amount("basic", d("2.00")), Amount("personnel", d("1.00"))]),
            _basic_line(6, econ_code="302", stated="注：x", amounts=[Amount("personnel", d("0.00"))]),
            _basic_line(0, econ_code="399", name="其他\t支出", amounts=[]),  # row 0 is row 1; a tab kept
            _basic_line(5, kind="basic", econ_code="310", amounts=[Amount("basic", d("4"))]),  # another table
        ],
    )  # fmt: skip
    got = {k[0]: v for k, v in _summary(records).items() if k[1] == "basicLineParts"}
    assert got == {
        "1": ["30201\t4\t1\t12.50\t0.00\t12.50\t\t50201\t办公费"],
        "2": ["301\t4\t2\t7.00\t\t\t\t\t工资福利支出"],
        "3": ["\t4\t3\t0.00\t0.00\t0.00\tbasic personnel public\t\t合计"],
        "4": ["30101\t4\t4\t1.00\t1.00\t\t\t\tx", "30101\t4\t4\t2.00\t1.00\t\t\t\tx"],
        "6": ["302\t4\t6\t\t0.00\t\tpersonnel\t\tx"],
        "0": ["399\t4\t1\t\t\t\t\t\t其他\t支出"],
    }
    for bad in ({"econ_code": "30\t1"}, {"gov_econ_code": "50\t1"}):
        with pytest.raises(ValueError, match="holds a tab"):
            list(basic_line_parts(_basic_line(1, amounts=[], **bad)))


def test_code_prefixes_are_exactly_the_prefixes_of_the_codes(kg: budgetkg.KnowledgeGraph) -> None:
    for code_prop, prefix_prop in (
        ("economicCode", "economicCodePrefix"),
        ("functionCode", "functionCodePrefix"),
    ):
        rows = kg.select_sparql(
            "SELECT ?line ?code ?p WHERE { GRAPH ?g { "
            f"?line bkg:{prefix_prop} ?p ; bkg:{code_prop} ?code }} }}"
        ).rows
        assert rows, prefix_prop
        by_line: dict[str, tuple[str, set[str]]] = {}
        for line, code, p in rows:
            by_line.setdefault(line, (code, set()))[1].add(p)
        assert all(ps == set(prefixes(code)) for code, ps in by_line.values()), prefix_prop
        # every 支出总表 line with a code and every line with an economic code has them
        table = '; bkg:inTable/bkg:tableKind "expenditure"' if code_prop == "functionCode" else ""
        coded = kg.select_sparql(
            "SELECT DISTINCT ?line WHERE { GRAPH ?g { "
            f"?line a bkg:BudgetLine ; bkg:{code_prop} ?c {table} }} }}"
        ).rows
        assert sorted(by_line) == sorted(r[0] for r in coded), prefix_prop


def test_basic_table_amounts_equal_their_observations(kg: budgetkg.KnowledgeGraph) -> None:
    """Every 一般公共预算基本支出表 line carries its observations' amounts, stated ones named.

    No other line but the 支出总表's (test_line_amounts_equal_their_observations) carries them.
    """
    pairs = {"basicAmount": "basic", "personnelAmount": "personnel", "publicUseAmount": "public"}
    for prop, measure in pairs.items():
        materialised = kg.select_sparql(
            f"""SELECT ?line ?m WHERE {{ GRAPH ?g {{
                  ?line a bkg:BudgetLine ; bkg:{prop} ?m ; bkg:inTable/bkg:tableKind ?kind
                  FILTER(?kind != "expenditure") }} }}"""
        ).rows
        observed = kg.select_sparql(
            f"""SELECT ?line ?o WHERE {{ GRAPH ?g {{
                  ?line a bkg:BudgetLine ; bkg:inTable/bkg:tableKind "general-basic" .
                  ?obs bkg:budgetLine ?line ; bkg:measure measure:{measure} ; bkg:amount ?o }} }}"""
        ).rows
        assert observed and sorted(materialised) == sorted(observed), prop
        stated = kg.select_sparql(
            f"""SELECT ?line WHERE {{ GRAPH ?g {{ ?line bkg:statedMeasure measure:{measure} ;
                  bkg:inTable/bkg:tableKind "general-basic" }} }}"""
        ).rows
        observed_stated = kg.select_sparql(
            f"""SELECT ?line WHERE {{ GRAPH ?g {{ ?line bkg:inTable/bkg:tableKind "general-basic" .
                  ?obs bkg:budgetLine ?line ; bkg:measure measure:{measure} ; bkg:statedOnly true }} }}"""
        ).rows
        assert observed_stated and sorted(stated) == sorted(observed_stated), prop


def test_a_code_parameter_binds_its_prefix_given_or_not() -> None:
    q = find_query("spending-by-economic-class")
    assert check_parameters(q, {"code": "302"}).bindings() == {"code": "302", "code_prefix": "302"}
    assert check_parameters(q, {}).bindings() == {"code_prefix": ""}  # every code starts with ""
    subtree = check_parameters(find_query("function-subtree"), {})  # a function (default 20807), not a code
    assert subtree.bindings() == {
        "code": "20807",
        "code_class": ox.NamedNode("https://w3id.org/budgetkg/code/function/20807"),
        "code_code": "20807",
    }
    names = FunctionIndex(names={"2080705": {"公益性岗位补贴"}})
    q = find_query("projects-by-function")
    by_name = check_parameters(q, {"function": "公益性岗位补贴"}, lambda: names)
    assert by_name.codes == {"function_code": "2080705"}  # a name: its code
