"""The bad-input corpus beyond tests/test_bad_pdfs.py, each with its defined outcome.

| input | outcome |
|---|---|
| encrypted PDF, no ``--password`` | refused: ``encrypted PDF: a password is required (...)`` |
| encrypted PDF, ``--password`` right | ingested as the same PDF unencrypted |
| encrypted PDF, ``--password`` wrong | refused: ``encrypted PDF: the password given does not open it`` |
| PDF with a broken cross-reference table | ingested like the intact file (the parsers rebuild the table) |
| XLSX with formulas but no saved values | refused, naming the cells: amounts would silently be missing |
| file name in GBK bytes | ingested; the name is shown and stored decoded |
| folder with a symbolic link loop | see tests/test_batch_cli.py: the loop is skipped and named |
| store on a read-only file system | refused in one line, exit 1; queries still answer |
| store on a full disk | one line, exit 1, the store keeps what it had |

The last two need a small tmpfs (root with CAP_SYS_ADMIN); they are skipped
with the reason elsewhere.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli

from .conftest import sample_path

OK = re.compile(r"^ok {6}(.+?): (\S+) 2024  (\d+) lines, (\d+) projects?, ")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_encrypted_pdf_with_and_without_password(rendered: Any, tmp_path: Path) -> None:
    pdf, store = rendered.encrypted, str(tmp_path / "kg")
    code, out, err = run("ingest", str(pdf), "--store", store)
    assert code == 1
    assert err == f"Error: {pdf}: encrypted PDF: a password is required (give it with --password)\n"
    code, out, err = run("ingest", str(pdf), "--store", store, "--password", "wrong")
    assert code == 1 and err == f"Error: {pdf}: encrypted PDF: the password given does not open it\n"
    code, out, err = run("ingest", str(pdf), "--store", store, "--password", "secret")
    intact = rendered.pdf(rendered.samples[0], "ruled")
    plain = run("ingest", str(intact), "--store", str(tmp_path / "plain"))[1]
    got, want = OK.match(out), OK.match(plain)
    assert code == 0 and err == "" and got and want
    assert got.groups()[1:] == want.groups()[1:] == ("聊城市人力资源和社会保障局", "30", "23")


def break_xref(pdf: Path, out: Path) -> Path:
    """The PDF with its cross-reference table's keyword garbled and ``startxref`` pointing at nothing."""
    data = pdf.read_bytes()
    at = data.rfind(b"\nxref")
    data = data[:at] + b"\nxrXf" + data[at + 5 :]
    tail = data.rfind(b"startxref")
    data = data[:tail] + re.sub(rb"startxref\s+\d+", b"startxref\n123", data[tail:], count=1)
    out.write_bytes(data)
    return out


def test_pdf_with_a_broken_xref_table_is_read_like_the_intact_one(rendered: Any, tmp_path: Path) -> None:
    intact = rendered.pdf(rendered.stem("002"), "ruled")
    broken = break_xref(intact, tmp_path / "broken-xref.pdf")
    results = []
    for i, path in enumerate((intact, broken)):
        report = budgetkg.open(tmp_path / f"kg{i}").ingest([path])
        d = report.documents[0]
        results.append((d.ok, d.department, d.lines, d.projects, [f["slug"] for f in d.findings]))
    assert results[0] == results[1]
    assert results[1][:4] == (True, "淄博高新技术产业开发区人力资源和社会保障中心（先创）", 18, 8)


def test_xlsx_formulas_without_saved_values_are_refused(rendered: Any, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(rendered.xlsx(rendered.stem("002")))
    def amounts(ws: Any) -> list[Any]:
        return [c for r in ws.iter_rows() for c in r if isinstance(c.value, float)]

    ws = next(ws for ws in wb.worksheets if amounts(ws))
    cells = amounts(ws)[:2]
    for c in cells:
        c.value = f"={c.value}+0"  # openpyxl saves formulas without computing them
    out = tmp_path / "formulas.xlsx"
    wb.save(out)
    where = ", ".join(f"{ws.title}!{c.coordinate}" for c in cells)
    code, _, err = run("ingest", str(out), "--store", str(tmp_path / "kg"))
    assert code == 1
    assert err == (
        f"Error: {out}: Excel formulas without saved values in 2 cell(s) ({where}): the program that wrote "
        "the file did not compute them; open and save it in Excel or LibreOffice, then ingest it again\n"
    )


def test_xlsx_without_formulas_is_not_loaded_twice(rendered: Any, tmp_path: Path) -> None:
    from budgetkg.read.xlsx import uncached_formulas

    data = rendered.xlsx(rendered.stem("002")).read_bytes()
    assert uncached_formulas(data, None) == []  # no formula at all: not even loaded twice


def test_gbk_file_name_is_decoded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = "部门预算.txt"
    raw = os.path.join(os.fsencode(folder), name.encode("gbk"))
    with open(raw, "wb") as f:
        f.write(sample_path("002").read_bytes())
    store = str(tmp_path / "kg")
    code, out, err = run("ingest", str(folder), "--store", store)
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith(f"ok      {folder / name}: 淄博高新")
    code, out, _ = run("documents", "--store", store, "--format", "json")
    assert f'"file": "{name}"' in out and f'"path": "{folder / name}"' in out


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs mounted for the test (skipped where mounting is not allowed)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                       check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN): {e}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False, capture_output=True, timeout=30)


def test_store_on_a_full_disk_is_one_line(tmpfs: Path) -> None:
    store = tmpfs / "kg"
    code, out, err = run("ingest", str(sample_path("002")), "--store", str(store))
    assert code == 1
    assert err == (  # the document's graph does not fit: filling.nq, before the bulk loader, fills the disk
        f"Error: cannot write to the store {store}: no space left on device; "
        f"{sample_path('002')} and the files after it were not ingested\n"
    )
    assert "Traceback" not in out + err


def test_store_on_a_read_only_file_system_is_one_line(tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=40m", str(tmpfs)], check=True, timeout=30)
    store = tmpfs / "kg"
    assert run("ingest", str(sample_path("002")), "--store", str(store))[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True, timeout=30)
    code, out, err = run("ingest", str(sample_path("001")), "--store", str(store))
    assert code == 1 and out == ""
    assert err == f"Error: cannot write store {store}: Read-only file system\n"
    code, out, _ = run("query", "departments", "--store", str(store), "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2  # readers still answer, the store is as it was
