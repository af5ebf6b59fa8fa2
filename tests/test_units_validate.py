"""Units in the graph and in validation: printed figures kept, tolerance scaled by the printing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import extract_document
from budgetkg.rdf.build import build_graph
from budgetkg.read.text import read_text
from budgetkg.validate.engine import Validator

BKG = "https://w3id.org/budgetkg/ontology#"
UNIT = "https://w3id.org/budgetkg/code/unit/"


def _summary(unit: str, total: str, part: str) -> str:
    """A 支出总表 whose 类 208 is ``total`` and its two 款 ``part`` each."""
    return (
        f"XX局2024年部门预算\n\n支出总表\n\n单位：{unit}\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        f"合计\t\t{total}\t{total}\t\n"
        f"208\t社会保障和就业支出\t{total}\t{total}\t\n"
        f"20801\t人力资源和社会保障管理事务\t{part}\t{part}\t\n"
        f"20802\t民政管理事务\t{part}\t{part}\t\n"
    )


def _graph(text: str) -> tuple[str, list]:  # type: ignore[type-arg]
    records = extract_document(read_text(text, "t.txt", "x"))
    return build_graph(records, "https://example.org/")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_observations_keep_the_printed_figure_and_unit() -> None:
    _, triples = _graph(_summary("元", "30,000.00", "10,000.00"))
    by_subject: dict[str, dict[str, str]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {})[t.predicate.value] = t.object.value
    observations = [p for p in by_subject.values() if BKG + "amount" in p and BKG + "measure" in p]
    assert observations
    for p in observations:
        assert p[BKG + "printedUnit"] == UNIT + "yuan"
        assert Decimal(p[BKG + "printedAmount"]) * Decimal("0.0001") == Decimal(p[BKG + "amount"])
    assert {p[BKG + "amount"] for p in observations} == {"3.00", "1.00"}
    tables = [p for p in by_subject.values() if BKG + "tableNumber" in p]
    assert [p[BKG + "printedUnit"] for p in tables] == [UNIT + "yuan"]


def _children_sum(validator: Validator, text: str) -> list[str]:
    """Severities of the children-sum findings (208 against 20801 + 20802: its 合计 and 基本支出 columns)."""
    graph, triples = _graph(text)
    return sorted(f.severity for f in validator.validate(graph, triples).findings if f.rule == "children-sum")


def test_tolerance_scales_with_a_coarse_printing(validator: Validator) -> None:
    """0.0003 亿元 = 3 万元 against 0.0001 + 0.0001: 1 万元 off, within half a unit of each part's digit."""
    assert _children_sum(validator, _summary("亿元", "0.0003", "0.0001")) == ["Info", "Info"]
    # the same figures printed in 万元 do not reconcile
    assert _children_sum(validator, _summary("万元", "3.00", "1.00")) == ["Warning", "Warning"]
    # nor printed in 亿元 to four decimals when 3 万元 off (more than one unit per part)
    assert _children_sum(validator, _summary("亿元", "0.0005", "0.0001")) == ["Warning", "Warning"]


def test_tolerance_is_never_tighter_than_set(validator: Validator) -> None:
    """元 printed to the fen: 100 元 off is 0.01 万元, within the tolerance as in 万元."""
    assert _children_sum(validator, _summary("元", "20,100.00", "10,000.00")) == ["Info", "Info"]
    assert _children_sum(validator, _summary("元", "20,300.00", "10,000.00")) == ["Warning", "Warning"]
