"""Where the project's data folders are: ontology/, shapes/, queries/, examples/.

In a source checkout (or an editable install) they are the repository's own
top-level folders; in an installed wheel they are packaged under
``budgetkg/_data``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent
_PACKAGED = {"examples": "examples", "ontology": "ontology", "shapes": "shapes", "queries": "queries"}


def data_dir(name: str) -> Path:
    """The folder ``name`` (one of ontology, shapes, queries, examples)."""
    packaged = _PACKAGE / "_data" / _PACKAGED[name]
    if packaged.is_dir():
        return packaged
    repo = _REPO / name
    return repo / "documents" if name == "examples" else repo
