"""The indicator levels (一级/二级指标) of the Ministry of Finance's performance framework.

一级指标 are 成本, 产出, 效益 and 满意度指标; each has its 二级指标 (数量指标,
社会效益指标, 服务对象满意度指标 ...). Documents write them in many ways
(``经济成本``, ``社会 效益 指标``, ``可持续发 展影响指 标``, a converter's
``成本指``, a bare ``社会`` under ``效益``), so cells are matched on their
stem with spaces and a (possibly cut) ``指标`` suffix ignored. Each level is a
concept slug of ``code/indicator/{slug}`` with a canonical Chinese label.

Older provincial templates put 成本指标 under 产出指标 as a 二级指标; in that
position it is ``output-cost``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import compact

# slug -> canonical label
LEVEL1_LABELS = {
    "cost": "成本指标",
    "output": "产出指标",
    "benefit": "效益指标",
    "satisfaction": "满意度指标",
}
LEVEL2_LABELS = {
    "cost-economic": "经济成本指标",
    "cost-social": "社会成本指标",
    "cost-ecological": "生态环境成本指标",
    "output-quantity": "数量指标",
    "output-quality": "质量指标",
    "output-timeliness": "时效指标",
    "output-cost": "成本指标",
    "benefit-economic": "经济效益指标",
    "benefit-social": "社会效益指标",
    "benefit-ecological": "生态效益指标",
    "benefit-sustainable": "可持续影响指标",
    "satisfaction-service": "服务对象满意度指标",
}
LABELS = {**LEVEL1_LABELS, **LEVEL2_LABELS}

_LEVEL1_STEMS = {"成本": "cost", "产出": "output", "效益": "benefit", "满意度": "satisfaction"}
_LEVEL2_STEMS = {
    "数量": "output-quantity",
    "质量": "output-quality",
    "时效": "output-timeliness",
    "经济成本": "cost-economic",
    "社会成本": "cost-social",
    "生态环境成本": "cost-ecological",
    "生态成本": "cost-ecological",
    "环境成本": "cost-ecological",
    "经济效益": "benefit-economic",
    "社会效益": "benefit-social",
    "生态效益": "benefit-ecological",
    "生态环境效益": "benefit-ecological",
    "可持续影响": "benefit-sustainable",
    "可持续发展影响": "benefit-sustainable",
    "可持续": "benefit-sustainable",
    "服务对象满意度": "satisfaction-service",
}
# Bare stems whose family comes from the 一级指标 above them (效益 / 社会 -> 社会效益).
_SHARED_STEMS = {"社会": "social", "经济": "economic", "生态": "ecological", "生态环境": "ecological"}
_SUFFIX = re.compile(r"(指标|指|标)$")


def _stem(text: str) -> str:
    return _SUFFIX.sub("", compact(text))


def level1_of(text: str) -> str | None:
    """The 一级指标 slug a cell names (``产出 指标``, ``成本指``, ``满意度``), or None."""
    return _LEVEL1_STEMS.get(_stem(text))


def level2_of(text: str, family: str | None = None) -> str | None:
    """The 二级指标 slug a cell names, given the 一级指标 family it sits under.

    ``成本指标`` is a 二级指标 only under 产出指标 (older templates); bare
    ``社会`` / ``经济`` take their family from the 一级指标.
    """
    stem = _stem(text)
    if stem in _LEVEL2_STEMS:
        return _LEVEL2_STEMS[stem]
    if stem == "成本":
        return "output-cost" if family == "output" else None
    if stem in _SHARED_STEMS:
        kind = "cost" if family == "cost" else "benefit"
        return f"{kind}-{_SHARED_STEMS[stem]}"
    return None


def family_of(level2: str | None) -> str | None:
    """The 一级指标 a 二级指标 belongs to; None for the ambiguous ``output-cost``."""
    if level2 is None or level2 == "output-cost":
        return None
    return level2.split("-")[0]


def level_rank(text: str) -> int | None:
    """1 or 2 when a cell is a level name (read without context), else None."""
    if level1_of(text):
        return 1
    if level2_of(text):
        return 2
    return None


def is_level_fragment(text: str) -> bool:
    """A one- or two-character leftover of a level name cut by a converter (``标``, ``指``, ``度``)."""
    c = compact(text)
    return 0 < len(c) <= 2 and any(c in label for label in LABELS.values())


def label_of(slug: str | None, published: str) -> str:
    """The canonical label of a recognised level, else the published text (spaces removed)."""
    return LABELS[slug] if slug in LABELS else compact(published)


@dataclass
class LevelContext:
    """The 一级/二级指标 in force while reading rows: blank (merged) cells inherit them.

    A 二级指标 of another family implies its own 一级指标 when the row does
    not print one (社会效益指标 after 时效指标 means 效益指标): converters
    lose merged 一级 cells.
    """

    level1: str | None = None
    level1_code: str | None = None
    level2: str | None = None
    level2_code: str | None = None

    def update(self, l1: str, l2: str) -> None:
        """Apply the level cells of one row (either may be blank)."""
        if l1:
            self.level1_code = level1_of(l1)
            self.level1 = label_of(self.level1_code, l1)
            self.level2 = self.level2_code = None
        if l2:
            self.level2_code = level2_of(l2, self.level1_code)
            self.level2 = label_of(self.level2_code, l2)
            implied = family_of(self.level2_code)
            if not l1 and implied and implied != self.level1_code:
                self.level1, self.level1_code = LEVEL1_LABELS[implied], implied


__all__ = [
    "LABELS",
    "LevelContext",
    "LEVEL1_LABELS",
    "LEVEL2_LABELS",
    "family_of",
    "is_level_fragment",
    "label_of",
    "level1_of",
    "level2_of",
    "level_rank",
]
