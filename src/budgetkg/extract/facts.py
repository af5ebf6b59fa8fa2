"""Records of the standard disclosure tables, narrative figures and glossary terms.

Like the records of :mod:`.records`, they hold published values (money as
``Decimal`` in 万元, exactly as printed) with their provenance. Fields that
depend on how a reader cut the document into tables and rows (``table``,
``row_number``, ``column``) are left out of ``BudgetRecords.to_dict()``, so
the same budget read from text, PDF or DOCX compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..read.model import Provenance


@dataclass
class Amount:
    """One published amount of a line: what it measures and where the money comes from."""

    measure: str  # code/measure slug: total, basic, personnel, public, project, income ...
    value: Decimal
    fund: str | None = None  # code/fund slug: general-public, fiscal ...
    column: str = ""  # the column's header labels as printed, "基本支出/人员支出"
    unit: str = "wan-yuan"  # code/unit slug: wan-yuan, or vehicle, square-metre ... for asset counts


@dataclass
class DisclosureLine:
    """One row (or one side of a two-sided row) of a standard disclosure table."""

    kind: str  # table kind (see extract.tables.TABLE_KINDS)
    name: str  # item name as printed, list numbering removed
    amounts: list[Amount] = field(default_factory=list)
    function_code: str | None = None  # 支出功能分类 code, 3/5/7 digits
    econ_code: str | None = None  # 部门预算支出经济分类 code (301, 30101)
    gov_econ_code: str | None = None  # 政府预算支出经济分类 code (501, 50101)
    gov_econ_name: str | None = None
    side: str | None = None  # "income" or "expenditure" on two-sided tables (收支总表)
    is_total: bool = False
    table: int = 0
    row_number: int = 0  # position of the row in its logical table
    prov: Provenance | None = None
    stated: str | None = None  # a line of 0.00 the text states (a table stated as none): the statement

    def amount(self, measure: str, fund: str | None = None) -> Decimal | None:
        """The amount of one measure (and fund source), None when not published."""
        return next((a.value for a in self.amounts if a.measure == measure and a.fund == fund), None)


@dataclass
class TableStatus:
    """What came of one recognised table: lines read, or why nothing was."""

    kind: str
    title: str
    lines: int = 0
    amounts: int = 0
    empty: bool = False  # no amount published
    note: str | None = None  # the note printed under it (注：此表为空表 ...)
    skipped: str | None = None  # why it was not read, when it was not
    table: int = 0


@dataclass
class ThreePublic:
    """The “三公”经费 of one year as published (万元)."""

    year: int
    total: Decimal | None = None
    overseas: Decimal | None = None  # 因公出国（境）费
    vehicle: Decimal | None = None  # 公务用车购置及运行（维护）费, the subtotal
    vehicle_purchase: Decimal | None = None
    vehicle_operation: Decimal | None = None
    reception: Decimal | None = None  # 公务接待费
    label: str = ""  # the year's column group or row label as printed (2023年预算数)
    table: int = 0
    prov: Provenance | None = None
    stated: str | None = None  # for a year stated as having none (all 0.00): the statement, as printed
    # items the table leaves blank and the text states as 0 (因公出国（境）费0万元): field -> the sentence
    stated_items: dict[str, str] = field(default_factory=dict)
    # items whose change on the year before only the text states, as zero (与上年相比增加0万元, 持平),
    # where no figure of the year before is tabulated: field -> the sentence
    stated_changes: dict[str, str] = field(default_factory=dict)


@dataclass
class StatedFigure:
    """A figure stated in the explanation chapters, linked to its sentence."""

    topic: str  # budget-total, three-public, operating-costs, procurement, vehicles, equipment
    item: str  # what the figure is of, as printed (合计, 货物, 机要通信用车 ...)
    measure: str | None = None  # code/measure slug: three-public, procurement-goods, asset-quantity ...
    value: Decimal | None = None
    unit: str = "万元"
    change: Decimal | None = None  # size of the change on the previous year, as printed
    direction: str | None = None  # increase, decrease or unchanged
    change_percent: Decimal | None = None
    year: int | None = None
    sentence: str = ""
    prov: Provenance | None = None


@dataclass
class GlossaryTerm:
    """A term the document defines in its 名词解释."""

    term: str
    definition: str
    category: str | None = None  # a heading the glossary groups terms under (收入类)
    prov: Provenance | None = None


READER_FIELDS = ("table", "row_number", "column")


def strip_reader_fields(d: dict[str, Any]) -> None:
    """Drop from a records dict (``BudgetRecords.to_dict``) what depends on the reader.

    Table and row numbers count blocks and rows, which a PDF page break or
    a Word export can cut differently; column labels depend on how a
    header's merged cells were written.
    """
    d["table_status"] = [s for s in d.get("table_status", []) if s["kind"]]  # untitled bits vary by reader
    for key in ("disclosure_lines", "table_status", "three_public"):
        for item in d.get(key, []):
            for name in READER_FIELDS:
                item.pop(name, None)
    for line in d.get("disclosure_lines", []):
        for amount in line["amounts"]:
            amount.pop("column", None)
