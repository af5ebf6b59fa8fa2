"""A validation finding: one row of the report researchers read.

Each finding says how bad it is (Violation, Warning, Info), which rule found
it, where (document, department, table, row, page), which figures are
involved, the expected and the found value, and a message in Chinese and
English. Severity names are SHACL's, so findings and the SHACL report agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
SEVERITY_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2}


@dataclass
class ValidationFinding:
    """One thing validation found in one document."""

    severity: str
    rule: str
    document: str
    message_zh: str
    message_en: str
    source: str | None = None
    department: str | None = None
    focus: str | None = None  # the flagged resource (observation, line, project ...)
    path: str | None = None  # the property at fault, for structural findings
    table: int | None = None
    table_iri: str | None = None
    table_title: str | None = None
    table_kind: str | None = None
    row: int | None = None
    page: int | None = None
    line: int | None = None
    code: str | None = None
    item: str | None = None
    measure: str | None = None
    fund: str | None = None  # fund source or income category of the column, when one fund's
    expected: Decimal | None = None
    found: Decimal | None = None
    figures: list[tuple[str, Decimal]] = field(default_factory=list)
    value: str | None = None  # the offending value, for structural findings
    shape: str | None = None

    @property
    def difference(self) -> Decimal | None:
        """found - expected, when both are figures."""
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    def sort_key(self) -> tuple[Any, ...]:
        """Worst first, then by table and row."""
        severity = SEVERITY_ORDER.get(self.severity, 9)
        return (severity, self.table or 0, self.row or 0, self.rule, self.focus or "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: decimals as strings, empty fields dropped."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if value is None or value == []:
                continue
            if key == "figures":
                value = [{"label": label, "amount": str(amount)} for label, amount in value]
            elif isinstance(value, Decimal):
                value = str(value)
            out[key] = value
        if self.difference is not None:
            out["difference"] = str(self.difference)
        return out

    def where(self) -> str:
        """Table, row, page and line in one short phrase (English)."""
        parts = []
        if self.table is not None:
            parts.append(f"table {self.table}" + (f" {self.table_title}" if self.table_title else ""))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)
