"""The texts of a project that may name what it pays for: name, goal, indicators.

Goals and indicators come from the performance-target tables (绩效目标表)
when the extractor provides them; a project without them is matched on its
name alone.
"""

from __future__ import annotations

from typing import Any

from ..extract.records import Project
from .model import GOAL, INDICATOR, NAME


def project_texts(project: Project) -> dict[str, list[str]]:
    """Texts by where they come from: ``name``, ``goal`` and ``indicator``."""
    goal = _first_attr(project, "goal", "annual_goal")
    indicators = getattr(project, "indicators", None) or []
    return {
        NAME: [project.name],
        GOAL: [goal] if isinstance(goal, str) and goal else [],
        INDICATOR: [t for ind in indicators for t in _indicator_texts(ind)],
    }


def _first_attr(obj: Any, *names: str) -> Any:
    for n in names:
        value = getattr(obj, n, None)
        if value:
            return value
    return None


def _indicator_texts(indicator: Any) -> list[str]:
    """An indicator's name and its target text (a string indicator is its own text)."""
    if isinstance(indicator, str):
        return [indicator]
    texts = [getattr(indicator, n, None) for n in ("name", "raw", "raw_text", "target_text")]
    return [t for t in texts if isinstance(t, str) and t]
