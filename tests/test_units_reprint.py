"""A sample re-printed in 元, 千元 or 亿元 answers every saved query with the original's 万元 figures.

The samples (all in 万元) are re-printed by :mod:`.fixtures.reprint`: every
table amount in the new unit, every unit statement naming it, the narrative
left in 万元. Each variant is ingested into a store of its own and every
saved query is run with its default parameters; rows are compared as sets
(a tie in ORDER BY may fall either way between stores).

* 元 and 亿元 with all digits (0.444490 亿元): every answer identical, in
  text and in DOCX and PDF renderings;
* 亿元 with four decimals: 4444.90 万元 prints as 0.4445, so figures can only
  agree to half a unit of that digit (0.5 万元); validation's tolerance
  scales with the printing, so rounding raises no Warning the original lacks;
* no unit printed anywhere, tables in 元: the unit is inferred from the
  explanations' 万元 figures, every answer identical but one more finding,
  the ``unit-inferred`` Warning naming 元.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import budgetkg
from budgetkg.query import saved_queries
from budgetkg.read.model import Document

from .conftest import SAMPLE_IDS, sample_path
from .fixtures.render import read_sample
from .fixtures.reprint import drop_units, reprint, to_text, units_in_titles

Answers = dict[str, list[str]]


def _text_docs(transform: Callable[[Document], Document], samples: list[str]) -> dict[str, str]:
    return {sample_path(s).name: to_text(transform(read_sample(sample_path(s)))) for s in samples}


def _answers(kg: budgetkg.KnowledgeGraph) -> Answers:
    """Every saved query's CSV rows (header first, then rows sorted)."""
    out = {}
    for q in saved_queries():
        lines = kg.select(q.name).to_csv().splitlines()
        out[q.name] = lines[:1] + sorted(lines[1:])
    return out


def _ingest(root: Path, files: dict[str, str | Path]) -> Answers:
    folder = root / "docs"
    folder.mkdir(parents=True)
    for name, content in files.items():
        if isinstance(content, Path):
            (folder / name).write_bytes(content.read_bytes())
        else:
            (folder / name).write_text(content, encoding="utf-8")
    with budgetkg.open(root / "kg") as kg:
        report = kg.ingest([folder])
        assert report.ok, report.to_dict()
        return _answers(kg)


@pytest.fixture(scope="module")
def text_answers(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, list[str]], Answers]:
    """Answers of the text renderings of a variant ("original", "元", "亿元", "亿元4", ...), cached."""
    variants: dict[str, Callable[[Document], Document]] = {
        "original": lambda d: d,
        "元": lambda d: reprint(d, "元"),
        "千元": lambda d: reprint(d, "千元"),
        "亿元": lambda d: reprint(d, "亿元"),
        "亿元4": lambda d: reprint(d, "亿元", decimals=4),
        "元-unstated": lambda d: drop_units(reprint(d, "元")),
        "元-in-titles": lambda d: units_in_titles(drop_units(reprint(d, "元")), "元"),
    }
    memo: dict[tuple[str, tuple[str, ...]], Answers] = {}

    def answers(variant: str, samples: list[str]) -> Answers:
        key = (variant, tuple(samples))
        if key not in memo:
            root = tmp_path_factory.mktemp(f"units-{len(memo)}")
            memo[key] = _ingest(root, dict(_text_docs(variants[variant], samples)))
        return memo[key]

    return answers


def _differences(a: Answers, b: Answers) -> dict[str, list[str]]:
    return {
        q: sorted(set(a[q]) ^ set(b[q]))[:6] for q in a if a[q] != b[q]
    }


@pytest.mark.parametrize("unit", ["元", "亿元"])
def test_every_saved_query_gives_the_same_figures_when_printed_in(
    text_answers: Callable[[str, list[str]], Answers], unit: str
) -> None:
    original = text_answers("original", SAMPLE_IDS)
    reprinted = text_answers(unit, SAMPLE_IDS)
    assert _differences(original, reprinted) == {}
    # the comparison has teeth: the answers hold the samples' figures
    departments = "\n".join(original["departments"])
    assert "9488.90" in departments and "10351.24" in departments


def test_thousand_yuan(text_answers: Callable[[str, list[str]], Answers]) -> None:
    assert _differences(text_answers("original", ["002"]), text_answers("千元", ["002"])) == {}


def test_unit_printed_in_the_titles_only(text_answers: Callable[[str, list[str]], Answers]) -> None:
    """支出总表（单位：元） and no unit line: the titles' unit, and the document's for untitled tables."""
    samples = ["000", "003"]
    titled = {
        q: [line.replace("（单位：元）", "") for line in lines]  # the titles as printed name the unit
        for q, lines in text_answers("元-in-titles", samples).items()
    }
    assert _differences(text_answers("original", samples), titled) == {}


def test_no_unit_printed_anywhere_is_inferred_and_reported(
    text_answers: Callable[[str, list[str]], Answers],
) -> None:
    original = text_answers("original", ["000"])
    unstated = text_answers("元-unstated", ["000"])
    diff = _differences(original, unstated)
    assert list(diff) == ["validation-issues"]
    (added,) = diff["validation-issues"]
    assert ",Warning,unit-inferred," in added and "“元”" in added, added
    assert added not in original["validation-issues"]


AMOUNT_COLUMNS = {
    "total", "basic", "project", "amount", "overseas", "vehicle_purchase", "vehicle_operation", "reception",
    "personnel", "public_use", "department_total", "this_year", "last_year", "change",
}
DIFFERENCES = {"change"}  # this year less last year: two roundings
FIGURE_QUERIES = (
    "departments",
    "projects",
    "spending-by-function",
    "spending-by-economic-class",
    "three-public-expenses",
    "three-public-expenses-change",
)  # not the links to functions (projects-by-function, department-profile): amount sums need exact figures
HALF_UNIT = Decimal("0.5")  # 万元: half of 0.0001 亿元


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text or "0")
    except ArithmeticError:
        return False
    return True


def _rows(lines: list[str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@pytest.mark.parametrize("sample", ["000", "004"])
def test_four_decimal_yi_yuan_agrees_within_its_printed_precision(
    text_answers: Callable[[str, list[str]], Answers], sample: str
) -> None:
    """0.4445 亿元 cannot say 4444.90 万元 exactly: each figure is within 0.5 万元, no new Warning."""
    original = text_answers("original", [sample])
    coarse = text_answers("亿元4", [sample])
    compared = 0
    for q in FIGURE_QUERIES:
        before, after = _rows(original[q]), _rows(coarse[q])
        assert len(before) == len(after), q
        columns = list(before[0]) if before else []
        rows = before + after
        amounts = [c for c in columns if c in AMOUNT_COLUMNS and all(_is_decimal(r[c]) for r in rows)]
        key = [c for c in columns if c not in amounts and not c.endswith("percent")]
        before.sort(key=lambda r: [r[c] for c in key])
        after.sort(key=lambda r: [r[c] for c in key])
        for b, a in zip(before, after, strict=True):
            assert [b[c] for c in key] == [a[c] for c in key], q
            for c in amounts:
                assert bool(b[c]) == bool(a[c]), (q, c, b, a)  # blank stays blank
                if b[c]:
                    allowed = 2 * HALF_UNIT if c in DIFFERENCES else HALF_UNIT
                    assert abs(Decimal(b[c]) - Decimal(a[c])) <= allowed, (q, c, b, a)
                    compared += 1
    assert compared > 50

    def warnings(answers: Answers) -> set[tuple[str, ...]]:
        rows = _rows(answers["validation-issues"])
        return {(r["rule"], r["table"]) for r in rows if r["severity"] == "Warning"}

    assert warnings(coarse) <= warnings(original)  # rounding raised no Warning of its own


# -- DOCX and PDF renderings --------------------------------------------------------------------------

def _without_rows(answers: Answers) -> Answers:
    """validation-issues without the row a finding names (``第65行``): a position, not a figure."""
    issues = sorted(re.sub(r" 第\d+行", "", line) for line in answers["validation-issues"][1:])
    return {**answers, "validation-issues": answers["validation-issues"][:1] + issues}


RENDERED = [("002", "元"), ("002", "亿元"), ("000", "元")]  # 000's 合计 is 94,889,000.00 元


@pytest.fixture(scope="module")
def rendered_reprints(rendered, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Samples re-printed in 元 or 亿元, as DOCX and as ruled PDF (LibreOffice), by "fmt-sample-unit"."""
    from .fixtures.render import LAYOUTS, convert_to_pdf, render_docx

    root = tmp_path_factory.mktemp("reprint-rendered")
    out: dict[str, Path] = {}
    docx_files = []
    for sample, unit in RENDERED:
        doc = reprint(read_sample(sample_path(sample)), unit)
        docx = render_docx(doc, root / f"{sample}-{unit}.docx", LAYOUTS["ruled"])
        out[f"docx-{sample}-{unit}"] = docx
        docx_files.append(docx)
    for pdf in convert_to_pdf(docx_files, root / "pdf", jobs=1):
        out[f"pdf-{pdf.stem}"] = pdf
    return out


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize(("sample", "unit"), RENDERED)
def test_rendered_reprint_gives_the_same_figures(
    rendered, rendered_reprints: dict[str, Path], tmp_path: Path, fmt: str, sample: str, unit: str  # type: ignore[no-untyped-def]
) -> None:
    stem = rendered.stem(sample)
    original_file = rendered.docx(stem) if fmt == "docx" else rendered.pdf(stem, "ruled")
    name = f"{stem}.{fmt}"
    original = _ingest(tmp_path / "original", {name: original_file})
    reprinted = _ingest(tmp_path / "reprint", {name: rendered_reprints[f"{fmt}-{sample}-{unit}"]})
    if fmt == "pdf":  # wider figures move page breaks, and with them a repeated header's row count
        original, reprinted = _without_rows(original), _without_rows(reprinted)
    assert _differences(original, reprinted) == {}
    assert any(",2024," in line for line in original["departments"][1:])
