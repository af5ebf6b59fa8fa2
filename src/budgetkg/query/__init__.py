"""Query stage: saved SPARQL queries and their results."""

from .catalog import Param, QueryFileError, QueryNotFound, SavedQuery, find_query, saved_queries
from .result import QueryResult, format_value

__all__ = [
    "Param",
    "QueryFileError",
    "QueryNotFound",
    "QueryResult",
    "SavedQuery",
    "find_query",
    "format_value",
    "saved_queries",
]
