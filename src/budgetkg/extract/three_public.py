"""The “三公”经费 table: 因公出国（境）费, 公务用车购置及运行费, 公务接待费, by year.

Two layouts are read:

* across (the usual): one data row; the columns are grouped by year
  (``2023年预算数 | 2024年预算数``, or ``上年预算数``), each group holding
  合计, 因公出国（境）, 公务用车 (小计, 购置, 运行维护) and 公务接待;
* down (Word exports): one row per item (合计, 一、因公出国（境）费,
  其中：公务用车购置费 ...), the columns being fund sources; the year is the
  document's.

Year groups are found from the 合计 columns that start them, not from where
the year label happens to stand (PDF text puts ``2024年预算数`` one column
early), and the groups' labels are taken in order.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .facts import ThreePublic
from .header import Header, read_header
from .records import Finding
from .tables import LogicalTable
from .text import clean_name, compact, parse_amount
from .units import TableUnits
from .vocab import strip_ordinal

FIELDS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
# ThreePublic field -> code/measure slug (the measures the explanations' figures use too)
MEASURES = {
    "total": "three-public",
    "overseas": "overseas-travel",
    "vehicle": "official-vehicle",
    "vehicle_purchase": "vehicle-purchase",
    "vehicle_operation": "vehicle-operation",
    "reception": "official-reception",
}
_TOTALS = ("合计", "总计", "小计")


def extract_three_public(
    tables: list[LogicalTable], year: int | None, findings: list[Finding]
) -> list[ThreePublic]:
    """The 三公 figures of every year each 三公 table publishes."""
    out: list[ThreePublic] = []
    for table in tables:
        if table.kind != "three-public":
            continue
        rows = table.rows
        width = max((len(r.cells) for r in rows), default=0)
        header = read_header(rows, width)
        across = any("因公出国" in label for path in header.paths for label in path)
        found = _across(table, header, year) if across else _down(table, header, year)
        for item in found:
            _check(item, table.title, findings)
        out.extend(found)
    return out


def category(labels: tuple[str, ...] | list[str]) -> str | None:
    """Which 三公 figure a column path or a row name is (a FIELDS name), None when none."""
    labels = [strip_ordinal(x) for x in labels if x]
    if not labels:
        return None
    leaf = labels[-1]
    if leaf in _TOTALS or (leaf.endswith(_TOTALS) and "三公" in leaf):
        return "vehicle" if any("公务用车" in x for x in labels[:-1]) else "total"
    if "因公出国" in leaf:
        return "overseas"
    if "接待" in leaf:
        return "reception"
    if "车" in leaf:
        if "购置" in leaf and "运" in leaf:
            return "vehicle"
        if "购置" in leaf:
            return "vehicle_purchase"
        if "运行" in leaf or "运维" in leaf:
            return "vehicle_operation"
    return None


_YEAR_LABEL = re.compile(r"20\d\d\s*年|上年|本年|当年|预算数")


def _year(label: str, year: int | None) -> int | None:
    m = re.search(r"(20\d\d)", label)
    if m:
        return int(m.group(1))
    if year is not None and "上年" in label:
        return year - 1
    return year


def _item_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """A column's labels below its year group (``2023年预算数``), when it has one."""
    return path[1:] if len(path) > 1 and _YEAR_LABEL.search(path[0]) else path


def _amount(text: str, units: TableUnits | None = None, column: int | None = None) -> Decimal | None:
    try:
        return units.amount(text, column) if units else parse_amount(text)
    except ValueError:
        return None


def _across(table: LogicalTable, header: Header, year: int | None) -> list[ThreePublic]:
    rows = table.rows[header.size :]
    data = next((r for r in rows if any(_amount(t) is not None for t in r.texts)), None)
    if data is None:
        return []
    labels = list(dict.fromkeys(p[0] for p in header.paths if p and _YEAR_LABEL.search(p[0])))
    starts = [c for c, p in enumerate(header.paths) if category(_item_path(p)) == "total"]
    out = []
    for g, start in enumerate(starts):
        end = starts[g + 1] if g + 1 < len(starts) else header.width
        label = labels[g] if len(labels) == len(starts) else ""  # no year row: the budget year
        group_year = _year(label, year)
        if group_year is None:
            continue
        item = ThreePublic(year=group_year, label=label, table=table.number, prov=data.prov)
        seen: set[str] = set()
        for c in range(start, end):
            field = category(_item_path(header.paths[c]))
            if field and field not in seen:
                seen.add(field)
                setattr(item, field, _amount(data.texts[c], table.units, c) if c < len(data.cells) else None)
        if any(getattr(item, f) is not None for f in FIELDS):
            out.append(item)
    return out


def _down(table: LogicalTable, header: Header, year: int | None) -> list[ThreePublic]:
    """Items in rows: one value column per year (2023年预算数 | 2024年预算数), else the 合计 column."""
    rows = table.rows[header.size :]
    name_col = next((c for c, p in enumerate(header.paths) if p and "项目" in p[-1]), None)
    years = [(c, _year(p[-1], year), p[-1]) for c, p in enumerate(header.paths) if _year_column(p)]
    if not years:
        total = next((c for c, p in enumerate(header.paths) if p and p[-1] in _TOTALS), None)
        years = [] if total is None else [(total, year, "")]
    if name_col is None:
        return []
    out = []
    for col, col_year, label in years:
        if col_year is None:
            continue
        prov = rows[0].prov if rows else None
        item = ThreePublic(year=col_year, label=label, table=table.number, prov=prov)
        seen: set[str] = set()  # the first row of an item counts, blank or not (not its 其中 rows)
        for row in rows:
            texts = row.texts + [""] * (header.width - len(row.cells))
            field = category([_name(texts[name_col])])
            if field and field not in seen:
                seen.add(field)
                setattr(item, field, _amount(texts[col], table.units, col))
        if any(getattr(item, f) is not None for f in FIELDS):
            out.append(item)
    return out


def _year_column(path: tuple[str, ...]) -> bool:
    """A value column of one year (2024年预算数, 上年预算数), not a change (增减, 增长率)."""
    leaf = path[-1] if path else ""
    return bool(re.search(r"20\d\d\s*年|上年|本年", leaf)) and not re.search(r"增|减|率|%", leaf)


def _name(text: str) -> str:
    return compact(clean_name(text))


def _check(item: ThreePublic, title: str, findings: list[Finding]) -> None:
    """合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行维护 (blank cells count as 0)."""
    for whole, parts in (("total", ("overseas", "vehicle", "reception")), ("vehicle", _VEHICLE)):
        printed = getattr(item, whole)
        values = [getattr(item, p) for p in parts]
        if printed is None or all(v is None for v in values):
            continue
        total = sum((v for v in values if v is not None), Decimal(0))
        if total != printed:
            findings.append(
                Finding(
                    slug="three-public-sum-mismatch",
                    message=f"{title} {item.year}: {whole} is {printed}, its parts add up to {total}",
                    table=item.table,
                    prov=item.prov,
                )
            )


_VEHICLE = ("vehicle_purchase", "vehicle_operation")
