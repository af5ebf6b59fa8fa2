"""The indicator-target parser, table-driven over forms printed in the samples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract.targets import (
    looks_like_target,
    parse_target,
    parse_target_columns,
    parse_weight,
    split_statement,
)

D = Decimal
Q = "qualitative"

# raw -> (operator, value, unit, qualitative[, upper])
CASES: list[tuple[str, tuple]] = [
    # plain comparison forms (000, 001, 002)
    ("≥95%", ("≥", D("95"), "%", None)),
    ("≤6.5 万元/年/人", ("≤", D("6.5"), "万元/年/人", None)),
    ("≤6.96 万元/年/人", ("≤", D("6.96"), "万元/年/人", None)),
    ("=2800 元/年", ("=", D("2800"), "元/年", None)),
    ("≥4 类", ("≥", D("4"), "类", None)),
    ("=100%", ("=", D("100"), "%", None)),
    ("≤ 640 万元", ("≤", D("640"), "万元", None)),
    ("≥ 5 亿元", ("≥", D("5"), "亿元", None)),
    ("≥ 0", ("≥", D("0"), None, None)),
    ("≥13 万人", ("≥", D("13"), "万人", None)),
    ("=3 工作日", ("=", D("3"), "工作日", None)),
    ("=1000 平方米", ("=", D("1000"), "平方米", None)),
    ("≥3 个季度", ("≥", D("3"), "个季度", None)),
    ("≤1.6 元/次", ("≤", D("1.6"), "元/次", None)),
    ("≤92 元/人. 月", ("≤", D("92"), "元/人.月", None)),
    ("≤2200 元/人、月", ("≤", D("2200"), "元/人、月", None)),
    (">2000人", (">", D("2000"), "人", None)),
    ("≤81万元", ("≤", D("81"), "万元", None)),
    # LaTeX left by the markdown converter (000)
    (r"$\geq 40\%$", ("≥", D("40"), "%", None)),
    (r"$= 100\%$", ("=", D("100"), "%", None)),
    (r"$\leq 5\%$", ("≤", D("5"), "%", None)),
    (r"$\geqslant 90 \%$", ("≥", D("90"), "%", None)),
    # ASCII and full-width operators (004)
    (">=85%", ("≥", D("85"), "%", None)),
    (">=99%", ("≥", D("99"), "%", None)),
    ("<=10次", ("≤", D("10"), "次", None)),
    ("≧９０％", ("≥", D("90"), "%", None)),
    # bare numbers are equalities
    ("100%", ("=", D("100"), "%", None)),
    ("4019.73", ("=", D("4019.73"), None, None)),
    ("15人", ("=", D("15"), "人", None)),
    ("1,266.08", ("=", D("1266.08"), None, None)),
    ("0人", ("=", D("0"), "人", None)),
    ("3.51万人", ("=", D("3.51"), "万人", None)),
    ("42万/年", ("=", D("42"), "万/年", None)),
    ("10000元/户/年", ("=", D("10000"), "元/户/年", None)),
    ("≤450元每人每天", ("≤", D("450"), "元每人每天", None)),
    ("≥2版面/年", ("≥", D("2"), "版面/年", None)),
    # approximate
    ("约900万元", ("≈", D("900"), "万元", None)),
    ("1210人左右", ("≈", D("1210"), "人", None)),
    ("约50.56万元", ("≈", D("50.56"), "万元", None)),
    ("约2000余人", ("≈", D("2000"), "人", None)),
    ("约150余家(户)", ("≈", D("150"), "家(户)", None)),
    ("增加1300人左右", ("≈", D("1300"), "人", "增加")),
    # words around the number
    ("仲裁员 60 人", ("=", D("60"), "人", "仲裁员")),
    ("提高5%", ("=", D("5"), "%", "提高")),
    ("工资总额2%", ("=", D("2"), "%", "工资总额")),
    ("17.5万元（党群工作部）", ("=", D("17.5"), "万元", "党群工作部")),
    ("2000余人", (">", D("2000"), "人", None)),
    ("8000人以上", ("≥", D("8000"), "人", None)),
    ("2.0%以内", ("≤", D("2.0"), "%", None)),
    ("不低于95%", ("≥", D("95"), "%", None)),
    ("大于等于 90%", ("≥", D("90"), "%", None)),
    ("不超过10万元", ("≤", D("10"), "万元", None)),
    # ranges
    ("300-800元/人", ("range", D("300"), "元/人", None, D("800"))),
    ("300-1056.25元人/月", ("range", D("300"), "元人/月", None, D("1056.25"))),
    ("2000-15000元/户", ("range", D("2000"), "元/户", None, D("15000"))),
    # qualitative
    ("定性 优", (Q, None, None, "优")),
    ("定性：良好", (Q, None, None, "良好")),
    ("文字描述：便利", (Q, None, None, "便利")),
    ("提升", (Q, None, None, "提升")),
    ("优", (Q, None, None, "优")),
    ("保障", (Q, None, None, "保障")),
    ("按要求全部完成", (Q, None, None, "按要求全部完成")),
    ("不超出拨付的预算资金", (Q, None, None, "不超出拨付的预算资金")),
    # a number followed by words that are no unit: dates and deadlines stay text
    ("3月底完成", (Q, None, None, "3月底完成")),
    ("2024年1月-12月", (Q, None, None, "2024年1月-12月")),
    ("2024年10-12月", (Q, None, None, "2024年10-12月")),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_target(raw: str, expected: tuple) -> None:
    t = parse_target(raw)
    operator, value, unit, qualitative = expected[:4]
    upper = expected[4] if len(expected) > 4 else None
    got = (t.operator, t.value, t.unit, t.qualitative, t.upper)
    assert got == (operator, value, unit, qualitative, upper)
    assert t.raw == raw


def test_values_keep_published_precision() -> None:
    assert str(parse_target("≤512.50 万元").value) == "512.50"
    assert str(parse_target("=100.00%").value) == "100.00"


def test_empty_target() -> None:
    t = parse_target("  ")
    assert t.is_empty and t.operator is None and t.value is None


# (性质, 指标值, 度量单位) columns of 003 -> (operator, value, unit, qualitative, raw)
COLUMN_CASES = [
    (("≥", "10", "万元"), ("≥", D("10"), "万元", None, "≥ 10 万元")),
    (("=", "500 0", "元"), ("=", D("5000"), "元", None, "= 5000 元")),
    (("≤", "202 4", "年"), ("≤", D("2024"), "年", None, "≤ 2024 年")),
    (("定性", "优", "优良 中低 差"), (Q, None, "优良中低差", "优", "定性 优 优良中低差")),
    (("定 性", "95", "良"), (Q, D("95"), "良", None, "定性 95 良")),
    (("定性", "高", ""), (Q, None, None, "高", "定性 高")),
    (("≥", "95", "人/ 次"), ("≥", D("95"), "人/次", None, "≥ 95 人/次")),
    (("≥", "", ""), ("≥", None, None, None, "≥")),
    (("定性", "95良", ""), (Q, D("95"), "良", None, "定性 95 良")),  # cells merged by a reader
]


@pytest.mark.parametrize(("cells", "expected"), COLUMN_CASES, ids=[" ".join(c[0]) for c in COLUMN_CASES])
def test_parse_target_columns(cells: tuple[str, str, str], expected: tuple) -> None:
    t = parse_target_columns(*cells)
    assert (t.operator, t.value, t.unit, t.qualitative, t.raw) == expected


def test_parse_weight() -> None:
    assert parse_weight("20.0 0") == D("20.00")
    assert parse_weight("10") == D("10")
    assert parse_weight("10%") == D("10")
    assert parse_weight("") is None
    assert parse_weight("高") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥95%", True),
        ("提升", True),
        ("=100%", True),
        ("用人单位被投诉案件同比下降率", False),
        ("受表彰对象满意度", False),
        ("劳动者维权", False),
        ("", False),
    ],
)
def test_looks_like_target(text: str, expected: bool) -> None:
    assert looks_like_target(text) is expected


# Narrative targets of a department's overall goals (001).
STATEMENTS = [
    ("全年城镇新增就业8000人以上", ("全年城镇新增就业", "≥", D("8000"), "人")),
    ("城镇登记失业率控制在2.0%以内", ("城镇登记失业率", "≤", D("2.0"), "%")),
    ("城镇调查失业率5.5%以内", ("城镇调查失业率", "≤", D("5.5"), "%")),
    ("开展补贴性职业技能培训3000人次以上", ("开展补贴性职业技能培训", "≥", D("3000"), "人次")),
    ("征缴96000万元", ("征缴", "=", D("96000"), "万元")),
    ("城镇居民人均可支配收入增长6%", ("城镇居民人均可支配收入增长", "=", D("6"), "%")),
]


@pytest.mark.parametrize(("text", "expected"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_split_statement(text: str, expected: tuple) -> None:
    got = split_statement(text)
    assert got is not None
    subject, t = got
    assert (subject, t.operator, t.value, t.unit) == expected


def test_statement_without_number() -> None:
    assert split_statement("确保零就业家庭动态清零") is None
