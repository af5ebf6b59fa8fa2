"""Validation: SHACL shapes and arithmetic reconciliation of each document's graph.

:class:`Validator` runs the shapes of ``shapes/`` on one document's graph (the
fast engine, or pySHACL, the reference: the same findings); the
:class:`DocumentValidation` it returns holds findings (:class:`ValidationFinding`:
Violation, Warning or Info, with table, row, expected and found figures,
messages in Chinese and English) and the SHACL report graph.
:func:`finding_triples` turns findings into ``bkg:Finding`` resources stored in
the document's graph.
"""

from typing import TYPE_CHECKING, Any

from .findings import INFO, VIOLATION, WARNING, ValidationFinding
from .report import DocumentValidation, ValidationReport
from .triples import finding_triples, without_findings

if TYPE_CHECKING:
    from .engine import Validator


def __getattr__(name: str) -> Any:
    """``Validator`` is imported on first use: pySHACL and rdflib take a second to load."""
    if name == "Validator":
        from .engine import Validator

        return Validator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "INFO",
    "VIOLATION",
    "WARNING",
    "DocumentValidation",
    "ValidationFinding",
    "ValidationReport",
    "Validator",
    "finding_triples",
    "without_findings",
]
