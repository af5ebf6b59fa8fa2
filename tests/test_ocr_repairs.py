"""What lets a scanned budget come out exactly, pinned on small hand-made inputs.

Each rule applies to OCR'd text only (a cell with a confidence, a page read by
OCR); printed text is read as before:

* a correction changes figures, never which lines the table has;
* two misread figures repairing different sums are both corrected;
* a column whose label OCR misread is a code column when its cells are
  nested classification codes;
* a header printed again on the next page is dropped when OCR read it a
  little differently;
* an OCR'd project name matches its performance table by its characters in
  any order, and takes the name as printed there.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import extract_document
from budgetkg.extract.matching import OCR_CHARACTERS, match_names, shared_characters
from budgetkg.extract.ocrcolumns import CODE_BY_CONTENT, is_code_hierarchy
from budgetkg.extract.ocrfix import CORRECTED, UNRECONCILED, Trial, unrivalled
from budgetkg.extract.performance.model import PROJECT, PerformanceTarget
from budgetkg.extract.projects import OCR_NAME, extract_projects
from budgetkg.extract.records import Finding
from budgetkg.extract.tables import LogicalTable
from budgetkg.read.model import Cell, Document, OcrSummary, Provenance, Row, Table
from budgetkg.read.pdf.assemble import OCR_ALIKE, _repeats, drop_repeated_header
from budgetkg.read.text import read_text

from .test_ocrfix import _doc, _fix, _line

TWO_BRANCHES = [
    "合 计\t\t\t\t100.00\t\t\t\t100.00",
    _line("208", "社会保障和就业支出", "100.00"),
    _line("20801", "人力资源和社会保障管理事务", "41.00"),
    _line("2080107", "社会保险业务管理事务", "41.00"),
    _line("20802", "民政管理事务", "59.00"),
    _line("2080201", "行政运行", "59.00"),
]


def _row_of(doc: Document, name: str) -> Row:
    return next(r for t in doc.tables() for r in t.rows if name in r.texts)


# -- corrections -----------------------------------------------------------------------------------


def test_a_change_of_a_code_cell_that_would_silence_sums_is_never_taken() -> None:
    # 2080107 printed 41.00 twice, read 47.00 twice: its parent's sums fail. Read as 077, the line
    # would leave the tree and the sums would "reconcile"; the figures are left as read instead.
    doc = _doc(TWO_BRANCHES, {})
    row = _row_of(doc, "社会保险业务管理事务")
    row.cells[4].text = row.cells[8].text = "47.00"
    row.cells[2].confidence = 0.5  # the code among the least sure: it is tried
    count, findings = _fix(doc)
    assert count == 0 and [f.slug for f in findings] == [UNRECONCILED]
    assert row.texts[2] == "07" and row.texts[4] == "47.00"


def test_two_misreads_repairing_different_sums_are_both_corrected() -> None:
    doc = _doc(TWO_BRANCHES, {})
    _row_of(doc, "社会保险业务管理事务").cells[4].text = "47.00"  # 41 read 47 (1/7)
    _row_of(doc, "行政运行").cells[4].text = "69.00"  # 59 read 69 (5/6)
    count, findings = _fix(doc)
    assert count == 2
    assert sorted(f.message.split(": ", 1)[1].split(" (")[0] for f in findings if f.slug == CORRECTED) == [
        "社会保险业务管理事务: OCR read 47.00, stored 41.00",
        "行政运行: OCR read 69.00, stored 59.00",
    ]
    assert not [f for f in findings if f.slug == UNRECONCILED]


def _trial(cell: Cell, *repairs: str) -> Trial:
    row = Row(cells=[cell], prov=Provenance(source="x"))
    return Trial(row, cell, cell.text, "9", frozenset((r, None, r) for r in repairs))


def test_a_change_is_rivalled_only_by_one_repairing_a_sum_in_common_as_well_or_better() -> None:
    a, b, c = Cell("1"), Cell("2"), Cell("3")
    assert unrivalled([]) is None
    assert unrivalled([_trial(a, "s1", "s2"), _trial(b, "s1", "s2")]) is None  # the same sums: ambiguous
    assert unrivalled([_trial(a, "s1"), _trial(b, "s2", "s1")]).cell is b  # type: ignore[union-attr]
    best = unrivalled([_trial(a, "s1", "s2"), _trial(b, "s3", "s4")])
    assert best is not None and best.cell is a  # disjoint: no rivals, the first of the best
    tied = [_trial(a, "s1", "s2"), _trial(b, "s2", "s3"), _trial(c, "s9")]
    assert unrivalled(tied).cell is c  # type: ignore[union-attr]  # the tied pair blocks only itself
    assert unrivalled([_trial(a, "s1"), _trial(a, "s2")]) is None  # two readings of one cell


# -- a code column by its cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "codes"),
    [
        (["208", "20801", "2080101"], True),
        (["合计", "208", "20801", "2080101"], True),  # the total line's label in the code column
        (["208", "20801", "20802"], True),
        (["208", "209", "210"], False),  # no code under another: a column of figures
        (["208", "20801"], False),  # too few
        (["208", "20801", "20801.00"], False),
        (["208", "20801", "2080", "2080101"], False),  # 4 digits: no code
        (["20801", "2080101", "2080102"], True),
        (["20801", "2080201", "2080301"], False),  # 7 digits not under the 5
    ],
)
def test_a_column_of_nested_codes(cells: list[str], codes: bool) -> None:
    assert is_code_hierarchy(cells) is codes


def _income(label: str, ocr: bool) -> Document:
    rows = [
        "合计\t\t100.00\t100.00",
        "208\t社会保障和就业支出\t100.00\t100.00",
        "20801\t人力资源和社会保障管理事务\t100.00\t100.00",
        "2080101\t行政运行\t100.00\t100.00",
    ]
    head = f"{label}\t科目名称\t合计\t财政拨款收入\n"
    text = "2024年测试局部门预算\n\n收入总表\n\n单位：万元\n\n" + head + "\n".join(rows) + "\n"
    doc = read_text(text, "s.pdf", "")
    if ocr:
        for cell in (c for t in doc.tables() for r in t.rows for c in r.cells if c.text):
            cell.confidence = 0.9
        doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    return doc


def _codes(doc: Document) -> tuple[list[str | None], list[str]]:
    records = extract_document(doc)
    lines = [ln.function_code for ln in records.disclosure_lines if ln.kind == "income"]
    return lines, [f.message for f in records.findings if f.slug == CODE_BY_CONTENT]


def test_a_misread_code_label_is_a_code_column_by_its_cells_only_when_ocrd() -> None:
    assert _codes(_income("科目编码", ocr=False)) == ([None, "208", "20801", "2080101"], [])
    assert _codes(_income("科目编码", ocr=True)) == ([None, "208", "20801", "2080101"], [])
    assert _codes(_income("科目.编", ocr=False))[0] == [None, None, None, None]  # printed: as before
    lines, said = _codes(_income("科目.编", ocr=True))
    assert lines == [None, "208", "20801", "2080101"]
    assert said == [
        "收入总表: column 1 (label read by OCR as '科目.编') holds classification codes "
        "(3 cells, 类/款/项 nested): read as the code column"
    ]


# -- a header printed again ----------------------------------------------------------------------------


def _cells(*texts: str, ocr: bool = True) -> list[Cell]:
    return [Cell(t, None, 0.9 if ocr and t else None) for t in texts]


def test_an_ocrd_header_row_repeats_when_much_alike() -> None:
    first = _cells("323曹妃旬区人力资源和社会保障", "预算年度:2024", "单位3万元")
    again = _cells("323 曹妃旬区人力 资源和社会保障局", "2024人:", "单位:万元")
    assert _repeats(again, first) and _repeats(again, _cells(*(c.text for c in first), ocr=False))
    printed = _cells(*(c.text for c in first), ocr=False)
    assert not _repeats(_cells(*(c.text for c in again), ocr=False), printed)  # printed: only as printed
    assert _repeats(_cells("栏次", "工", "2", "3"), _cells("栏次", "1", "2", "3"))
    assert not _repeats(_cells("33", "上年结转结余", "", "年终结转结余"), _cells("栏次", "1", "2", "3", "4"))
    # a row with a figure is data, however alike
    assert not _repeats(_cells("合计", "16500.49", "16500.49"), _cells("合计", "16500.49", "16500.40"))
    assert _repeats(_cells("合计", "16500.49"), _cells("合计", "16500.49"))  # the same text always repeats


def test_the_alike_threshold() -> None:
    # 10 characters against 10 with 7 in common and in order: ratio 0.7
    a, b = "abcdefghij", "abcdefgxyz"
    assert OCR_ALIKE == 0.7 and _repeats(_cells(a), _cells(b))
    assert not _repeats(_cells("abcdefgh"), _cells("abcdefxyzw"))  # 12/18 = 0.67


def test_drop_repeated_header_drops_the_alike_ocrd_rows_only() -> None:
    head = [_cells("序号", "收入", "支出"), _cells("栏次", "1", "2")]
    rows = [_cells("序号", "收入", "支出"), _cells("栏次", "工", "2"), _cells("33", "上年结转", "1.00")]
    assert drop_repeated_header([head], rows) == rows[2:]
    printed = [[Cell(c.text) for c in r] for r in rows]
    assert drop_repeated_header([[[Cell(c.text) for c in r] for r in head]], printed) == printed[1:]


# -- project names ---------------------------------------------------------------------------------------


def test_an_ocrd_name_with_its_words_out_of_order_matches_by_its_characters() -> None:
    read, printed = "〈先创区-民生养老保障)目", "养老保障（先创区-民生）"
    assert match_names([read], [printed]) == []  # by order alone: too far apart
    [m] = match_names([read], [printed], ocr=[True])
    # 〈 is a bracket, dropped: 9 of its 10 characters and all 9 printed alike, 2 * 9 / 19
    assert (m.left, m.right, m.method, m.score) == (0, 0, "ocr-characters", 0.947)
    assert match_names([read], [printed, "养老保障（先创区-民生)"], ocr=[True]) == []  # two as close: none
    [m] = match_names(["保障养老（区先创）"], ["养老保险（先创区）"], ocr=[True])  # 6 of 7 alike
    assert (m.method, m.score) == ("ocr-characters", 0.857)
    assert match_names(["保障养老（区先）"], ["养老保险（先创区）"], ocr=[True]) == []  # 5 of 6 and 7: 0.769


def test_shared_characters_boundaries() -> None:
    assert shared_characters("abcd", "dcba") == 1.0
    assert shared_characters("", "a") == 0.0
    assert shared_characters("aab", "ab") == 0.8
    assert OCR_CHARACTERS == 0.85


def _project_list(names: list[str], page: int) -> LogicalTable:
    rows = [["项目名称", "合计"], *([n, "10.00"] for n in names)]
    table = Table(
        number=1,
        rows=[
            Row(cells=[Cell(t, None, 0.8) for t in r], prov=Provenance("s.pdf", page=page, table=1, row=i))
            for i, r in enumerate(rows, start=1)
        ],
        prov=Provenance(source="s.pdf", page=page, table=1),
    )
    return LogicalTable(title="项目支出表", kind="project-list", parts=[table])


def _target(name: str, page: int) -> PerformanceTarget:
    return PerformanceTarget(PROJECT, name, amount=Decimal("10.00"), prov=Provenance("s.pdf", page=page))


def _projects(listed: list[str], printed: list[str], ocr_pages: list[int], target_page: int = 2) -> tuple:
    findings: list[Finding] = []
    targets = [_target(n, target_page) for n in printed]
    projects = extract_projects([_project_list(listed, 1)], findings, targets, ocr_pages)
    return [p.name for p in projects], [f.message for f in findings if f.slug == OCR_NAME], targets


def test_an_ocrd_project_name_takes_the_name_printed_on_a_text_page() -> None:
    read, printed = "〈先创区-民生养老保障)目", "养老保障（先创区-民生）"
    names, said, targets = _projects([read, "招聘经费(本级)"], [printed, "招聘经费（本级）"], ocr_pages=[1])
    assert names == [printed, "招聘经费（本级）"]
    assert said == [
        f"project list: OCR read the name {read!r}, stored {printed!r} as its 绩效目标表 prints it "
        "(matched ocr-characters, score 0.947)",
        "project list: OCR read the name '招聘经费(本级)', stored '招聘经费（本级）' as its 绩效目标表 "
        "prints it (matched normalized, score 1.0)",
    ]
    assert [(t.project, t.match) for t in targets] == [(0, "ocr-characters"), (1, "normalized")]


def test_a_printed_name_or_one_matched_to_another_ocrd_page_is_kept() -> None:
    read, printed = "〈先创区-民生养老保障)目", "养老保障（先创区-民生）"
    names, said, _ = _projects([read], [printed], ocr_pages=[])  # the list was printed: no OCR round
    assert names == [read, printed] and said == []  # unmatched: the table is a project of its own
    names, said, targets = _projects([read], [printed], ocr_pages=[1, 2], target_page=2)
    assert names == [read] and said == [] and targets[0].match == "ocr-characters"


def test_a_list_name_worded_otherwise_keeps_its_wording() -> None:
    # matched (containment), but more than OCR noise apart: the list's own name stays
    listed, printed = ["新增退休人员取暖费"], ["市直企业2022年以后新增退休人员取暖费"]
    names, said, targets = _projects(listed, printed, ocr_pages=[1])
    assert names == ["新增退休人员取暖费"] and said == [] and targets[0].match == "containment"


# -- the 收支总表 and the 财政拨款收支总表 --------------------------------------------------------------

OVERVIEW = (
    "收支总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
    "一、一般公共预算拨款收入\t100.00\t一、社会保障和就业支出\t60.00\n"
    "二、政府性基金预算拨款收入\t\t二、农林水支出\t40.00\n"
    "本年收入合计\t100.00\t本年支出合计\t100.00\n"
)
FISCAL = (
    "财政拨款收支总表\n\n单位：万元\n\n收入\t\t支出\t\t\n项目\t金额\t项目\t合计\t一般公共预算财政拨款\n"
    "一、一般公共预算拨款\t100.00\t一、社会保障和就业支出\t60.00\t60.00\n"
    "二、政府性基金预算拨款\t\t二、农林水支出\t40.00\t40.00\n"
    "本年收入合计\t100.00\t本年支出合计\t100.00\t100.00\n"
)


def _overviews(read: str, tables: str = OVERVIEW + "\n" + FISCAL, ocr: bool = True) -> Document:
    """The two overviews; the 财政拨款收支总表's 一般公共预算拨款 (100.00) read as ``read``."""
    doc = read_text(f"2024年测试局部门预算\n\n{tables}", "scan.pdf", "")
    for cell in (c for t in doc.tables() for r in t.rows for c in r.cells if "." in c.text):
        cell.confidence = 0.95 if ocr else None
    row = next(r for r in list(doc.tables())[-1].rows if "一、一般公共预算拨款" in r.texts)
    row.cells[1].text, row.cells[1].confidence = read, 0.6 if ocr else None
    if ocr:
        doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    return doc


def _fund_income(doc: Document) -> tuple[list[str], list[str]]:
    records = extract_document(doc)
    figures = [
        str(ln.amounts[0].value)
        for ln in records.disclosure_lines
        if ln.side == "income" and not ln.is_total and ln.amounts
    ]
    return figures, [f"{f.slug}: {f.message}" for f in records.findings if f.slug.startswith("ocr")]


def test_a_figure_with_characters_lost_takes_the_other_overviews() -> None:
    assert _fund_income(_overviews("1000")) == (
        ["100.00", "100.00"],
        [
            "ocr-corrected: 财政拨款收支总表: 一般公共预算拨款: OCR read 1000, stored 100.00 "
            "(confidence 0.60): 收支总表 prints this fund's income as 100.00, and with it every sum of the "
            "line reconciles and none breaks"
        ],
    )


def test_a_confused_digit_is_corrected_by_the_other_overview_too() -> None:
    figures, said = _fund_income(_overviews("108.00"))  # 0 read 8: within its total, only the twin tells
    assert figures == ["100.00", "100.00"] and said[0].startswith(
        "ocr-corrected: 财政拨款收支总表: 一般公共预算拨款: OCR read 108.00, stored 100.00"
    )


def test_an_item_over_its_total_without_a_twin_is_warned_about_and_stored_as_read() -> None:
    # 10.00 (a point put back) is within the total, but a bound says a figure is wrong, not what it is
    assert _fund_income(_overviews("1000", tables=FISCAL)) == (
        ["1000"],
        [
            "ocr-unreconciled: 财政拨款收支总表: 1 sum(s) of this OCR'd table still fail; its amounts are "
            "stored as read; larger than their side's 本年 total: 一般公共预算拨款"
        ],
    )


def test_a_reading_that_is_not_the_figure_with_characters_lost_is_left_with_a_warning() -> None:
    figures, said = _fund_income(_overviews("1300"))
    assert figures == ["100.00", "1300"] and [s.split(":")[0] for s in said] == ["ocr-unreconciled"]


def test_a_printed_item_over_its_total_gives_no_ocr_finding() -> None:
    assert _fund_income(_overviews("1000", ocr=False)) == (["100.00", "1000"], [])


@pytest.mark.parametrize(
    ("read", "target", "taken"),
    [
        ("165004", "16500.49", ["16500.49"]),  # the point and a 9 lost
        ("1650049", "16500.49", ["16500.49"]),  # the point lost
        ("16500.49", "16500.49", []),  # nothing lost
        ("16504", "16500.49", []),  # three lost
        ("165040", "16500.49", []),  # not in order
        ("16,5004", "16500.49", ["16,500.49"]),  # grouped as read
        ("12", "1.23", []),  # too little kept to tell
        ("123", "1.23", ["1.23"]),
    ],
)
def test_characters_lost(read: str, target: str, taken: list[str]) -> None:
    from budgetkg.extract.ocrcross import lost

    assert lost(read, Decimal(target)) == taken


# -- the 三公 table -----------------------------------------------------------------------------------------


def test_a_misread_三公_figure_is_corrected_by_its_parts_and_total() -> None:
    from .test_rules_extract_three_public import ACROSS

    doc = read_text(ACROSS, "scan.pdf", "")
    table = next(doc.tables())
    data = next(r for r in table.rows if r.texts[:1] == ["10.00"])
    for cell in data.cells:
        cell.confidence = 0.95 if cell.text else None
    data.cells[2].text, data.cells[2].confidence = "8.00", 0.6  # 2023's 公务用车 6.00 read 8.00
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    records = extract_document(doc)
    assert [f.message for f in records.findings if f.slug.startswith("ocr")] == [
        "“三公”经费支出预算表: row 4: OCR read 8.00, stored 6.00 (confidence 0.60): with it 2 failing sum(s) "
        "reconcile and none breaks"
    ]
    assert [i.vehicle for i in records.three_public] == [Decimal("6.00"), Decimal("6.00")]
    assert not [f for f in records.findings if f.slug == "three-public-sum-mismatch"]


def test_a_三公_figure_no_single_change_explains_is_warned_about() -> None:
    from .test_rules_extract_three_public import ACROSS

    doc = read_text(ACROSS, "scan.pdf", "")
    data = next(r for t in doc.tables() for r in t.rows if r.texts[:1] == ["10.00"])
    for cell in data.cells:
        cell.confidence = 0.95 if cell.text else None
    data.cells[2].text = "7.50"  # no known confusion of 6.00
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    records = extract_document(doc)
    assert [f.slug for f in records.findings if f.slug.startswith("ocr")] == ["ocr-unreconciled"]
    assert records.three_public[0].vehicle == Decimal("7.50")
