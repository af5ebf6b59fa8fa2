"""Rules of the unit check of a document that prints no unit (unit_check.py): the explanations'
万元 figures against the tables' numbers read in each unit, within the figure's own rounding."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract.facts import StatedFigure
from budgetkg.extract.records import Finding
from budgetkg.extract.tables import logical_tables
from budgetkg.extract.unit_check import infer_document_unit
from budgetkg.extract.units import WAN_YUAN, YI_YUAN, YUAN
from budgetkg.read.text import read_text


def _figure(value: str, unit: str = "万元", measure: str = "total") -> StatedFigure:
    return StatedFigure(
        topic="budget-total",
        item="收支预算",
        measure=measure,
        value=D(value),
        unit=unit,
        year=2024,
        sentence="",
    )


def _infer(cells: list[str], *figures: StatedFigure):  # type: ignore[no-untyped-def]
    text = "收入总表\n\n单位名称\t合计\n" + "".join(f"甲{i}\t{c}\n" for i, c in enumerate(cells))
    tables = logical_tables(read_text(text, "t.txt", ""))
    findings: list[Finding] = []
    unit = infer_document_unit(tables, figures, findings)
    return unit, [(f.slug, f.message) for f in findings], [(t.units.source, t.units.inferred) for t in tables]


def test_tables_in_yuan_are_inferred_with_a_warning() -> None:
    unit, findings, tables = _infer(["12345600.00", "100.00"], _figure("1234.56"))
    assert unit is YUAN
    assert findings == [
        (
            "unit-inferred",
            "no table prints its unit; the tables' figures meet "
            "1 of the 1 万元 figures the explanations state only "
            "when read in 元: amounts are read as 元 (unit inferred, ×0.0001 to 万元)",
        )
    ]
    assert tables == [("inferred", True)]


def test_the_figures_rounding_is_allowed_and_no_more() -> None:
    # 1234.6 万元 stated with one decimal: 12,345,500 元 (1234.55) is within half a unit of it
    assert _infer(["12345500"], _figure("1234.6"))[0] is YUAN
    assert _infer(["12345499"], _figure("1234.6"))[0] is WAN_YUAN  # 1234.5499: more than 0.05 off


def test_wan_yuan_confirmed_is_silent() -> None:
    unit, findings, tables = _infer(["1234.56"], _figure("1234.56"))
    assert (unit, findings, tables) == (WAN_YUAN, [], [("checked", False)])


def test_a_tie_or_nothing_confirmed_is_unchecked() -> None:
    message = (
        "no table prints its unit and the explanations' figures confirm none: amounts are read as 万元 "
        "(the standard tables' unit), unchecked"
    )
    assert _infer(["1.00"], _figure("5.00")) == (
        WAN_YUAN,
        [("unit-unchecked", message)],
        [("assumed", False)],
    )
    # one figure met in 元, another in 亿元: a tie
    unit, findings, _ = _infer(["50000", "3"], _figure("5.00"), _figure("30000"))
    assert (unit, [s for s, _ in findings]) == (WAN_YUAN, ["unit-unchecked"])
    assert _infer(["3"], _figure("30000"))[0] is YI_YUAN


def test_only_money_figures_count() -> None:
    # a count (even one a reader labelled 万元), a percentage, a zero say nothing about the unit of money
    unit, findings, _ = _infer(
        ["50000"], _figure("5", measure="asset-quantity"), _figure("5", unit="%"), _figure("0")
    )
    assert (unit, [s for s, _ in findings]) == (WAN_YUAN, ["unit-unchecked"])
