"""Infer which function line (项) pays for each project of one document.

Every method adds evidence to a (project, function code) link; a link's
confidence combines its evidence (see :class:`FunctionLink`). A link the
document states beats every inferred one: a project with a stated code gets
no inferred links at all.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.records import BudgetRecords, FunctionLine, Project
from .by_amount import add_amount_evidence
from .by_name import add_name_evidence
from .codes import FUNCTION_CODE, embedded_codes, stated_code
from .model import PROJECT_CODE, STATED, Evidence, FunctionLink, Links, add_evidence
from .texts import project_texts

CONFIDENCE = {STATED: Decimal("1.00"), PROJECT_CODE: Decimal("0.90")}


def infer_function_links(records: BudgetRecords) -> list[FunctionLink]:
    """The links of every project of the document, ordered by project then code."""
    lines = project_lines(records.function_lines)
    links: Links = {}
    projects = dict(enumerate(records.projects, start=1))
    stated = _add_stated(links, projects, lines)
    inferred = {i: p for i, p in projects.items() if i not in stated}
    _add_codes(links, inferred, lines)
    add_name_evidence(links, {i: t for i, t in project_texts(records).items() if i in inferred}, lines)
    add_amount_evidence(links, inferred, lines)
    return [links[k] for k in sorted(links)]


def project_lines(lines: list[FunctionLine]) -> dict[str, FunctionLine]:
    """The 项 lines with a 项目支出, by code (a code printed twice keeps its first line).

    When no line has a 项目支出 column value at all (a layout without one),
    every 项 line is a candidate.
    """
    items = [ln for ln in lines if ln.code and FUNCTION_CODE.match(ln.code) and not ln.is_total]
    with_project = [ln for ln in items if ln.project]
    out: dict[str, FunctionLine] = {}
    for ln in with_project or items:
        out.setdefault(ln.code or "", ln)
    return out


def _add_stated(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> set[int]:
    done = set()
    for i, p in projects.items():
        code = stated_code(p)
        if code:
            note, note_zh = "the document prints the code", "文件载明该功能分类科目"
            stated = Evidence(STATED, CONFIDENCE[STATED], note, note_zh)
            add_evidence(links, i, code, lines.get(code), stated)
            done.add(i)
    return done


def _add_codes(links: Links, projects: dict[int, Project], lines: dict[str, FunctionLine]) -> None:
    for i, p in projects.items():
        for code in embedded_codes(p.code, set(lines)):
            note, note_zh = f"project code {p.code} contains {code}", f"项目编码 {p.code} 含 {code}"
            evidence = Evidence(PROJECT_CODE, CONFIDENCE[PROJECT_CODE], note, note_zh)
            add_evidence(links, i, code, lines[code], evidence)
