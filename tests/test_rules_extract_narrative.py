"""Rules of the explanation chapters' figures (narrative.py) on hand-made sentences: a figure and
its label, the change after it (amount, percentage, unchanged), a change opening the next
sentence, a change with a subject of its own, thresholds and shares, 三公 items only in a 三公
context, counts of vehicles and equipment, the year of a figure, a sentence cut by a page break."""

from __future__ import annotations

from budgetkg.extract.narrative import extract_narrative
from budgetkg.read.model import Document, Heading, Paragraph, Provenance

P = Provenance("t.txt")


def figs(*paras: str, year: int | None = 2024) -> list[tuple]:
    blocks = [Heading(p[1:], 1, P) if p.startswith("#") else Paragraph(p, P) for p in paras]
    doc = Document("t.txt", "", "text/plain", blocks)  # type: ignore[arg-type]
    return [
        (
            f.topic,
            f.item,
            f.measure,
            str(f.value),
            f.unit,
            f.year,
            f.direction,
            None if f.change is None else str(f.change),
            None if f.change_percent is None else str(f.change_percent),
        )
        for f in extract_narrative(doc, year)
    ]


def test_a_total_with_its_change_in_amount_and_percent() -> None:
    assert figs("2024年收支预算总额1,234.50万元，比上年减少12.30万元，下降1.5%。") == [
        ("budget-total", "2024年收支预算总额", "total", "1234.50", "万元", 2024, "decrease", "12.30", "1.5")
    ]


def test_a_change_opening_the_next_sentence_is_the_first_figure_of_the_one_before() -> None:
    assert figs("机关运行经费预算为20.00万元。比2023年增加2.00万元，增长11.1%。") == [
        (
            "operating-costs",
            "机关运行经费预算",
            "operating-costs",
            "20.00",
            "万元",
            2024,
            "increase",
            "2.00",
            "11.1",
        )
    ]


def test_unchanged() -> None:
    assert figs("机关运行经费预算为20.00万元，与上年持平。") == [
        (
            "operating-costs",
            "机关运行经费预算",
            "operating-costs",
            "20.00",
            "万元",
            2024,
            "unchanged",
            None,
            None,
        )
    ]


def test_a_change_with_its_own_subject_is_left_alone_and_三公_items_need_a_三公_context() -> None:
    text = (
        "2024年“三公”经费预算3.00万元，其中：因公出国（境）费1.00万元，"
        "公务接待费2.00万元，基本支出增加5.00万元。"
    )
    assert figs(text) == [
        ("three-public", "2024年“三公”经费预算", "three-public", "3.00", "万元", 2024, None, None, None),
        ("three-public", "因公出国（境）费", "overseas-travel", "1.00", "万元", 2024, None, None, None),
        ("three-public", "公务接待费", "official-reception", "2.00", "万元", 2024, None, None, None),
    ]
    assert figs("#“三公”经费", "公务接待费2.00万元。") == [
        ("three-public", "公务接待费", "official-reception", "2.00", "万元", 2024, None, None, None)
    ]
    assert figs("公务接待费2.00万元。") == []


def test_counts_thresholds_shares_and_a_stated_year() -> None:
    text = (
        "截至2023年底，共有车辆5辆，单位价值100万元以上设备2台，政府采购预算30.00万元，"
        "其中：政府采购货物预算10.00万元，占33.3%。"
    )
    assert figs(text) == [
        ("vehicles", "车辆", "asset-quantity", "5", "辆", 2023, None, None, None),
        ("equipment", "单位价值100万元以上设备", "asset-quantity", "2", "台", 2023, None, None, None),
        ("procurement", "政府采购预算", "procurement", "30.00", "万元", 2023, None, None, None),
        ("procurement", "政府采购货物预算", "procurement-goods", "10.00", "万元", 2023, None, None, None),
    ]


def test_a_sentence_cut_after_its_verb_is_joined_to_the_next_paragraph() -> None:
    assert figs("政府采购预算30.00万元，比上年增加", "3.00万元。", year=None) == [
        ("procurement", "政府采购预算", "procurement", "30.00", "万元", None, "increase", "3.00", None)
    ]
    # a paragraph ending its sentence is not joined: the next paragraph's change refers to nothing
    assert figs("政府采购预算30.00万元。", "比上年增加3.00万元。") == [
        ("procurement", "政府采购预算", "procurement", "30.00", "万元", 2024, None, None, None)
    ]


def test_a_change_in_another_unit_than_the_figure_is_not_its_change() -> None:
    assert figs("共有车辆5辆，比上年增加1.00万元。") == [
        ("vehicles", "车辆", "asset-quantity", "5", "辆", 2024, None, None, None)
    ]
