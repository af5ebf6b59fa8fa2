"""Figures materialised at ingest (rdf/summary.py) and parameters bound inside GRAPH groups.

The materialised figures are an index: each must equal what the observations
and the code lists say, on every sample.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.query.bind import bind_parameters
from budgetkg.rdf.summary import ancestors


def test_ancestors_are_the_code_levels() -> None:
    assert ancestors("2080705") == ["208", "20807", "2080705"]
    assert ancestors("20807") == ["208", "20807"]
    assert ancestors("208") == ["208"]
    assert ancestors("") == []


def test_line_amounts_equal_their_observations(kg: budgetkg.KnowledgeGraph) -> None:
    """Every 支出总表 line with an observation of a measure carries that amount, and no other line does."""
    pairs = {"totalAmount": "total", "basicAmount": "basic", "projectAmount": "project"}
    for prop, measure in pairs.items():
        materialised = kg.select_sparql(
            f"SELECT ?line ?m WHERE {{ GRAPH ?g {{ ?line a bkg:BudgetLine ; bkg:{prop} ?m }} }}"
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
