"""Property-based tests (hypothesis): numbers, units and random tables.

* any cell text: reading it as a number either works or raises ValueError,
  never anything else; an amount printed in any of the documented forms
  reads back as itself;
* random documents (table kinds, unit statements, header rows shifted or cut,
  cells of every sort): extraction and graph building never crash, and every
  amount the graph stores is a number printed in the input, converted by a
  unit the document states (or 万元): nothing is invented, no factor is
  unexplained.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetkg.extract import extract_document
from budgetkg.extract.numbers import read_number
from budgetkg.extract.text import is_amount, parse_amount
from budgetkg.extract.units import UNITS, WAN_YUAN, Money, to_wan_yuan, unit_in
from budgetkg.rdf.build import build_graph
from budgetkg.read.model import Cell, Document, Paragraph, Provenance, Row, Table

BKG = "https://w3id.org/budgetkg/ontology#"
# how many 万元 one unit is, written out here so a wrong factor in extract/units.py fails the tests
FACTORS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
PROFILE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- numbers ------------------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789.,-()%", "０１２３４５６７８９．，－（）％")


@given(st.text(max_size=20))
@PROFILE
def test_any_cell_text_reads_or_is_refused(text: str) -> None:
    try:
        number = read_number(text)
    except ValueError:
        assert not is_amount(text)
        return
    assert number is None or isinstance(number.value, Decimal)
    if number is not None and not number.percent:
        assert is_amount(text)
        assert parse_amount(text) is not None


def _grouped(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(groups)


@st.composite
def printed_amounts(draw: st.DrawFn) -> tuple[str, Decimal]:
    """An amount in one of the printed forms, and its value."""
    integer = draw(st.integers(min_value=0, max_value=10**12))
    places = draw(st.sampled_from([0, 1, 2, 4, 6]))
    fraction = draw(st.integers(min_value=0, max_value=10**places - 1)) if places else 0
    digits = str(integer)
    text = _grouped(digits) if draw(st.booleans()) else digits
    if places:
        text += "." + str(fraction).zfill(places)
    value = Decimal(f"{integer}.{str(fraction).zfill(places)}" if places else str(integer))
    negative = draw(st.booleans())
    if negative:
        style = draw(st.sampled_from(["-", "(", "△"]))
        if style == "(" and "." not in text and "," not in text:
            style = "-"  # (12) reads as an ordinal: brackets need decimals or separators
        text = f"({text})" if style == "(" else style + text
        value = -value
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(st.sampled_from([" ", "\u3000", "\xa0"])) + text[at:]
    return text, value


@given(printed_amounts())
@PROFILE
def test_printed_amounts_read_back_exactly(case: tuple[str, Decimal]) -> None:
    text, value = case
    assert is_amount(text)
    read = parse_amount(text)
    assert read == value and isinstance(read, Money) and read.unit == WAN_YUAN


@given(printed_amounts(), st.sampled_from(sorted(FACTORS)))
@PROFILE
def test_conversion_is_exact_and_reversible(case: tuple[str, Decimal], label: str) -> None:
    _, value = case
    unit = UNITS[label]
    converted = to_wan_yuan(value, unit)
    assert converted == value * FACTORS[label]
    assert converted.scaleb(-unit.exponent) == value  # no digit lost


# -- random documents ------------------------------------------------------------------------------

TITLES = [
    "支出总表", "收入总表", "收支总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表",
    "项目支出表", "三公经费支出表", "政府采购预算表", "政府性基金预算支出表", "基本支出预算表",
    "固定资产占用情况表", "项目支出绩效目标表", "XX局2025年部门支出总表", "表1 收入总表",
]
UNIT_LINES = ["单位：元", "单位：万元", "金额单位：亿元", "单位: 千元", "（单位：万元）"]
UNIT_LINES += ["注：本表金额单位为元"]
LABELS = [
    "科目编码", "科目名称", "类", "款", "项", "合计", "基本支出", "项目支出", "人员经费", "公用经费",
    "财政拨款", "一般公共预算", "小计", "项目名称", "预算数（元）", "金额(万元)", "因公出国（境）费",
    "公务用车购置及运行费", "公务接待费", "2024年预算数", "上年结转", "数量", "价值（万元）", "序号", "栏次",
]
NAMES = ["社会保障和就业支出", "行政运行", "合 计", "合计", "一、财政拨款", "其中：公务用车购置费"]
NAMES += ["人才服务项目"]
CODES = ["208", "20801", "2080101", "01", "05", "301", "30101", "502"]
JUNK = ["-", "—", "－", "/", "", " ", "12.5%", "113.7万元", "5,000元", "(1)", "1,23,4", "≥98%", "abc"]
JUNK += ["△12.30", "（12.30）", "１２３．４５"]


def cell_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        printed_amounts().map(lambda c: c[0]),
        st.sampled_from(NAMES + CODES + JUNK + LABELS),
        st.text(max_size=6),
    )


# title, header labels, what each column holds (code, name, amount): tables as budgets print them
TEMPLATES = [
    ("支出总表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], "cnaaa"),
    ("一般公共预算支出表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], "cnaaa"),
    ("收入总表", ["科目编码", "科目名称", "合计", "财政拨款", "上年结转"], "cnaaa"),
    ("项目支出表", ["项目名称", "项目类型", "合计", "财政拨款"], "nnaa"),
    ("三公经费支出表", ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"], "aaaa"),
    ("基本支出预算表", ["科目编码", "科目名称", "合计", "人员经费", "公用经费"], "cnaaa"),
]


def _template_cell(draw: st.DrawFn, role: str) -> str:
    if role == "c":
        return draw(st.sampled_from(CODES + ["", "合计"]))
    if role == "n":
        return draw(st.sampled_from(NAMES))
    return draw(st.one_of(printed_amounts().map(lambda c: c[0]), st.sampled_from(JUNK)))


@st.composite
def tables(draw: st.DrawFn, number: int) -> list[Paragraph | Table]:
    """A title, maybe a unit line, and a table whose header may be shifted, cut or missing."""
    source = "random.txt"
    title, labels, roles = draw(st.sampled_from(TEMPLATES + [(t, [], "") for t in TITLES]))
    blocks: list[Paragraph | Table] = [Paragraph(title, Provenance(source))]
    if draw(st.booleans()):
        blocks.append(Paragraph(draw(st.sampled_from(UNIT_LINES)), Provenance(source)))
    if roles:  # a table as printed, with damage below
        header = [list(labels)]
        body = [[_template_cell(draw, r) for r in roles] for _ in range(draw(st.integers(1, 6)))]
    else:
        width = draw(st.integers(min_value=1, max_value=9))
        header = [draw(st.lists(st.sampled_from(LABELS + [""]), min_size=width, max_size=width))
                  for _ in range(draw(st.integers(min_value=0, max_value=3)))]
        body = [draw(st.lists(cell_texts(), min_size=0, max_size=width + 1))
                for _ in range(draw(st.integers(min_value=0, max_value=6)))]
    for k, row in enumerate(header):  # header damage: a row shifted or cut short
        damage = draw(st.sampled_from(["none", "shift", "cut"]))
        if damage == "shift":
            header[k] = [""] * draw(st.integers(min_value=1, max_value=2)) + row
        elif damage == "cut":
            header[k] = row[: draw(st.integers(min_value=0, max_value=len(row)))]
    rows = [
        Row([Cell(t) for t in texts], Provenance(source, table=number, row=i + 1))
        for i, texts in enumerate(header + body)
    ]
    blocks.append(Table(number, rows, Provenance(source, table=number)))
    return blocks


@st.composite
def documents(draw: st.DrawFn) -> Document:
    blocks: list[Paragraph | Table] = [Paragraph("XX局2024年部门预算", Provenance("random.txt"))]
    for n in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        blocks.extend(draw(tables(n)))
    return Document(source="random.txt", checksum="0" * 16, media_type="text/plain", blocks=list(blocks))


def _printed_numbers(doc: Document) -> set[tuple[Decimal, str | None]]:
    """Every number a cell prints, with the unit the cell names (if any)."""
    out = set()
    for block in doc.blocks:
        if isinstance(block, Table):
            for r in block.rows:
                for t in r.texts:
                    try:
                        n = read_number(t)
                    except ValueError:
                        continue
                    if n is not None and not n.percent:
                        out.add((n.value, n.unit))
    return out


def _stated_units(doc: Document) -> set[str]:
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    texts += [t for b in doc.blocks if isinstance(b, Table) for r in b.rows for t in r.texts]
    return {u.label for t in texts if (u := unit_in(t)) is not None} | {WAN_YUAN.label}


@given(documents())
@PROFILE
def test_random_tables_never_crash_and_store_only_printed_amounts(doc: Document) -> None:
    records = extract_document(doc)
    _, triples = build_graph(records, "https://example.org/")
    printed = _printed_numbers(doc)
    units = _stated_units(doc)
    candidates = {value * FACTORS[own or label] for value, own in printed for label in units}
    amount = ox.NamedNode(BKG + "amount")
    printed_amount = ox.NamedNode(BKG + "printedAmount")
    for t in triples:
        if t.predicate == amount:
            assert Decimal(t.object.value) in candidates, t
        if t.predicate == printed_amount:
            assert Decimal(t.object.value) in {v for v, _ in printed}, t
