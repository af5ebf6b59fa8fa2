"""The researcher's Python API: saved queries and SPARQL as typed pandas DataFrames."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import budgetkg
from budgetkg.query import QueryResult
from budgetkg.query.frames import to_frame


def test_query_returns_a_typed_frame(kg: budgetkg.KnowledgeGraph) -> None:
    df = kg.query("projects-by-function", function="2080705")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == [
        "document", "department", "year", "project", "amount",
        "function_code", "function_name", "link_method", "confidence", "evidence", "split", "share",
    ]  # fmt: skip
    row = df[df["project"] == "社保中心-城乡公益性岗位补贴资金"].iloc[0]
    assert row["amount"] == Decimal("2162.53") and isinstance(row["amount"], Decimal)
    assert str(df["confidence"].dtype) == "float64" and 0.88 <= row["confidence"] < 1  # a measure, not money
    assert str(df["year"].dtype) == "Int64" and row["year"] == 2024
    assert str(df["department"].dtype) == "string"


def test_numbers_as_float(kg: budgetkg.KnowledgeGraph) -> None:
    df = kg.query("departments", numbers="float")
    assert str(df["total"].dtype) == "float64"
    assert df.loc[df["document"].str.startswith("000"), "total"].iloc[0] == pytest.approx(9488.90)
    # 002 prints its 基本支出 blank and states it has none: 0.0 (stated); a blank nothing states is NaN, not 0
    assert df.loc[df["document"].str.startswith("002"), "basic"].iloc[0] == 0.0
    lines = kg.query("spending-by-function", numbers="float")
    blank = lines[lines["document"].str.startswith("000") & (lines["function_code"] == "2080102")]
    assert blank["basic"].isna().all() and blank["stated"].isna().all()  # 一般行政管理事务: 项目支出 only
    with pytest.raises(ValueError, match="numbers"):
        kg.query("departments", numbers="int")


def test_decimals_sum_exactly(kg: budgetkg.KnowledgeGraph) -> None:
    """Exact arithmetic on Decimal columns: the 项 lines of 20807 add up to the 款 line, per document."""
    df = kg.query("spending-by-function", code="20807")
    items = df[df["function_code"].str.len() == 7].groupby("document")["total"].sum()
    kuan = df[df["function_code"] == "20807"].set_index("document")["total"]
    assert (items == kuan).all() and isinstance(items.iloc[0], Decimal)


def test_select_and_sparql(kg: budgetkg.KnowledgeGraph) -> None:
    result = kg.select("projects-by-function", function="2080705")
    assert isinstance(result, QueryResult) and len(result.rows) == len(kg.query("projects-by-function"))
    df = kg.sparql("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a bkg:Department }")
    assert df.loc[0, "n"] == 5 and str(df["n"].dtype) == "Int64"
    assert kg.select_sparql("SELECT ?x WHERE { ?x a bkg:Nothing }").rows == []


def test_empty_result_keeps_its_columns(kg: budgetkg.KnowledgeGraph) -> None:
    df = kg.query("projects-search", keyword="no such words anywhere")
    assert df.empty and list(df.columns)[:4] == ["document", "department", "year", "project"]


def test_column_types_follow_values() -> None:
    result = QueryResult(
        ["a", "b", "c", "d", "e"],
        [[Decimal("1.50"), 1, True, "x", None], [None, None, False, None, None]],
    )
    df = to_frame(result)
    assert [str(t) for t in df.dtypes] == ["object", "Int64", "boolean", "string", "object"]
    assert df.loc[0, "a"] == Decimal("1.50") and df.loc[1, "a"] is None
