"""Per-document limits: pages, time and memory. A document over a limit fails alone with one clear
line; the other documents of the batch are still ingested.

Time and memory are enforced in a forked worker process per document
(``budgetkg.batch.worker``); patches made here are inherited by it.
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import budgetkg
import budgetkg.api
from budgetkg.batch import worker
from budgetkg.batch.staging import Preparer
from budgetkg.cli import cli
from budgetkg.codes import load_registry

from .conftest import sample_path

pytestmark = pytest.mark.skipif(not worker.available(), reason="worker processes need fork and rlimits")

CRASHED_128 = "the reader crashed (SIGABRT): over the memory limit of 128 MB per document, or a damaged file"
MEMORY_128 = "over the memory limit of 128 MB per document (stopped)"


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def blank_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as f:
        writer.write(f)
    return path


def bomb_pdf(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream is under 1 MB compressed and ``megabytes`` MB inflated."""
    packer = zlib.compressobj(9)
    line = b"0 0 m 1 1 l S\n"
    chunk = line * (1024 * 1024 // len(line))
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_500_page_pdf_under_a_100_page_limit_fails_alone(tmp_path: Path) -> None:
    big = blank_pdf(tmp_path / "long.pdf", 500)
    store = tmp_path / "kg"
    code, out, err = run("ingest", str(big), str(sample_path("002")), f"--store={store}", "--max-pages=100")
    assert code == 1
    reason = "500 pages, over the limit of 100 pages per document (not read)"
    assert out.splitlines()[0] == f"failed  {big}: {reason}"
    assert out.splitlines()[1].startswith(f"ok      {sample_path('002')}: ")
    assert err == f"Error: {big}: {reason}\n"


def test_the_page_limit_is_inclusive(tmp_path: Path) -> None:
    from budgetkg.batch.pages import page_count

    assert page_count(blank_pdf(tmp_path / "p.pdf", 3)) == 3
    assert page_count(sample_path("002")) is None
    kg = budgetkg.open(None, max_pages=3)
    prepared = kg._prepare_limited(tmp_path / "p.pdf", Preparer(kg, load_registry(), None, False))
    assert prepared.result.error == "no text found in the document (empty)"  # read: at the limit
    kg = budgetkg.open(None, max_pages=2)
    prepared = kg._prepare_limited(tmp_path / "p.pdf", Preparer(kg, load_registry(), None, False))
    assert prepared.result.error == "3 pages, over the limit of 2 pages per document (not read)"


def test_a_decompression_bomb_fails_alone_under_the_memory_limit(tmp_path: Path) -> None:
    bomb = bomb_pdf(tmp_path / "bomb.pdf", 256)
    assert bomb.stat().st_size < 1024 * 1024
    code, out, err = run("ingest", str(bomb), str(sample_path("002")), "--store", str(tmp_path / "kg"),
                         "--memory-mb", "128")
    assert code == 1
    first = out.splitlines()[0]
    assert first in (f"failed  {bomb}: {CRASHED_128}", f"failed  {bomb}: {MEMORY_128}")
    assert out.splitlines()[1].startswith(f"ok      {sample_path('002')}: ")
    assert err == f"Error: {bomb}: {first.split(': ', 1)[1]}\n"


def test_python_out_of_memory_is_the_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = budgetkg.api.read_document

    def greedy(path: Path, *args: object) -> object:
        if Path(path).name.startswith("greedy"):
            bytearray(512 * 1024 * 1024)  # more than the limit allows
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(budgetkg.api, "read_document", greedy)
    greedy_file = tmp_path / "greedy.txt"
    greedy_file.write_bytes(sample_path("002").read_bytes())
    code, out, _ = run("ingest", str(greedy_file), str(sample_path("001")), "--store", str(tmp_path / "kg"),
                       "--memory-mb", "128")
    assert code == 1
    assert out.splitlines()[0] == f"failed  {greedy_file}: {MEMORY_128}"
    assert out.splitlines()[1].startswith(f"ok      {sample_path('001')}: ")


def test_a_document_over_the_time_limit_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = budgetkg.api.read_document

    def slow(path: Path, *args: object) -> object:
        if Path(path).name.startswith("slow"):
            time.sleep(3600)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(budgetkg.api, "read_document", slow)
    slow_file = tmp_path / "slow.txt"
    slow_file.write_bytes(sample_path("002").read_bytes())
    store = tmp_path / "kg"
    code, out, err = run("ingest", str(slow_file), str(sample_path("001")), f"--store={store}", "--timeout=5")
    assert code == 1
    assert out.splitlines()[0] == f"failed  {slow_file}: over the time limit of 5 s per document (stopped)"
    assert out.splitlines()[1].startswith(f"ok      {sample_path('001')}: ")
    assert err == f"Error: {slow_file}: over the time limit of 5 s per document (stopped)\n"
    with budgetkg.open(store, mode="read") as kg:
        assert [d.file for d in kg.documents()] == [sample_path("001").name]


def test_limits_off_runs_in_process(tmp_path: Path) -> None:
    kg = budgetkg.open(tmp_path / "kg", isolate=False)
    report = kg.ingest([sample_path("002")])
    assert report.ok and report.documents[0].projects == 8
    with pytest.raises(ValueError, match="document limits must not be negative"):
        budgetkg.open(None, max_pages=-1)
