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
# (severity, rule, table kind, row, code, measure, fund, expected, found)
D = Decimal
PP = "project-performance"
NO_TARGET = (WARNING, "indicator-target", PP, None, None, None, None, None, None)
GP, GB = "general-public", "general-basic"
# fmt: off
EXPECTED: dict[str, list[tuple[object, ...]]] = {
    "000": [
        # 项目支出绩效目标表 rows that print an indicator without any 指标值 (text lines 738, 926)
        NO_TARGET, NO_TARGET,
        # 收支总表 (and the explanations) put 50.00 under 其他收入, 收入总表 under 事业单位经营收入
        (WARNING, "income-source", "income-expenditure", 10, None, "income", "other", D("0"), D("50")),
        (WARNING, "income-source", "income", 3, None, "income", "business-operating", D("0"), D("50")),
        # 办公楼周边防水改造: 113.40 in the project list, 113.7 in its 绩效目标表
        (WARNING, "project-amount", PP, None, None, "performance-budget", None, D("113.4"), D("113.7")),
        # both basic-expenditure tables print 303 as 对个人和家庭补助 (list: 对个人和家庭的补助) and
        # 政府预算 503 as 机关资本性支出 (list: 机关资本性支出（一）): naming variants
        (INFO, "code-name", GB, 66, "303", None, None, None, None),
        (INFO, "code-name", GB, 71, "310", None, None, None, None),
        (INFO, "code-name", "basic", 68, "303", None, None, None, None),
        (INFO, "code-name", "basic", 73, "310", None, None, None, None),
    ],
    "001": [],
    "002": [],
    "003": [
        # 2080199 其他人力资源和社会保障管理事务支出 is printed on rows 10 and 14
        (WARNING, "duplicate-row", "expenditure", 14, "2080199", None, None, None, None),
        # 23.31 + 122.90 + 61.45 + 106.15 = 313.81, printed 313.82, in 支出总表 and 一般公共预算支出表
        (INFO, "children-sum", "expenditure", 15, "20805", "total", None, D("313.81"), D("313.82")),
        (INFO, "children-sum", "expenditure", 15, "20805", "basic", None, D("313.81"), D("313.82")),
        (INFO, "children-sum", GP, 15, "20805", "total", GP, D("313.81"), D("313.82")),
        (INFO, "children-sum", GP, 15, "20805", "basic", GP, D("313.81"), D("313.82")),
        # 一般公共预算基本支出表: 301 工资福利支出 and 303 对个人和家庭的补助 miss their 款 by 0.01
        (INFO, "children-sum", GB, 4, "301", "basic", GP, D("1247.57"), D("1247.58")),
        (INFO, "children-sum", GB, 4, "301", "personnel", GP, D("1247.57"), D("1247.58")),
        (INFO, "children-sum", GB, 32, "303", "basic", GP, D("153.87"), D("153.86")),
        (INFO, "children-sum", GB, 32, "303", "personnel", GP, D("153.87"), D("153.86")),
        # 收入总表 by budget unit: 1166.16 + 943.14 + 682.48 = 2791.78, the department and 合计 print 2791.77
        (INFO, "units-sum", "income", 2, None, "total", None, D("2791.78"), D("2791.77")),
        (INFO, "units-sum", "income", 2, None, "income", GP, D("2791.78"), D("2791.77")),
        (INFO, "units-sum", "income", 3, None, "total", None, D("2791.78"), D("2791.77")),
        (INFO, "units-sum", "income", 3, None, "income", GP, D("2791.78"), D("2791.77")),
        # the performance table the conversion broke: a target split from its indicator (text line 636)
        # and two indicators without a target (lines 542, 562)
        NO_TARGET, NO_TARGET, NO_TARGET,
    ],
    "004": [
        # 一般公共预算支出表 prints 2080110 as 劳动关系的维权 (支出总表: 劳动关系和维权); 503 as above
        (INFO, "code-name", GP, 19, "2080110", None, None, None, None),
        (INFO, "code-name", GB, 28, "310", None, None, None, None),
        (INFO, "code-name", "basic", 27, "310", None, None, None, None),
        # 政府采购预算表: 201 179.23 + 208 74.64 = 253.87, 合计 prints 253.88 (合计 and 财政拨款 columns)
        (INFO, "children-sum", "procurement", 4, None, "procurement", None, D("253.87"), D("253.88")),
        (INFO, "children-sum", "procurement", 4, None, "procurement", "fiscal", D("253.87"), D("253.88")),
        # ... and its 一般公共预算 column is 0.01 above its 财政拨款 小计 on three lines
        (INFO, "fund-parts", "procurement", 15, "208", "procurement", "fiscal", D("74.65"), D("74.64")),
        (INFO, "fund-parts", "procurement", 16, "20801", "procurement", "fiscal", D("73.65"), D("73.64")),
        (INFO, "fund-parts", "procurement", 18, "2080109", "procurement", "fiscal", D("15.65"), D("15.64")),
    ],
}
# fmt: on


def key(f: ValidationFinding) -> tuple[object, ...]:
    return (f.severity, f.rule, f.table_kind, f.row, f.code, f.measure, f.fund, f.expected, f.found)


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
    assert sorted(map(repr, map(key, validations[sample].findings))) == sorted(map(repr, EXPECTED[sample]))


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
    assert len(sums) == 8 and {f.severity for f in sums} == {WARNING}


def _edit(source: Path, tmp_path: Path, line: int, old: str, new: str) -> Path:
    """A copy of a sample with the first ``old`` on text line ``line`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in text[line - 1], text[line - 1]
    text[line - 1] = text[line - 1].replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text("".join(text), encoding="utf-8")
    return path


def _summary_line(records: BudgetRecords, code: str) -> int:
    """The text line of the expenditure summary (支出总表) line of ``code``."""
    line = next(ln for ln in records.function_lines if ln.code == code)
    assert line.prov is not None and line.prov.line is not None
    return line.prov.line


def _text_line(source: Path, needle: str) -> int:
    """The first text line of a sample holding ``needle``."""
    lines = source.read_text(encoding="utf-8").splitlines()
    return next(i for i, t in enumerate(lines, start=1) if needle in t)


def _extra(validator: Validator, clean: DocumentValidation, path: Path) -> list[ValidationFinding]:
    """Findings of an edited copy that the clean sample does not have."""
    v = validator.validate(*build_graph(extract_document(read_document(path)), DEFAULT_BASE))
    assert v.conforms, [f.to_dict() for f in v.violations]
    before = {key(f) for f in clean.findings}
    return [f for f in v.findings if key(f) not in before]


def test_corrupted_amount_yields_warning_naming_table_row_and_both_values(
    records: dict[str, BudgetRecords],
    validations: dict[str, DocumentValidation],
    validator: Validator,
    tmp_path: Path,
) -> None:
    """就业管理事务 (2080106) 合计 540.00 -> 541.00 in 000's 支出总表."""
    source = sample_path("000")
    path = _edit(source, tmp_path, _summary_line(records["000"], "2080106"), "540.00", "541.00")
    rows = {ln.code: ln.row_number for ln in records["000"].function_lines}
    extra = _extra(validator, validations["000"], path)
    assert sorted((f.severity, f.rule, f.table_title, f.row, f.code, f.expected, f.found) for f in extra) == [
        (WARNING, "children-sum", "支出总体情况表", rows["20801"], "20801", D("7178.25"), D("7177.25")),
        (WARNING, "total-parts", "支出总体情况表", rows["2080106"], "2080106", D("540.00"), D("541.00")),
    ]
    here = next(f for f in extra if f.rule == "total-parts")
    assert "541.00" in here.message_en and "540.00" in here.message_en and "就业管理事务" in here.message_zh


def test_blank_parent_is_reported(
    records: dict[str, BudgetRecords],
    validations: dict[str, DocumentValidation],
    validator: Validator,
    tmp_path: Path,
) -> None:
    """208's 基本支出 left blank in 000's 支出总表: its 款 still print 4479.41."""
    path = _edit(sample_path("000"), tmp_path, _summary_line(records["000"], "208"), "4,479.41", "")
    extra = {
        (f.rule, f.code, f.measure, f.expected, f.found) for f in _extra(validator, validations["000"], path)
    }
    assert extra == {
        ("children-sum", "208", None, D("4479.41"), D("0")),  # the line (its 基本支出 cell is empty)
        ("children-sum", None, "basic", D("564.59"), D("5044.00")),  # 合计 no longer adds up
        ("total-parts", "208", "total", D("4444.90"), D("8924.31")),
    }


def test_figure_printed_differently_in_two_tables(
    validations: dict[str, DocumentValidation], validator: Validator, tmp_path: Path
) -> None:
    """收支总表 prints 社会保障和就业支出 8,934.31 where 支出总表 has 8,924.31."""
    source = sample_path("000")
    path = _edit(source, tmp_path, _text_line(source, "七、社会保障和就业支出"), "8,924.31", "8,934.31")
    extra = sorted(
        (f.rule, f.table_kind, f.code, f.expected, f.found)
        for f in _extra(validator, validations["000"], path)
    )
    assert extra == [
        ("children-sum", "income-expenditure", None, D("9498.90"), D("9488.90")),
        ("same-figure", "expenditure", "208", D("8934.31"), D("8924.31")),
    ]


def test_narrative_figure_that_differs_from_the_tables(
    validations: dict[str, DocumentValidation], validator: Validator, tmp_path: Path
) -> None:
    """The explanations state 收支预算 9,498.9 万元; the tables print 9488.90."""
    source = sample_path("000")
    path = _edit(source, tmp_path, _text_line(source, "2024 年收支预算 9,488.9"), "9,488.9", "9,498.9")
    extra = _extra(validator, validations["000"], path)
    assert [(f.severity, f.rule, f.expected, f.found) for f in extra] == [
        (WARNING, "narrative-figure", D("9488.9"), D("9498.9"))
    ]
    assert "9498.90" in extra[0].message_en


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
    assert v.violations[0].message_en == f"bkg:amount: datatype should be xsd:decimal «{broken.object.value}»"
    assert v.violations[0].message_zh.startswith("bkg:amount：数据类型应为 xsd:decimal")


def test_validator_leaves_its_store_as_it_was(
    records: dict[str, BudgetRecords], validator: Validator
) -> None:
    before = len(validator.store)
    validator.validate(*build_graph(records["001"], DEFAULT_BASE))
    assert len(validator.store) == before


def test_narrative_change_that_the_tables_contradict(
    validations: dict[str, DocumentValidation], validator: Validator, tmp_path: Path
) -> None:
    """公务接待费 4.6 万元，比上年减少 2.9 万元: the “三公” table prints 7.20 for 2023, a change of -2.60."""
    source = sample_path("000")
    path = _edit(
        source, tmp_path, _text_line(source, "公务接待费 4.6 万元"), "减少 2.6 万元", "减少 2.9 万元"
    )
    extra = _extra(validator, validations["000"], path)
    assert [(f.severity, f.rule, f.expected, f.found) for f in extra] == [
        (WARNING, "narrative-change", D("-2.6"), D("-2.9"))
    ]
    assert "-2.90" in extra[0].message_en and "-2.60" in extra[0].message_en


def test_income_that_does_not_equal_expenditure(
    validations: dict[str, DocumentValidation], validator: Validator, tmp_path: Path
) -> None:
    """收支总表 prints 收入总计 9,498.90 against 支出总计 9,488.90 on the same row."""
    source = sample_path("000")
    path = _edit(source, tmp_path, _text_line(source, "收入总计"), "9,488.90", "9,498.90")
    extra = _extra(validator, validations["000"], path)
    assert [(f.severity, f.rule, f.table_kind, f.expected, f.found) for f in extra] == [
        (WARNING, "income-expenditure", "income-expenditure", D("9488.90"), D("9498.90"))
    ]
    assert extra[0].item == "收入总计"
