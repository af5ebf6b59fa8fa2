"""One typed settings object with defaults and help, shared by the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from .rdf.namespaces import DEFAULT_BASE

DEFAULT_STORE = Path("budgetkg-data")
READABLE_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".xlsx"})


@dataclass
class Settings:
    """How budgetkg runs. Every field has a default; the CLI exposes the common ones."""

    store: Path | None = field(
        default=DEFAULT_STORE,
        metadata={"help": "Directory of the embedded pyoxigraph store (None: in memory)."},
    )
    base_iri: str = field(
        default=DEFAULT_BASE,
        metadata={"help": "Base IRI under which documents, departments and regions are minted."},
    )
    queries: Path | None = field(
        default=None,
        metadata={"help": "Folder of saved .rq queries (default: the bundled queries/)."},
    )
    suffixes: frozenset[str] = field(
        default=READABLE_SUFFIXES,
        metadata={"help": "File suffixes picked up when a folder is ingested."},
    )
    debug: bool = field(
        default=False,
        metadata={"help": "Re-raise internal errors with a traceback instead of reporting them."},
    )

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base_iri!r}")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Field name -> help text."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
