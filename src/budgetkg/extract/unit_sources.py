"""Where each table of a document states its unit of money (see :mod:`.units` for the rules).

A table's own unit comes from its title, the unit line before it, a unit
row in it or a note after it; its columns' from header cells. The document's
unit is a unit line that belongs to no table, else the unit most tables
state; a table that states none inherits it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..read.model import Block, Document, Heading, Paragraph, Row, Table
from .header import header_size
from .numbers import normalize
from .units import SHORT, TableUnits, Unit, is_unit_line, is_unit_statement, unit_in

if TYPE_CHECKING:
    from .tables import LogicalTable

_NEAR = 6  # blocks looked at before a table for its unit line


def header_units(rows: Sequence[Row]) -> tuple[Unit | None, dict[int, Unit]]:
    """A unit row or cell (``单位：元``) and the units of labelled columns, from a table's leading rows.

    Only the rows before the first data row count; a label's unit spreads to
    the empty cells right of it (a merged label).
    """
    table_unit: Unit | None = None
    columns: dict[int, Unit] = {}
    for r in rows[: header_size(list(rows))]:
        texts = r.texts
        for j, t in enumerate(texts):
            if not t:
                continue
            u = unit_in(t)
            if u is None:
                continue
            if is_unit_line(t):
                table_unit = table_unit or u  # a unit line set as a row
                continue
            end = j + 1
            while end < len(texts) and not texts[end]:
                end += 1
            for k in range(j, end):
                columns[k] = u
    return table_unit, columns


def _blocks_before(blocks: list[Block], at: int) -> Iterable[Block]:
    """The short paragraphs and headings before block ``at``, nearest first, up to the previous table."""
    for k in range(at - 1, max(-1, at - 1 - _NEAR), -1):
        block = blocks[k]
        if isinstance(block, Table):
            return
        yield block


def _notes_after(blocks: list[Block], at: int) -> Iterable[Block]:
    """The short lines and notes right after block ``at``, up to the next table or title."""
    for block in blocks[at + 1 : at + 1 + _NEAR]:
        if isinstance(block, Table) or isinstance(block, Heading):
            return
        text = normalize(block.text)
        if not text.startswith(("注", "(注")):
            return
        yield block


def _stated(blocks: Iterable[Block]) -> Unit | None:
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)) and len(normalize(block.text)) <= SHORT:
            u = unit_in(block.text)
            if u is not None:
                return u
    return None


def _notes(blocks: Iterable[Block]) -> Unit | None:
    return next((u for b in blocks if isinstance(b, Paragraph) and (u := unit_in(b.text))), None)


def assign_units(doc: Document, tables: list[LogicalTable]) -> Unit | None:
    """Set every logical table's :class:`TableUnits`; the document's unit, None when nothing states one.

    A table's own unit comes from its title, the unit line before it, a unit
    row in it or a note after it; its columns' from header cells. The
    document's unit is a unit line that belongs to no table, else the unit
    most tables state (the first in the document on a tie).
    """
    index = {id(b): k for k, b in enumerate(doc.blocks)}
    own: list[Unit | None] = []
    claimed: set[int] = set()
    for table in tables:
        first = index.get(id(table.parts[0]))
        last = index.get(id(table.parts[-1]))
        row_unit, columns = header_units(table.parts[0].rows)
        before = list(_blocks_before(doc.blocks, first)) if first is not None else []
        notes = list(_notes_after(doc.blocks, last)) if last is not None else []
        unit = unit_in(table.title) if table.title else None
        unit = unit or _stated(before) or row_unit or _notes(notes)
        claimed.update(id(b) for b in before + notes)
        table.units = TableUnits(unit=unit, columns=columns, source="printed" if unit else "assumed")
        if unit is None and columns:
            table.units.source = "header"
        own.append(unit or (table.units.table_unit if columns else None))
    loose = [
        u
        for b in doc.blocks
        if isinstance(b, Paragraph) and id(b) not in claimed and len(normalize(b.text)) <= SHORT
        if (u := unit_in(b.text)) is not None and is_unit_statement(b.text)
    ]
    stated = [u for u in own if u is not None]
    document = loose[0] if loose else _most_common(stated)
    if document is not None:
        for table in tables:
            table.units.inherited = document
            if table.units.source == "assumed":
                table.units.source = "document"
    return document


def _most_common(units: list[Unit]) -> Unit | None:
    if not units:
        return None
    counts = Counter(units)
    best = max(counts.values())
    return next(u for u in units if counts[u] == best)
