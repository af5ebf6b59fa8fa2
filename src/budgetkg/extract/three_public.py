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
from .vocab import strip_ordinal

FIELDS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
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


def _year(label: str, year: int | None) -> int | None:
    m = re.search(r"(20\d\d)", label)
    if m:
        return int(m.group(1))
    if year is not None and "上年" in label:
        return year - 1
    return year


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None


def _across(table: LogicalTable, header: Header, year: int | None) -> list[ThreePublic]:
    rows = table.rows[header.size :]
    data = next((r for r in rows if any(_amount(t) is not None for t in r.texts)), None)
    if data is None:
        return []
    labels = list(dict.fromkeys(p[0] for p in header.paths if p))
    starts = [c for c, p in enumerate(header.paths) if category(p[1:] if len(p) > 1 else p) == "total"]
    out = []
    for g, start in enumerate(starts):
        end = starts[g + 1] if g + 1 < len(starts) else header.width
        label = labels[g] if len(labels) == len(starts) else ""
        group_year = _year(label, year)
        if group_year is None:
            continue
        item = ThreePublic(year=group_year, label=label, table=table.number, prov=data.prov)
        for c in range(start, end):
            path = header.paths[c]
            field = category(path[1:] if len(path) > 1 else path)
            value = _amount(data.texts[c]) if c < len(data.cells) else None
            if field and getattr(item, field) is None:
                setattr(item, field, value)
        if any(getattr(item, f) is not None for f in FIELDS):
            out.append(item)
    return out


def _down(table: LogicalTable, header: Header, year: int | None) -> list[ThreePublic]:
    rows = table.rows[header.size :]
    value_col = next((c for c, p in enumerate(header.paths) if p and p[-1] in _TOTALS), None)
    name_col = next((c for c, p in enumerate(header.paths) if p and "项目" in p[-1]), None)
    if value_col is None or name_col is None or year is None:
        return []
    item = ThreePublic(year=year, label="", table=table.number, prov=rows[0].prov if rows else None)
    for row in rows:
        texts = row.texts + [""] * (header.width - len(row.cells))
        field = category([_name(texts[name_col])])
        if field and getattr(item, field) is None:
            setattr(item, field, _amount(texts[value_col]))
            item.prov = item.prov or row.prov
    return [item] if any(getattr(item, f) is not None for f in FIELDS) else []


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
