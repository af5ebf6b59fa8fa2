"""Rules of the “三公”经费 table (three_public.py) on hand-made tables, across (year groups of
columns) and down (one row per item), with the sums each year must satisfy."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetkg.extract import extract_document
from budgetkg.extract.facts import ThreePublic
from budgetkg.extract.three_public import FIELDS, category
from budgetkg.read.text import read_text

HEAD = "2024年测试局部门预算\n\n“三公”经费支出预算表\n\n单位：万元\n\n"
ITEMS = "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费"
VEHICLE = "\t\t小计\t公务用车购置费\t公务用车运行费\t"
ACROSS = (
    f"{HEAD}2023年预算数\t\t\t\t\t\t2024年预算数\t\t\t\t\t\n{ITEMS}\t{ITEMS}\n{VEHICLE}\t{VEHICLE}\n"
    "10.00\t1.00\t6.00\t2.00\t4.00\t3.00\t9.00\t\t6.00\t\t6.00\t3.00\n"
)
DOWN = (
    f"{HEAD}项目\t2023年预算数\t2024年预算数\t增减\n合计\t10.00\t9.00\t-1.00\n一、因公出国（境）费\t1.00\t\t-1.00\n"
    "二、公务用车购置及运行费\t6.00\t6.00\t0.00\n其中：公务用车购置费\t2.00\t\t\n公务用车运行费\t4.00\t6.00\t\n"
    "三、公务接待费\t3.00\t3.00\t0.00\n"
)
Y2023 = (D("10.00"), D("1.00"), D("6.00"), D("2.00"), D("4.00"), D("3.00"))
Y2024 = (D("9.00"), None, D("6.00"), None, D("6.00"), D("3.00"))


def _read(text: str) -> tuple[list[ThreePublic], list[str]]:
    r = extract_document(read_text(text, "t.txt", ""))
    return r.three_public, [f.message for f in r.findings if f.slug == "three-public-sum-mismatch"]


def _values(item: ThreePublic) -> tuple:
    return tuple(getattr(item, f) for f in FIELDS)


def test_fields() -> None:
    assert FIELDS == ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")


@pytest.mark.parametrize(
    ("labels", "field"),
    [
        (("合计",), "total"),
        (("“三公”经费合计",), "total"),
        (("公务用车购置及运行费", "小计"), "vehicle"),
        (("一、因公出国（境）费",), "overseas"),
        (("三、公务接待费",), "reception"),
        (("公务用车购置及运行维护费",), "vehicle"),
        (("其中：公务用车购置费",), "vehicle_purchase"),
        (("公务用车运行费",), "vehicle_operation"),
        (("公务用车运维费",), "vehicle_operation"),
        (("公务用车",), None),
        (("项目合计",), None),
        (("",), None),
        ((), None),
    ],
)
def test_category(labels: tuple[str, ...], field: str | None) -> None:
    assert category(labels) == field


def test_across_two_year_groups() -> None:
    items, mismatches = _read(ACROSS)
    assert [(i.year, i.label, _values(i)) for i in items] == [
        (2023, "2023年预算数", Y2023),
        (2024, "2024年预算数", Y2024),
    ]
    assert [(i.table, i.prov.row if i.prov else None) for i in items] == [(1, 4), (1, 4)]
    assert mismatches == []


def test_across_without_a_year_row_is_the_budgets_year_and_上年_the_one_before() -> None:
    one = f"{HEAD}{ITEMS}\n{VEHICLE}\n10.00\t1.00\t6.00\t2.00\t4.00\t3.00\n"
    items, _ = _read(one)
    assert [(i.year, i.label, _values(i)) for i in items] == [(2024, "", Y2023)]
    two = ACROSS.replace("2023年预算数", "上年预算数").replace("2024年预算数", "本年预算数")
    assert [(i.year, i.label) for i in _read(two)[0]] == [(2023, "上年预算数"), (2024, "本年预算数")]


def test_down_one_row_per_item_one_column_per_year() -> None:
    items, mismatches = _read(DOWN)
    assert [(i.year, i.label, _values(i)) for i in items] == [
        (2023, "2023年预算数", Y2023),
        (2024, "2024年预算数", Y2024),
    ]
    assert mismatches == []


def test_down_without_year_columns_reads_the_total_column_as_the_budgets_year() -> None:
    text = (
        f"{HEAD}项目\t合计\t财政拨款\n合计\t4.00\t4.00\n"
        f"一、因公出国（境）费\t1.00\t1.00\n三、公务接待费\t3.00\t3.00\n"
    )
    items, _ = _read(text)
    assert [(i.year, i.label, _values(i)) for i in items] == [
        (2024, "", (D("4.00"), D("1.00"), None, None, None, D("3.00")))
    ]


def test_sums_that_do_not_hold_are_reported() -> None:
    text = ACROSS.replace("10.00\t1.00\t6.00\t2.00\t4.00", "11.00\t1.00\t6.00\t2.00\t5.00")
    _, mismatches = _read(text)
    assert mismatches == [
        "“三公”经费支出预算表 2023: total is 11.00, its parts add up to 10.00",
        "“三公”经费支出预算表 2023: vehicle is 6.00, its parts add up to 7.00",
    ]


def test_the_status_of_a_三公_table_counts_what_it_prints() -> None:
    r = extract_document(read_text(ACROSS, "t.txt", ""))
    [status] = [s for s in r.table_status if s.kind == "three-public"]
    # two years; 2023 prints 6 figures, 2024 prints 4
    assert (status.title, status.lines, status.amounts, status.empty, status.note, status.table) == (
        "“三公”经费支出预算表",
        2,
        10,
        False,
        None,
        1,
    )
    empty = f"{HEAD}{ITEMS}\n{VEHICLE}\n\t\t\t\t\t\n\n注：本单位没有“三公”经费。\n"
    r = extract_document(read_text(empty, "t.txt", ""))
    [status] = [s for s in r.table_status if s.kind == "three-public"]
    assert (status.lines, status.amounts, status.empty, status.note, status.table) == (
        0,
        0,
        True,
        "注：本单位没有“三公”经费。",
        1,
    )
    # the note states none: the budget year gets zeros carrying the statement
    assert [(i.year, i.total, i.stated, i.table) for i in r.three_public] == [
        (2024, D("0.00"), "注：本单位没有“三公”经费。", 1)
    ]
