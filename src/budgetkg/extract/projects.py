"""Projects: from the project list (项目支出表), else from performance-target tables.

A project printed in both is one project: its performance table is matched
to its list entry by name (:mod:`.matching`: exact, normalized, containment,
similarity; the method is recorded on the table's record). The list gives
the amount; a code or type only the performance table prints is added.
When the two tables disagree on the amount both values are kept (each record
has its own source) and a finding says so. A performance table that matches
no listed project is a project of its own (with a finding): the document
does publish it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..read.model import Provenance, Row
from .matching import OCR_CHARACTERS, Match, match_names, normalize_name, shared_characters
from .performance.model import PROJECT, PerformanceTarget
from .records import Finding, Project
from .tables import LogicalTable, find_label, header_rows
from .text import clean_name, compact, is_total_label

_NAME = ("项目名称",)
_TYPE = ("项目类型", "项目类别")
_AMOUNT = ("合计", "预算数", "金额", "项目金额")
DERIVED = "derived"  # the project was read from its performance table


def extract_projects(
    tables: list[LogicalTable],
    findings: list[Finding],
    performance: Sequence[PerformanceTarget] = (),
    ocr_pages: Collection[int] = (),
) -> list[Project]:
    """Projects of the document, linked with their performance tables (``performance`` is updated).

    ``ocr_pages`` are the pages read by OCR: a listed name read there may match its performance
    table by its characters in any order, and takes the table's name when that was printed on a
    page with text (:func:`_printed_name`).
    """
    listed = [p for t in tables if t.kind == "project-list" for p in _from_list(t, findings)]
    targets = [t for t in performance if t.kind == PROJECT]
    if not listed:
        return _derived(targets)
    ocr = [_on(p.prov, ocr_pages) for p in listed]
    for m in match_names([p.name for p in listed], [t.name for t in targets], ocr=ocr):
        _link(listed[m.left], targets[m.right], m, findings)
        if ocr[m.left] and not _on(targets[m.right].prov, ocr_pages):
            _printed_name(listed[m.left], targets[m.right], m, findings)
    unmatched = [t for t in targets if t.project is None]
    for t in unmatched:
        findings.append(
            Finding(
                slug="performance-project-unmatched",
                message=f"绩效目标表 of {t.name!r} matches no project of the project list; kept as a project",
                table=t.table,
                prov=t.prov,
            )
        )
    return listed + _derived(unmatched, start=len(listed))


OCR_NAME = "ocr-name-printed"


def _on(prov: Provenance | None, pages: Collection[int]) -> bool:
    return prov is not None and prov.page in pages


def _printed_name(project: Project, target: PerformanceTarget, m: Match, findings: list[Finding]) -> None:
    """An OCR'd project name replaced by its performance table's, printed on a page with text, with a finding.

    OCR misreads brackets and sometimes the order of a cell's words; the
    document prints the name again where it can be read as printed. Only a
    name of the same characters (:data:`.matching.OCR_CHARACTERS`, in any
    order) is replaced: a list and a table may name one project differently
    (``(本级)``, a place prefix), and the list's own wording is kept then.
    """
    if project.name == target.name:
        return
    if shared_characters(normalize_name(project.name), normalize_name(target.name)) < OCR_CHARACTERS:
        return
    findings.append(
        Finding(
            slug=OCR_NAME,
            message=f"project list: OCR read the name {project.name!r}, stored {target.name!r} as its "
            f"绩效目标表 prints it (matched {m.method}, score {m.score})",
            severity="Info",
            table=project.table,
            prov=project.prov,
        )
    )
    project.name = target.name


def _derived(targets: list[PerformanceTarget], start: int = 0) -> list[Project]:
    """Projects read from performance tables (all of them when there is no project list)."""
    out = []
    for i, t in enumerate(targets, start=start):
        t.project, t.match, t.match_score = i, DERIVED, 1.0
        out.append(
            Project(
                name=t.name,
                amount=t.amount,
                code=t.code,
                type=t.type,
                source="performance-table",
                unit=t.unit,
                table=t.table,
                prov=t.prov,
            )
        )
    return out


def _link(project: Project, target: PerformanceTarget, m: Match, findings: list[Finding]) -> None:
    """Record the match on the table; fill what only the table prints; report differing amounts."""
    target.project, target.match, target.match_score = m.left, m.method, m.score
    project.code = project.code or target.code
    project.type = project.type or target.type
    project.unit = project.unit or target.unit
    if target.amount is not None and project.amount is not None and target.amount != project.amount:
        findings.append(
            Finding(
                slug="performance-amount-mismatch",
                message=(
                    f"project {project.name!r}: the project list prints {project.amount}, "
                    f"its 绩效目标表 ({target.name!r}) prints {target.amount}"
                ),
                table=target.table,
                prov=target.prov,
            )
        )


def _column(header: list[Row], labels: tuple[str, ...]) -> int | None:
    hit = find_label(header, *labels)
    return hit[1] if hit else None


def _from_list(table: LogicalTable, findings: list[Finding]) -> list[Project]:
    rows = table.rows
    header = header_rows(rows)
    name_col = _column(header, _NAME)
    amount_col = _column(header, _AMOUNT)
    if name_col is None or amount_col is None:
        findings.append(
            Finding(
                slug="project-list-columns-missing",
                message=f"项目支出表 (table {table.number}) lacks 项目名称 or 合计 column",
                table=table.number,
            )
        )
        return []
    type_col = _column(header, _TYPE)
    out = []
    for r in rows[len(header) :]:
        width = max(c for c in (name_col, amount_col, type_col) if c is not None) + 1
        texts = r.texts + [""] * max(0, width - len(r.cells))  # a short row: its missing cells are blank
        name = clean_name(texts[name_col])
        if not name or is_total_label(name) or compact(name) in _NAME:
            continue
        try:
            amount = table.units.amount(texts[amount_col], amount_col)
        except ValueError:
            findings.append(
                Finding(
                    slug="unparsed-amount",
                    message=f"project {name!r}: amount {texts[amount_col]!r} is not a number",
                    table=table.number,
                    prov=r.prov,
                )
            )
            amount = None
        ptype = clean_name(texts[type_col]) if type_col is not None else None
        out.append(Project(name=name, amount=amount, type=ptype or None, table=table.number, prov=r.prov))
    return out
