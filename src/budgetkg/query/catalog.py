"""Saved queries: ``queries/*.rq`` files with a header comment.

The header is the leading ``#`` comment block::

    # title: Projects paid from a function code
    # description: All projects ... (may continue on following lines)
    # param: function — a code (2080705) or a name (default: 2080705)

Each ``param`` NAME is bound to the SPARQL variable ``?_NAME`` (the leading
underscore keeps inputs apart from output columns of the same name) as an
RDF literal, never by pasting text into the query; an optional parameter left
unset stays unbound, so queries test it with ``!BOUND(?_NAME) || ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import data_dir

_FIELD = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(?:[—:-]+\s*(.*?))?\s*(?:\(default:\s*(.*)\))?\s*$")


@dataclass
class Param:
    """A query parameter: the variable it binds, what it means, its default."""

    name: str
    description: str = ""
    default: str | None = None


@dataclass
class SavedQuery:
    """A saved query: name (file stem), header fields and SPARQL text."""

    name: str
    title: str
    description: str
    text: str
    path: Path
    params: list[Param] = field(default_factory=list)


class QueryNotFound(LookupError):
    """No saved query of that name and no such .rq file."""


def parse_query_file(path: Path) -> SavedQuery:
    """Read a .rq file and its header comment."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {"title": path.stem, "description": ""}
    params: list[Param] = []
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _FIELD.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                params.append(_param(value))
            else:
                fields[key] = value
            last = key
        elif last == "description" and line.strip("# ").strip():
            fields["description"] += " " + line.lstrip("#").strip()
    return SavedQuery(path.stem, fields["title"], fields["description"], text, path, params)


def _param(spec: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        return Param(name=spec.split()[0] if spec else "param")
    return Param(name=m.group(1), description=(m.group(2) or "").strip(), default=m.group(3))


def saved_queries(folder: Path | None = None) -> list[SavedQuery]:
    """All saved queries, sorted by name."""
    folder = folder or data_dir("queries")
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def find_query(name_or_path: str, folder: Path | None = None) -> SavedQuery:
    """A saved query by name, or any .rq file by path."""
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.is_file():
        return parse_query_file(p)
    folder = folder or data_dir("queries")
    candidate = folder / f"{name_or_path}.rq"
    if candidate.is_file():
        return parse_query_file(candidate)
    known = ", ".join(q.name for q in saved_queries(folder))
    raise QueryNotFound(f"no saved query {name_or_path!r} (known: {known})")
