"""Everything a budget discloses beyond the expenditure summary and the project list.

One entry point, :func:`add_disclosed`, fills the records of a document with
the lines of every standard disclosure table (checked against the
document's own sums), the “三公”经费 of each published year (and zeros for
the years the document states it has none, :mod:`.stated_none`, which also
fills blanks the text states as zero), the status of
each table (read, empty as stated by its note, or skipped and why), the
figures of the explanation chapters and the glossary.
"""

from __future__ import annotations

from ..read.model import Document
from .disclosure import HANDLED, name_codes, read_table
from .facts import DisclosureLine, TableStatus, ThreePublic
from .glossary import extract_glossary
from .narrative import extract_narrative
from .notes import table_notes
from .reconcile import check_table
from .records import BudgetRecords
from .stated_none import fill_stated_items, stated_basic, stated_three_public
from .tables import LogicalTable
from .three_public import FIELDS, extract_three_public


def add_disclosed(records: BudgetRecords, doc: Document, tables: list[LogicalTable]) -> None:
    """Extract the standard tables, 三公经费, narrative figures and glossary into ``records``."""
    findings = records.findings
    notes = table_notes(doc, tables)
    read = [(t, *read_table(t, findings)) for t in tables if t.kind in HANDLED]
    lines = [ln for _, table_lines, _ in read for ln in table_lines]
    summary_names = {ln.name: ln.code for ln in records.function_lines if ln.code and len(ln.code) == 3}
    name_codes(lines, summary_names)
    statuses = []
    for table, table_lines, status in read:
        check_table(table_lines, table.title, records.department.name, findings)
        status.note = notes.get(table.number)
        statuses.append(status)
    year = records.department.year
    figures = extract_narrative(doc, year)
    three = extract_three_public(tables, year, findings)
    three += stated_three_public(doc, tables, notes, year, three)
    fill_stated_items(three, figures)
    lines += stated_basic(doc, tables, notes, year, records.function_lines)
    statuses += [_three_status(t, three, notes) for t in tables if t.kind == "three-public"]
    statuses += [
        TableStatus(kind="", title=t.title, skipped="not a standard disclosure table", table=t.number)
        for t in tables
        if not t.kind
    ]
    records.disclosure_lines = lines
    records.three_public = three
    records.table_status = sorted(statuses, key=lambda s: s.table)
    records.stated_figures = figures
    records.glossary = extract_glossary(doc)


def _three_status(table: LogicalTable, items: list[ThreePublic], notes: dict[int, str]) -> TableStatus:
    mine = [i for i in items if i.table == table.number and i.stated is None]  # what the table prints
    amounts = sum(1 for i in mine for f in FIELDS if getattr(i, f) is not None and f not in i.stated_items)
    return TableStatus(
        kind="three-public",
        title=table.title,
        lines=len(mine),
        amounts=amounts,
        empty=amounts == 0,
        note=notes.get(table.number),
        table=table.number,
    )


def observation_count(lines: list[DisclosureLine], three: list[ThreePublic]) -> int:
    """How many amounts the tables read here publish (one observation each)."""
    return sum(len(ln.amounts) for ln in lines) + sum(
        1 for i in three for f in FIELDS if getattr(i, f) is not None
    )
