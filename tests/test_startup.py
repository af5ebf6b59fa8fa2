"""Start-up: the command line loads heavy libraries only where they are used.

`budgetkg --help` and a saved query must start in well under half a second,
so importing the CLI must not import pandas, pySHACL, rdflib, matplotlib or
the PDF and Office readers (each checked in a fresh interpreter; no timing).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "pyshacl", "rdflib", "matplotlib", "pdfplumber", "pypdfium2", "openpyxl", "docx", "owlrl",
         "pylode", "numpy", "pyarrow", "SPARQLWrapper")  # fmt: skip


def _loaded(code: str) -> list[str]:
    """The heavy modules loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _loaded("import budgetkg.cli") == []


def test_a_saved_query_loads_no_heavy_library(kg) -> None:  # type: ignore[no-untyped-def]
    """Answering a saved query as CSV, as `budgetkg query` does, needs none of them either."""
    store = kg.settings.store
    code = (
        "import budgetkg\n"
        f"with budgetkg.open({str(store)!r}, mode='read') as kg:\n"
        "    assert kg.select('departments').to_csv().count('\\n') == 6\n"
    )
    assert _loaded(code) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check itself works: asking for a DataFrame loads pandas, validating loads pySHACL."""
    assert "pandas" in _loaded("import budgetkg.query.frames")
    assert "pyshacl" in _loaded("from budgetkg.validate import Validator")
