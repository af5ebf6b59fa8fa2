"""Zero, blank and stated (issue 17): one rule for every figure, in every saved query.

A figure printed as 0 is 0.00; a blank the text states as none or 0 is 0.00
named in the answer's ``stated`` column; a blank nothing states stays empty;
a statement never replaces a tabulated figure. The rules are pinned on small
hand-made texts with their boundaries; the CLI tests assert the exact values
a user sees on the samples.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.extract.facts import StatedFigure, ThreePublic
from budgetkg.extract.narrative import extract_narrative
from budgetkg.extract.records import FunctionLine
from budgetkg.extract.stated_none import (
    BASIC,
    THREE_PUBLIC,
    fill_stated_items,
    is_zero_change,
    none_scope,
    stated_basic,
    stated_three_public,
    states_none,
)
from budgetkg.read.model import Document, Paragraph, Provenance

P = Provenance(source="t.txt")
ZERO = Decimal("0.00")


def _doc(*texts: str) -> Document:
    return Document(
        source="t.txt", checksum="", media_type="text/plain", blocks=[Paragraph(t, P) for t in texts]
    )


# -- 基本支出 stated as none ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("注：2024年没有使用一般公共预算拨款安排的基本支出。", "general-public"),
        ("注：某某中心2024年没有基本支出预算。", "all"),
        ("本单位无基本支出。", "all"),
        ("2024年未安排基本支出", "all"),
        ("本部门基本支出预算为0。", "all"),
        ("一般公共预算基本支出为零", "general-public"),
        ("本部门没有财政拨款安排的基本支出", "general-public"),
        ("2024年没有使用政府性基金预算拨款安排的基本支出。", "other"),  # says nothing of other funds
        # a sentence that merely mentions 基本支出, or whose negation governs something else
        ("基本支出是指为保障机构正常运转而发生的支出。", None),
        ("本部门没有下属单位，基本支出5044.00万元。", None),
        ("无基本支出以外的收入", None),
        ("基本支出为0.5万元", None),
        ("基本支出10万元", None),
        ("未纳入基本支出核算的项目", None),
        ("注：2024年没有使用政府性基金预算拨款安排的支出。", None),  # no 基本支出 named
    ],
)
def test_a_negation_must_govern_basic_expenditure(text: str, scope: str | None) -> None:
    assert states_none(text, BASIC) is (scope is not None)
    assert none_scope(text, BASIC) == scope


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("注：2024年没有一般公共预算“三公”经费支出。", "general-public"),
        ("本部门无“三公”经费。", "all"),
        ("2024年没有使用政府性基金预算拨款安排的“三公”经费", "other"),  # not the 三公 the table shows
        ("严格控制“三公”经费", None),
    ],
)
def test_the_same_negation_rule_scopes_three_public(text: str, scope: str | None) -> None:
    assert none_scope(text, THREE_PUBLIC) == scope


def test_three_public_stated_for_another_fund_only_gives_no_zeros() -> None:
    doc = _doc("2024年没有使用政府性基金预算拨款安排的“三公”经费。")
    assert stated_three_public(doc, [], {}, 2024, []) == []
    assert [i.year for i in stated_three_public(_doc("本部门无“三公”经费。"), [], {}, 2024, [])] == [2024]


def _lines() -> list[FunctionLine]:
    return [
        FunctionLine(
            code=None, name="合计", total=Decimal("10.00"), basic=None, project=Decimal("10.00"), table=3
        ),
        FunctionLine(
            code="208",
            name="社会保障和就业支出",
            total=Decimal("10.00"),
            basic=None,
            project=Decimal("10.00"),
            table=3,
        ),
        FunctionLine(
            code="213", name="农林水支出", total=Decimal("1.00"), basic=Decimal("1.00"), project=None, table=3
        ),
    ]


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("注：2024年没有基本支出预算。", True),
        ("本单位没有基本支出。", True),  # no year named: the budget year
        ("2023年没有基本支出预算。", False),  # a year other than the budget year
        ("2025年没有基本支出预算。", False),
        ("注：2024年没有使用一般公共预算拨款安排的基本支出。", False),  # one fund: not the whole 基本支出
        ("基本支出主要用于人员工资。", False),
    ],
)
def test_blank_basic_becomes_stated_zero_only_when_stated_for_the_budget_year(
    text: str, filled: bool
) -> None:
    lines = _lines()
    extra = stated_basic(_doc(text), [], {}, 2024, lines)
    assert extra == []  # no 一般公共预算基本支出表 to give a 合计
    assert [ln.basic for ln in lines] == ([ZERO, ZERO] if filled else [None, None]) + [Decimal("1.00")]
    assert [ln.stated for ln in lines] == ([{"basic": text}] * 2 if filled else [{}, {}]) + [{}]


def test_a_printed_basic_is_never_replaced() -> None:
    lines = _lines()
    stated_basic(_doc("本单位没有基本支出。"), [], {}, 2024, lines)
    assert (lines[2].basic, lines[2].stated) == (Decimal("1.00"), {})  # printed 1.00, although "none"


# -- 三公 items stated as 0, changes stated as zero ----------------------------------------------------


def _figures(*sentences: str) -> list[StatedFigure]:
    """The figures of one paragraph of these sentences."""
    return extract_narrative(_doc("".join(sentences)), 2024)


def _total_change(*texts: str) -> bool:
    fig = next(f for f in _figures(*texts) if f.measure == "three-public")
    return is_zero_change(fig)


@pytest.mark.parametrize(
    ("text", "zero"),
    [
        ("与2023年相比增加0万元。", True),
        ("比上年减少0.00万元。", True),
        ("与上年持平。", True),
        ("与上年一致。", True),
        ("与2023年相比增加0.5万元。", False),  # a change, not a zero change
        ("比上年减少2.85万元。", False),
        ("与2022年相比增加0万元。", False),  # not the year before the budget year
        ("与2022年持平。", False),
        ("与2023年一致。", True),
        ("严格控制一般性支出。", False),  # no change stated
    ],
)
def test_a_zero_change_is_stated_on_the_year_before_only(text: str, zero: bool) -> None:
    assert _total_change("2024年“三公”经费预算安排6.3万元。", text) is zero


def _items() -> list[ThreePublic]:
    return [
        ThreePublic(
            year=2024,
            total=Decimal("6.30"),
            vehicle=Decimal("6.30"),
            vehicle_operation=Decimal("6.30"),
            table=9,
        )
    ]


def test_blank_items_stated_as_zero_and_a_zero_change_are_filled() -> None:
    sentence = "2024年“三公”经费预算安排6.3万元，其中因公出国（境）费0万元，公务接待费0万元。"
    items = _items()
    fill_stated_items(items, _figures(sentence, "与2023年相比增加0万元。"))
    item = items[0]
    assert (item.overseas, item.reception, item.vehicle_purchase) == (ZERO, ZERO, None)  # 购置 not stated
    assert sorted(item.stated_items) == ["overseas", "reception"]
    assert item.stated_items["overseas"].startswith(sentence)  # its sentence is the provenance
    assert list(item.stated_changes) == ["total"]
    assert "与2023年相比增加0万元。" in item.stated_changes["total"]


def test_a_stated_figure_never_replaces_a_printed_one_nor_a_tabulated_change() -> None:
    items = _items() + [ThreePublic(year=2023, total=Decimal("6.30"), table=9)]
    items[0].overseas = Decimal("1.00")  # printed
    fill_stated_items(items, _figures("2024年“三公”经费6.3万元，其中因公出国（境）费0万元。", "与上年持平。"))
    assert (items[0].overseas, items[0].stated_items, items[0].stated_changes) == (Decimal("1.00"), {}, {})


def test_non_zero_items_are_not_stated_zeros() -> None:
    items = _items()
    fill_stated_items(items, _figures("2024年“三公”经费6.3万元，其中因公出国（境）费0.5万元。"))
    assert (items[0].overseas, items[0].stated_items) == (None, {})


def test_a_year_stated_none_is_left_as_it_is() -> None:
    item = ThreePublic(year=2024, total=ZERO, stated="本部门无“三公”经费。")
    fill_stated_items([item], _figures("2024年“三公”经费0万元，与上年持平。"))
    assert (item.stated_items, item.stated_changes) == ({}, {})


# -- the samples, as the CLI answers them -----------------------------------------------------------


@pytest.fixture(scope="module")
def store(kg: budgetkg.KnowledgeGraph) -> str:
    return str(kg.settings.store)


def run(*args: str) -> str:
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


ZIBO = "002_4b2f979ab54e32ae.txt,淄博高新技术产业开发区人力资源和社会保障中心（先创）,2024"
CAOFEIDIAN = "001_c8a4a132ef76e2ac.txt,曹妃甸区人力资源和社会保障局,2024"
HAIDONG = "003_ddb67f563ca0ac16.txt,海东市人力资源和社会保障局"
LIAOCHENG = "000_db2ff66d22e413a4.txt,聊城市人力资源和社会保障局"
ALL = "total overseas vehicle_purchase vehicle_operation reception"  # every column of a year stated none


def test_basic_stated_as_none_is_zero_stated_printed_basic_is_not(store: str) -> None:
    out = run("query", "departments", "--store", store, "--format", "csv").splitlines()
    assert out[0] == "document,department,year,region,total,basic,project,stated"
    assert f"{ZIBO},淄博高新技术产业开发区,10351.24,0.00,10351.24,basic" in out
    assert "000_db2ff66d22e413a4.txt,聊城市人力资源和社会保障局,2024,聊城市,9488.90,5044.00,4444.90," in out


def test_basic_stated_as_none_in_the_profile_and_function_lines(store: str) -> None:
    profile = run("query", "department-profile", "--store", store, "-p", "department=淄博", "--format", "csv")
    assert profile.splitlines()[1:4] == [
        f"{ZIBO},total,,合计,,10351.24,0.00,10351.24,,,basic",
        f"{ZIBO},class,208,社会保障和就业支出,,10219.69,0.00,10219.69,98.73,,basic",
        f"{ZIBO},class,213,农林水支出,,131.55,0.00,131.55,1.27,,basic",
    ]
    lines = run("query", "spending-by-function", "--store", store, "-p", "code=2080705", "--format", "csv")
    assert f"{ZIBO},2080705,公益性岗位补贴,806.72,0.00,806.72,basic" in lines.splitlines()
    # 海东's 公益性岗位补贴 prints 基本支出 blank and nothing states it: not published, empty
    assert f"{HAIDONG},2024,2080705,公益性岗位补贴,308.94,,308.94," in lines.splitlines()
    across = run(
        "query", "function-across-departments", "--store", store, "-p", "function=20807", "--format", "csv"
    )
    assert f"{ZIBO},20807,就业补助,806.72,0.00,806.72,10351.24,7.79,100.00,basic" in across.splitlines()


def test_an_empty_basic_table_stated_as_none_gives_one_total_row(store: str) -> None:
    out = run("query", "spending-by-economic-class", "--store", store, "--format", "csv").splitlines()
    assert [r for r in out if r.startswith("002_")] == [
        f"{ZIBO},,合计,,,0.00,0.00,0.00,total personnel public_use"
    ]
    coded = run("query", "spending-by-economic-class", "--store", store, "-p", "code=301", "--format", "csv")
    assert not [r for r in coded.splitlines() if r.startswith("002_")]  # the stated 合计 has no code


def test_three_public_items_printed_zero_stated_zero_and_blank(store: str) -> None:
    out = run("query", "three-public-expenses", "--store", store, "--format", "csv").splitlines()
    assert (
        out[0]
        == "document,department,year,total,overseas,vehicle_purchase,vehicle_operation,reception,stated"
    )
    assert (
        out[1:]
        == [
            f"{LIAOCHENG},2023,16.23,0.00,0.00,9.03,7.20,",  # printed 0
            f"{LIAOCHENG},2024,13.38,0.00,0.00,8.78,4.60,",
            f"{CAOFEIDIAN},6.30,0.00,0.00,6.30,0.00,overseas vehicle_purchase reception",  # text: 0万元
            f"{ZIBO[:-5]},2023,0.00,0.00,0.00,0.00,0.00,{ALL}",
            f"{ZIBO},0.00,0.00,0.00,0.00,0.00,{ALL}",
            f"{HAIDONG},2023,14.00,,,7.50,6.50,",  # blank, nothing stated: not published
            f"{HAIDONG},2024,11.00,0.00,,7.50,3.50,overseas",  # 因公出国（境）费 0.00 万元; 购置 stays blank
            "004_30363da19b6fe6e0.txt,聊城经济技术开发区党群工作部,2023,3.10,0.00,0.00,1.10,2.00,",
            "004_30363da19b6fe6e0.txt,聊城经济技术开发区党群工作部,2024,2.99,0.00,0.00,0.99,2.00,",
        ]
    )


def test_a_change_the_text_states_as_zero(store: str) -> None:
    out = run(
        "query",
        "three-public-expenses-change",
        "--store",
        store,
        "-p",
        "department=曹妃甸",
        "--format",
        "csv",
    )
    assert out.splitlines() == [
        "document,department,year,item_code,item,last_year,this_year,change,change_percent,stated",
        f"{CAOFEIDIAN},three-public,“三公”经费,,6.30,0.00,,change",  # 与2023年相比增加0万元
        f"{CAOFEIDIAN},overseas-travel,因公出国（境）费,,0.00,,,this_year",
        f"{CAOFEIDIAN},official-vehicle,公务用车购置及运行维护费,,6.30,,,",  # no change stated for it
        f"{CAOFEIDIAN},vehicle-purchase,公务用车购置费,,0.00,,,this_year",
        f"{CAOFEIDIAN},vehicle-operation,公务用车运行维护费,,6.30,,,",
        f"{CAOFEIDIAN},official-reception,公务接待费,,0.00,,,this_year",
    ]
    haidong = run(
        "query", "three-public-expenses-change", "--store", store, "-p", "department=海东", "--format", "csv"
    ).splitlines()
    assert haidong[1:3] == [
        f"{HAIDONG},2024,three-public,“三公”经费,14.00,11.00,-3.00,-21.43,",  # the table's, not the text's
        f"{HAIDONG},2024,overseas-travel,因公出国（境）费,,0.00,0.00,,this_year change",  # 增加 0.00 万元
    ]
    # 海东's 公务用车 change is computed from its table (7.50 both years), though the text also states it
    assert f"{HAIDONG},2024,official-vehicle,公务用车购置及运行维护费,7.50,7.50,0.00,0.00," in haidong


def test_each_stated_figure_keeps_its_sentence(kg: budgetkg.KnowledgeGraph) -> None:
    rows = kg.sparql(
        "SELECT ?doc ?measure ?text WHERE { ?o bkg:statedChange 0.00 ; bkg:changeStatement ?text ;"
        " bkg:measure ?measure ; bkg:budgetLine/bkg:inTable/dcterms:isPartOf/bkg:sourceFile ?doc }"
        " ORDER BY ?doc"
    )
    got = [
        (r.doc[:3], str(r.measure).rsplit("/", 1)[1], "增加0" in r.text.replace(" ", "").replace(".00", ""))
        for r in rows.itertuples()
    ]
    assert got == [("001", "three-public", True), ("003", "overseas-travel", True)]
    basic = kg.sparql(
        "SELECT DISTINCT ?text WHERE { ?o bkg:measure measure:basic ; bkg:statedOnly true ;"
        " bkg:statement ?text }"
    )
    assert sorted(basic["text"]) == [
        "注：2024年没有使用一般公共预算拨款安排的基本支出。",
        "注：淄博高新技术产业开发区人力资源和社会保障中心（先创）2024年没有基本支出预算。",
    ]
