"""Rules of column roles (columns.py) and label vocabulary (vocab.py) on hand-made headers.

Each expected value is written from what the rule means: which column is a code, a name or an
amount; which measure and fund source an amount column carries for each kind of table; which side
of a two-sided table a column belongs to."""

from __future__ import annotations

import pytest

from budgetkg.extract.columns import Column, classify
from budgetkg.extract.header import Header
from budgetkg.extract.vocab import (
    asset_measure_of,
    fund_of,
    is_total_name,
    measure_of,
    strip_ordinal,
    unit_of,
)


def roles(
    paths: list[tuple[str, ...]], kinds: list[str], kind: str
) -> list[tuple[str, str | None, str | None]]:
    cols = classify(Header(size=len(max(paths, key=len)), paths=paths), kinds, kind)
    return [(c.role, c.measure, c.fund) for c in cols]


# ------------------------------------------------------------------ roles


def test_roles_of_a_split_code_table() -> None:
    paths = [("序号",), ("类",), ("款",), ("项",), ("科目名称",), ("合计",), ("基本支出",), ("项目支出",)]
    cols = classify(
        Header(1, paths),
        ["number", "code", "code", "code", "text", "amount", "amount", "amount"],
        "general-public",
    )
    assert [(c.index, c.role, c.part) for c in cols] == [
        (0, "seq", None),
        (1, "code", "类"),
        (2, "code", "款"),
        (3, "code", "项"),
        (4, "name", None),
        (5, "amount", None),
        (6, "amount", None),
        (7, "amount", None),
    ]
    assert [(c.measure, c.fund) for c in cols[5:]] == [
        ("total", "general-public"),
        ("basic", "general-public"),
        ("project", "general-public"),
    ]
    assert [c.label for c in cols] == ["序号", "类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"]
    assert all(c.side is None for c in cols)


def test_a_code_column_is_named_by_编码_and_has_no_part() -> None:
    cols = classify(Header(1, [("科目编码",), ("科目名称",)]), ["code", "text"], "general-public")
    assert [(c.role, c.part) for c in cols] == [("code", None), ("name", None)]


def test_project_type_and_names() -> None:
    paths = [
        ("项目类型",),
        ("项目类别说明",),
        ("项目名称",),
        ("单位",),
        ("功能经济分类科目",),
        ("项目（万元）",),
        ("项目(元)",),
        ("预算单位",),
        ("单位名称",),
        ("科目",),
        ("项目",),
    ]
    assert [r for r, _, _ in roles(paths, ["text"] * len(paths), "project-list")] == [
        "type",
        "type",
        "name",
        "name",
        "name",
        "name",
        "name",
        "name",
        "name",
        "name",
        "name",
    ]


def test_a_project_column_is_not_a_name_without_its_bracket() -> None:
    # 项目经费 is neither a name leaf nor 项目(…): an amoun
    # t column of a 项目支出表 (its measure is the table's)
    assert roles([("项目经费",)], ["amount"], "project-list") == [("amount", "project", None)]


def test_data_decides_for_unlabelled_and_blank_columns() -> None:
    # an unlabelled column of text is the name; unlabelled numbers are the first amount (合计 by default)
    assert roles([(), ()], ["text", "amount"], "general-public") == [
        ("name", None, None),
        ("amount", "total", "general-public"),
    ]
    # a labelled empty or number column is an amount; an unlabelled empty one is other
    assert roles([("合计",), ("基本支出",), ()], ["amount", "empty", "empty"], "general-public")[1:] == [
        ("amount", "basic", "general-public"),
        ("other", None, None),
    ]
    assert roles([("合计",), ("其他",)], ["amount", "number"], "general-public")[1] == (
        "amount",
        "total",
        "general-public",
    )
    # a labelled text column that is no name is other
    assert roles([("备注",)], ["text"], "general-public") == [("other", None, None)]


def test_an_unlabelled_later_amount_is_other() -> None:
    got = roles([("名称",), (), ()], ["text", "amount", "amount"], "general-public")
    assert [r for r, _, _ in got] == ["name", "amount", "other"]
    assert got[1] == ("amount", "total", "general-public")


# ------------------------------------------------------------------ measures and funds


@pytest.mark.parametrize(
    ("kind", "label", "expected"),
    [
        ("income", ("合计",), ("total", None)),
        ("income", ("一般公共预算拨款收入",), ("income", "general-public")),
        ("income", ("上年结转",), ("income", "prior-year")),
        ("basic", ("人员经费",), ("basic", None)),
        ("basic", ("财政拨款",), ("basic", "fiscal")),
        ("project-list", ("合计",), ("project", None)),
        ("procurement", ("财政专户管理资金",), ("procurement", "fiscal-special")),
        ("general-public", ("基本支出", "人员支出"), ("personnel", "general-public")),
        ("general-public", ("小计",), ("total", "general-public")),
        ("general-basic", ("合计",), ("basic", "general-public")),
        ("general-basic", ("公用经费",), ("public", "general-public")),
        ("government-fund", ("项目支出",), ("project", "government-fund")),
        ("state-capital", ("合计",), ("total", "state-capital")),
        ("general-public", ("政府性基金", "合计"), ("total", "government-fund")),
        ("assets", ("车辆", "数量"), ("asset-quantity", None)),
        ("assets", ("房屋", "价值"), ("asset-value", None)),
        ("other-kind", ("基本支出",), ("basic", None)),
    ],
)
def test_measure_and_fund_by_kind_of_table(kind: str, label: tuple[str, ...], expected: tuple) -> None:
    assert roles([label], ["amount"], kind) == [("amount", *expected)]


def test_two_sided_tables_give_each_column_a_side() -> None:
    paths = [("收入", "项目"), ("收入", "预算数"), ("支出", "项目"), ("支出", "预算数"), ("栏",)]
    cols = classify(Header(2, paths), ["text", "amount", "text", "amount", "amount"], "income-expenditure")
    assert [(c.role, c.side, c.measure, c.fund) for c in cols] == [
        ("name", "income", None, None),
        ("amount", "income", "income", None),
        ("name", "expenditure", None, None),
        ("amount", "expenditure", "expenditure", None),
        ("amount", None, "expenditure", None),
    ]


def test_the_fiscal_two_sided_table_spends_fiscal_money_unless_a_fund_is_named() -> None:
    paths = [("收入项目",), ("收入预算数",), ("支出项目",), ("支出合计",), ("支出", "一般公共预算")]
    cols = classify(
        Header(2, paths), ["text", "amount", "text", "amount", "amount"], "fiscal-income-expenditure"
    )
    assert [(c.side, c.measure, c.fund) for c in cols if c.role == "amount"] == [
        ("income", "income", None),
        ("expenditure", "expenditure", "fiscal"),
        ("expenditure", "expenditure", "general-public"),
    ]


def test_an_unlabelled_first_amount_is_the_total_where_no_label_says_otherwise() -> None:
    # Tables whose kind gives no measure (an asset table, a kind not known): the first amount,
    # unlabelled, is the 合计; one labelled by no measure word keeps None.
    assert roles([("名称",), ()], ["text", "amount"], "assets") == [
        ("name", None, None),
        ("amount", "total", None),
    ]
    assert roles([("名称",), ()], ["text", "amount"], "notes") == [
        ("name", None, None),
        ("amount", "total", None),
    ]
    assert roles([("名称",), ("备注数",)], ["text", "amount"], "notes")[1] == ("amount", None, None)
    # tables whose kind gives every amount a measure keep it
    assert roles([("名称",), ()], ["text", "amount"], "income") == [
        ("name", None, None),
        ("amount", "income", None),
    ]


def test_classify_pads_missing_data_kinds_as_empty() -> None:
    # no data kind known for the second column: an empty labelled column is an amount
    assert roles([("名称",), ("合计",)], ["text"], "general-public") == [
        ("name", None, None),
        ("amount", "total", "general-public"),
    ]


def test_column_defaults() -> None:
    assert Column(index=0, label="", role="other") == Column(0, "", "other", None, None, None, None)


# ------------------------------------------------------------------ vocabulary


def test_strip_ordinal_removes_up_to_two_numberings() -> None:
    assert strip_ordinal("七、 一般公共服务") == "一般公共服务"
    assert strip_ordinal("(八)其他") == "其他"
    assert strip_ordinal("其中：（一）人员") == "人员"
    assert strip_ordinal("1.2.3.人员") == "3.人员"  # two rounds only
    assert strip_ordinal("八一路") == "八一路"


def test_total_names_end_with_合计_or_总计_and_are_short() -> None:
    assert is_total_name("合 计") and is_total_name("本年收入合计") and is_total_name("一、支出总计")
    assert is_total_name("一二三四五六合计")  # 8 characters
    assert not is_total_name("一二三四五六七合计")  # 9 characters
    assert not is_total_name("小计") and not is_total_name("合计数")


def test_measure_words() -> None:
    assert measure_of("合 计") == "total" and measure_of("总计") == "total"
    assert measure_of("小计") is None and measure_of("一般公共预算") is None
    assert measure_of("结转下年") == "carryover"
    assert measure_of("事业单位经营支出") == "business-operating"
    assert measure_of("对附属单位补助支出") == "subsidy-affiliated"
    assert measure_of("人员经费") == "personnel" and measure_of("公用经费") == "public"
    assert measure_of("基本支出合计") == "basic"


def test_fund_words_first_match_wins() -> None:
    assert fund_of("一般公共预算财政拨款") == "general-public"
    assert fund_of("财政拨款") == "fiscal"
    assert fund_of("政府性基金预算") == "government-fund"
    assert fund_of("事业收入") == "business" and fund_of("事业单位经营收入") == "business-operating"
    assert fund_of("合计") is None


def test_asset_measures_and_units() -> None:
    assert asset_measure_of("数量") == "asset-quantity"
    assert asset_measure_of("价值（万元）") == "asset-value" and asset_measure_of("金额") == "asset-value"
    assert asset_measure_of("名称") is None
    assert unit_of("房屋（平方米）") == "square-metre" and unit_of("车辆（辆）") == "vehicle"
    assert unit_of("单价50万元以上设备(台)") == "set" and unit_of("家具（套）") == "set"
    assert unit_of("在职人员（人）") == "person" and unit_of("其他") == "count"
