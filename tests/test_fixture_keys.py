"""The fixture caches are keyed on what shapes them: a new LibreOffice, python-docx or reader
library version, or changed settings, must not reuse renderings or readings made before."""

from __future__ import annotations

import pytest

from .fixtures import render


def test_tool_versions_name_each_distribution() -> None:
    got = render.tool_versions("pdfplumber", "pypdfium2", "python-docx", "no-such-distribution-here")
    names = [line.split("==")[0] for line in got.splitlines()]
    assert names == ["pdfplumber", "pypdfium2", "python-docx", "no-such-distribution-here"]
    assert got.splitlines()[-1] == "no-such-distribution-here==absent"
    assert "==absent" not in got.splitlines()[0]


def test_renderer_key_changes_with_libreoffice_and_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "libreoffice_version", lambda: "LibreOffice 7.4.7.2")
    before = render.renderer_hash()
    monkeypatch.setattr(render, "libreoffice_version", lambda: "LibreOffice 24.2.1.1")
    assert render.renderer_hash() != before
    real = render.tool_versions
    monkeypatch.setattr(render, "libreoffice_version", lambda: "LibreOffice 7.4.7.2")
    older = lambda *d: real(*d).replace("python-docx==", "python-docx==0")  # noqa: E731
    monkeypatch.setattr(render, "tool_versions", older)
    assert render.renderer_hash() != before
