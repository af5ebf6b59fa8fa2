"""The validation report: per document, its findings and its SHACL report graph.

Three renderings: text for people (grouped by document, worst first), a
JSON-able dict for programs (:meth:`ValidationReport.to_dict`), and the SHACL
report graphs as Turtle (:meth:`ValidationReport.to_turtle`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .findings import INFO, SEVERITY_ORDER, VIOLATION, WARNING, ValidationFinding

if TYPE_CHECKING:  # rdflib loads with the SHACL engine, not with every reader of a report
    import rdflib


@dataclass
class DocumentValidation:
    """The outcome of validating one document's graph."""

    document: str
    graph: str
    source: str | None = None
    department: str | None = None
    findings: list[ValidationFinding] = field(default_factory=list)
    report_graph: rdflib.Graph | None = None
    seconds: float = 0.0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> list[ValidationFinding]:
        """Findings that mean the graph's structure is broken (an extraction bug)."""
        return [f for f in self.findings if f.severity == VIOLATION]

    @property
    def conforms(self) -> bool:
        """True when the graph has no Violation (Warnings and Infos are about the data)."""
        return not self.violations

    def worst(self) -> int:
        return min((SEVERITY_ORDER.get(f.severity, 9) for f in self.findings), default=9)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "graph": self.graph,
            "source": self.source,
            "department": self.department,
            "conforms": self.conforms,
            "counts": {s: self.count(s) for s in (VIOLATION, WARNING, INFO)},
            "seconds": self.seconds,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class ValidationReport:
    """Validation of one or more documents."""

    documents: list[DocumentValidation] = field(default_factory=list)

    @property
    def findings(self) -> list[ValidationFinding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def conforms(self) -> bool:
        """True when no document has a Violation."""
        return all(d.conforms for d in self.documents)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in (VIOLATION, WARNING, INFO)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able report: overall counts and every document with its findings."""
        return {
            "conforms": self.conforms,
            "counts": self.counts(),
            "documents": [d.to_dict() for d in self.documents],
        }

    def to_text(self) -> str:
        """For people: documents with the worst findings first, each finding on its own lines."""
        lines = []
        for d in sorted(self.documents, key=lambda d: (d.worst(), d.source or d.document)):
            counts = ", ".join(f"{d.count(s)} {s.lower()}" for s in (VIOLATION, WARNING, INFO))
            lines.append(f"{d.source or d.document}  {d.department or ''}  ({counts})")
            for f in d.findings:
                lines.append(f"  {f.severity.upper():9} [{f.rule}] {f.where()}")
                lines.append(f"            {f.message_zh}")
                lines.append(f"            {f.message_en}")
            lines.append("")
        total = self.counts()
        lines.append(
            f"{len(self.documents)} documents: {total[VIOLATION]} violations, "
            f"{total[WARNING]} warnings, {total[INFO]} infos"
        )
        return "\n".join(lines) + "\n"

    def report_graph(self) -> rdflib.Graph:
        """The SHACL validation reports of all documents in one graph."""
        import rdflib

        merged = rdflib.Graph()
        merged.bind("sh", "http://www.w3.org/ns/shacl#")
        merged.bind("bkg", "https://w3id.org/budgetkg/ontology#")
        merged.bind("bkgsh", "https://w3id.org/budgetkg/shapes#")
        for d in self.documents:
            if d.report_graph is not None:
                merged += d.report_graph
        return merged

    def to_turtle(self) -> str:
        return self.report_graph().serialize(format="turtle")
