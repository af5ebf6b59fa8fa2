"""Units of money: where a table states its unit, amounts normalised to 万元, an inferred unit reported."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import extract_document
from budgetkg.extract.tables import logical_tables
from budgetkg.extract.unit_sources import assign_units
from budgetkg.extract.units import (
    THOUSAND_YUAN,
    WAN_YUAN,
    YI_YUAN,
    YUAN,
    Money,
    Unit,
    to_wan_yuan,
    unit_in,
)
from budgetkg.read.model import Document
from budgetkg.read.text import read_text

from .conftest import sample_path
from .fixtures.reprint import drop_units, reprint, to_text

SUMMARY = (
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "合计\t\t{0}\t{1}\t{2}\n"
    "208\t社会保障和就业支出\t{0}\t{1}\t{2}\n"
)
YUAN_ROWS = SUMMARY.format("94,889,000.00", "50,440,000.00", "44,449,000.00")
WAN_ROWS = SUMMARY.format("9,488.90", "5,044.00", "4,444.90")


def _doc(text: str) -> Document:
    return read_text(text, "test.txt", "x")


def _units(text: str) -> list[tuple[str, str, Unit]]:
    """(title, source, unit) of each logical table of a small text document."""
    doc = _doc(text)
    tables = logical_tables(doc)
    assign_units(doc, tables)
    return [(t.title, t.units.source, t.units.table_unit) for t in tables]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位：元", YUAN),
        ("单位: 万元", WAN_YUAN),
        ("单位:千元", THOUSAND_YUAN),
        ("金额单位：亿元", YI_YUAN),
        ("（单位：万元）", WAN_YUAN),
        ("(单位:元)", YUAN),
        ("预算数（元）", YUAN),
        ("金额(万元)", WAN_YUAN),
        ("价值（金额单位：万元）", WAN_YUAN),
        ("项目资金 (万元)", WAN_YUAN),
        ("支出总表(亿元)", YI_YUAN),
        ("注：本表金额单位为元。", YUAN),
        ("以千元为单位", THOUSAND_YUAN),
        ("单位 元", YUAN),
        ("ＸＸ局（单位：元）", YUAN),
        ("单位：万 元", WAN_YUAN),  # a PDF's letter spacing
        ("金额单位：万元 预算年度：2024", WAN_YUAN),
        ("单位：元。", YUAN),
    ],
)
def test_unit_statements(text: str, unit: Unit) -> None:
    assert unit_in(text) == unit


@pytest.mark.parametrize(
    "text",
    ["=2800 元/年", "单位名称", "预算单位", "（元/人）", "单位：元/人", "113.7万元", "约900万元"]
    + ["单位：人", "单位元旦", "编制单位：元谋县人力资源和社会保障局", "注：预算单位为元阳县财政局"],
)
def test_not_unit_statements(text: str) -> None:
    """An indicator's unit (元/年), a name column (单位名称) or a figure is not the table's unit."""
    assert unit_in(text) is None


@pytest.mark.parametrize(
    ("printed", "unit", "wan_yuan"),
    [
        ("94889000.00", YUAN, "9488.90"),
        ("1", YUAN, "0.0001"),
        ("123.45", YUAN, "0.012345"),
        ("12345.6", THOUSAND_YUAN, "1234.56"),
        ("0.444490", YI_YUAN, "4444.90"),
        ("0.4445", YI_YUAN, "4445.00"),
        ("1410", WAN_YUAN, "1410"),  # 万元 is kept exactly as printed
        ("4444.9", WAN_YUAN, "4444.9"),
    ],
)
def test_conversion_to_wan_yuan_is_exact(printed: str, unit: Unit, wan_yuan: str) -> None:
    value = to_wan_yuan(Decimal(printed), unit)
    assert str(value) == wan_yuan
    assert value == Decimal(printed) * unit.factor  # the exact product, no digit lost


def test_money_remembers_how_it_was_printed() -> None:
    m = Money(Decimal("94889000.00"), YUAN)
    assert m == Decimal("9488.90") and (str(m.printed), m.unit) == ("94889000.00", YUAN)
    assert type(m + 1) is Decimal  # arithmetic gives plain Decimals: a sum was never printed
    import copy
    import pickle

    for again in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m), copy.copy(m)):
        assert isinstance(again, Money) and again.printed == m.printed and again.unit == YUAN


# -- where a table states its unit ---------------------------------------------------------------


def test_unit_line_between_title_and_table() -> None:
    assert _units(f"支出总表\n\n单位：元\n\n{YUAN_ROWS}")[0][1:] == ("printed", YUAN)


def test_unit_line_above_the_title() -> None:
    assert _units(f"单位：千元\n\n支出总表\n\n{YUAN_ROWS}")[0][1:] == ("printed", THOUSAND_YUAN)


def test_unit_in_the_title() -> None:
    assert _units(f"支出总表（单位：亿元）\n\n{YUAN_ROWS}")[0][1:] == ("printed", YI_YUAN)


def test_a_long_title_printing_its_unit_is_still_a_title() -> None:
    doc = _doc(f"一般公共预算基本支出情况表（金额单位：元）\n\n{YUAN_ROWS}")
    tables = logical_tables(doc)
    assign_units(doc, tables)
    assert (tables[0].kind, tables[0].units.table_unit) == ("general-basic", YUAN)


def test_unit_row_inside_the_table() -> None:
    assert _units(f"支出总表\n\n\t单位：元\n{YUAN_ROWS}")[0][1:] == ("printed", YUAN)


def test_unit_in_a_note_under_the_table() -> None:
    assert _units(f"支出总表\n\n{YUAN_ROWS}\n注：本表金额单位为元。\n")[0][1:] == ("printed", YUAN)


def test_header_cells_give_their_columns_a_unit() -> None:
    text = (
        "支出总表\n\n科目编码\t科目名称\t合计（元）\t基本支出（元）\t项目支出（元）\n"
        "208\t社保\t10.00\t4.00\t6.00\n"
    )
    doc = _doc(text)
    tables = logical_tables(doc)
    assign_units(doc, tables)
    units = tables[0].units
    assert units.source == "header" and units.columns == {2: YUAN, 3: YUAN, 4: YUAN}
    assert units.table_unit == YUAN


def test_mixed_header_units_apply_per_column() -> None:
    text = "资产表\n\n项目\t数量\t价值（万元）\t金额（元）\n车辆\t4\t48.17\t481,700.00\n"
    doc = _doc(text)
    tables = logical_tables(doc)
    assign_units(doc, tables)
    units = tables[0].units
    assert (units.unit_of(2), units.unit_of(3)) == (WAN_YUAN, YUAN)
    assert units.amount("481,700.00", 3) == units.amount("48.17", 2) == Decimal("48.17")


def test_a_table_without_a_unit_inherits_the_documents() -> None:
    """The unit most tables print is the document's; a table that prints none takes it."""
    text = (
        f"支出总表\n\n单位：元\n\n{YUAN_ROWS}\n收入总表\n\n单位：元\n\n{YUAN_ROWS}\n"
        f"财政拨款收支总表\n\n单位：万元\n\n{WAN_ROWS}\n项目支出表\n\n{YUAN_ROWS}"
    )
    found = _units(text)
    assert [(s, u) for _, s, u in found] == [
        ("printed", YUAN),
        ("printed", YUAN),
        ("printed", WAN_YUAN),
        ("document", YUAN),
    ]


def test_one_document_mixes_units_per_table() -> None:
    text = f"支出总表\n\n单位：元\n\n{YUAN_ROWS}\n项目支出表\n\n单位：万元\n\n{WAN_ROWS}"
    assert [u for _, _, u in _units(text)] == [YUAN, WAN_YUAN]


def test_amounts_of_a_yuan_table_are_stored_in_wan_yuan_with_their_printed_form() -> None:
    records = extract_document(_doc(f"XX局2024年部门预算\n\n支出总表\n\n单位：元\n\n{YUAN_ROWS}"))
    total = records.summary_total
    assert total is not None
    expected = (Decimal("9488.90"), Decimal("5044.00"), Decimal("4444.90"))
    assert (total.total, total.basic, total.project) == expected
    assert isinstance(total.total, Money) and str(total.total.printed) == "94889000.00"
    assert total.total.unit == YUAN
    assert records.tables[0].unit == "yuan" and not records.tables[0].unit_inferred


# -- a document that prints no unit: checked against its explanations ------------------------------


def _sample(prefix: str) -> Document:
    path = sample_path(prefix)
    return read_text(path.read_text(encoding="utf-8"), path.name, "x")


def _figures(records: object) -> list[tuple[object, ...]]:
    lines = records.function_lines  # type: ignore[attr-defined]
    return [(ln.code, ln.total, ln.basic, ln.project) for ln in lines]


def test_no_unit_anywhere_tables_in_yuan_is_inferred_and_reported() -> None:
    original = extract_document(_sample("000"))
    doc = _doc(to_text(drop_units(reprint(_sample("000"), "元"))))
    records = extract_document(doc)
    assert _figures(records) == _figures(original)
    inferred = [f for f in records.findings if f.slug.startswith("unit-")]
    assert [f.slug for f in inferred] == ["unit-inferred"] and inferred[0].severity == "Warning"
    assert "元" in inferred[0].message and "×0.0001" in inferred[0].message
    assert {t.unit for t in records.tables} == {"yuan"} and all(t.unit_inferred for t in records.tables)


def test_no_unit_anywhere_in_yi_yuan_is_inferred() -> None:
    original = extract_document(_sample("000"))
    records = extract_document(_doc(to_text(drop_units(reprint(_sample("000"), "亿元")))))
    assert _figures(records) == _figures(original)
    assert [f.slug for f in records.findings if f.slug.startswith("unit-")] == ["unit-inferred"]
    assert {t.unit for t in records.tables} == {"yi-yuan"}


def test_no_unit_anywhere_in_wan_yuan_is_confirmed_silently() -> None:
    original = extract_document(_sample("000"))
    records = extract_document(_doc(to_text(drop_units(_sample("000")))))
    assert _figures(records) == _figures(original)
    assert not [f for f in records.findings if f.slug.startswith("unit-")]
    assert not any(t.unit_inferred for t in records.tables)


def test_no_unit_and_no_explanations_is_unchecked_and_reported() -> None:
    text = f"XX局2024年部门预算\n\n支出总表\n\n{YUAN_ROWS}"
    records = extract_document(_doc(text))
    assert [f.slug for f in records.findings if f.slug.startswith("unit-")] == ["unit-unchecked"]
    assert records.summary_total is not None and records.summary_total.total == Decimal("94889000.00")


def test_printed_units_are_never_second_guessed() -> None:
    """A table that prints 元 is read in 元 even where the explanations' 万元 figures would fit 万元."""
    text = f"XX局2024年部门预算\n\n2024年收支预算9,488.90万元。\n\n支出总表\n\n单位：元\n\n{WAN_ROWS}"
    records = extract_document(_doc(text))
    assert records.summary_total is not None and records.summary_total.total == Decimal("0.94889")
    assert not [f for f in records.findings if f.slug.startswith("unit-")]


def test_a_cell_naming_its_unit_overrides_the_tables() -> None:
    from budgetkg.extract.units import TableUnits

    units = TableUnits(unit=YUAN)
    assert units.amount("113.7万元") == Decimal("113.7")
    assert units.amount("1,137,000.00") == Decimal("113.70")
    assert units.amount("—") is None


def test_a_percentage_where_an_amount_belongs_is_reported_not_stored() -> None:
    rows = SUMMARY.format("9,488.90", "12.5%", "4,444.90")
    records = extract_document(_doc(f"XX局2024年部门预算\n\n支出总表\n\n单位：万元\n\n{rows}"))
    assert [f.slug for f in records.findings if f.slug == "unparsed-amount"] == ["unparsed-amount"] * 2
    assert all(ln.basic is None or ln.basic != Decimal("12.5") for ln in records.function_lines)
