"""What a project-to-function link is: the evidence for it and how sure it is.

Documents rarely say which 支出功能分类 项 a project is paid from, so most
links are inferred. Each link keeps every piece of evidence (method, its own
confidence and a short note), and its confidence combines them: several
independent hints make a link surer than any one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..extract.records import FunctionLine

# Method slugs (bkg:linkMethod values) and their base confidence, strongest first.
STATED = "stated"  # the document prints the project's function code
PROJECT_CODE = "project-code"  # the project code embeds the function code
AMOUNT = "amount"  # the project's amount is the line's 项目支出, and only it matches
AMOUNT_SET = "amount-set"  # a set of projects adds up to the line's 项目支出
NAME = "name"  # the function name (or most of it) is in the project name
GOAL = "goal"  # ... in the project's performance goal
INDICATOR = "indicator"  # ... in one of the project's performance indicators

METHOD_ORDER = (STATED, PROJECT_CODE, AMOUNT, AMOUNT_SET, NAME, GOAL, INDICATOR)

_CAP = Decimal("0.99")
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Evidence:
    """One reason to believe a project is paid from a function line."""

    method: str
    confidence: Decimal
    note: str  # in English
    note_zh: str = ""  # the same in Chinese, as findings give both


# How each method reads in a sentence, in Chinese (the slugs are the English).
METHOD_ZH = {
    STATED: "文件载明",
    PROJECT_CODE: "项目编码",
    AMOUNT: "金额",
    AMOUNT_SET: "金额组合",
    NAME: "项目名称",
    GOAL: "绩效目标",
    INDICATOR: "绩效指标",
}


@dataclass
class FunctionLink:
    """A project linked to the 项 line of its own document that pays for it."""

    project: int  # 1-based index of the project in its document's records
    code: str  # the function code (项, 7 digits)
    line: FunctionLine | None  # the document's line of that code, when it prints one
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        """The distinct methods of the evidence, strongest first."""
        found = {e.method for e in self.evidence}
        return [m for m in METHOD_ORDER if m in found]

    @property
    def stated(self) -> bool:
        return any(e.method == STATED for e in self.evidence)

    @property
    def confidence(self) -> Decimal:
        """1 for a stated link; else the noisy-or of the evidence, capped at 0.99.

        Noisy-or (1 - product of (1 - c)) treats the methods as independent
        witnesses: two weak hints that agree beat one of them alone.
        """
        if self.stated:
            return Decimal("1.00")
        best: dict[str, Decimal] = {}
        for e in self.evidence:
            best[e.method] = max(best.get(e.method, Decimal(0)), e.confidence)
        doubt = Decimal(1)
        for c in best.values():
            doubt *= 1 - c
        return min(_CAP, (1 - doubt).quantize(_TWO_PLACES))


Links = dict[tuple[int, str], FunctionLink]  # by (project index, function code)


def add_evidence(links: Links, index: int, code: str, line: FunctionLine | None, evidence: Evidence) -> None:
    """Add evidence to the link of project ``index`` and ``code``, creating the link if new."""
    link = links.setdefault((index, code), FunctionLink(project=index, code=code, line=line))
    link.evidence.append(evidence)
