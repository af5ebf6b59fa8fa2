"""The texts of a project that may name what it pays for: name, goal, indicators.

Goals and indicators come from the project's performance-target table
(绩效目标表, ``BudgetRecords.performance``, matched to the project by the
extractor); a project without one is matched on its name alone.
"""

from __future__ import annotations

from ..extract.records import BudgetRecords
from .model import GOAL, INDICATOR, NAME

Texts = dict[str, list[str]]


def project_texts(records: BudgetRecords) -> dict[int, Texts]:
    """For each project (1-based index): its texts by source, ``name``, ``goal``, ``indicator``."""
    out: dict[int, Texts] = {
        i: {NAME: [p.name], GOAL: [], INDICATOR: []} for i, p in enumerate(records.projects, start=1)
    }
    for target in records.performance:
        texts = out.get((target.project if target.project is not None else -2) + 1)
        if texts is None:
            continue
        if target.goal:
            texts[GOAL].append(target.goal)
        for ind in target.indicators:
            texts[INDICATOR] += [t for t in (ind.level3, ind.target.raw, ind.description) if t]
    return out
