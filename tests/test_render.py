"""Fixture rendering survives a crashed LibreOffice: the files of a crashed instance are converted
again, each on its own, serially; a file that keeps failing stops the setup with its name.

A stand-in ``soffice`` (a small script) crashes as LibreOffice does under
load ("Fatal exception: Signal 6", exit 134) on the calls the test chooses.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from .fixtures import render

FAKE = """#!{python}
import json, sys
from pathlib import Path
files = [a for a in sys.argv[1:] if a.endswith(".docx")]
names = [Path(f).name for f in files]
with open({log!r}, "a") as log:
    log.write(json.dumps(names) + "\\n")
out = Path(sys.argv[sys.argv.index("--outdir") + 1])
crash, alone = {crash!r}, {alone!r}
if any(n in crash for n in names) and (alone or len(names) > 1):
    if files:
        (out / (Path(files[0]).stem + ".pdf")).write_bytes(b"%PDF-1.4 half")  # cut short by the crash
    sys.stderr.write("Fatal exception: Signal 6\\n")
    sys.exit(134)
for f in files:
    (out / (Path(f).stem + ".pdf")).write_bytes(b"%PDF-1.4\\n%%EOF\\n")
"""


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash: list[str], alone: bool) -> Path:
    """A stand-in crashing on instances given a file of ``crash`` (with others only, unless ``alone``)."""
    log = tmp_path / "calls.jsonl"
    script = tmp_path / "soffice"
    script.write_text(FAKE.format(python=sys.executable, log=str(log), crash=crash, alone=alone))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(render, "soffice", lambda: str(script))
    return log


def docx_files(tmp_path: Path, n: int) -> list[Path]:
    files = [tmp_path / f"d{i}.docx" for i in range(n)]
    for f in files:
        f.write_bytes(b"PK")
    return files


def test_a_crashed_instance_is_retried_file_by_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = fake_soffice(tmp_path, monkeypatch, crash=["d0.docx"], alone=False)  # d0's instance crashes
    files = docx_files(tmp_path, 4)
    outs = render.convert_to_pdf(files, tmp_path / "pdf", jobs=2)
    assert [o.read_bytes() for o in outs] == [b"%PDF-1.4\n%%EOF\n"] * 4
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    # two instances in parallel; then the crashed one's files, each alone, one after the other
    assert sorted(calls[:2]) == [["d0.docx", "d2.docx"], ["d1.docx", "d3.docx"]]
    assert calls[2:] == [["d0.docx"], ["d2.docx"]]


def test_a_file_that_keeps_crashing_stops_the_setup_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_soffice(tmp_path, monkeypatch, crash=["d1.docx"], alone=True)
    files = docx_files(tmp_path, 2)
    with pytest.raises(RuntimeError, match=r"no PDF for d1\.docx after 3 tries alone: exit status 134: "
                                           r"Fatal exception: Signal 6"):
        render.convert_to_pdf(files, tmp_path / "pdf", jobs=2)
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(calls[:2]) == [["d0.docx"], ["d1.docx"]]
    assert calls[2:] == [["d1.docx"], ["d1.docx"], ["d1.docx"]]
