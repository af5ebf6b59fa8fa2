"""Shared fixtures: the sample documents and a store with all of them ingested."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import budgetkg
from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.read import read_document
from budgetkg.read.model import Document

if TYPE_CHECKING:
    from .fixtures.render import Fixtures

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "documents"
EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLE_IDS = sorted(p.name[:3] for p in SAMPLES.glob("*.txt"))


def sample_path(prefix: str) -> Path:
    """The sample document whose file name starts with ``prefix`` (000 ... 004)."""
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def records() -> dict[str, BudgetRecords]:
    """Extraction of every sample, keyed by its number (000 ... 004)."""
    return {p: extract_document(read_document(sample_path(p))) for p in SAMPLE_IDS}


@pytest.fixture(autouse=True)
def _samples_reached_by_each_test(request: pytest.FixtureRequest) -> None:
    """Under mutmut's coverage run, extract the samples again for every test that uses ``records``.

    mutmut counts a function as reached by the test during which it ran; the session fixture
    runs the extraction once, inside the first test that asks for it, so every later test on
    the samples would be left out of the tests run against the extraction's mutants
    (scripts/mutation.py). Nothing happens outside that run.
    """
    import os

    if os.environ.get("MUTANT_UNDER_TEST") == "stats" and "records" in request.fixturenames:
        for p in SAMPLE_IDS:
            extract_document(read_document(sample_path(p)))


@pytest.fixture(scope="session")
def kg(tmp_path_factory: pytest.TempPathFactory) -> budgetkg.KnowledgeGraph:
    """An on-disk store with the five samples ingested once (read-only for tests)."""
    graph = budgetkg.open(tmp_path_factory.mktemp("store") / "kg")
    report = graph.ingest([SAMPLES])
    assert report.ok, report.to_dict()
    return graph


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of an on-disk store with the five samples ingested, closed (read it, or copy it first
    to change it): for tests that open the store themselves, with their own settings."""
    path = tmp_path_factory.mktemp("samples-store") / "kg"
    with budgetkg.open(path) as kg:
        assert kg.ingest([SAMPLES]).ok
    return path


@pytest.fixture(scope="session")
def rendered() -> Fixtures:
    """DOCX, PDF (three layouts), XLSX and broken-PDF renderings of the samples.

    Built once by LibreOffice (``scripts/system-deps.sh`` installs it with a
    CJK font) into ``tests/.fixtures/<hash>``, keyed by the renderer and the
    samples, so later runs reuse them.
    """
    import shutil

    from .fixtures import render

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is needed to render the PDF/DOCX fixtures: run scripts/system-deps.sh")
    return render.cached_fixtures(Path(__file__).resolve().parent / ".fixtures")


@pytest.fixture(scope="session")
def read_rendering(rendered: Fixtures) -> Callable[[Path], Document]:
    """``read_document`` for rendered fixtures, cached in memory and on disk.

    The disk cache is keyed by everything that shapes a reading: the reader's
    source code, the settings' source (the default PDF engine ...), the versions
    of pdfplumber, pypdfium2, python-docx and openpyxl, and the rendering itself
    (its folder is keyed by the renderer and the LibreOffice version). It only
    spares re-reading when none of them changed since the last run.
    """
    import hashlib
    import pickle

    from .fixtures.render import tool_versions

    read_src = ROOT / "src" / "budgetkg" / "read"
    h = hashlib.sha256()
    for f in sorted(read_src.rglob("*.py")):
        h.update(f.relative_to(read_src).as_posix().encode() + f.read_bytes())
    h.update((ROOT / "src" / "budgetkg" / "settings.py").read_bytes())
    h.update(tool_versions("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "openpyxl").encode())
    cache_dir = rendered.root / "read-cache" / h.hexdigest()[:16]
    memo: dict[Path, Document] = {}

    def read(path: Path) -> Document:
        if path not in memo:
            cached = cache_dir / (path.relative_to(rendered.root).as_posix().replace("/", "__") + ".pickle")
            if cached.exists():
                memo[path] = pickle.loads(cached.read_bytes())
            else:
                memo[path] = read_document(path)
                cache_dir.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(memo[path]))
        return memo[path]

    return read
