"""The rounding tolerance on small hand-made findings: the allowance grows with the items summed,
its exact boundary, and the setting that sets it (default 0.01 万元 per item)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.settings import Settings
from budgetkg.validate import INFO, WARNING, ValidationFinding
from budgetkg.validate.context import NodeContext
from budgetkg.validate.convert import ReportConverter
from budgetkg.validate.shapes import Rule

TEMPLATE = (
    "{?n} 项之和为 {?expected}，合计行为 {?found} | the {?n} items sum to {?expected}, printed {?found}"
)
D = Decimal


def severity(
    expected: str, found: str, n: str | None, tolerance: str = "0.01", tolerant: bool = True, **extra: str
) -> str:
    """The severity the converter gives a sum that misses its printed figure."""
    finding = ValidationFinding(
        severity=WARNING, rule="children-sum", document="d", message_zh="", message_en=""
    )
    variables = {"expected": expected, "found": found, **extra}
    if n is not None:
        variables["n"] = n
    rule = Rule("children-sum", "shape", tolerates_rounding=tolerant)
    converter = ReportConverter(None, ox.Store(), D(tolerance))  # type: ignore[arg-type]  # no tables: scale 1
    converter._sparql_result(finding, rule, TEMPLATE, variables, NodeContext())
    assert (finding.expected, finding.found) == (D(expected), D(found))
    return finding.severity


def test_the_default_tolerance_is_one_hundredth_of_a_wan_yuan() -> None:
    assert Settings().rounding_tolerance == D("0.01")
    assert Settings(rounding_tolerance="0.05").rounding_tolerance == D("0.05")
    with pytest.raises(ValueError):
        Settings(rounding_tolerance="-0.01")


@pytest.mark.parametrize(
    ("n", "difference", "want"),
    [
        ("1", "0.01", INFO),  # one item: 0.01 allowed, exactly at the boundary
        ("1", "0.02", WARNING),
        ("2", "0.02", INFO),  # two items: 0.02
        ("2", "0.03", WARNING),
        ("4", "0.04", INFO),  # four items: 0.04, exactly
        ("4", "0.05", WARNING),
        ("10", "0.10", INFO),
        ("10", "0.11", WARNING),
    ],
)
def test_the_allowance_is_the_tolerance_per_summed_item(n: str, difference: str, want: str) -> None:
    found = str(D("100.00") + D(difference))
    assert severity("100.00", found, n) == want
    assert severity(found, "100.00", n) == want  # a shortfall counts the same as an excess


def test_no_count_means_one_item() -> None:
    assert severity("5.00", "5.01", None) == INFO
    assert severity("5.00", "5.02", None) == WARNING
    assert severity("5.00", "5.01", "0") == INFO


def test_the_tolerance_is_a_parameter() -> None:
    assert severity("100.00", "100.03", "1", tolerance="0.03") == INFO
    assert severity("100.00", "100.04", "1", tolerance="0.03") == WARNING
    assert severity("100.00", "100.06", "2", tolerance="0.03") == INFO
    assert severity("100.00", "100.01", "3", tolerance="0") == WARNING


def test_a_figure_own_allowance_wins_when_larger() -> None:
    # a figure printed with one decimal admits 0.05 on its own (shapes/reconcile.ttl ?allowance)
    assert severity("100.00", "100.05", "1", allowance="0.05") == INFO
    assert severity("100.00", "100.06", "1", allowance="0.05") == WARNING
    assert severity("100.00", "100.03", "4", allowance="0.0") == INFO  # 4 × 0.01 is larger


def test_a_rule_that_does_not_tolerate_rounding_keeps_its_severity() -> None:
    assert severity("100.00", "100.01", "4", tolerant=False) == WARNING


def test_the_setting_reaches_the_validator(tmp_path: Path) -> None:
    with budgetkg.open(tmp_path / "default") as kg:
        assert kg.validator.tolerance == D("0.01")
    with budgetkg.open(tmp_path / "strict", rounding_tolerance=D("0")) as kg:
        assert kg.validator.tolerance == D("0")
    with budgetkg.open(tmp_path / "loose", rounding_tolerance="0.05") as kg:
        assert kg.validator.tolerance == D("0.05")
