"""Wide performance-target tables: one row per indicator, the project in its first columns.

Some provinces print every project of the department in one table (单位名称,
项目名称, 项目类别, 预算数, 绩效目标, 一级/二级/三级指标, 绩效指标性质,
绩效指标值, 度量单位, 分值权重), the project cells on the first row of each
project. Converted PDFs break these rows badly: empty cells vanish so
columns shift, long cells wrap onto rows of their own, and project codes or
names are cut across lines (``63020 00002 4T000`` ... ``00045 9-劳动能力鉴定``).

So rows are read by content, anchored on the cells that cannot be mistaken:

- a project starts at its type cell (``3-特定目标类``), followed by its
  amount; before it stand its code-name (``630200000024T000000453-职业技能...``)
  and, on a unit's first project, the unit (``502001-海东市就业服务局``);
- an indicator is anchored on its operator cell (``≥``, ``定性``): value,
  unit and weight follow it; the 三级指标 name and the level names precede it;
- other cells continue what the converter cut: left of the goal column they
  continue the project's code or name (while the project is new), up to the
  level columns its goal, further right the last indicator's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...read.model import Row
from ..tables import LogicalTable
from ..targets import is_operator_cell, parse_target_columns, parse_weight
from ..text import compact, is_amount
from ..units import TableUnits, default_units
from .clean import tidy
from .grid import header_columns
from .levels import LevelContext, is_level_fragment, level1_of, level2_of, level_rank
from .model import PROJECT, Indicator, PerformanceTarget

_TYPE = re.compile(r"^(?:\d+-)?(\D{2,10}类)$")
_UNIT = re.compile(r"^(\d{3,8})-(\D.*)$")
_CODE = re.compile(r"^[0-9A-Za-z]+$")
_UNIT_WEIGHT = re.compile(r"(\D+?)(\d+(?:\.\d+)?)")
_NAME_LABELS = ("项目名称",)
_NEW_PROJECT_ROWS = 4  # rows after its first row in which a project's name may continue

Token = tuple[int, str]  # (column, text)


def wide_header(table: LogicalTable) -> tuple[int, dict[str, int]] | None:
    """(row index, columns) of a wide header: indicator levels and 项目名称 in one row."""
    for i, r in enumerate(table.rows[:6]):
        cols = header_columns(r)
        names = [j for j, t in enumerate(r.texts) if compact(t).startswith(_NAME_LABELS)]
        if cols and names:
            return i, {**cols, "name": names[0]}
    return None


@dataclass
class _Open:
    """The project being read and what is still incomplete about it."""

    target: PerformanceTarget
    codename: str
    rows: int = 0


@dataclass
class WideReader:
    """Reads a wide table row by row (see the module docstring)."""

    columns: dict[str, int]
    table: int
    units: TableUnits = field(default_factory=default_units)
    targets: list[PerformanceTarget] = field(default_factory=list)
    total: Decimal | None = None
    _open: _Open | None = None
    _unit: tuple[str | None, str | None] = (None, None)  # (code, name)
    _levels: LevelContext = field(default_factory=LevelContext)  # inherited within a project

    def feed(self, row: Row) -> None:
        tokens = [(j, t.strip()) for j, t in enumerate(row.texts) if t.strip()]
        if not tokens:
            return
        if compact(tokens[0][1]).startswith("合计"):
            self.total = next((self.units.amount(t, j) for j, t in tokens if is_amount(t)), None)
            return
        at = self._type_at(tokens)
        if at is not None:
            tokens = self._start(tokens, at, row)
        elif self._open is not None:
            self._open.rows += 1
        if self._open is not None:
            self._indicator_part(tokens, row)

    # -- projects ------------------------------------------------------------------------------
    @staticmethod
    def _type_at(tokens: list[Token]) -> int | None:
        for n, (_, t) in enumerate(tokens[:-1]):
            if _TYPE.match(compact(t)) and is_amount(tokens[n + 1][1]):
                return n
        return None

    def _start(self, tokens: list[Token], at: int, row: Row) -> list[Token]:
        """Open the project whose type cell is ``tokens[at]``; the tokens after its goal."""
        before = tokens[:at]
        if len(before) >= 2 and _UNIT.match(compact(before[-2][1])):
            m = _UNIT.match(compact(before[-2][1]))
            assert m is not None
            self._unit = (m.group(1), tidy(m.group(2)))
        codename = compact(before[-1][1]) if before else ""
        kind = _TYPE.match(compact(tokens[at][1]))
        target = PerformanceTarget(
            kind=PROJECT,
            name="",
            type=kind.group(1) if kind else None,
            amount=self.units.amount(tokens[at + 1][1], tokens[at + 1][0]),
            unit=self._unit[1],
            unit_code=self._unit[0],
            table=self.table,
            prov=row.prov,
        )
        self.targets.append(target)
        self._open = _Open(target, "")
        self._continue_codename(codename)
        self._levels = LevelContext()
        rest = tokens[at + 2 :]
        if rest and not level_rank(rest[0][1]) and not is_operator_cell(rest[0][1]):
            target.goal = tidy(rest[0][1])
            rest = rest[1:]
        return rest

    def _continue_codename(self, text: str) -> None:
        """Add a piece of the project's code-name cell and split it into code and name."""
        assert self._open is not None
        self._open.codename += compact(text)
        code, dash, name = self._open.codename.partition("-")
        t = self._open.target
        if dash and _CODE.match(code):
            t.code, t.name = code, tidy(name)
        elif _CODE.match(self._open.codename):
            t.code, t.name = self._open.codename, ""
        else:
            t.code, t.name = None, tidy(self._open.codename)

    # -- indicators ------------------------------------------------------------------------------
    def _indicator_part(self, tokens: list[Token], row: Row) -> None:
        op = next((n for n, (_, t) in enumerate(tokens) if is_operator_cell(t)), None)
        before = tokens if op is None else tokens[:op]
        l1, l2, l3, fragments = _split_levels(before)
        if op is None and not (l1 or l2):
            fragments, l3 = before, ""
        self._continue(fragments, own=bool(l3 or op is not None), row=row)
        if op is None and not l3:
            self._levels.update(l1, l2)
            return
        after = [t for _, t in tokens[op + 1 :]] if op is not None else []
        nature = tokens[op][1] if op is not None else ""
        self._add(l1, l2, l3, nature, after, row)

    def _continue(self, fragments: list[Token], own: bool, row: Row) -> None:
        """Cells that continue the project's code-name, its goal or the last indicator's name.

        They stand in column order: code-name (while the project is new),
        then the goal, then the name of the indicator above (when the row
        has no indicator of its own).
        """
        assert self._open is not None
        t = self._open.target
        goal_seen = False
        for col, text in fragments:
            if is_level_fragment(text):
                continue
            if col <= self.columns["name"] and self._open.rows <= _NEW_PROJECT_ROWS and not goal_seen:
                self._continue_codename(text)
            elif (col < self.columns["level1"] and not goal_seen) or own:
                t.goal = tidy((t.goal or "") + text)
                goal_seen = True
            elif t.indicators:
                last = t.indicators[-1]
                last.level3 = tidy((last.level3 or "") + text)
            else:
                self._add("", "", text, "", [], row)

    def _add(self, l1: str, l2: str, l3: str, nature: str, after: list[str], row: Row) -> None:
        assert self._open is not None
        levels = self._levels
        levels.update(l1, l2)
        value, unit, weight = _value_unit_weight(after, "weight" in self.columns)
        self._open.target.indicators.append(
            Indicator(
                level1=levels.level1,
                level2=levels.level2,
                level3=tidy(l3) or None,
                target=parse_target_columns(nature, value, unit),
                level1_code=levels.level1_code,
                level2_code=levels.level2_code,
                weight=parse_weight(weight),
                prov=row.prov,
            )
        )


def _rank(text: str) -> int | None:
    if level1_of(text):
        return 1
    return 2 if level2_of(text, "benefit") or level2_of(text, "output") else level_rank(text)


def _split_levels(before: list[Token]) -> tuple[str, str, str, list[Token]]:
    """(一级, 二级, 三级 name, leftover cells) from the cells left of an operator, read from the right.

    The last cell is the 三级指标 name unless it is a level name that can
    stand there (a 二级 after a 一级 or alone, a 一级 alone): ``服务对象满意度
    满意度`` ends in a name, ``成本指标 社会成本`` in a level.
    """
    toks = list(before)
    l1 = l2 = l3 = ""
    if toks:
        last = _rank(toks[-1][1])
        prev = _rank(toks[-2][1]) if len(toks) > 1 else None
        if last is None or (last == 2 and prev == 2) or (last == 1 and prev in (1, 2)):
            l3 = toks.pop()[1]
    if toks and _rank(toks[-1][1]) == 2:
        l2 = toks.pop()[1]
    if toks and _rank(toks[-1][1]) == 1:
        l1 = toks.pop()[1]
    return l1, l2, l3, toks


def _value_unit_weight(after: list[str], has_weight: bool) -> tuple[str, str, str]:
    """The cells right of the operator: value, then unit and weight (a lone number is the weight)."""
    if not after:
        return "", "", ""
    if len(after) >= 3:
        return after[0], after[1], after[2]
    if len(after) == 2:
        if has_weight and parse_weight(after[1]) is not None:
            return after[0], "", after[1]
        merged = _UNIT_WEIGHT.fullmatch(compact(after[1])) if has_weight else None
        if merged:  # a reader merged the unit and weight cells: 良20.00
            return after[0], merged.group(1), merged.group(2)
        return after[0], after[1], ""
    return after[0], "", ""


def read_wide(table: LogicalTable) -> tuple[list[PerformanceTarget], Decimal | None] | None:
    """The projects of a wide table and its printed 合计, or None when the table is not wide."""
    found = wide_header(table)
    if found is None:
        return None
    start, columns = found
    reader = WideReader(columns, table.number, table.units)
    for r in table.rows[start + 1 :]:
        reader.feed(r)
    return reader.targets, reader.total


__all__ = ["WideReader", "read_wide", "wide_header"]
