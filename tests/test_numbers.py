"""Numbers as budgets print them: each rule of extract/numbers.py with its boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract.numbers import is_blank, parse_count, read_number
from budgetkg.extract.text import is_amount, parse_amount
from budgetkg.extract.units import WAN_YUAN, YI_YUAN, YUAN, Money


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.30", "12.30"),
        ("-12.30", "-12.30"),
        ("+12.30", "12.30"),
        ("−12.30", "-12.30"),  # U+2212 minus sign
        ("－12.30", "-12.30"),  # full-width hyphen
        ("(12.30)", "-12.30"),
        ("（12.30）", "-12.30"),
        ("(1,234)", "-1234"),
        ("△12.30", "-12.30"),
        ("△ 0.50", "-0.50"),
        ("0", "0"),
        ("0.00", "0.00"),
        ("50", "50"),
    ],
)
def test_signs_and_brackets(text: str, value: str) -> None:
    amount = parse_amount(text)
    assert amount is not None and str(amount) == value


@pytest.mark.parametrize(
    "text", ["(1)", "（12）", "-(12.30)", "△(12.30)", "△", "--12.30", "12.30-", "(12.30"]
)
def test_signs_and_brackets_refused(text: str) -> None:
    """An ordinal ``(1)`` or a doubled sign is not a number: the cell is reported, never guessed."""
    with pytest.raises(ValueError):
        parse_amount(text)
    assert not is_amount(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", "1234"),  # one group
        ("1,234,567", "1234567"),  # two groups
        ("1,234,567,890.12", "1234567890.12"),  # three groups
        ("12,345.6", "12345.6"),
        ("123,456.78", "123456.78"),
        ("9,438.90", "9438.90"),
        ("1234567.89", "1234567.89"),  # no separators at all
    ],
)
def test_thousands_separators(text: str, value: str) -> None:
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize(
    "text", ["1,23,4", "1,2345", "12,34", ",123", "1234,567", "1,234,56", "1,,234", "1,234.5,6"]
)
def test_bad_grouping_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)
    assert not is_amount(text)


@pytest.mark.parametrize(
    ("text", "value"), [("0.5", "0.5"), ("4444.90", "4444.90"), ("0.444490", "0.444490")]
)
def test_decimals_are_kept_as_printed(text: str, value: str) -> None:
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize("text", [".5", "5.", "1.2.3", "12.30.", "1e5", "0x10", "12a"])
def test_malformed_decimals_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("１２３．４５", "123.45"),
        ("１，２３４．５６", "1234.56"),
        ("（１２．３０）", "-12.30"),
        ("－１２．３０", "-12.30"),
        ("１２．５％", None),  # a percentage (see below)
    ],
)
def test_full_width_digits_and_punctuation(text: str, value: str | None) -> None:
    number = read_number(text)
    assert number is not None
    if value is None:
        assert number.percent and number.value == Decimal("12.5")
    else:
        assert str(parse_amount(text)) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9 ,438.90", "9438.90"),
        ("94 889 000.00", "94889000.00"),
        (" 12.30 ", "12.30"),
        ("1\u3000234.5", "1234.5"),
        ("2\xa0791.77", "2791.77"),
    ],
)
def test_spaces_inside_numbers(text: str, value: str) -> None:
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "  ", "-", "--", "—", "——", "－", "/", "／", "…"])
def test_blank_cells_mean_nothing_published(text: str) -> None:
    """A dash or slash is a blank (no observation), never zero."""
    assert parse_amount(text) is None
    assert is_blank(text)
    assert not is_amount(text)


@pytest.mark.parametrize("text", ["0", "0.00", "０．００"])
def test_zero_is_printed_as_zero(text: str) -> None:
    value = parse_amount(text)
    assert value is not None and value == 0
    assert not is_blank(text)


@pytest.mark.parametrize(
    ("text", "wan_yuan", "printed", "unit"),
    [
        ("113.7万元", "113.7", "113.7", WAN_YUAN),
        ("113.7 万元", "113.7", "113.7", WAN_YUAN),
        ("5,000元", "0.50", "5000", YUAN),
        ("123.45元", "0.012345", "123.45", YUAN),
        ("0.45亿元", "4500.00", "0.45", YI_YUAN),
        ("12千元", "1.20", "12", None),
    ],
)
def test_a_cell_naming_its_unit(text: str, wan_yuan: str, printed: str, unit: object) -> None:
    """``113.7万元`` in a cell: the cell's own unit, converted to 万元, the printed figure kept."""
    amount = parse_amount(text)
    assert isinstance(amount, Money)
    assert str(amount) == wan_yuan and str(amount.printed) == printed
    if unit is not None:
        assert amount.unit == unit


@pytest.mark.parametrize("text", ["12.5%", "12.5％", "-3.2%", "100%"])
def test_percentages_are_numbers_but_not_amounts(text: str) -> None:
    number = read_number(text)
    assert number is not None and number.percent
    assert not is_amount(text)
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["合计", "2024年", "=2800 元/年", "约900万元", "12.30万", "万元", "100%%"])
def test_text_is_not_an_amount(text: str) -> None:
    assert not is_amount(text)
    with pytest.raises(ValueError):
        parse_amount(text)


def test_counts_keep_their_value_and_refuse_units() -> None:
    assert parse_count("5,400") == Decimal("5400")
    assert parse_count("—") is None
    with pytest.raises(ValueError):
        parse_count("4万元")
    with pytest.raises(ValueError):
        parse_count("50%")
