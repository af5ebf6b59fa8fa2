"""The publishing department: name, own code, region, fiscal year, sub-units."""

from __future__ import annotations

import re
from collections import Counter

from ..read.model import Block, Document, Heading, Paragraph, Table
from .records import Department, SubUnit
from .tables import LogicalTable, find_label, first_row_title, header_rows, is_title_like
from .text import clean_name, compact

_YEAR = re.compile(r"(20\d\d)\s*年")
_YEAR_LABEL = re.compile(r"预算年度[:：]\s*(20\d\d)")
_DEPT_LABEL = re.compile(r"^(?:部门[(（]单位[)）]|单位名称|部门名称|编制单位)[:：]\s*(.+)$")
_CODE_PREFIX = re.compile(r"^(\d{3,})\s*(\D.*)$")
_REGION = re.compile(r"^(.+?(?:自治区|省|自治州|市|开发区|新区|自治县|县|区|旗|盟|州))")
_ENUM = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+[、.])\s*")
_TITLE_STOP = ("目录", "第一部分", "目 录")


def extract_department(doc: Document, tables: list[LogicalTable]) -> Department:
    """Find the department's name, code, region and year; list its sub-units."""
    title = _title_text(doc.blocks)
    name, code = _name_and_code(doc, title)
    return Department(
        name=name,
        code=code,
        region=region_of(name),
        year=_year(doc, title),
        subunits=_subunits(doc, tables),
    )


def _title_text(blocks: list[Block]) -> str:
    """The cover text: text blocks before the table of contents or first table."""
    parts = []
    for b in blocks:
        if isinstance(b, Table) or is_title_like(b.text):
            break
        text = compact(b.text)
        if text in _TITLE_STOP or text.startswith("第一部分"):
            break
        if re.search(r"[\u4e00-\u9fff]", text):
            parts.append(text)
    return "".join(parts)


def _name_from_title(title: str) -> str:
    t = _YEAR.sub("", title, count=1)
    t = re.sub(r"(部门|单位)?预算(公开)?$", "", t)
    return t


def _name_and_code(doc: Document, title: str) -> tuple[str, str | None]:
    """Name from the cover, else from 部门(单位): lines, else from table captions."""
    labelled = _labelled_names(doc)
    cover = _name_from_title(title)
    if len(cover) >= 4 and not cover.isdigit():
        return _split_code(cover)
    if labelled:
        return _split_code(labelled.most_common(1)[0][0])
    return "", None


def _labelled_names(doc: Document) -> Counter[str]:
    """Department names from ``部门(单位): X`` paragraphs and table caption cells."""
    names: Counter[str] = Counter()
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            m = _DEPT_LABEL.match(compact(b.text))
            if m:
                names[m.group(1)] += 1
        elif isinstance(b, Table) and b.rows:
            texts = _caption_row(b)
            for i, t in enumerate(texts[:-1]):
                if _YEAR_LABEL.search(compact(texts[i + 1])) and t:
                    names[compact(t)] += 1
    return names


def _split_code(name: str) -> tuple[str, str | None]:
    """``323曹妃甸区人力资源和社会保障局`` -> (name, '323')."""
    name = clean_name(name)
    m = _CODE_PREFIX.match(name)
    if m:
        return m.group(2).strip(), m.group(1)
    return name, None


def region_of(name: str) -> str | None:
    """The administrative area a department name starts with (聊城市, 曹妃甸区 ...)."""
    m = _REGION.match(name)
    return m.group(1) if m else None


def _year(doc: Document, title: str) -> int | None:
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    years: Counter[int] = Counter()
    for text in _all_texts(doc):
        for m2 in _YEAR_LABEL.finditer(compact(text)):
            years[int(m2.group(1))] += 5
        for m3 in _YEAR.finditer(text):
            years[int(m3.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


def _all_texts(doc: Document) -> list[str]:
    out = list(doc.texts())
    for t in doc.tables():
        if t.rows:
            out.extend(_caption_row(t))
    return out


def _caption_row(table: Table) -> list[str]:
    """The table's first row, or its second when the first holds only the table's title."""
    if first_row_title(table) is not None and len(table.rows) > 1:
        return table.rows[1].texts
    return table.rows[0].texts


def _subunits(doc: Document, tables: list[LogicalTable]) -> list[SubUnit]:
    """Sub-units from a 单位名称 table of the overview, or the 二级预算单位 list."""
    for lt in tables:
        if lt.kind in (None, "units") and find_label(header_rows(lt.rows) or lt.rows[:1], "单位名称"):
            units = _units_from_table(lt)
            if units:
                return units
    return _units_from_list(doc.blocks)


def _units_from_table(lt: LogicalTable) -> list[SubUnit]:
    rows = lt.rows
    hit = find_label(rows, "单位名称")
    if hit is None:
        return []
    hi, name_col = hit
    header = [compact(t) for t in rows[hi].texts]

    def col(label: str) -> int | None:
        return next((i for i, h in enumerate(header) if h.startswith(label)), None)

    cols = {"nature": col("单位性质"), "rank": col("单位规格"), "funding": col("经费")}
    units = []
    for r in rows[hi + 1 :]:
        texts = r.texts
        if name_col >= len(texts) or not texts[name_col]:
            continue
        extra = {k: (texts[c] or None) if c is not None and c < len(texts) else None for k, c in cols.items()}
        units.append(SubUnit(name=clean_name(texts[name_col]), prov=r.prov, **extra))
    return units


def _units_from_list(blocks: list[Block]) -> list[SubUnit]:
    """The enumerated paragraphs after a sentence naming 二级预算单位."""
    units: list[SubUnit] = []
    listing = False
    for b in blocks:
        if isinstance(b, Table):
            if listing:
                break
            continue
        text = compact(b.text)
        if "二级预算单位" in text and ("包括" in text or text.endswith(("：", ":"))):
            listing = True
            continue
        if not listing:
            continue
        if isinstance(b, Heading) or not _ENUM.match(b.text):
            if units:
                break
            continue
        units.append(SubUnit(name=clean_name(_ENUM.sub("", b.text)).rstrip("。；;，,"), prov=b.prov))
    return units
