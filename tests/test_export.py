"""Exports from the CLI: CSV/JSON to the terminal or a file, Excel and Parquet to a file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from budgetkg.cli import cli

from .conftest import sample_path

HEADLINE = ("query", "projects-by-function", "--param", "function=公益性岗位补贴")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of two samples (the quick ones), ingested through the CLI, closed for the CLI to open."""
    path = str(tmp_path_factory.mktemp("cli") / "kg")
    assert run("ingest", str(sample_path("002")), str(sample_path("003")), "--store", path)[0] == 0
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_headline_csv(store: str) -> None:
    code, out, _ = run(*HEADLINE, "--store", store, "--format", "csv")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        "document,department,year,project,amount,function_code,function_name,link_method,confidence,"
        "evidence,split,share"
    )
    assert any(",城乡公益性岗位资金（先创基民）,97.00,2080705,公益性岗位补贴," in ln for ln in lines)
    assert sum(1 for ln in lines if ln.startswith("003_")) == 3  # 70.00 + 116.94 + 122.00


def test_json_and_output_file(store: str, tmp_path: Path) -> None:
    target = tmp_path / "answer.json"
    code, out, _ = run(*HEADLINE, "--store", store, "--format", "json", "--output", str(target))
    assert code == 0 and out == f"wrote {target} (5 rows, json)\n"
    rows = json.loads(target.read_text(encoding="utf-8"))
    row = next(r for r in rows if r["project"] == "城乡公益性岗位资金（先创基民）")
    assert row["amount"] == "97.00" and row["year"] == 2024  # money as published, years as numbers


def test_xlsx_keeps_numbers(store: str, tmp_path: Path) -> None:
    target = tmp_path / "answer.xlsx"
    assert run(*HEADLINE, "--store", store, "--format", "xlsx", "--output", str(target))[0] == 0
    ws = openpyxl.load_workbook(target).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    amounts = {ws.cell(r, 4).value: ws.cell(r, 5) for r in range(2, ws.max_row + 1)}
    cell = amounts["公益性岗位补贴(2023)"]
    assert header[4] == "amount" and cell.value == pytest.approx(116.94) and cell.number_format == "0.00"


def test_parquet_keeps_decimals(store: str, tmp_path: Path) -> None:
    target = tmp_path / "answer.parquet"
    assert run(*HEADLINE, "--store", store, "--format", "parquet", "--output", str(target))[0] == 0
    table = pq.read_table(target)
    assert str(table.schema.field("amount").type).startswith("decimal128")
    df = pd.read_parquet(target)
    assert Decimal("116.94") in set(df["amount"]) and set(df["year"]) == {2024}


def test_binary_formats_need_an_output_file(store: str) -> None:
    code, out, err = run(*HEADLINE, "--store", store, "--format", "xlsx")
    assert code == 2 and "--output" in err and "Traceback" not in out + err


def test_unknown_parameter_is_one_line(store: str) -> None:
    code, _, err = run("query", "projects-by-function", "--store", store, "--param", "fn=1")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "it takes: function, min_confidence" in err
