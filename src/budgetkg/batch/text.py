"""What people read after an ingest or a validation: one line per document and a short summary.

By default a document is one line (status, file, department, year, counts,
time) and the run ends with a summary: documents, failures, findings by
severity and where to see them, and every file skipped with why. The
failures come last (on stderr), so they never scroll away. ``verbose`` adds
every finding; ``quiet`` keeps only the failures. Nothing here prints: the
CLI does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..extract.summary import summary_lines
from .files import UNCHANGED

SEVERITIES = ("Violation", "Warning", "Info")
STATUS_WIDTH = 8


def severity_counts(findings: list[dict[str, Any]]) -> Counter[str]:
    """Findings counted by severity (Violation, Warning, Info)."""
    return Counter(str(f.get("severity", "")).capitalize() for f in findings)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def counts_text(counts: Counter[str] | dict[str, int]) -> str:
    """``2 warnings, 1 info`` (severities with none left out), or ``no findings``."""
    parts = [plural(counts.get(s, 0), s.lower()) for s in SEVERITIES if counts.get(s, 0)]
    return ", ".join(parts) or "no findings"


def document_line(d: Any) -> str:
    """One line for one document of an ingest (a DocumentResult)."""
    status = getattr(d, "status", None) or ("ok" if d.ok else "failed")
    if not d.ok:
        return f"{status:<{STATUS_WIDTH}}{d.path}: {d.error}"
    who = " ".join(str(x) for x in (d.department, d.year) if x)
    dropped = "".join(
        f"; dropped table {t.get('number')} {t.get('title') or ''} ({t.get('reason')})"
        for t in getattr(d, "dropped_tables", None) or []
    )
    return (
        f"{status:<{STATUS_WIDTH}}{d.path}: {who}  {d.lines} lines, {plural(d.projects, 'project')}, "
        f"{counts_text(severity_counts(d.findings))}  {d.seconds:.1f} s{dropped}"
    )


def document_details(d: Any) -> list[str]:
    """What ``--verbose`` adds under a document's line: what was read and every finding."""
    lines = [f"      {line}" for line in summary_lines(d.summary)]
    lines += [f"      {f['severity'].lower()}: {f['message']}" for f in d.findings]
    return lines


def ingest_summary(report: Any, store: str, documents: int, verbose: bool = False) -> list[str]:
    """The lines after the documents: findings by severity and where to see them, skipped files, and
    last the counts of documents ingested, failed and partial, and of the documents the store holds."""
    docs = report.documents
    failed = [d for d in docs if not d.ok]
    unchanged = [s for s in report.skipped if s.reason == UNCHANGED]
    others = [s for s in report.skipped if s.reason != UNCHANGED]
    head = f"{len(docs) - len(failed)} of {len(docs)} documents ingested"
    partial = [d for d in docs if getattr(d, "status", "ok") == "partial"]
    notes = [f"{len(failed)} failed"] if failed else []
    notes += [f"{len(partial)} partial: tables dropped"] if partial else []
    if notes:
        head += f" ({', '.join(notes)})"
    lines = []
    counts: Counter[str] = Counter()
    for d in docs:
        if d.ok:
            counts.update(severity_counts(d.findings))
    if sum(counts.values()):
        where = f"budgetkg query validation-issues --store {store}"
        lines.append(f"findings: {counts_text(counts)}; see them with: {where}")
    if unchanged:
        n = plural(len(unchanged), "file")
        lines.append(f"{n} unchanged since stored, skipped (--force ingests them again)")
        if verbose:
            lines += [f"  {s.path}" for s in unchanged]
    if others:
        lines.append(f"{plural(len(others), 'file')} skipped:")
        lines += [f"  {s.path}: {s.reason}" for s in others]
    return [*lines, f"{head} in {report.seconds:.1f} s; store holds {plural(documents, 'document')}"]


def failure_lines(report: Any) -> list[str]:
    """One line per failed document, ``PATH: reason`` (the CLI prints them last, on stderr)."""
    return [f"{d.path}: {d.error}" for d in report.documents if not d.ok]


def validation_line(d: Any) -> str:
    """One line for one validated document (a DocumentValidation)."""
    status = "ok" if d.conforms else "broken"
    counts = {s: d.count(s) for s in SEVERITIES}
    who = d.department or ""
    name = d.source or d.document
    return f"{status:<{STATUS_WIDTH}}{name}: {who}  {counts_text(counts)}  {d.seconds:.1f} s"


def validation_summary(report: Any, store: str, saved: bool) -> list[str]:
    """Counts by severity and where to see the findings."""
    broken = [d for d in report.documents if not d.conforms]
    head = f"{plural(len(report.documents), 'document')} validated"
    if broken:
        head += f" ({len(broken)} with violations: an extraction bug)"
    lines = [f"{head}: {counts_text(report.counts())}"]
    if sum(report.counts().values()):
        where = "budgetkg query validation-issues" if saved else "budgetkg validate --verbose"
        lines.append(f"see them with: {where} --store {store}" if saved else f"see them with: {where}")
    return lines
