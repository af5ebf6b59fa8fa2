"""Import an official code list (CSV or XLSX: code, name) into the registry.

A user holding the Ministry of Finance's full 政府收支分类科目 can load it:
codes not yet listed are added with their parents by prefix, a code whose
listed name differs is recorded as a conflict (the first name stays). The
columns are found by their header (``code``/``编码``/``科目编码`` and
``name``/``名称``/``科目名称``); optional ``name_en`` and ``cofog`` columns
give an English label and a COFOG ``skos:closeMatch``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..extract.text import clean_name, compact
from ..rdf.namespaces import CODE, SKOS
from .conflicts import conflict_triples
from .registry import CodeRegistry, CodeUpdate
from .schemes import Scheme

_CODE_HEADERS = ("code", "编码", "科目编码", "代码", "notation")
_NAME_HEADERS = ("name", "名称", "科目名称", "name_zh", "label")


class CodeListError(ValueError):
    """The file is not a code list this importer can read (one-line message)."""


@dataclass
class ListRow:
    """One row of an official list."""

    code: str
    name: str
    name_en: str | None = None
    cofog: str | None = None


def read_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV (UTF-8 or GBK) or XLSX file (first sheet), as text."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [["" if v is None else str(v).strip() for v in r] for r in ws.iter_rows(values_only=True)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CodeListError(f"{path.name}: neither UTF-8 nor GBK text")
    return [[c.strip() for c in r] for r in csv.reader(text.splitlines())]


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [compact(h).lower() for h in header]
    return next((i for i, h in enumerate(lowered) if h in names), None)


def parse_list(path: Path) -> list[ListRow]:
    """The (code, name) rows of an official list; the header row names the columns."""
    rows = read_rows(path)
    for i, header in enumerate(rows[:10]):  # noqa: B007 - i is used after the loop
        code_col, name_col = _column(header, _CODE_HEADERS), _column(header, _NAME_HEADERS)
        if code_col is not None and name_col is not None:
            break
    else:
        raise CodeListError(f"{path.name}: no header row with a code column and a name column")
    en_col, cofog_col = _column(header, ("name_en", "english")), _column(header, ("cofog",))
    out = []
    for r in rows[i + 1 :]:
        cells = r + [""] * len(header)
        code, name = compact(cells[code_col]), clean_name(cells[name_col])
        if not code or not name:
            continue
        out.append(
            ListRow(
                code=code,
                name=name,
                name_en=(cells[en_col] or None) if en_col is not None else None,
                cofog=(cells[cofog_col] or None) if cofog_col is not None else None,
            )
        )
    return out


def import_list(registry: CodeRegistry, path: Path, scheme: str, source: str | None = None) -> CodeUpdate:
    """Merge an official list into ``scheme`` of the registry; conflicts are recorded in it."""
    if scheme not in registry.schemes:
        known = ", ".join(sorted(registry.schemes))
        raise CodeListError(f"unknown code list {scheme!r} (known: {known})")
    rows = parse_list(path)
    sch = registry.schemes[scheme]
    bad = [r.code for r in rows if sch.pattern and not sch.matches(r.code)]
    if bad:
        raise CodeListError(f"{path.name}: {len(bad)} code(s) do not look like {scheme} codes, e.g. {bad[0]}")
    name = source or path.name
    update = registry.check([(r.code, r.name, None) for r in rows], name, scheme=scheme)
    registry.apply(update)
    registry.record([t for c in update.conflicts for t in conflict_triples(c, registry.schemes)])
    registry.record(_extras(rows, sch))
    return update


def _extras(rows: list[ListRow], sch: Scheme) -> list[ox.Triple]:
    """English labels and COFOG close matches given by the optional columns."""
    out = []
    for r in rows:
        iri = ox.NamedNode(sch.concept(r.code))
        if r.name_en:
            label = ox.Literal(r.name_en, language="en")
            out.append(ox.Triple(iri, ox.NamedNode(SKOS + "prefLabel"), label))
        if r.cofog:
            match = ox.NamedNode(f"{CODE}cofog/{r.cofog}")
            out.append(ox.Triple(iri, ox.NamedNode(SKOS + "closeMatch"), match))
    return out
