"""Old Office files: .xls read by xlrd, .doc and RTF converted by LibreOffice, other OLE2 files refused."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from budgetkg.read import ReadError, read_document
from budgetkg.read.convert import convert
from budgetkg.read.legacy import OLE2_MAGIC
from budgetkg.read.model import Paragraph, Table

from .fixtures.render import convert_files, soffice


def fake_soffice(tmp_path: Path, script: str) -> str:
    """A PATH whose ``soffice`` runs ``script`` (sh), ahead of the system's programs."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return f"{bindir}:/usr/bin:/bin"


def test_doc_without_libreoffice_is_one_line_naming_what_to_install(
    rendered: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = rendered.doc(rendered.stem("000"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    with pytest.raises(ReadError) as err:
        read_document(doc)
    assert str(err.value) == (
        f"{doc.name}: an old Word (.doc) file needs LibreOffice to be read: install LibreOffice "
        "(Debian/Ubuntu: apt-get install libreoffice-writer) so that soffice is on PATH, or save it as .docx"
    )
    # an .xls needs no LibreOffice
    assert read_document(rendered.xls(rendered.stem("000"))).media_type == "application/vnd.ms-excel"


def test_doc_without_libreoffice_through_the_cli(
    rendered: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_cli import run

    monkeypatch.setenv("PATH", str(tmp_path))
    code, out, err = run("ingest", str(rendered.doc(rendered.stem("002"))), "--store", str(tmp_path / "kg"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "needs LibreOffice to be read" in err
    assert "Traceback" not in out + err


def test_conversion_that_hangs_is_killed_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pidfile = tmp_path / "child.pid"
    monkeypatch.setenv("PATH", fake_soffice(tmp_path, f"sleep 300 &\necho $! > {pidfile}\nwait"))
    with pytest.raises(
        ReadError, match=r"^old\.doc: LibreOffice did not convert an old Word \(\.doc\) file within 1 s$"
    ):
        convert(b"x", "old.doc", ".doc", "docx", "an old Word (.doc) file", timeout=1)
    child = int(pidfile.read_text())
    state = Path(f"/proc/{child}/stat")
    assert not state.exists() or state.read_text().split()[2] in ("Z", "X")  # killed with its group


def test_conversion_failure_is_one_line_with_libreoffice_s_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "PATH", fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1")
    )
    with pytest.raises(
        ReadError,
        match=r"^x\.doc: LibreOffice could not convert an old Word \(\.doc\) file: "
        r"Error: source file could not be loaded$",
    ):
        convert(b"x", "x.doc", ".doc", "docx", "an old Word (.doc) file", timeout=60)


def test_damaged_ole2_file_is_a_read_error(tmp_path: Path) -> None:
    f = tmp_path / "damaged.xls"
    f.write_bytes(OLE2_MAGIC + b"\x00" * 1000)
    with pytest.raises(ReadError, match=r"^damaged\.xls: damaged Office \(OLE2\) file: "):
        read_document(f)


def test_rtf_is_converted_like_a_doc(tmp_path: Path) -> None:
    soffice()  # LibreOffice is needed (scripts/system-deps.sh)
    f = tmp_path / "budget.doc"  # sites serve RTF under a .doc name
    f.write_bytes(
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 SimSun;}}\f0 \u37096?\u38376?\u39044?\u31639?\par 2024\par}"
    )
    doc = read_document(f)
    assert doc.media_type == "application/rtf"
    assert [b.text for b in doc.blocks] == ["部门预算", "2024"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A hand-made workbook (titles merged across, merged header, formats, a hidden sheet) and its .xls."""
    import datetime as dt

    root = tmp_path_factory.mktemp("xls")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "一般公共预算支出表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：万元"
    ws.merge_cells("A2:D2")
    ws.append(["科目编码", "科目名称", "金额", None])
    ws.merge_cells("C3:D3")
    ws.append(["208", "社会保障和就业支出", 8924.31, 1234567.5])
    ws["C4"].number_format = "#,##0.00"
    ws["D4"].number_format = "0.0"
    ws.append(["20801", "编制日期", dt.date(2024, 1, 31), True])
    ws.append(["注：本表无数据的项目不列示。"])
    ws.merge_cells("A6:D6")
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    xlsx = root / "book.xlsx"
    wb.save(xlsx)
    (xls,) = convert_files([xlsx], root, "xls:MS Excel 97", jobs=1)
    return xlsx, xls


def test_xls_reads_titles_table_and_notes(workbook: tuple[Path, Path]) -> None:
    _, xls = workbook
    doc = read_document(xls)
    assert doc.media_type == "application/vnd.ms-excel"
    assert [(type(b).__name__, b.text if isinstance(b, Paragraph) else "") for b in doc.blocks] == [
        ("Paragraph", "一般公共预算支出表"),
        ("Paragraph", "单位：万元"),
        ("Table", ""),
        ("Paragraph", "注：本表无数据的项目不列示。"),
    ]
    table = next(doc.tables())
    assert table.caption == "表1" and table.number == 1
    assert [r.texts for r in table.rows] == [
        ["科目编码", "科目名称", "金额", ""],
        ["208", "社会保障和就业支出", "8,924.31", "1234567.5"],
        ["20801", "编制日期", "2024-01-31", "是"],
    ]
    assert [r.prov.row for r in table.rows] == [1, 2, 3]


def test_xls_reads_like_its_xlsx(workbook: tuple[Path, Path]) -> None:
    xlsx, xls = workbook
    a, b = read_document(xlsx), read_document(xls)

    def shape(doc: Any) -> list[Any]:
        return [[r.texts for r in x.rows] if isinstance(x, Table) else x.text for x in doc.blocks]

    assert shape(a) == shape(b)


def test_ole2_renamed_is_still_read_by_content(rendered: Any, tmp_path: Path) -> None:
    renamed = tmp_path / "budget.txt"
    renamed.write_bytes(rendered.xls(rendered.stem("001")).read_bytes())
    assert read_document(renamed).media_type == "application/vnd.ms-excel"
