"""Rules of the small text helpers (text.py): spaces in Chinese names, total labels, code digits."""

from __future__ import annotations

import pytest

from budgetkg.extract.text import clean_name, compact, digits, is_amount, is_total_label, parse_amount


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("社会保障 和就业支出", "社会保障和就业支出"),
        ("社会保障\n和就业 支出", "社会保障和就业支出"),
        ("  行政运行  ", "行政运行"),
        ("项目 ( 一 ) 甲", "项目(一)甲"),
        ("因公出国 （境） 费", "因公出国（境）费"),
        ("IT  system   upgrade", "IT system upgrade"),
        ("“三公” 经费", "“三公”经费"),
        ("2024 年", "2024年"),
        ("", ""),
    ],
)
def test_clean_name_drops_spaces_touching_chinese_and_brackets(printed: str, clean: str) -> None:
    assert clean_name(printed) == clean


def test_compact_removes_every_space() -> None:
    assert compact(" 合 \t计\n ") == "合计"


@pytest.mark.parametrize(
    ("label", "total"),
    [
        ("合计", True),
        ("合 计", True),
        ("总计", True),
        ("小计", True),
        ("合计-", True),
        ("本年合计", True),
        ("本年收入合计", True),
        ("一二三四合计", True),
        ("一二三四五合计", False),
        ("合计数", False),
        ("收入", False),
        ("", False),
        ("共计", False),
    ],
)
def test_is_total_label(label: str, total: bool) -> None:
    assert is_total_label(label) is total


def test_digits_only_for_all_digit_cells() -> None:
    assert digits(" 2 08 ") == "208" and digits("208a") == "" and digits("") == "" and digits("2.08") == ""


def test_amounts_and_percentages() -> None:
    assert is_amount("9,438.90") and is_amount("(12.30)") and is_amount("113.7万元")
    assert not is_amount("12.5%") and not is_amount("") and not is_amount("-") and not is_amount("合计")
    assert parse_amount("") is None and str(parse_amount("9,438.90")) == "9438.90"
    with pytest.raises(ValueError):
        parse_amount("12%")
