"""Extract stage: a normalized document becomes domain records (:class:`BudgetRecords`)."""

from __future__ import annotations

from ..read.model import Document
from .department import extract_department
from .disclosed import add_disclosed
from .expenditure import extract_function_lines
from .narrative import extract_narrative
from .ocrfix import correct_document, ocr_report
from .performance import extract_department_goals, extract_performance
from .projects import extract_projects
from .records import BudgetRecords, Department, Finding, FunctionLine, Project, SubUnit, TableInfo
from .tables import LogicalTable, logical_tables, realigned_findings
from .unit_check import infer_document_unit
from .unit_sources import assign_units

__all__ = [
    "BudgetRecords",
    "Department",
    "Finding",
    "FunctionLine",
    "Project",
    "SubUnit",
    "TableInfo",
    "extract_document",
    "extract_with_tables",
]


def extract_document(doc: Document) -> BudgetRecords:
    """Extract the department, expenditure summary and projects of one document."""
    return extract_with_tables(doc)[0]


def extract_with_tables(doc: Document) -> tuple[BudgetRecords, list[LogicalTable] | None]:
    """:func:`extract_document`, and the document's logical tables for the code check.

    Grouping the tables is a fifth of extraction, and the code check
    (:func:`budgetkg.codes.check_document`) needs the same grouping: it gets
    these instead of grouping again. Extraction changes no cell of a printed
    document, so they are what grouping again would give; OCR corrections do
    change cells after the grouping, so a scanned document gets None (group again).
    """
    tables = logical_tables(doc)
    findings: list[Finding] = []
    department = extract_department(doc, tables)
    if doc.ocr is not None:  # scanned pages: OCR'd amounts corrected by the tables' own sums, in place
        correct_document(doc, department.name, findings)
    if assign_units(doc, tables) is None:  # no unit printed anywhere: check one against the explanations
        infer_document_unit(tables, extract_narrative(doc, department.year), findings)
    records = BudgetRecords(
        source=doc.source,
        checksum=doc.checksum,
        department=department,
        tables=[
            TableInfo(
                number=t.number,
                kind=t.kind,
                title=t.title,
                rows=len(t.rows),
                prov=t.parts[0].prov,
                unit=t.units.table_unit.slug,
                unit_inferred=t.units.inferred,
            )
            for t in tables
            if t.kind
        ],
        function_lines=extract_function_lines(tables, findings),
    )
    records.performance = extract_performance(tables, findings)
    ocr_pages = doc.ocr.pages if doc.ocr is not None else []
    records.projects = extract_projects(tables, findings, records.performance, ocr_pages)
    records.department_goals = extract_department_goals(doc, tables)
    findings += realigned_findings(tables)
    records.findings = findings
    add_disclosed(records, doc, tables)
    records.ocr = ocr_report(doc, findings)
    return records, (tables if doc.ocr is None else None)
