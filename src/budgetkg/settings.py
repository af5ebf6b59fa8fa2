"""One typed settings object with defaults and help, shared by the API and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path

from .rdf.namespaces import DEFAULT_BASE

DEFAULT_STORE = Path("budgetkg-data")
PDF_ENGINES = ("pdfium", "pdfminer")
READABLE_SUFFIXES = frozenset(
    {".txt", ".md", ".pdf", ".docx", ".xlsx", ".html", ".htm", ".mht", ".doc", ".xls", ".rtf"}
)
OCR_MODES = ("auto", "always", "never")
VALIDATION_ENGINES = ("fast", "pyshacl")


def _cores() -> int:
    """The CPU cores this process may run on (its affinity, where the OS tells: a container's share)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@dataclass
class Settings:
    """How budgetkg runs. Every field has a default; the CLI exposes the common ones."""

    store: Path | str | None = field(
        default=DEFAULT_STORE,
        metadata={
            "help": "Where the graph lives: a directory for the embedded store (default), or a SPARQL 1.1 "
            "server's URL (http://HOST:PORT; see README 'Scaling up'). None: in memory."
        },
    )
    wait: float = field(
        default=0.0,
        metadata={
            "help": "Seconds a writer (ingest, validate) waits for another process writing the store "
            "to finish before it gives up. Readers never wait."
        },
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
    pdf_engine: str = field(
        default="pdfium",
        metadata={
            "help": "What parses a PDF page's content for pdfplumber: 'pdfium' (fast, the default) "
            "or 'pdfminer' (pdfplumber's own parser, about four times slower)."
        },
    )
    pdf_password: str | None = field(
        default=None,
        metadata={"help": "Password that opens encrypted PDFs (one for the whole run)."},
    )
    document_timeout: float = field(
        default=120.0,
        metadata={
            "help": "Seconds one document may take to read, extract and validate; a document over it "
            "fails alone and the batch goes on (0: no limit)."
        },
    )
    max_pages: int = field(
        default=2000,
        metadata={"help": "Pages a PDF may have; a longer one fails alone without being read (0: no limit)."},
    )
    memory_limit_mb: int = field(
        default=2048,
        metadata={
            "help": "Memory (MB of address space) one document may add to what budgetkg holds; a document "
            "over it fails alone (0: no limit)."
        },
    )
    isolate: bool = field(
        default=True,
        metadata={
            "help": "Prepare each document in a worker process, so the time and memory limits hold and a "
            "crashing reader takes only its document down (POSIX; False: in this process, no time or "
            "memory limit)."
        },
    )
    jobs: int = field(
        default=1,
        metadata={
            "help": "Worker processes preparing documents at once (read, extract, validate), each under the "
            "per-document limits; one writer stores them in file order, as one process would. Needs "
            "isolate (POSIX); a sensible most is the number of CPU cores."
        },
    )
    query_threads: int = field(
        default_factory=lambda: min(4, _cores()),
        metadata={
            "help": "Threads a large saved query is split over on the embedded store or an Oxigraph "
            "server, by ranges of the documents' file names (queries with a '# file-name range' slot; "
            "the rows and their order are the same); 1 runs every query whole. Default: the CPU cores, "
            "at most 4."
        },
    )
    ocr: str = field(
        default="auto",
        metadata={
            "help": "Which PDF pages OCR reads: 'auto' (pages without a text layer, the default), "
            "'always' (every page) or 'never' (a scanned page is refused). Needs budgetkg[ocr] and Tesseract."
        },
    )
    ocr_lang: str = field(
        default="chi_sim",
        metadata={"help": "Tesseract language data OCR reads with ('chi_sim', or e.g. 'chi_sim+eng')."},
    )
    validation_engine: str = field(
        default="fast",
        metadata={
            "help": "What runs the SHACL shapes: 'fast' (the default: the SHACL-SPARQL rules run directly on "
            "the validation store, pySHACL runs the rest) or 'pyshacl' (pySHACL runs every shape: the "
            "reference, about 1.5 times slower). Both give the same findings."
        },
    )
    rounding_tolerance: Decimal = field(
        default=Decimal("0.01"),
        metadata={
            "help": "Rounding tolerance in 万元 per summed item: a sum that misses its published total "
            "by at most this much per part is reported as Info, not Warning. Scaled up for a table "
            "printed more coarsely: 亿元 to four decimals admits 1 万元 per part."
        },
    )

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base_iri!r}")
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"PDF engine must be one of {', '.join(PDF_ENGINES)}: {self.pdf_engine!r}")
        if self.document_timeout < 0 or self.max_pages < 0 or self.memory_limit_mb < 0:
            raise ValueError("document limits must not be negative (0 means no limit)")
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1: {self.jobs}")
        if self.query_threads < 1:
            raise ValueError(f"query threads must be at least 1: {self.query_threads}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"OCR mode must be one of {', '.join(OCR_MODES)}: {self.ocr!r}")
        if self.validation_engine not in VALIDATION_ENGINES:
            engines = ", ".join(VALIDATION_ENGINES)
            raise ValueError(f"validation engine must be one of {engines}: {self.validation_engine!r}")
        if self.wait < 0:
            raise ValueError(f"wait must not be negative: {self.wait}")
        self.rounding_tolerance = Decimal(str(self.rounding_tolerance))
        if self.rounding_tolerance < 0:
            raise ValueError(f"rounding tolerance must not be negative: {self.rounding_tolerance}")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Field name -> help text."""
        return {f.name: f.metadata.get("help", "") for f in fields(cls)}
