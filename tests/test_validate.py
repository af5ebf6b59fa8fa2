"""Validation of the five samples: no structural violation, exactly their real inconsistencies,
and a corrupted copy that yields a Warning naming the table, the row and both figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.rdf import build_graph
from budgetkg.rdf.namespaces import BKG, DEFAULT_BASE
from budgetkg.read import read_document
from budgetkg.validate import INFO, VIOLATION, WARNING, DocumentValidation, ValidationFinding, Validator

from .conftest import SAMPLE_IDS, sample_path

# What each sample really gets wrong (see the closing notes of issue 6):
# (severity, rule, table kind, row, code, measure, expected, found)
EXPECTED: dict[str, set[tuple[object, ...]]] = {
    "000": set(),
    "001": set(),
    "002": set(),
    "003": {
        # 2080199 其他人力资源和社会保障管理事务支出 is printed on rows 10 and 14
        (WARNING, "duplicate-row", "expenditure", 14, "2080199", None, None, None),
        # 23.31 + 122.90 + 61.45 + 106.15 = 313.81, printed 313.82 (合计 and 基本支出)
        (INFO, "children-sum", "expenditure", 15, "20805", "total", Decimal("313.81"), Decimal("313.82")),
        (INFO, "children-sum", "expenditure", 15, "20805", "basic", Decimal("313.81"), Decimal("313.82")),
    },
    "004": set(),
}


def key(f: ValidationFinding) -> tuple[object, ...]:
    return (f.severity, f.rule, f.table_kind, f.row, f.code, f.measure, f.expected, f.found)


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="module")
def validations(records: dict[str, BudgetRecords], validator: Validator) -> dict[str, DocumentValidation]:
    return {p: validator.validate(*build_graph(records[p], DEFAULT_BASE)) for p in SAMPLE_IDS}


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_samples_pass_every_structural_shape(validations: dict[str, DocumentValidation], sample: str) -> None:
    v = validations[sample]
    assert v.conforms, [f.to_dict() for f in v.violations]
    assert v.count(VIOLATION) == 0


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_samples_have_exactly_their_real_inconsistencies(
    validations: dict[str, DocumentValidation], sample: str
) -> None:
    assert {key(f) for f in validations[sample].findings} == EXPECTED[sample]
    assert len(validations[sample].findings) == len(EXPECTED[sample])


def test_finding_names_document_department_table_row_figures(
    validations: dict[str, DocumentValidation],
) -> None:
    f = next(f for f in validations["003"].findings if f.rule == "children-sum" and f.measure == "total")
    assert f.source == sample_path("003").name
    assert f.department == "海东市人力资源和社会保障局"
    assert (f.table_kind, f.table_title, f.item) == ("expenditure", "支出总表", "行政事业单位养老支出")
    assert f.difference == Decimal("0.01")
    assert [label for label, _ in f.figures] == ["2080502", "2080505", "2080506", "2080599"]
    assert sum(a for _, a in f.figures) == f.expected
    assert "313.81" in f.message_zh and "313.82" in f.message_zh and "行政事业单位养老支出" in f.message_zh
    assert "sum to 313.81, published 313.82" in f.message_en


def test_duplicate_row_is_not_counted_twice_in_its_parent(validations: dict[str, DocumentValidation]) -> None:
    """20801 sums right once the second 2080199 (same amount) is recognised as a duplicate."""
    dup = next(f for f in validations["003"].findings if f.rule == "duplicate-row")
    assert "row 10" in dup.message_en and "第 14 行" in dup.message_zh
    assert not [f for f in validations["003"].findings if f.code == "20801"]


def test_zero_tolerance_makes_rounding_differences_warnings(records: dict[str, BudgetRecords]) -> None:
    strict = Validator(tolerance=Decimal("0"))
    v = strict.validate(*build_graph(records["003"], DEFAULT_BASE))
    sums = [f for f in v.findings if f.rule == "children-sum"]
    assert len(sums) == 2 and {f.severity for f in sums} == {WARNING}


def _corrupt(source: Path, tmp_path: Path, code: str, old: str, new: str) -> Path:
    """A copy of a sample with the first ``old`` amount of the expenditure summary line ``code`` changed."""
    records = extract_document(read_document(source))
    line = next(ln for ln in records.function_lines if ln.code == code)
    assert line.prov is not None and line.prov.line is not None
    text = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in text[line.prov.line - 1]
    text[line.prov.line - 1] = text[line.prov.line - 1].replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text("".join(text), encoding="utf-8")
    return path


def test_corrupted_amount_yields_warning_naming_table_row_and_both_values(
    validator: Validator, tmp_path: Path
) -> None:
    source = sample_path("000")
    path = _corrupt(source, tmp_path, "2080106", "540.00", "541.00")  # 就业管理事务, 合计 column
    records = extract_document(read_document(path))
    row = next(ln.row_number for ln in records.function_lines if ln.code == "2080106")
    v = validator.validate(*build_graph(records, DEFAULT_BASE))
    assert v.conforms
    here = [f for f in v.findings if f.row == row]
    assert [(f.severity, f.rule, f.table_title, f.expected, f.found) for f in here] == [
        (WARNING, "total-parts", "支出总体情况表", Decimal("540.00"), Decimal("541.00"))
    ]
    assert "541.00" in here[0].message_en and "540.00" in here[0].message_en
    # the parent 款 no longer adds up either: 7177.25 printed, its 项 now sum to 7178.25
    parent = [f for f in v.findings if f.code == "20801"]
    assert [(f.severity, f.rule, f.measure, f.expected, f.found) for f in parent] == [
        (WARNING, "children-sum", "total", Decimal("7178.25"), Decimal("7177.25"))
    ]
    assert len(v.findings) == 2


def test_broken_structure_is_a_violation(records: dict[str, BudgetRecords], validator: Validator) -> None:
    """An observation whose amount is a string (an extraction bug) breaks a structural shape."""
    graph, triples = build_graph(records["002"], DEFAULT_BASE)
    amount = ox.NamedNode(BKG + "amount")
    broken = next(t for t in triples if t.predicate == amount)
    triples = [t for t in triples if t != broken] + [
        ox.Triple(broken.subject, amount, ox.Literal(broken.object.value))  # xsd:string
    ]
    v = validator.validate(graph, triples)
    assert not v.conforms
    assert [(f.rule, f.path, f.focus) for f in v.violations] == [
        ("observation-structure", "bkg:amount", broken.subject.value)
    ]
    assert v.violations[0].message_en.startswith("value")


def test_validator_leaves_its_store_as_it_was(
    records: dict[str, BudgetRecords], validator: Validator
) -> None:
    before = len(validator.store)
    validator.validate(*build_graph(records["001"], DEFAULT_BASE))
    assert len(validator.store) == before
