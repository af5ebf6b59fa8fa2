"""budgetkg: Chinese department budgets (部门预算) as a validated, queryable knowledge graph.

Start with :func:`open`::

    import budgetkg
    kg = budgetkg.open("budgetkg-data")
    kg.ingest(["examples/documents"])
    kg.query("departments")
"""

from .api import DocumentResult, IngestReport, KnowledgeGraph, ParameterError, open
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["DocumentResult", "IngestReport", "KnowledgeGraph", "ParameterError", "Settings", "open"]
