"""A per-document extraction summary: what was found, read, and left out (and why).

It answers the first questions about an ingested budget without a query:
which tables were recognised, how many rows and amounts each gave, which
tables the document states to be empty (and its note saying so), how many
projects, indicators, stated figures and glossary terms were read, and what
was skipped with the reason.
"""

from __future__ import annotations

from typing import Any

from .records import BudgetRecords

# kinds read by the other extractors (支出总表, units, projects and performance tables)
_READ_ELSEWHERE = {
    "expenditure": "expenditure summary",
    "units": "department sub-units",
    "project-performance": "performance targets",
    "special-fund-performance": "performance targets",
    "department-performance": "department goals",
}


def extraction_summary(records: BudgetRecords) -> dict[str, Any]:
    """The summary of one document's records, as a JSON-able dict."""
    status = {s.table: s for s in records.table_status}
    tables = []
    for t in records.tables:
        s = status.get(t.number)
        entry: dict[str, Any] = {"kind": t.kind, "title": t.title, "rows": t.rows}
        if s is not None:
            entry.update(lines=s.lines, amounts=s.amounts, empty=s.empty)
            if s.note:
                entry["note"] = s.note
        elif t.kind in _READ_ELSEWHERE:
            entry["read_as"] = _READ_ELSEWHERE[t.kind]
        tables.append(entry)
    performance = getattr(records, "performance", [])
    goals = getattr(records, "department_goals", [])
    return {
        "tables_found": len(records.tables),
        "tables": tables,
        "rows": len(records.function_lines) + len(records.disclosure_lines),
        "observations": _observations(records),
        "projects": len(records.projects),
        "indicators": sum(len(getattr(p, "indicators", [])) for p in [*performance, *goals]),
        "three_public_years": sorted(i.year for i in records.three_public),
        "stated_figures": len(records.stated_figures),
        "glossary_terms": len(records.glossary),
        "empty_tables": [s.title for s in records.table_status if s.empty and s.note],
        "skipped": _skipped(records, status),
        **({"ocr": records.ocr} if getattr(records, "ocr", None) else {}),
    }


def _observations(records: BudgetRecords) -> int:
    summary = sum(
        1 for ln in records.function_lines for v in (ln.total, ln.basic, ln.project) if v is not None
    )
    tables = sum(len(ln.amounts) for ln in records.disclosure_lines)
    three = sum(
        1 for i in records.three_public
        for v in (i.total, i.overseas, i.vehicle, i.vehicle_purchase, i.vehicle_operation, i.reception)
        if v is not None
    )
    return summary + tables + three


def _skipped(records: BudgetRecords, status: dict[int, Any]) -> list[dict[str, str]]:
    """Tables not read, and why; empty tables without a note saying so."""
    out = []
    for s in records.table_status:
        if s.skipped:
            out.append({"title": s.title or "(untitled table)", "reason": s.skipped})
        elif s.empty and not s.note:
            out.append({"title": s.title, "reason": "no amount printed and no note saying why"})
    for t in records.tables:
        if t.number not in status and t.kind not in _READ_ELSEWHERE:
            out.append({"title": t.title, "reason": f"no extractor for tables of kind {t.kind!r} yet"})
    return out


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as a few lines of text for the command line."""
    if not summary:
        return []
    years = " ".join(str(y) for y in summary.get("three_public_years", [])) or "none"
    lines = [
        f"read: {summary['tables_found']} tables, {summary['rows']} rows, {summary['observations']} amounts, "
        f"{summary['projects']} projects, {summary['indicators']} indicators, 三公经费 years: {years}, "
        f"{summary['stated_figures']} stated figures, {summary['glossary_terms']} glossary terms"
    ]
    if summary.get("empty_tables"):
        lines.append("stated empty: " + "; ".join(summary["empty_tables"]))
    lines += [f"skipped: {s['title']}: {s['reason']}" for s in summary.get("skipped", [])]
    if summary.get("ocr"):
        o = summary["ocr"]
        lines.append(
            f"OCR'd: pages {', '.join(map(str, o['pages']))} by {o['engine']} {o['version']} ({o['lang']}), "
            f"mean confidence {o['mean_confidence']:.2f}, {o['corrected']} figures corrected by the "
            f"tables' sums, {o['still_failing']} sums still failing"
        )
    return lines
