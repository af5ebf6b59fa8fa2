"""What ``budgetkg serve`` is configured with: one typed object with defaults and help."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from ..rdf.namespaces import DEFAULT_BASE
from ..settings import DEFAULT_STORE


@dataclass
class ServeSettings:
    """How the server runs; every limit here is one ``budgetkg serve`` option."""

    store: Path = field(
        default=DEFAULT_STORE, metadata={"help": "Directory of the store to serve (read-only)."}
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Interface to listen on."})
    port: int = field(default=8000, metadata={"help": "TCP port to listen on (0: any free port)."})
    base_iri: str = field(
        default=DEFAULT_BASE,
        metadata={"help": "Base IRI of the data: the IRI base+P is served at http://HOST:PORT/P."},
    )
    timeout: float = field(
        default=30.0,
        metadata={"help": "Seconds a query may run; past that it is stopped and answered with 503."},
    )
    max_rows: int = field(
        default=10000,
        metadata={"help": "Most rows (or triples) one answer may hold; a larger result is refused with 400."},
    )
    max_body: int = field(
        default=65536,
        metadata={"help": "Largest request body or query string in bytes; larger gets 413 (or 414)."},
    )
    workers: int = field(
        default=4,
        metadata={
            "help": "Query worker processes = queries answered at once; one more gets 503 with Retry-After."
        },
    )
    cache_entries: int = field(
        default=256,
        metadata={"help": "Answers kept until the store changes (0: none; every query runs in a worker)."},
    )
    kept_rows: int = field(
        default=500_000,
        metadata={
            "help": "Rows of whole saved-query answers each worker keeps for the next pages (0: none; every "
            "page works its answer out again)."
        },
    )
    release: Path | None = field(
        default=None,
        metadata={"help": "A `budgetkg publish` folder to serve at /dumps/ (where VoID and DCAT say it is)."},
    )
    queries: Path | None = field(
        default=None, metadata={"help": "Folder of saved .rq queries (default: the bundled queries/)."}
    )

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base_iri!r}")
        limits = (self.max_rows, self.workers)
        if self.timeout <= 0 or min(limits) < 1 or self.max_body < 1024:
            raise ValueError(
                "timeout, max rows and workers must be positive and the body limit at least 1024"
            )
        if min(self.cache_entries, self.kept_rows) < 0:
            raise ValueError("cache entries and kept rows cannot be negative (0: none)")
        self.store = Path(self.store)

    @classmethod
    def help(cls) -> dict[str, str]:
        """Field name -> help text."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
