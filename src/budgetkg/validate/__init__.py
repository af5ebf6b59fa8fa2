"""Validation: SHACL shapes and arithmetic reconciliation of each document's graph.

:class:`Validator` runs the shapes of ``shapes/`` with pySHACL on one
document's graph; the :class:`DocumentValidation` it returns holds findings
(:class:`ValidationFinding`: Violation, Warning or Info, with table, row,
expected and found figures, messages in Chinese and English) and the SHACL
report graph. :func:`finding_triples` turns findings into ``bkg:Finding``
resources stored in the document's graph.
"""

from .engine import Validator
from .findings import INFO, VIOLATION, WARNING, ValidationFinding
from .report import DocumentValidation, ValidationReport
from .triples import finding_triples, without_findings

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
