"""Saved queries: ``queries/*.rq`` files with a header comment.

The header is the leading ``#`` comment block::

    # title: Projects paid from a function code
    # description: All projects ... (may continue on following lines)
    # param: function — a code (2080705) or a name (type: function; default: 2080705)
    # param: reason — only this reason (allowed: qualitative, no-unit; optional)
    # column: amount — the project's amount (unit: 万元)
    # column: confidence — how sure the link is (type: float)
    # example: budgetkg query projects-by-function --param function=公益性岗位补贴
    # requires: bkg:functionAncestor

A parameter's trailing ``( ... )`` holds ``key: value`` items separated by
``;``: ``default``, ``type`` (text, decimal, integer, code, function; a
decimal may give its range as ``decimal 0..1``) and ``allowed`` (the only
values accepted), and the bare word ``optional``. Values are checked before
the query runs (``params.py``). A column's holds ``unit`` or ``type``
(``float`` for a measure, ``boolean`` for a truth value).

``requires`` names predicates budgetkg writes at ingest that the query cannot
answer without (``bkg:`` names or ``<IRI>``s): when its answer is empty and
the store holds documents but none of such a predicate, the API says the
documents were likely ingested by an older budgetkg (``api.py``).

Each ``param`` NAME is bound to the SPARQL variable ``?_NAME`` (the leading
underscore keeps inputs apart from output columns of the same name) as an
RDF literal, never by pasting text into the query; an optional parameter left
unset stays unbound, so queries test it with ``!BOUND(?_NAME) || ...``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from ..rdf.namespaces import BKG
from ..resources import data_dir

T = TypeVar("T")
_FIELD = re.compile(r"^#\s*(title|description|param|column|example|requires):\s*(.*)$")
_ITEM = re.compile(r"^(\w+)\s*(?:[—:-]+\s*(.*?))?\s*(?:\(([^()]*)\))?\s*$")
_RANGE = re.compile(r"^decimal\s+(-?[\d.]+)\.\.(-?[\d.]+)$")
TYPES = ("text", "decimal", "integer", "code", "function")
_OPTIONS = {"default", "type", "allowed", "unit", "optional"}


@dataclass
class Param:
    """A query parameter: the variable it binds, what it means, its default, what it accepts."""

    name: str
    description: str = ""
    default: str | None = None
    type: str = "text"
    allowed: list[str] = field(default_factory=list)
    minimum: str | None = None  # for a decimal with a range
    maximum: str | None = None

    def accepts(self) -> str:
        """What the parameter takes, for help text: 'qualitative, no-unit', 'a number from 0 to 1' ..."""
        if self.allowed:
            return ", ".join(self.allowed)
        if self.type == "decimal" and self.minimum is not None:
            return f"a number from {self.minimum} to {self.maximum}"
        return {
            "decimal": "a number",
            "integer": "a whole number",
            "code": "digits of a code",
            "function": "a function code at any level (208, 20807, 2080705) or its name",
        }.get(self.type, "text")


@dataclass
class Column:
    """An output column: what it means and its unit or type."""

    name: str
    description: str = ""
    unit: str | None = None
    type: str | None = None


@dataclass
class SavedQuery:
    """A saved query: name (file stem), header fields and SPARQL text."""

    name: str
    title: str
    description: str
    text: str
    path: Path
    params: list[Param] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)  # predicates (IRIs) made at ingest it cannot do without


class QueryNotFound(LookupError):
    """No saved query of that name and no such .rq file."""


class QueryFileError(QueryNotFound, ValueError):
    """A .rq file whose header breaks a rule (an unknown parameter type, a ``requires`` that is no IRI):
    no usable query of that name either, so it is reported where an unknown one is (a usage error); a
    ValueError too, as before it had a class of its own."""


def parse_query_file(path: Path) -> SavedQuery:
    """Read a .rq file and its header comment."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {"title": path.stem, "description": ""}
    query = SavedQuery(path.stem, "", "", text, path)
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _FIELD.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                query.params.append(_checked(_param, value, path))
            elif key == "column":
                query.columns.append(_column(value))
            elif key == "example":
                query.examples.append(value)
            elif key == "requires":
                query.requires += [_checked(_predicate, name, path) for name in value.split()]
            else:
                fields[key] = value
            last = key
        elif last in ("description", "column") and line.strip("# ").strip():
            more = " " + line.lstrip("#").strip()
            if last == "description":
                fields["description"] += more
            else:
                query.columns[-1].description += more
    query.title, query.description = fields["title"], fields["description"]
    return query


def _checked(read: Callable[[str], T], spec: str, path: Path) -> T:
    """``read(spec)``, its ValueError as a :class:`QueryFileError` naming the file."""
    try:
        return read(spec)
    except ValueError as e:
        raise QueryFileError(f"{path}: {e}") from None


def _predicate(name: str) -> str:
    """``bkg:x`` or ``<iri>`` as an IRI (checked: it is written into a query)."""
    if name.startswith("<") and name.endswith(">"):
        iri = name[1:-1]
    elif re.fullmatch(r"bkg:\w+", name):
        iri = BKG + name[4:]
    else:
        raise ValueError(f"requires: {name!r} is neither bkg:NAME nor <IRI>")
    try:
        return ox.NamedNode(iri).value
    except ValueError:
        raise ValueError(f"requires: {name!r} is not an IRI") from None


def _split(spec: str) -> tuple[str, str, dict[str, str]]:
    """``name — description (key: value; word)`` as its three parts.

    A trailing parenthesis is options only when every item in it is a known
    option (``default``, ``type``, ``allowed``, ``unit``, ``optional``);
    otherwise it belongs to the description.
    """
    m = _ITEM.match(spec)
    if not m:
        return (spec.split()[0] if spec else "param"), "", {}
    options: dict[str, str] = {}
    for item in (m.group(3) or "").split(";"):
        key, sep, value = item.partition(":")
        if item.strip():
            options[key.strip()] = value.strip() if sep else ""
    description = (m.group(2) or "").strip()
    if not set(options) <= _OPTIONS:
        description, options = f"{description} ({m.group(3)})", {}
    return m.group(1), description, options


def _param(spec: str) -> Param:
    name, description, options = _split(spec)
    param = Param(name=name, description=description, default=options.get("default"))
    kind = options.get("type", "text")
    if r := _RANGE.match(kind):
        kind, param.minimum, param.maximum = "decimal", r.group(1), r.group(2)
    if kind not in TYPES:
        raise ValueError(f"unknown parameter type {kind!r} in {spec!r}")
    param.type = kind
    param.allowed = [v.strip() for v in options.get("allowed", "").split(",") if v.strip()]
    return param


def _column(spec: str) -> Column:
    name, description, options = _split(spec)
    return Column(name=name, description=description, unit=options.get("unit"), type=options.get("type"))


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
    names = [q.name for q in saved_queries(folder)]
    close = get_close_matches(name_or_path, names, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else "see `budgetkg queries`"
    raise QueryNotFound(f"no saved query {name_or_path!r}: {hint}")
