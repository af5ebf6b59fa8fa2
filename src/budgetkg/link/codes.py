"""Code evidence: a function code stated for a project, or embedded in its project code.

Some budget systems build project codes from the function code they are
paid from. A 7-digit code counts only when it is a whole run of digits in
the project code (``2080705-001``), not a stretch inside a longer number,
and only when the document has a line of that code: a long serial number
contains many 7-digit stretches by chance.
"""

from __future__ import annotations

import re

from ..extract.records import Project
from ..extract.text import compact

_DIGIT_RUN = re.compile(r"\d+")
FUNCTION_CODE = re.compile(r"^2\d{6}$")  # a 项 of the expenditure function classification (2xx xx xx)


def stated_code(project: Project) -> str | None:
    """The function code the document states for the project, if any."""
    code = compact(project.function_code or "")
    return code if FUNCTION_CODE.match(code) else None


def embedded_codes(project_code: str | None, known: set[str]) -> list[str]:
    """Known 7-digit function codes that stand as whole digit runs in a project code."""
    if not project_code:
        return []
    runs = _DIGIT_RUN.findall(compact(project_code))
    return sorted({r for r in runs if r in known})
