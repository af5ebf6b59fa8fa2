"""Domain records the extractors produce from a normalized document.

Records are plain dataclasses holding published values (money as ``Decimal``
in 万元, exactly as printed) and the provenance of each. ``to_dict()`` gives a
JSON-able view *without* provenance, so the same budget read from text, PDF
or DOCX compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..read.model import Provenance
from .facts import DisclosureLine, GlossaryTerm, StatedFigure, TableStatus, ThreePublic, strip_reader_fields

if TYPE_CHECKING:  # the performance package imports Finding from here
    from .performance.model import DepartmentGoal, PerformanceTarget


def _plain(value: Any) -> Any:
    """JSON-able form: Decimals as strings, dataclasses as dicts, no provenance."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "prov"}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.name != "prov"}
    return value


@dataclass
class SubUnit:
    """A sub-unit of the department (二级预算单位 or a unit of 机构设置)."""

    name: str
    nature: str | None = None  # 单位性质: 行政 / 事业
    rank: str | None = None  # 单位规格
    funding: str | None = None  # 经费保障形式
    prov: Provenance | None = None


@dataclass
class Department:
    """The publishing department of one budget document."""

    name: str
    code: str | None = None
    region: str | None = None
    year: int | None = None
    subunits: list[SubUnit] = field(default_factory=list)


@dataclass
class TableInfo:
    """A disclosure table as recognised: its kind, title and where it is."""

    number: int
    kind: str
    title: str
    rows: int
    prov: Provenance | None = None
    unit: str = "wan-yuan"  # code/unit slug of the unit its amounts are printed in (extract.units)
    unit_inferred: bool = False  # no unit printed: inferred from the explanations' figures


@dataclass
class FunctionLine:
    """One line of the expenditure summary (支出总表): a function code and its amounts."""

    code: str | None
    name: str
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    table: int
    is_total: bool = False
    row_number: int = 0  # position in the logical table (a split table counts on)
    prov: Provenance | None = None
    # amounts left blank that the text states as none (没有基本支出预算): attribute -> the statement
    stated: dict[str, str] = field(default_factory=dict)


@dataclass
class Project:
    """A project (项目) with its published amount."""

    name: str
    amount: Decimal | None
    code: str | None = None
    type: str | None = None
    source: str = "project-list"  # or "performance-table"
    function_code: str | None = None  # 功能科目 the document prints for the project, if any
    unit: str | None = None  # 单位名称: the budget unit, where printed
    table: int | None = None
    prov: Provenance | None = None


@dataclass
class Finding:
    """Something the extractor noticed and could not (or must not) resolve."""

    slug: str
    message: str
    severity: str = "Warning"
    table: int | None = None
    prov: Provenance | None = None


@dataclass
class BudgetRecords:
    """Everything extracted from one document."""

    source: str
    checksum: str
    department: Department
    tables: list[TableInfo] = field(default_factory=list)
    function_lines: list[FunctionLine] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    performance: list[PerformanceTarget] = field(default_factory=list)  # 绩效目标表 of projects, funds
    department_goals: list[DepartmentGoal] = field(default_factory=list)  # 部门整体绩效目标
    findings: list[Finding] = field(default_factory=list)
    disclosure_lines: list[DisclosureLine] = field(default_factory=list)  # rows of the standard tables
    table_status: list[TableStatus] = field(default_factory=list)  # what came of each table
    three_public: list[ThreePublic] = field(default_factory=list)  # “三公”经费 by year
    stated_figures: list[StatedFigure] = field(default_factory=list)  # figures of the explanations
    glossary: list[GlossaryTerm] = field(default_factory=list)  # 名词解释
    ocr: dict[str, Any] | None = None  # how scanned pages were read and corrected (extract.ocrfix.ocr_report)

    def to_dict(self) -> dict[str, Any]:
        """Comparable JSON-able view without provenance, file name or checksum.

        Table numbers are left out too: they count blocks, which differ by
        reader (a PDF page break can split what text shows as one table).
        """
        d = _plain(self)
        for key in ("source", "checksum", "ocr"):  # how the file was read, not what it says
            d.pop(key, None)
        for t in d["tables"]:
            t.pop("number")
            t.pop("rows")
        for item in d["function_lines"] + d["projects"] + d["performance"] + d["findings"]:
            item.pop("table", None)
            item.pop("row_number", None)
        strip_reader_fields(d)
        return dict(d)

    @property
    def summary_total(self) -> FunctionLine | None:
        """The 合计 line of the expenditure summary, when published."""
        return next((ln for ln in self.function_lines if ln.is_total), None)


__all__ = [
    "BudgetRecords",
    "Department",
    "Finding",
    "FunctionLine",
    "Project",
    "SubUnit",
    "TableInfo",
]
