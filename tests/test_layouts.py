"""Layouts other provinces print: the samples transformed, extracted exactly as the originals.

Each variant (:mod:`tests.fixtures.variants`) changes how the tables are
printed -- numbered or publisher-prefixed titles, titles inside the table,
tables split over pages, other column orders, a header row shifted against
its body, other budget years -- never a figure. Its extraction
(``BudgetRecords.to_dict()``) must equal the original's except for the
titles as printed and, where a header was realigned, the finding saying so.

Individual variants run on one sample of each text layout (000 TAB
separated, 001 one cell per line from Word, 003 markdown); the other two
samples get every variant at once.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.extract.header import header_size
from budgetkg.extract.tables import logical_tables
from budgetkg.read import read_document
from budgetkg.read.model import Document, Table

from .conftest import SAMPLE_IDS, sample_path
from .fixtures import variants as v

LAYOUT_SAMPLES = ["000", "001", "003"]  # TAB separated, one cell per line, markdown
OTHER_SAMPLES = [s for s in SAMPLE_IDS if s not in LAYOUT_SAMPLES]


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {s: read_document(sample_path(s)) for s in SAMPLE_IDS}


@pytest.fixture(scope="module")
def originals(docs: dict[str, Document]) -> dict[str, BudgetRecords]:
    return {s: extract_document(d) for s, d in docs.items()}


def canon(records: BudgetRecords, shift: int = 0) -> dict[str, Any]:
    """The records to compare: titles as printed and header-realigned findings left out.

    The amounts of a line are sorted (a line lists them in column order);
    with ``shift``, the original's years move by as many years.
    """
    d = records.to_dict()
    for t in d["tables"] + d["table_status"]:
        t.pop("title")
    d["findings"] = sorted(
        (f["slug"], f["severity"]) for f in d["findings"] if f["slug"] != "header-realigned"
    )
    for line in d["disclosure_lines"]:
        line["amounts"] = sorted(line["amounts"], key=lambda a: (a["measure"], a["fund"] or "", a["value"]))
    return _shifted(d, shift) if shift else d


def _shifted(value: Any, shift: int, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _shifted(x, shift, k) for k, x in value.items()}
    if isinstance(value, list):
        return [_shifted(x, shift) for x in value]
    if isinstance(value, tuple):
        return tuple(_shifted(x, shift) for x in value)
    if isinstance(value, str):
        return v.move_years(value, shift)
    if isinstance(value, int) and not isinstance(value, bool) and key == "year" and value:
        return value + shift
    return value


def differences(want: Any, got: Any, path: str = "") -> list[str]:
    """Readable differences between two records dicts (empty when equal)."""
    if type(want) is not type(got):
        return [f"{path}: {want!r:.120} != {got!r:.120}"]
    if isinstance(want, dict):
        return [
            d
            for k in sorted(set(want) | set(got))
            for d in differences(want.get(k), got.get(k), f"{path}.{k}")
        ]
    if isinstance(want, list):
        if len(want) != len(got):
            return [f"{path}: {len(want)} items != {len(got)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(want, got, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if want == got else [f"{path}: {want!r:.120} != {got!r:.120}"]


def same(original: BudgetRecords, variant: Document, shift: int = 0) -> list[str]:
    return differences(canon(original, shift), canon(extract_document(variant)))


def _tables_changed(a: Document, b: Document) -> int:
    return sum(
        1
        for x, y in zip(a.tables(), b.tables(), strict=False)
        if [r.texts for r in x.rows] != [r.texts for r in y.rows]
    )


# -- titles ------------------------------------------------------------------------------------------


STYLES = [
    "dept-year",
    "dept-year-spaced",
    "biao-digit",
    "biao-digit-tight",
    "biao-cn",
    "fubiao-dash",
    "gongkai",
    "yusuan",
    "numbered-dept-year",
]


@pytest.mark.parametrize(
    ("sample", "style"),
    [("000", s) for s in STYLES]
    + [(x, s) for x in ("001", "003") for s in ("dept-year", "biao-cn", "yusuan")],
)
def test_numbered_and_prefixed_titles(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str, style: str
) -> None:
    dept = originals[sample].department
    assert dept.year is not None
    variant = v.retitle(docs[sample], v.title_styles(dept.name, dept.year)[style])
    titles = [t.title for t in extract_document(variant).tables]
    assert titles != [t.title for t in originals[sample].tables]  # the titles did change
    assert same(originals[sample], variant) == []


@pytest.mark.parametrize("sample", LAYOUT_SAMPLES)
def test_title_in_the_tables_first_row(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str
) -> None:
    variant = v.title_in_first_row(docs[sample])
    assert len(list(variant.blocks)) < len(list(docs[sample].blocks))  # the title paragraphs are gone
    assert same(originals[sample], variant) == []


# -- tables split over pages ----------------------------------------------------------------------------


SPLITS = {
    "repeated-header": (True, ["- 7 -"]),
    "no-header": (False, ["- 7 -"]),
    "nothing-between": (False, []),
    "xubiao": (True, ["续表"]),
    "title-continued": (True, ["{title}（续）"]),
    "title-continued-no-header": (False, ["{title}（续）"]),
}


@pytest.mark.parametrize(
    ("sample", "split"),
    [("000", s) for s in sorted(SPLITS)]
    + [(x, s) for x in ("001", "003") for s in ("no-header", "repeated-header", "title-continued")],
)
def test_table_split_over_pages(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str, split: str
) -> None:
    repeat, between = SPLITS[split]
    variant = v.split_tables(docs[sample], repeat, between)
    assert len(list(variant.tables())) > len(list(docs[sample].tables()))
    assert same(originals[sample], variant) == []


# -- column order -----------------------------------------------------------------------------------------


ORDERS = {
    "project-basic-total": (("合计", "基本支出", "项目支出"), [2, 1, 0]),
    "total-last": (("合计", "基本支出", "项目支出"), [1, 2, 0]),
    "public-personnel-total": (("合计", "人员经费", "公用经费"), [2, 1, 0]),
}


@pytest.mark.parametrize(
    ("sample", "order", "tables"),
    [
        ("000", "project-basic-total", 2),
        ("000", "total-last", 2),
        ("001", "project-basic-total", 4),
        ("001", "public-personnel-total", 1),
        ("003", "total-last", 3),
        ("003", "public-personnel-total", 2),
    ],
)
def test_other_column_orders(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str, order: str, tables: int
) -> None:
    labels, permutation = ORDERS[order]
    variant = v.reorder_columns(docs[sample], labels, permutation)
    assert _tables_changed(docs[sample], variant) == tables  # physical tables whose columns moved
    assert same(originals[sample], variant) == []


def test_column_order_reaches_the_summary(
    docs: dict[str, Document], originals: dict[str, BudgetRecords]
) -> None:
    """合计 printed last: every 支出总表 line keeps its total, basic and project figures."""
    variant = v.reorder_columns(docs["003"], ("合计", "基本支出", "项目支出"), [1, 2, 0])
    want = [(ln.code, ln.total, ln.basic, ln.project) for ln in originals["003"].function_lines]
    got = [(ln.code, ln.total, ln.basic, ln.project) for ln in extract_document(variant).function_lines]
    assert got == want
    assert want[0] == (None, Decimal("2791.77"), Decimal("1525.69"), Decimal("1266.08"))


# -- a header row shifted against its body ------------------------------------------------------------


def _shiftable(doc: Document) -> list[str]:
    """The table kinds of a document whose header has a label row as wide as the table."""
    kinds = []
    for lt in logical_tables(doc):
        if not lt.kind or "performance" in lt.kind or lt.kind == "units":
            continue
        if any(not v.collapsed_row(doc, lt.kind, w) for w in range(len(v.label_rows(lt.parts[0])))):
            kinds.append(lt.kind)
    return list(dict.fromkeys(kinds))


@pytest.mark.parametrize(("sample", "by"), [(s, 2) for s in LAYOUT_SAMPLES] + [("000", -2), ("003", 1)])
def test_shifted_header_row_is_realigned(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str, by: int
) -> None:
    """Each table in turn has its bottom (or top) label row printed off by ``by`` columns."""
    tried = 0
    for kind in _shiftable(docs[sample]):
        for which in (-1, 0):
            variant = v.shift_header_row(docs[sample], kind, which, by)
            if variant is None or v.collapsed_row(docs[sample], kind, which):
                continue
            records = extract_document(variant)
            assert differences(canon(originals[sample]), canon(records)) == [], (kind, which)
            tried += 1
    assert tried >= (8 if by > 0 else 2)  # a row moves left only where it starts with blank cells


def test_shifted_procurement_header_is_named_in_a_finding(
    docs: dict[str, Document], originals: dict[str, BudgetRecords]
) -> None:
    """The issue's case: 政府采购预算表, one header row two columns off: figures exact, a Warning says so."""
    variant = v.shift_header_row(docs["000"], "procurement", -1, 2)
    assert variant is not None
    records = extract_document(variant)
    realigned = [f for f in records.findings if f.slug == "header-realigned"]
    assert len(realigned) == 1
    assert realigned[0].severity == "Warning"
    assert realigned[0].message.startswith(
        "政府采购预算表: a header row (小计 | 一般公共预算 | 政府性基金预算)"
    )
    assert "2 column(s) right" in realigned[0].message
    lines = [ln for ln in records.disclosure_lines if ln.kind == "procurement"]
    want = [ln for ln in originals["000"].disclosure_lines if ln.kind == "procurement"]
    assert [
        (ln.name, ln.function_code, sorted((a.measure, a.fund or "", a.value) for a in ln.amounts))
        for ln in lines
    ] == [
        (ln.name, ln.function_code, sorted((a.measure, a.fund or "", a.value) for a in ln.amounts))
        for ln in want
    ]
    assert not [f for f in originals["000"].findings if f.slug == "header-realigned"]


# -- other budget years ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "year"),
    [("000", 2021), ("001", 2022), ("003", 2023), ("000", 2025), ("001", 2026), ("003", 2026)],
)
def test_other_budget_years(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str, year: int
) -> None:
    """The budget and its 三公 year pair moved to another year: the same figures under the new years.

    (Performance targets are left out: a few print a year split from its 年
    over two cells, which the transform does not move.)
    """
    shift = year - 2024
    records = extract_document(v.replace_year(docs[sample], shift))
    assert records.department.year == year
    want = {k: x for k, x in canon(originals[sample], shift).items() if k != "performance"}
    got = {k: x for k, x in canon(records).items() if k != "performance"}
    assert differences(want, got) == []
    before = {i.year for i in originals[sample].three_public}
    assert {i.year for i in records.three_public} == {y + shift for y in before}


# -- every variant at once, on the other samples ------------------------------------------------------


def _everything(doc: Document, dept: str, year: int) -> Document:
    d = v.retitle(doc, v.title_styles(dept, year)["numbered-dept-year"])
    d = v.reorder_columns(d, ("合计", "基本支出", "项目支出"), [2, 1, 0])
    d = v.split_tables(d, False, ["- 7 -"])
    shifted = v.shift_header_row(d, "procurement", -1, 2)
    return shifted if shifted is not None else d


@pytest.mark.parametrize("sample", OTHER_SAMPLES)
def test_all_variants_together(
    docs: dict[str, Document], originals: dict[str, BudgetRecords], sample: str
) -> None:
    dept = originals[sample].department
    assert dept.year is not None
    variant = _everything(docs[sample], dept.name, dept.year)
    assert same(originals[sample], variant) == []
    moved = v.replace_year(variant, 2)
    want = {k: x for k, x in canon(originals[sample], 2).items() if k != "performance"}
    got = {k: x for k, x in canon(extract_document(moved)).items() if k != "performance"}
    assert differences(want, got) == []


def test_variants_change_the_documents(docs: dict[str, Document]) -> None:
    """The transforms do what they say (a test of the test machinery)."""
    doc = docs["000"]
    split = v.split_tables(doc, True, ["续表"])
    first = next(b for b in split.blocks if isinstance(b, Table) and b.number == 20)
    second = next(b for b in split.blocks if isinstance(b, Table) and b.number == 10_020)
    head = header_size(first.rows)
    assert head and [r.texts for r in second.rows[:head]] == [r.texts for r in first.rows[:head]]
    shifted = v.shift_header_row(doc, "procurement", -1, 2)
    assert shifted is not None
    lt = next(t for t in logical_tables(copy.deepcopy(doc)) if t.kind == "procurement")
    row = v.label_rows(lt.parts[0])[-1]
    moved = next(b for b in shifted.blocks if isinstance(b, Table) and b.number == lt.number)
    assert moved.rows[row].texts[:7] == ["", "", "", "", "", "", ""]
    assert moved.rows[row].texts[7] == "小计"
    assert v.move_years("2023年预算数 | 预算年度：2024 | 2,024.00 | 2024.5", 2) == (
        "2025年预算数 | 预算年度：2026 | 2,024.00 | 2024.5"
    )
    assert v.move_years("2024", 2) == "2026"  # a year alone in a cell (its 年 in the next one)


# -- a variant rendered as PDF ----------------------------------------------------------------------


def _pdf_variant(doc: Document, dept: str, year: int) -> Document:
    d = v.retitle(doc, v.title_styles(dept, year)["numbered-dept-year"])
    d = v.reorder_columns(d, ("合计", "基本支出", "项目支出"), [2, 1, 0])
    shifted = v.shift_header_row(d, "procurement", -1, 2)
    assert shifted is not None
    return shifted


@pytest.fixture(scope="module")
def variant_pdf(originals: dict[str, BudgetRecords]) -> Path:
    """000 with numbered, publisher-prefixed titles, 项目支出 before 基本支出 and its 政府采购 header
    two columns off, rendered as a ruled PDF by LibreOffice (cached in tests/.fixtures/variants)."""
    import hashlib
    import shutil

    from .fixtures import render

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is needed to render the PDF fixtures: run scripts/system-deps.sh")
    here = Path(__file__).resolve().parent
    key = hashlib.sha256()
    for f in (here / "fixtures" / "variants.py", here / "fixtures" / "render.py", sample_path("000")):
        key.update(f.read_bytes())
    out = here / ".fixtures" / "variants" / key.hexdigest()[:12]
    pdf = out / "000-variant.pdf"
    if not pdf.exists():
        dept = originals["000"].department
        assert dept.year is not None
        doc = _pdf_variant(render.read_sample(sample_path("000")), dept.name, dept.year)
        docx = render.render_docx(doc, out / "000-variant.docx", render.LAYOUTS["ruled"])
        render.convert_to_pdf([docx], out, jobs=1)
    return pdf


def test_variant_rendered_as_pdf(originals: dict[str, BudgetRecords], variant_pdf: Path) -> None:
    """The PDF reader, then the layout rules: every figure as in the text sample."""
    records = extract_document(read_document(variant_pdf))
    assert differences(canon(originals["000"]), canon(records)) == []
    realigned = [f.message for f in records.findings if f.slug == "header-realigned"]
    assert (
        len(realigned) == 1
        and "政府采购预算表: a header row (小计 | 一般公共预算 | 政府性基金预算)" in realigned[0]
    )
    assert records.tables[0].title.startswith("表1 聊城市人力资源和社会保障局2024年")
