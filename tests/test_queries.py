"""Saved queries over the five ingested samples: exact columns and published values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

import budgetkg
from budgetkg.query import saved_queries

from .conftest import EXPECTED

COLUMNS = {
    "departments": "document,department,year,region,total,basic,project,stated",
    "projects": "document,department,year,project,code,type,amount",
    "spending-by-function": "document,department,year,function_code,function_name,total,basic,project,stated",
}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_csv_matches_published_values(kg: budgetkg.KnowledgeGraph, name: str) -> None:
    """Golden files, checked line by line against the source documents when written."""
    text = kg.select(name).to_csv()
    assert text.splitlines()[0] == COLUMNS[name]
    assert text == (EXPECTED / f"{name}.csv").read_text(encoding="utf-8")


def test_amounts_are_plain_decimals(kg: budgetkg.KnowledgeGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(kg.select("departments").to_csv())))
    row = next(r for r in rows if r["document"].startswith("000"))
    assert (row["total"], row["basic"], row["project"]) == ("9488.90", "5044.00", "4444.90")
    result = kg.select("departments")
    assert all(isinstance(r[4], Decimal) for r in result.rows)


def test_every_summary_line_is_listed(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("spending-by-function").to_dicts()
    per_doc = {}
    for r in rows:
        per_doc[r["document"][:3]] = per_doc.get(r["document"][:3], 0) + 1
    # 类 + 款 + 项 lines as printed (003 prints 2080199 twice).
    assert per_doc == {"000": 29, "001": 25, "002": 17, "003": 33, "004": 49}


def test_parameter_filters(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.select("spending-by-function", code="20807").to_dicts()
    assert {r["function_code"] for r in rows if r["document"].startswith("003")} == {
        "20807",
        "2080701",
        "2080704",
        "2080705",
        "2080709",
    }
    projects = kg.select("projects", department="曹妃甸").to_dicts()
    assert len(projects) == 16 and {p["department"] for p in projects} == {"曹妃甸区人力资源和社会保障局"}


@pytest.mark.parametrize("hostile", ['") } } SELECT * WHERE { ?s ?p ?o } #', "a'\nb{}", "\\u0022"])
def test_hostile_parameter_is_data(kg: budgetkg.KnowledgeGraph, hostile: str) -> None:
    assert kg.select("projects", department=hostile).rows == []
    with pytest.raises(budgetkg.ParameterError, match="spending-by-function: code must be digits of a code"):
        kg.select("spending-by-function", code=hostile)  # a code is digits: refused before the query runs


def test_unknown_parameter_is_refused(kg: budgetkg.KnowledgeGraph) -> None:
    with pytest.raises(budgetkg.ParameterError):
        kg.select("departments", nope="1")


def test_every_saved_query_has_a_header() -> None:
    queries = saved_queries()
    assert {q.name for q in queries} >= set(COLUMNS)
    for q in queries:
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name


def test_sparql_api(kg: budgetkg.KnowledgeGraph) -> None:
    r = kg.select_sparql("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a bkg:Department }")
    assert r.rows == [[5]]
