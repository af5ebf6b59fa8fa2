"""The expenditure summary (支出总表 / 支出总体情况表): one line per function code."""

from __future__ import annotations

from .coded import coded_rows, detect_layout
from .records import Finding, FunctionLine
from .tables import LogicalTable, header_rows

TOTAL, BASIC, PROJECT = "合计", "基本支出", "项目支出"
SUMMARY_MEASURES = (
    TOTAL,
    BASIC,
    PROJECT,
    "结转下年",
    "事业单位经营支出",
    "经营支出",
    "上缴上级支出",
    "上解上级支出",
    "对附属单位补助支出",
)


def extract_function_lines(tables: list[LogicalTable], findings: list[Finding]) -> list[FunctionLine]:
    """Every line (类, 款, 项 and the 合计) of the first expenditure summary table."""
    summary = next((t for t in tables if t.kind == "expenditure"), None)
    if summary is None:
        findings.append(Finding(slug="no-expenditure-summary", message="no 支出总表 found"))
        return []
    rows = summary.rows
    header = header_rows(rows)
    layout = detect_layout(header, SUMMARY_MEASURES)
    missing = [m for m in (TOTAL, BASIC, PROJECT) if m not in layout.labels]
    if missing:
        findings.append(
            Finding(
                slug="summary-columns-missing",
                message=f"支出总表 (table {summary.number}) has no column {'/'.join(missing)}",
                table=summary.number,
            )
        )
    return [
        FunctionLine(
            code=r.code,
            name=r.name,
            total=r.amounts.get(TOTAL),
            basic=r.amounts.get(BASIC),
            project=r.amounts.get(PROJECT),
            table=summary.number,
            is_total=r.is_total,
            row_number=r.index,
            prov=r.row.prov,
        )
        for r in coded_rows(rows[len(header) :], layout, summary.number, findings, len(header), summary.units)
    ]
