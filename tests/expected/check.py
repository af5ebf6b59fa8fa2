"""Check the expected answers in this folder against the sample documents' text.

Not a test and not run by the suite: a tool for whoever writes or changes an
expected file. It never runs budgetkg; it reads the CSV files here and the
documents in examples/documents/ and checks, row by row, what README.md in
this folder says about each column:

- ``printed`` figures: the value is a number printed in that row's document
  (thousands separators ignored; 0.00 may also be printed as 0, - or blank);
- ``text`` cells: printed in that row's document (whitespace ignored; a cell
  wrapped over two lines of the text is found in the document's text with its
  line breaks removed);
- ``derived`` cells: recomputed here from the row's other cells (a share, a
  difference, a change), to the published two decimals;
- ``one of`` cells: one of the values the query's description lists;
- ``stated`` cells: each column they name holds 0.00 and the document states a
  none or a zero in words (没有…基本支出, 未使用…“三公”经费, 0万元, 增加0万元, 持平);
  a derived cell they name (a change stated as zero) is not recomputed.

Prints every cell that does not check and exits 1 if there is one::

    python tests/expected/check.py [QUERY ...]
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent.parent / "examples" / "documents"
NUMBER = re.compile(r"-?\d[\d,，]*(?:\.\d+)?")
TWO = Decimal("0.01")

Row = dict[str, str]
Check = Callable[[Row, "Doc"], bool]


class Doc:
    """One sample document's text, its numbers and its text without white space."""

    def __init__(self, path: Path) -> None:
        self.text = path.read_text(encoding="utf-8")
        self.flat = re.sub(r"\s+", "", self.text)
        self.spaced = re.sub(r"\s+", " ", self.text)
        self.numbers = {Decimal(m.replace(",", "").replace("，", "")) for m in NUMBER.findall(self.text)}


def labelled(check: Check, label: str) -> Check:
    check.label = label  # type: ignore[attr-defined]
    return check


def printed(col: str) -> Check:
    def check(row: Row, doc: Doc) -> bool:
        v = row[col]
        if v in ("", "0.00", "0"):
            return True  # a blank or zero cell prints as blank, 0 or -
        return Decimal(v) in doc.numbers

    return labelled(check, f"printed {col}")


def text(col: str, blank_ok: bool = True) -> Check:
    def check(row: Row, doc: Doc) -> bool:
        v = re.sub(r"\s+", "", row[col])
        return (blank_ok and not v) or v in doc.flat

    return labelled(check, f"text {col}")


def _indicator_labels() -> dict[str, list[str]]:
    """Each indicator level's code-list name and its other names (ontology/codelists/indicator.ttl)."""
    ttl = (HERE.parent.parent / "ontology" / "codelists" / "indicator.ttl").read_text(encoding="utf-8")
    names: dict[str, list[str]] = {}
    for concept in ttl.split(" a skos:Concept")[1:]:
        pref = re.search(r'skos:prefLabel "([^"]+)"@zh', concept)
        if pref:
            names[pref.group(1)] = [pref.group(1), *re.findall(r'skos:altLabel "([^"]+)"@zh', concept)]
    return names


INDICATOR_LABELS = _indicator_labels()


def level(col: str) -> Check:
    """An indicator level: its code-list name, printed under that name or one of its other names."""

    def check(row: Row, doc: Doc) -> bool:
        v = row[col]
        return not v or any(n in doc.flat for n in INDICATOR_LABELS.get(v, [v]))

    return labelled(check, f"level {col}")


def function_code(row: Row, doc: Doc) -> bool:
    """A 7-, 5- or 3-digit code printed whole, or its last two digits beside its name (类/款/项 columns)."""
    code, name = row["function_code"], re.escape(row["function_name"])
    return bool(re.search(rf"(^| ){code} {name}", doc.spaced)) or (
        len(code) > 3 and bool(re.search(rf"(^| ){code[-2:]} {name}", doc.spaced))
    )


def one_of(col: str, *values: str) -> Check:
    return labelled(lambda row, doc: row[col] in values, f"one of {col}")


def pct(col: str, num: str, den: str) -> Check:
    def check(row: Row, doc: Doc) -> bool:
        if not row[den] or Decimal(row[den]) == 0 or not row[num]:
            return row[col] == ""
        want = (Decimal(row[num]) * 100 / Decimal(row[den])).quantize(TWO, ROUND_HALF_UP)
        return Decimal(row[col]) == want

    return labelled(check, f"derived {col} = {num} * 100 / {den}")


def diff(col: str, a: str, b: str) -> Check:
    def check(row: Row, doc: Doc) -> bool:
        if col in row.get("stated", "").split() and not row[b]:
            return row[col] == "0.00" and bool(ZERO_CHANGE.search(doc.flat))  # stated: checked as such
        if not row[a] or not row[b]:
            return row[col] == ""
        return Decimal(row[col]) == Decimal(row[a]) - Decimal(row[b])

    return labelled(check, f"derived {col} = {a} - {b}")


# a none or a zero stated in words (README "Zero, blank and stated"), in the text without white space
NONE_STATED = re.compile(
    r"(没有|未|无)[^。；]{0,20}?(基本支出|三公[”\"'’」]?经费)|(费|为)(0|0\.00)万元|(增加|减少)0(\.0+)?万元"
)
ZERO_CHANGE = re.compile(r"(增加|减少)0(\.0+)?万元|持平|与上年(度)?一致")


def stated(row: Row, doc: Doc) -> bool:
    """The columns ``stated`` names exist, hold 0.00, and the document states a none or zero in words."""
    names = row["stated"].split()
    return not names or (
        all(row.get(n) == "0.00" for n in names) and bool(NONE_STATED.search(doc.flat))
    )


def year(row: Row, doc: Doc) -> bool:
    return row["year"] in doc.text


def dept(row: Row, doc: Doc) -> bool:
    return text("department", blank_ok=False)(row, doc)


COMMON = [dept]
SPECS: dict[str, list[Check]] = {
    "departments": [
        *COMMON,
        year,
        text("region"),
        printed("total"),
        printed("basic"),
        printed("project"),
        stated,
    ],
    "projects": [*COMMON, year, text("project"), text("code"), text("type"), printed("amount")],
    "spending-by-function": [
        *COMMON,
        year,
        function_code,
        text("function_name"),
        printed("total"),
        printed("basic"),
        printed("project"),
        stated,
    ],
    "code-conflicts": [text("code"), text("printed_name")],
    "department-profile": [
        *COMMON,
        year,
        text("code"),
        printed("total"),
        printed("basic"),
        printed("project"),
        stated,
    ],
    "function-across-departments": [
        *COMMON,
        year,
        text("function_name"),
        printed("total"),
        printed("basic"),
        printed("project"),
        printed("department_total"),
        pct("share_percent", "total", "department_total"),
        pct("project_percent", "project", "total"),
        stated,
    ],
    "function-reconciliation": [
        *COMMON,
        year,
        text("function_name"),
        printed("line_project"),
        diff("difference", "line_project", "linked_amount"),
        one_of("reconciles", "True", "False"),
    ],
    "function-subtree": [
        *COMMON,
        year,
        text("printed_name"),
        printed("total"),
        one_of("level", "1", "2", "3"),
    ],
    "projects-by-function": [
        *COMMON,
        year,
        text("project"),
        printed("amount"),
        text("function_name"),
    ],
    "projects-search": [
        *COMMON,
        year,
        text("project"),
        printed("amount"),
        text("matched_text"),
        one_of("matched_in", "name", "goal", "indicator"),
    ],
    "spending-by-economic-class": [
        *COMMON,
        year,
        text("dept_econ_code"),
        text("dept_econ_name"),
        text("gov_econ_code"),
        text("gov_econ_name"),
        printed("total"),
        printed("personnel"),
        printed("public_use"),
        stated,
    ],
    "three-public-expenses": [
        *COMMON,
        printed("total"),
        printed("overseas"),
        printed("vehicle_purchase"),
        printed("vehicle_operation"),
        printed("reception"),
        stated,
    ],
    "three-public-expenses-change": [
        *COMMON,
        printed("last_year"),
        printed("this_year"),
        diff("change", "this_year", "last_year"),
        pct("change_percent", "change", "last_year"),
        stated,
    ],
    "vague-indicators": [
        *COMMON,
        text("project"),
        level("level1"),
        level("level2"),
        text("indicator"),
        text("target"),
        one_of("reason", "qualitative", "no-unit", "approximate", "empty"),
        one_of("owner_kind", "project", "special-fund", "department"),
    ],
    "vague-indicators-summary": [*COMMON, pct("vague_percent", "vague", "indicators")],
    "indicator-benchmarks": [*COMMON, text("project"), level("level1"), level("level2"), text("indicator")],
    "indicators": [*COMMON, text("project"), level("level1"), level("level2"), text("level3"), text("raw")],
    "validation-issues": [
        *COMMON,
        printed("found"),
        one_of("severity", "Violation", "Warning", "Info"),
    ],
}


def check_file(name: str, docs: dict[str, Doc]) -> list[str]:
    """Every cell of ``name``.csv that does not check, as one line each."""
    bad = []
    with (HERE / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows, start=2):
        key = row.get("document") or row.get("printed_in", "")
        doc = docs.get(key)
        if doc is None:
            if key.endswith(".txt"):
                bad.append(f"{name}:{i}: no document {key}")
            continue
        for check in SPECS[name]:
            if (name, i) not in HAND_CHECKED and not check(row, doc):
                what = getattr(check, "label", check.__name__)
                bad.append(f"{name}:{i}: {what}: {row}")
    return bad


# Cells read by hand where a converter wrapped the cell over several lines of the
# text (003's cells are cut inside words and codes), so no single grep finds them.
HAND_CHECKED = {
    (
        "code-conflicts",
        2,
    ): "2080110 printed as 208 / 01 / 10 in three columns, 004 line 246 (劳动关系的维权)",
    (
        "projects",
        53,
    ): "code '63020 00002 4T000' + '00045 9-劳动 能力鉴 定工 作经 费', 003 lines 552-553",
    ("projects", 56): "code printed '63020000024T00000046' + '7-...', 003 lines 588-590",
    ("projects", 64): "'63020 00002 4T000 00102 3-职业技能鉴定补' + '贴 (2023)', 003 lines 667-670",
    ("projects", 67): "code '63020 00002 4T000 00045' + '2-促创人员经费', 003 lines 678-679",
    ("projects", 73): "code and name wrapped, '00104 6-就 业创 业服 务补 贴 (202 3)', 003 line 726",
    ("indicator-benchmarks", 81): "project name wrapped, 003 lines 667-670",
    ("indicators", 611): "indicator name wrapped in a narrow column, 003 line 563 on",
    ("indicators", 633): "indicator name wrapped, 003 line 588 on (评审专家…)",
    ("indicators", 702): "project name wrapped, 003 lines 667-670",
    ("indicators", 703): "project name wrapped, 003 lines 667-670",
    ("indicators", 704): "project name wrapped, 003 lines 667-670",
    ("indicators", 722): "indicator name wrapped, 003 line 689 on",
    (
        "indicators",
        808,
    ): "'社保政策宣传' + '活动均需制作 横幅、展板…', 003 lines 789-790",
    ("projects-search", 19): "goal wrapped, 003 line 699 on",
}


def cross_checks() -> list[str]:
    """Counts and totals of one answer that another answer here lists row by row."""

    def load(name: str) -> list[Row]:
        with (HERE / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    bad = []
    projects, vague = load("projects"), load("vague-indicators")
    for row in load("department-profile"):
        mine = [p for p in projects if p["document"] == row["document"]]
        if row["section"] == "projects" and (
            int(row["count"]) != len(mine) or Decimal(row["total"]) != sum(Decimal(p["amount"]) for p in mine)
        ):
            bad.append(f"department-profile: projects of {row['document']} are not projects.csv's")
    for row in load("vague-indicators-summary"):
        mine = [v for v in vague if v["document"] == row["document"]]
        counts = {
            r: sum(v["reason"] == r for v in mine) for r in ("qualitative", "no-unit", "approximate", "empty")
        }
        if int(row["vague"]) != len(mine) or any(
            int(row[r.replace("-", "_")]) != n for r, n in counts.items()
        ):
            bad.append(
                f"vague-indicators-summary: {row['document']} does not count vague-indicators.csv's rows"
            )
    return bad


def main(argv: list[str]) -> int:
    docs = {p.name: Doc(p) for p in sorted(DOCS.glob("*.txt"))}
    names = argv or sorted(p.stem for p in HERE.glob("*.csv"))
    bad = [line for name in names for line in check_file(name, docs)] + cross_checks()
    print("\n".join(bad) or f"{len(names)} files: every cell checks")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
