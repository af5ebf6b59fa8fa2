"""What the printed labels of budget tables mean: measures and fund sources.

Column headers and row names are free text that varies between layouts
(``人员支出`` / ``人员经费``, ``财政专户收入`` / ``财政专户管理资金收入``). These
tables map them, by the words the Ministry of Finance's standard tables use,
to the slugs of the agreed code lists: ``code/measure/{slug}`` and
``code/fund/{slug}``. Order matters: the first matching entry wins, so more
specific words come first (``一般公共预算财政拨款`` is general-public, not the
财政拨款 subtotal).
"""

from __future__ import annotations

import re

from .text import compact

# label fragment -> measure slug (what an amount measures)
MEASURES: list[tuple[str, str]] = [
    ("结转下年", "carryover"),
    ("年终结转", "carryover"),
    ("年末财政拨款结转", "carryover"),
    ("事业单位经营支出", "business-operating"),
    ("经营支出", "business-operating"),
    ("上缴上级支出", "remit-superior"),
    ("上解上级支出", "remit-superior"),
    ("对附属单位补助支出", "subsidy-affiliated"),
    ("对附属单位的补助支出", "subsidy-affiliated"),
    ("对下级单位补助支出", "subsidy-affiliated"),
    ("人员", "personnel"),
    ("公用", "public"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
]
# what the columns of a fixed-asset table (固定资产占用情况表) measure
ASSET_MEASURES: list[tuple[str, str]] = [
    ("数量", "asset-quantity"),
    ("价值", "asset-value"),
    ("金额", "asset-value"),
]
# a unit named in a row (房屋（平方米）) -> code/unit slug
UNITS: list[tuple[str, str]] = [
    ("平方米", "square-metre"),
    ("辆", "vehicle"),
    ("台", "set"),
    ("套", "set"),
    ("人", "person"),
]
TOTAL_LABELS = ("合计", "总计")

# label fragment -> fund source slug (where the money comes from)
FUNDS: list[tuple[str, str]] = [
    ("一般公共预算", "general-public"),
    ("政府性基金", "government-fund"),
    ("基金预算", "government-fund"),
    ("国有资本经营", "state-capital"),
    ("财政专户", "fiscal-special"),
    ("单位资金", "unit-funds"),
    ("非财政拨款结余", "non-fiscal-balance"),
    ("上年结转", "prior-year"),
    ("年初财政拨款结转", "prior-year"),
    ("经营收入", "business-operating"),
    ("事业收入", "business"),
    ("上级补助", "superior-subsidy"),
    ("附属单位上缴", "affiliated-remittance"),
    ("其他收入", "other"),
    ("财政拨款", "fiscal"),
]

_ORDINAL = re.compile(
    r"^(其中[:：]?|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)


def strip_ordinal(name: str) -> str:
    """A row name without its list numbering (``七、``, ``(八)``, ``其中：``)."""
    text = compact(name)
    for _ in range(2):
        text = _ORDINAL.sub("", text)
    return text


def is_total_name(name: str) -> bool:
    """True for a 合计 / 总计 row name (``本年收入合计``, ``支出总计``, ``合 计``)."""
    text = strip_ordinal(name)
    return text.endswith(TOTAL_LABELS) and len(text) <= 8


def measure_of(label: str) -> str | None:
    """The measure a label names (合计 -> total), None when it names none (小计, 一般公共预算)."""
    text = compact(label)
    if text in TOTAL_LABELS:
        return "total"
    return next((slug for word, slug in MEASURES if word in text), None)


def asset_measure_of(label: str) -> str | None:
    """The measure of a fixed-asset table column (数量, 价值), None when it names none."""
    text = compact(label)
    return next((slug for word, slug in ASSET_MEASURES if word in text), None)


def unit_of(name: str) -> str:
    """The code/unit slug of a quantity, from the unit its row names (``房屋（平方米）``)."""
    text = compact(name)
    for word, slug in UNITS:
        if word in text:
            return slug
    return "count"


def fund_of(label: str) -> str | None:
    """The fund source a label names, None when it names none."""
    text = compact(label)
    return next((slug for word, slug in FUNDS if word in text), None)
