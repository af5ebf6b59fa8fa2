"""Parity: every rendering of a sample extracts exactly what its text form extracts.

Each of the five text samples is rendered as DOCX, as PDF in three layouts
(ruled tables with repeated headers; tables without vertical lines; wide
tables on landscape pages) and as an XLSX workbook. The complete extraction
output (``BudgetRecords.to_dict()``, provenance left out) must be equal, so
this test guards every later widening of extraction too.

Where a format cannot carry something the text has, the difference is named
in :data:`KNOWN_GAPS` with the reason; any other difference fails the test
with a readable list of the differing records.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from budgetkg.extract import BudgetRecords, extract_document

from .conftest import SAMPLE_IDS

FORMATS = ["docx", "pdf-ruled", "pdf-open", "pdf-landscape", "xlsx"]

# format -> {record path prefix: why the rendering cannot have it}
NARRATIVE = "a workbook carries the tables, not the narrative sections this comes from"
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "xlsx": {
        "department.subunits": NARRATIVE + " (机构设置, 预算单位构成)",
        "department_goals": NARRATIVE + " (部门整体绩效目标 in running text)",
        "stated_figures": NARRATIVE + " (figures stated in the explanations)",
        "glossary": NARRATIVE + " (名词解释)",
    },
}
# (format, sample) -> more named gaps that only one sample shows
SAMPLE_GAPS: dict[tuple[str, str], dict[str, str]] = {
    ("xlsx", "001"): {
        "department.code": "the code is printed only inside the first table's title rows (323曹妃甸区...), "
        "which a workbook reads as title lines above the table",
        **{
            f"three_public[0].{key}": NARRATIVE
            + " (the 出国, 购置 and 接待 its 三公 table leaves blank are stated as 0万元, and the change as"
            " 增加0万元, only in an explanation sentence)"
            for key in ("overseas", "vehicle_purchase", "reception", "stated_items", "stated_changes")
        },
    },
    ("xlsx", "003"): {
        f"three_public[1].{key}": NARRATIVE
        + " (the 2024 因公出国（境）费 its 三公 table leaves blank is stated as 0.00 万元, 增加 0.00 万元,"
        " only in an explanation sentence)"
        for key in ("overseas", "stated_items", "stated_changes")
    },
    ("pdf-landscape", "003"): {
        "performance[4]": "a merged cell (a project's goal) too tall for the rest of a page flows onto "
        "the next page; the reader cannot tell its remainder from the text of a new row there",
        "performance[5]": "(the same page break: the remainder lands in the next project's first row)",
    },
    ("xlsx", "002"): {
        "department.name": "the cover title the extractor joins with the following title lines differs: "
        "the text spreads it over three lines followed by 目录",
        "three_public[0]": NARRATIVE + " (the 2023 “三公” zeros are stated only in an explanation sentence)",
    },
}


def rendering(fx: Any, sample: str, fmt: str) -> Path:
    """The rendered file of ``sample`` in ``fmt``."""
    stem = fx.stem(sample)
    if fmt == "docx":
        return Path(fx.docx(stem))
    if fmt == "xlsx":
        return Path(fx.xlsx(stem))
    return Path(fx.pdf(stem, fmt.removeprefix("pdf-")))


def _short(value: Any, width: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= width else text[: width - 1] + "…"


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def differences(want: Any, got: Any, path: str = "") -> list[str]:
    """Readable differences between two extraction dicts: one line per differing value or record.

    Lists of records are aligned (a missing or extra record is reported as
    such, not as every later record shifted); dicts are compared key by key.
    """
    if want == got:
        return []
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for key in sorted(set(want) | set(got), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in got:
                out.append(f"{sub}: only in text: {_short(want[key])}")
            elif key not in want:
                out.append(f"{sub}: only in rendering: {_short(got[key])}")
            else:
                out += differences(want[key], got[key], sub)
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = []
        matcher = SequenceMatcher(a=[_canon(x) for x in want], b=[_canon(x) for x in got], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    out += differences(want[i1 + k], got[j1 + k], f"{path}[{i1 + k}]")
                continue
            out += [f"{path}[{k}]: only in text: {_short(want[k])}" for k in range(i1, i2)]
            out += [f"{path}[{k}]: only in rendering: {_short(got[k])}" for k in range(j1, j2)]
        return out
    return [f"{path}: text {_short(want)} != rendering {_short(got)}"]


def named_gap(diff: str, gaps: dict[str, str]) -> str | None:
    """The reason a difference is expected, when its record path is a named gap.

    A gap names a path with or without list positions: ``glossary`` covers
    every glossary entry, ``performance[4]`` one record.
    """
    path = diff.split(":", 1)[0]
    bare = "".join(part.split("[", 1)[0] + "." for part in path.split(".")).rstrip(".")

    def under(p: str, key: str) -> bool:
        return p == key or p.startswith(key + ".") or p.startswith(key + "[")

    return next((why for key, why in gaps.items() if under(bare, key) or under(path, key)), None)


def test_differences_are_readable() -> None:
    want = {"department": {"name": "A", "subunits": [{"name": "x"}]}, "projects": [{"n": 1}, {"n": 2}]}
    got = {"department": {"name": "B", "subunits": []}, "projects": [{"n": 2}]}
    assert differences(want, got) == [
        'department.name: text "A" != rendering "B"',
        'department.subunits[0]: only in text: {"name": "x"}',
        'projects[0]: only in text: {"n": 1}',
    ]
    gaps = {"department.subunits": "why"}
    assert named_gap('department.subunits[0]: only in text: {"name": "x"}', gaps) == "why"
    assert named_gap('department.name: text "A" != rendering "B"', gaps) is None
    assert named_gap("performance[4].goal: text 1 != rendering 2", {"performance[4]": "why"}) == "why"
    assert named_gap("performance[5].goal: text 1 != rendering 2", {"performance[4]": "why"}) is None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_rendering_extracts_what_the_text_does(
    rendered: Any, read_rendering: Any, records: dict[str, BudgetRecords], sample: str, fmt: str
) -> None:
    path = rendering(rendered, sample, fmt)
    got = extract_document(read_rendering(path)).to_dict()
    assert_same_extraction(path, fmt, sample, records[sample].to_dict(), got, fmt)


def assert_same_extraction(
    path: Path, fmt: str, sample: str, want: dict[str, Any], got: dict[str, Any], gaps_of: str
) -> None:
    """``got`` equals ``want`` but for the gaps named for ``gaps_of`` (printed); else the differences."""
    gaps = {**KNOWN_GAPS.get(gaps_of, {}), **SAMPLE_GAPS.get((gaps_of, sample), {})}
    diffs = differences(want, got)
    for d in diffs:
        why = named_gap(d, gaps)
        if why:
            print(f"named gap ({fmt}): {d} -- {why}")
    unexplained = [d for d in diffs if named_gap(d, gaps) is None]
    assert not unexplained, (
        f"{path.name} ({fmt}) extracts differently from the text of sample {sample}: "
        f"{len(unexplained)} differences\n" + "\n".join(unexplained[:60])
    )
