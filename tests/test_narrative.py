"""Figures of the explanation chapters (with their sentences) and the glossary, on the five samples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import BudgetRecords
from budgetkg.extract.facts import StatedFigure
from budgetkg.extract.narrative import extract_narrative
from budgetkg.read.model import Document, Paragraph, Provenance


def _fig(r: BudgetRecords, measure: str, item: str | None = None) -> StatedFigure:
    found = [f for f in r.stated_figures if f.measure == measure and (item is None or item in f.item)]
    assert len(found) == 1, (measure, item, [f.item for f in found])
    return found[0]


def _change(f: StatedFigure) -> tuple[str | None, str | None, str | None, str | None]:
    def s(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return s(f.value), f.direction, s(f.change), s(f.change_percent)


# sample -> (budget total, its change) of the year-over-year sentence
TOTALS = {
    "000": ("9488.9", "increase", "59.87", None),
    "001": ("16500.49", "decrease", "338.60", None),
    "002": ("10351.24", "increase", "2525.71", None),
    "004": ("16028.22", "increase", "2943.03", None),
}


@pytest.mark.parametrize("sample", sorted(TOTALS))
def test_year_over_year_change_of_the_total(records: dict[str, BudgetRecords], sample: str) -> None:
    f = _fig(records[sample], "total")
    assert _change(f) == TOTALS[sample]
    assert f.topic == "budget-total" and f.value is not None and str(f.value) in f.sentence.replace(",", "")


def test_003_states_two_totals_with_different_changes(records: dict[str, BudgetRecords]) -> None:
    figures = {f.item: _change(f) for f in records["003"].stated_figures if f.measure == "total"}
    assert figures == {
        "海东市人力资源和社会保障局2024年收支总预算": ("2791.77", None, None, None),
        "海东市人力资源和社会保障局2024年财政拨款收支总预算": ("2791.77", "increase", "259.91", None),
    }


THREE_PUBLIC = {  # total and its change; reception and its change
    "000": (("13.38", "decrease", "2.85", "17.56"), ("4.6", "decrease", "2.6", "36.11")),
    "001": (("6.3", "increase", "0", None), ("0", None, None, None)),
    "003": (("11.00", "decrease", "3.00", None), ("3.50", "decrease", "3.00", None)),
    "004": (("2.99", "decrease", "0.11", "3.55"), ("2.00", "unchanged", None, None)),
}


@pytest.mark.parametrize("sample", sorted(THREE_PUBLIC))
def test_three_public_amount_and_direction(records: dict[str, BudgetRecords], sample: str) -> None:
    r = records[sample]
    assert (_change(_fig(r, "three-public")), _change(_fig(r, "official-reception"))) == THREE_PUBLIC[sample]


def test_three_public_items_only_where_the_text_is_about_them(records: dict[str, BudgetRecords]) -> None:
    """003's 公用经费 sentence lists a 公务接待费 3.50 too: the economic class, not the 三公 item."""
    receptions = [f for f in records["003"].stated_figures if f.measure == "official-reception"]
    assert len(receptions) == 1 and "三公" in receptions[0].sentence
    assert _change(_fig(records["000"], "vehicle-operation")) == ("8.78", "decrease", "0.25", "2.77")
    assert _change(_fig(records["004"], "vehicle-purchase")) == ("0.00", "unchanged", None, None)
    assert not [f for f in records["002"].stated_figures if f.topic == "three-public"]  # 均未使用: no figure


OPERATING = {
    "000": ("294.53", "decrease", "12.64", "4.11"),
    "001": ("135.69", None, None, None),
    "003": ("124.25", "decrease", "12.16", "8.91"),
    "004": ("149.89", "increase", "26.71", "21.68"),
}


@pytest.mark.parametrize("sample", sorted(OPERATING))
def test_operating_costs_with_the_change_stated_in_the_next_sentence(
    records: dict[str, BudgetRecords], sample: str
) -> None:
    f = _fig(records[sample], "operating-costs")
    assert _change(f) == OPERATING[sample]
    if f.change is not None:
        assert str(f.change) in f.sentence  # the sentence stating the change is linked too


PROCUREMENT = {  # total, goods, works, services
    "000": ("358.89", "41.24", "0", "317.65"),
    "002": ("9.90", "0.00", "0.00", "9.90"),
    "003": ("26.00", "26.00", "0", "0"),
    "004": ("253.88", "12.89", "0.00", "240.99"),
}


@pytest.mark.parametrize("sample", sorted(PROCUREMENT))
def test_procurement_split_into_goods_works_services(records: dict[str, BudgetRecords], sample: str) -> None:
    r = records[sample]
    got = tuple(str(_fig(r, m).value) for m in ("procurement", "procurement-goods", "procurement-works",
                                                "procurement-services"))
    assert got == PROCUREMENT[sample]
    assert _fig(r, "procurement-goods").sentence == _fig(r, "procurement").sentence


def test_vehicles_and_large_equipment(records: dict[str, BudgetRecords]) -> None:
    def counts(sample: str, topic: str) -> list[tuple[str, str]]:
        return [(f.item, str(f.value)) for f in records[sample].stated_figures if f.topic == topic]

    assert counts("000", "vehicles") == [
        ("车辆", "7"), ("机要通信用车", "3"), ("应急保障用车", "2"), ("执法执勤用车", "0"),
        ("特种专业技术用车", "0"), ("其他按照规定配备的公务用车", "2"),
    ]
    cars = _fig(records["000"], "asset-quantity", "车辆")
    assert (cars.unit, cars.year) == ("辆", 2023)  # 截至 2023 年 12 月 31 日
    assert counts("002", "equipment") == [
        ("单位价值50万元以上通用设备", "0"),
        ("单位价值100万元以上专用设备", "0"),
    ]
    assert counts("003", "vehicles")[:4] == [
        ("海东市人力资源和社会保障局所属各预算单位共有车辆", "3"), ("省级领导干部用车", "0"),
        ("厅级领导干部用车", "0"), ("一般公务用车", "3"),
    ]
    # 100 万元以上 is a threshold, not an amount
    assert not [f for f in records["000"].stated_figures if f.topic == "equipment" and f.unit == "万元"]


def test_a_sentence_cut_by_a_page_break_is_joined() -> None:
    """004 breaks its 三公 sentence after “三公”经费; the figure is found in the joined sentence."""
    prov = Provenance(source="t")
    doc = Document(source="t", checksum="", media_type="text/plain", blocks=[
        Paragraph("二、“三公”经费支出情况", prov),
        Paragraph("2024年通过一般公共预算财政拨款安排的“三公”经费", prov),
        Paragraph("预算共 2.99 万元，比上年减少 0.11 万元，下降 3.55%，主要原因是压缩支出。其中：", prov),
        Paragraph("1. 公务接待费 2.00 万元，与上年基本持平。", prov),
    ])
    figures = extract_narrative(doc, 2024)
    assert [(f.measure, _change(f)) for f in figures] == [
        ("three-public", ("2.99", "decrease", "0.11", "3.55")),
        ("official-reception", ("2.00", "unchanged", None, None)),
    ]
    assert figures[0].sentence.startswith("2024年通过一般公共预算财政拨款安排的“三公”经费预算共2.99万元")


GLOSSARY = {"000": 17, "001": 10, "002": 17, "003": 28, "004": 17}


@pytest.mark.parametrize("sample", sorted(GLOSSARY))
def test_glossary_terms(records: dict[str, BudgetRecords], sample: str) -> None:
    terms = {t.term: t for t in records[sample].glossary}
    assert len(records[sample].glossary) == GLOSSARY[sample]
    assert "机关运行经费" in terms
    assert all(t.definition and "：" not in t.term for t in terms.values())


def test_glossary_entries_cut_by_page_breaks_and_grouped_by_heading(
    records: dict[str, BudgetRecords],
) -> None:
    terms = {t.term: t for t in records["000"].glossary}
    # "其" / "他收入”等不足以安排..." are two paragraphs in the text: one definition
    assert "“其他收入”等不足以安排当年支出的情况下" in terms["使用非财政拨款结余"].definition
    g003 = {t.term: t for t in records["003"].glossary}
    cut = "社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险业务管理事务（项）"
    assert g003[cut].definition == "反映劳动保障监察事务支出。" and g003[cut].category == "支出科目类"
    assert g003["财政拨款收入"].category == "收入类"
    assert g003["住房保障支出（类）住房改革支出（款）住房公积金（项）"].definition.endswith("住房公积金。")
    assert records["001"].glossary[-1].term == "机关运行经费"  # 十一、其他需要说明的事项 is no term
