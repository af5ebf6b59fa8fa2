"""Department-level performance goals (部门整体绩效目标) from the explanation chapter.

Where a document states them, the section reads like::

    五、部门整体绩效目标
    （一）总体绩效目标
    <the overall goal>
    （二）分项绩效目标
    1.就业工作目标。
    绩效目标：<goal>
    绩效指标：全年城镇新增就业8000人以上，城镇登记失业率控制在2.0%以内 ...
    （三）工作保障措施            <- not a goal: the section's goals end here

The overall goal and each sub-goal become a :class:`DepartmentGoal`; the
clauses of a 绩效指标 sentence that state a number become its indicators
(subject as the 三级指标 name, the number parsed as a target). Documents that
print a 部门整体绩效目标表 instead get one goal per table, read like a
project's form (年度总体目标 and the indicator grid).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...read.model import Document, Heading, Paragraph, Provenance
from ..tables import LogicalTable
from ..targets import split_statement
from ..text import compact, normalize_title
from .clean import tidy
from .form import GOAL, read_grid, value_after
from .grid import header_columns
from .model import DepartmentGoal, Indicator

_SECTION = re.compile(r"^([一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)")
_SUBSECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_ITEM = re.compile(r"^\d+[.、．]\s*")
_GOAL = re.compile(r"^(绩效目标|目标)[:：]\s*")
_INDICATORS = re.compile(r"^(绩效指标|指标)[:：]\s*")
_CLAUSES = re.compile(r"[，,；;。]")
OVERALL = "总体绩效目标"
TABLE_KIND = "department-performance"


def _texts(doc: Document) -> list[tuple[str, Provenance]]:
    return [
        (b.text.strip(), b.prov) for b in doc.blocks if isinstance(b, (Heading, Paragraph)) and b.text.strip()
    ]


def _section(doc: Document) -> list[tuple[str, Provenance]]:
    """The paragraphs of the 部门整体绩效目标 section, without its heading."""
    texts = _texts(doc)
    start = next((i for i, (t, _) in enumerate(texts) if _is_heading_of(t)), None)
    if start is None:
        return []
    out = []
    for t, prov in texts[start + 1 :]:
        if _SECTION.match(compact(t)):
            break
        out.append((t, prov))
    return out


def _is_heading_of(text: str) -> bool:
    c = _SECTION.sub("", compact(text))
    return c.startswith(("部门整体绩效目标", "整体绩效目标")) and len(c) <= 16


def extract_department_goals(doc: Document, tables: Sequence[LogicalTable] = ()) -> list[DepartmentGoal]:
    """The department's goals: those of its explanation chapter, then its goal tables, as printed."""
    from_tables = [g for t in tables if t.kind == TABLE_KIND and (g := _from_table(t))]
    return _from_text(doc) + from_tables


def _from_table(table: LogicalTable) -> DepartmentGoal | None:
    """A 部门整体绩效目标表: its 年度总体目标 and its indicator grid, like a project's form."""
    start = next((i for i, r in enumerate(table.rows) if header_columns(r)), None)
    info = table.rows if start is None else table.rows[:start]
    goal = value_after(info, GOAL)
    if start is None and goal is None:
        return None
    indicators = read_grid(table.rows, start) if start is not None else []
    title = normalize_title(table.title) or OVERALL
    return DepartmentGoal(title=title, goal=tidy(goal or ""), indicators=indicators, prov=table.parts[0].prov)


def _from_text(doc: Document) -> list[DepartmentGoal]:
    """The overall and sub-goals of the explanation chapter's 部门整体绩效目标 section."""
    goals: list[DepartmentGoal] = []
    title: str | None = None
    overall: list[str] = []
    overall_prov: Provenance | None = None
    in_overall = False
    for text, prov in _section(doc):
        c = compact(text)
        if _SUBSECTION.match(c):
            name = _SUBSECTION.sub("", c)
            if in_overall and overall:
                goals.insert(0, DepartmentGoal(title=OVERALL, goal="".join(overall), prov=overall_prov))
                overall = []
            in_overall = OVERALL in name
            if "目标" not in name:
                break  # 工作保障措施 and the like: no more goals
            continue
        if in_overall:
            overall_prov = overall_prov or prov
            overall.append(tidy(text))
        elif _ITEM.match(c) and len(c) <= 30:
            title = tidy(_ITEM.sub("", text)).rstrip("。.")
        elif _GOAL.match(c):
            goals.append(DepartmentGoal(title=title or "", goal=tidy(_GOAL.sub("", text)), prov=prov))
        elif _INDICATORS.match(c) and goals:
            _add_indicators(goals[-1], tidy(_INDICATORS.sub("", text)), prov)
    if in_overall and overall:
        goals.insert(0, DepartmentGoal(title=OVERALL, goal="".join(overall), prov=overall_prov))
    return goals


def _add_indicators(goal: DepartmentGoal, text: str, prov: Provenance) -> None:
    goal.indicator_text = text
    for clause in _CLAUSES.split(text):
        stated = split_statement(clause)
        if stated is None:
            continue
        subject, target = stated
        goal.indicators.append(
            Indicator(level1=None, level2=None, level3=subject or None, target=target, prov=prov)
        )


__all__ = ["OVERALL", "extract_department_goals"]
