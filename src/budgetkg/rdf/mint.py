"""Deterministic IRIs: the same document always yields the same IRIs.

Document-scoped resources (tables, rows, observations, projects) hang off the
document IRI, which is derived from the file's SHA-256, so re-ingesting a file
replaces exactly its own resources. Shared resources (departments, regions,
code-list concepts) are minted from their names or codes, so every document
that names them points at the same node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from .namespaces import CODE

if TYPE_CHECKING:
    from ..extract.records import FunctionLine


def _seg(text: str) -> str:
    """A path segment for a name: percent-encoded UTF-8, spaces removed."""
    return quote("".join(text.split()), safe="")


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of one document under a base IRI."""

    base: str
    checksum: str

    @property
    def doc_id(self) -> str:
        """Short, stable id of the document (first 16 hex digits of its SHA-256)."""
        return self.checksum[:16]

    @property
    def document(self) -> str:
        return f"{self.base}doc/{self.doc_id}"

    @property
    def graph(self) -> str:
        return f"{self.base}graph/{self.doc_id}"

    @property
    def dataset(self) -> str:
        """The document's main data set (``bkg:budgetStructure``)."""
        return f"{self.document}/dataset"

    def dataset_of(self, kind: str) -> str:
        """The data set of one structure: ``""`` the main one, ``by-fund``, ``by-income``."""
        return f"{self.dataset}/{kind}" if kind else self.dataset

    def table(self, number: int) -> str:
        return f"{self.document}/table/{number}"

    def row(self, table: int, row: int) -> str:
        return f"{self.table(table)}/row/{row}"

    def observation(self, table: int, row: int, measure: str) -> str:
        return f"{self.row(table, row)}/{measure}"

    def project(self, index: int) -> str:
        return f"{self.document}/project/{index}"

    def special_fund(self, index: int) -> str:
        """A special fund (专项资金) of the document's performance tables."""
        return f"{self.document}/special-fund/{index}"

    def department_goal(self, index: int) -> str:
        """One of the department's overall performance goals (部门整体绩效目标)."""
        return f"{self.document}/department-goal/{index}"

    def indicator(self, owner: str, index: int) -> str:
        """The ``index``-th performance indicator of a project, fund or goal IRI."""
        return f"{owner}/indicator/{index}"

    def function_link(self, project: int, code: str) -> str:
        """The link of a project to the function code (项) it is paid from."""
        return f"{self.project(project)}/function/{code}"

    def line(self, line: FunctionLine) -> str:
        """The IRI of a summary line: rows are keyed by their *physical* table.

        A summary split over pages has two row 3s, so the table number of the
        row's provenance (not of the logical table) keys the IRI.
        """
        table = line.prov.table if line.prov and line.prov.table is not None else line.table
        row = line.prov.row if line.prov and line.prov.row is not None else 0
        return self.row(table, row)

    def organization(self, name: str) -> str:
        return f"{self.base}org/{_seg(name)}"

    def region(self, name: str) -> str:
        return f"{self.base}region/{_seg(name)}"


def graph_iri(base: str, checksum: str) -> str:
    """The named graph that holds one document's triples."""
    return Minter(base, checksum).graph


def function_concept(code: str) -> str:
    """The SKOS concept of a 支出功能分类 code (shared by all documents)."""
    return f"{CODE}function/{code}"


def measure_concept(slug: str) -> str:
    """The concept of a measure (total, basic, project ...)."""
    return f"{CODE}measure/{slug}"


def code_concept(scheme: str, notation: str) -> str:
    """The concept of a code in one of the agreed code lists: econ/30101, gov-econ/50101, fund/general-public,
    income/other, unit/vehicle, table-kind/basic ..."""
    return f"{CODE}{scheme}/{notation}"


def indicator_concept(slug: str) -> str:
    """The concept of an indicator level (code/indicator/output, .../output-quantity ...)."""
    return f"{CODE}indicator/{slug}"
