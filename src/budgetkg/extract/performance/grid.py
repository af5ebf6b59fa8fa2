"""Indicator grids: the 一级/二级/三级指标 rows of a performance-target table.

The header row names the columns (一级指标, 二级指标, 三级指标, 指标值, and
where printed 绩效指标描述, 指标值确定依据 / 评扣分标准, 分值, 绩效指标性质,
度量单位). Rows are read by position when their cells sit in those columns;
PDF exports often drop or shift empty cells, so a row that does not fit is
read by content instead: leading level names (recognised by
:mod:`.levels`) then the 三级指标 name, the target and the rest in column
order. Blank 一级/二级 cells inherit from the row above (merged cells); a
二级指标 of another family implies its own 一级指标 (社会效益指标 under
效益指标), since the merged 一级 cell is sometimes lost.

A row with a single cell completes the indicator above it (a target or a
指标值确定依据 wrapped onto its own line) when that indicator lacks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...read.model import Row
from ..targets import QUALITATIVE, Target, looks_like_target, parse_target, parse_target_columns, parse_weight
from ..text import compact
from .clean import tidy
from .levels import LevelContext, level1_of, level2_of, level_rank
from .model import Indicator

# role -> header labels; exact matches are tried before prefixes, in this order.
ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标",)),
    ("basis", ("指标值确定依据", "评扣分标准", "评分标准", "确定依据")),
    ("description", ("绩效指标描述", "指标解释", "指标描述", "指标说明")),
    ("weight", ("分值权重", "分值", "权重", "指标权重")),
    ("nature", ("绩效指标性质", "指标性质")),
    ("unit", ("度量单位", "计量单位")),
    ("value", ("绩效指标值", "指标值", "目标值", "年度指标值")),
]
TASK_LABELS = ("主要政策任务",)
_ROW_LABEL = re.compile(r"^(年度)?(绩效)?(指标|目标)$")
_TEXT_ROLES = ("level3", "description", "nature", "value", "unit", "basis", "weight")


def header_columns(row: Row | list[str]) -> dict[str, int] | None:
    """Column of each role when ``row`` is an indicator header (一级指标 ... 三级指标), else None."""
    texts = row.texts if isinstance(row, Row) else row
    if sum("级" in t for t in texts) < 2:  # cheap test first: most rows are no header
        return None
    cells = [compact(t) for t in texts]
    cols: dict[str, int] = {}
    for exact in (True, False):
        for j, c in enumerate(cells):
            if not c or j in cols.values():
                continue
            for role, labels in ROLES:
                if role not in cols and any(c == lab if exact else c.startswith(lab) for lab in labels):
                    cols[role] = j
                    break
    return cols if "level1" in cols and "level3" in cols else None


def is_row_label(text: str) -> bool:
    """A label printed left of the grid (绩效指标, 年度绩效指标), not part of any indicator."""
    return bool(_ROW_LABEL.match(compact(text)))


def task_of(texts: list[str]) -> str | None:
    """The policy task a row names (``主要政策任务 1：促进就业``), or None."""
    first = next((t for t in texts if t.strip()), "")
    c = compact(first)
    if not c.startswith(TASK_LABELS):
        return None
    rest = re.sub(r"^主要政策任务\s*\d*\s*[:：]?", "", first.strip())
    return tidy(rest) or None


@dataclass
class GridReader:
    """Reads the indicator rows under one header into :class:`Indicator` records."""

    columns: dict[str, int]
    indicators: list[Indicator] = field(default_factory=list)
    task: str | None = None
    levels: LevelContext = field(default_factory=LevelContext)

    @property
    def text_roles(self) -> list[str]:
        """The non-level roles of the header, in column order."""
        return sorted((r for r in _TEXT_ROLES if r in self.columns), key=self.columns.__getitem__)

    def feed(self, row: Row) -> None:
        """Read one row below the header."""
        texts = [t.strip() for t in row.texts]
        present = [t for t in texts if t]
        if not present or header_columns(texts):
            return  # blank, or the header repeated on a new page
        task = task_of(texts)
        if task is not None or compact(present[0]).startswith(TASK_LABELS):
            self.task = task
            return
        if len(present) == 1:
            self._single(present[0], row)
            return
        cells = self._by_position(texts) or self._by_content(texts)
        self._add(cells, row)

    # -- reading a row ------------------------------------------------------------------------
    def _by_position(self, texts: list[str]) -> dict[str, str] | None:
        """The row's cells by header column, or None when they do not sit in their columns."""
        cols = self.columns
        width = max(cols.values()) + 1
        cells = texts + [""] * max(0, width - len(texts))
        if any(cells[width:]):
            return None
        if any(c and not is_row_label(c) for c in cells[: min(cols.values())]):
            return None
        l1, l3 = cells[cols["level1"]], cells[cols["level3"]]
        l2 = cells[cols["level2"]] if "level2" in cols else ""
        if l1 and not level1_of(l1):
            return None
        family = level1_of(l1) if l1 else self.levels.level1_code
        if l2 and not level2_of(l2, family):
            return None
        if not l3 or (level_rank(l3) and not l2):
            return None
        return {role: cells[j] for role, j in cols.items()}

    def _by_content(self, texts: list[str]) -> dict[str, str]:
        """Leading level names, then the remaining cells in the header's column order."""
        tokens = [t for t in texts if t and not is_row_label(t)]
        out: dict[str, str] = {}
        family = self.levels.level1_code
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if "level1" not in out and "level2" not in out and level1_of(t):
                out["level1"] = t
                family = level1_of(t)
            elif "level2" not in out and level2_of(t, family):
                out["level2"] = t
            else:
                break
            i += 1
        out.update(self._assign(tokens[i:]))
        return out

    def _assign(self, rest: list[str]) -> dict[str, str]:
        """Non-level cells to the header's text roles: all in order, else name then target."""
        roles = self.text_roles
        if not rest:
            return {}
        if len(rest) == len(roles):
            return dict(zip(roles, rest, strict=True))
        if len(rest) == 1:
            return {"value": rest[0]} if looks_like_target(rest[0]) else {"level3": rest[0]}
        out = {"level3": rest[0]}
        tail = rest[1:]
        k = next((n for n, t in enumerate(tail) if parse_target(t).operator not in (None, QUALITATIVE)), 0)
        out["value"] = tail[k]
        if tail[:k]:
            out["description"] = " ".join(tail[:k])
        if tail[k + 1 :]:
            out["basis"] = tail[k + 1]
        return out

    def _single(self, text: str, row: Row) -> None:
        """A one-cell row: a level name, the rest of the indicator above, or an indicator."""
        rank = level_rank(text)
        if rank:
            self.levels.update(text if rank == 1 else "", text if rank == 2 else "")
            return
        prev = self.indicators[-1] if self.indicators else None
        if prev and prev.target.is_empty and looks_like_target(text):
            prev.target = parse_target(text)
            return
        if prev and "basis" in self.columns and prev.basis is None and not looks_like_target(text):
            prev.basis = tidy(text)
            return
        self._add(self._assign([text]), row)

    # -- building the indicator ------------------------------------------------------------------
    def _add(self, cells: dict[str, str], row: Row) -> None:
        self.levels.update(cells.get("level1", ""), cells.get("level2", ""))
        if not any(cells.get(r) for r in ("level3", "value", "nature")):
            return  # a row of level names only
        self.indicators.append(
            Indicator(
                level1=self.levels.level1,
                level2=self.levels.level2,
                level3=tidy(cells.get("level3", "")) or None,
                target=self._target(cells),
                level1_code=self.levels.level1_code,
                level2_code=self.levels.level2_code,
                weight=parse_weight(cells.get("weight", "")),
                description=tidy(cells.get("description", "")) or None,
                basis=tidy(cells.get("basis", "")) or None,
                task=self.task,
                prov=row.prov,
            )
        )

    def _target(self, cells: dict[str, str]) -> Target:
        if "nature" in self.columns:
            return parse_target_columns(
                cells.get("nature", ""), cells.get("value", ""), cells.get("unit", "")
            )
        return parse_target(cells.get("value", ""))


__all__ = ["GridReader", "ROLES", "header_columns", "is_row_label", "task_of"]
