"""OCR'd amounts corrected by the table's own sums, on small hand-made tables.

A table is written as a text budget, read, and its amount cells given OCR
confidences as a scan would; one cell then holds what OCR misread.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.extract import extract_document
from budgetkg.extract.ocrfix import CORRECTED, UNRECONCILED, correct_document, variants
from budgetkg.extract.reconcile import SUM_CHECKS
from budgetkg.extract.records import Finding
from budgetkg.extract.text import is_amount
from budgetkg.read.model import Document, OcrSummary
from budgetkg.read.text import read_text

HEADER = (
    "科目编码\t\t\t科目名称\t合计\t基本支出\t\t\t项目支出\n类\t款\t项\t\t\t小计\t人员支出\t日常公用支出\t\n"
)


def _doc(rows: list[str], misread: dict[str, str], confidence: float = 0.95) -> Document:
    """A 一般公共预算支出情况表 of ``rows``, OCR'd with ``misread`` (printed -> read)."""
    body = "".join(f"{r}\n" for r in rows)
    text = f"2024年测试局部门预算\n\n一般公共预算支出情况表\n\n单位：万元\n\n{HEADER}{body}"
    doc = read_text(text, "scan.pdf", "")
    damaged = dict(misread)
    for table in doc.tables():
        for row in table.rows:
            for cell in row.cells:
                if not is_amount(cell.text):
                    continue
                cell.confidence = confidence
                if cell.text in damaged:
                    cell.text, cell.confidence = damaged.pop(cell.text), 0.6
    assert not damaged, "every misread must be placed"
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    return doc


def _line(code: str, name: str, total: str, project: bool = True) -> str:
    """A line with its 合计 and (``project``) the same amount as 项目支出."""
    parts = [code[:3], code[3:5], code[5:7]]
    return "\t".join([*parts, name, total, "", "", "", total if project else ""])


TREE = [
    "合 计\t\t\t\t100.00\t\t\t\t100.00",
    _line("208", "社会保障和就业支出", "100.00"),
    _line("20801", "人力资源和社会保障管理事务", "100.00"),
    _line("2080107", "社会保险业务管理事务", "38.00"),
    _line("2080108", "信息化建设", "62.00"),
]


def _fix(doc: Document) -> tuple[int, list[Finding]]:
    findings: list[Finding] = []
    return correct_document(doc, "测试局", findings), findings


def test_variants_cover_the_known_confusions() -> None:
    assert "38.00" in variants("88.00") and "31.18" in variants("3118")
    assert "1,234.56" in variants("1.234.56") and "12.5" in variants("12..5")
    assert "17.00" in variants("11.00") and "56.00" in variants("55.00")
    assert "131.55" in variants("131.59") and "131.59" in variants("131.55")
    assert "38.00" not in variants("38.00") and "28.00" not in variants("38.00")


def test_a_misread_8_for_3_is_corrected_with_a_finding_that_names_it() -> None:
    doc = _doc(TREE, {"38.00": "88.00"})
    count, findings = _fix(doc)
    assert count == 1
    [fix] = findings
    assert fix.slug == CORRECTED and fix.severity == "Info"
    assert "社会保险业务管理事务: OCR read 88.00, stored 38.00" in fix.message
    records = extract_document(doc)
    line = next(ln for ln in records.disclosure_lines if ln.function_code == "2080107")
    assert [str(a.value) for a in line.amounts] == ["38.00", "38.00"]
    assert not [f for f in records.findings if f.slug in SUM_CHECKS]  # no sum fails any more


def test_a_confident_misread_on_a_failing_line_is_tried_before_the_least_confident() -> None:
    doc = _doc(TREE, {"38.00": "88.00"}, confidence=0.5)  # nine figures less sure than the misread
    misread = next(c for t in doc.tables() for r in t.rows for c in r.cells if c.text == "88.00")
    misread.confidence = 0.99
    count, findings = _fix(doc)
    assert count == 1 and "OCR read 88.00, stored 38.00 (confidence 0.99)" in findings[0].message


def test_a_second_reading_of_the_cell_is_tried_first() -> None:
    # 2 for 8 is no known confusion: only the cell's other reading can repair it
    assert "38.00" not in variants("32.00")
    plain = _doc(TREE, {"38.00": "32.00"})
    assert _fix(plain)[0] == 0
    doc = _doc(TREE, {"38.00": "32.00"})
    misread = next(c for t in doc.tables() for r in t.rows for c in r.cells if c.text == "32.00")
    misread.alternatives = ("38.00",)
    count, findings = _fix(doc)
    assert count == 1
    assert "OCR read 32.00, stored 38.00 (confidence 0.60; a second reading of the cell gave it)" in (
        findings[0].message
    )


def test_a_lost_decimal_point_is_put_back() -> None:
    rows = [
        *TREE[:3],
        _line("2080107", "社会保险业务管理事务", "31.18"),
        _line("2080108", "信息化建设", "68.82"),
    ]
    count, findings = _fix(_doc(rows, {"31.18": "3118"}))
    assert count == 1 and "OCR read 3118, stored 31.18" in findings[0].message


def test_two_readings_that_repair_the_same_sum_are_left_alone_with_a_warning() -> None:
    rows = [
        "合 计\t\t\t\t60.00\t\t\t\t",
        _line("208", "社会保障和就业支出", "30.00", project=False),
        _line("213", "农林水支出", "30.00", project=False),
    ]
    doc = _doc(rows, {"30.00": "36.00"})  # 60→66 in 合计 repairs it as well as 36→30
    count, findings = _fix(doc)
    assert count == 0
    assert [f.slug for f in findings] == [UNRECONCILED] and findings[0].severity == "Warning"
    assert any(c.text == "36.00" for t in doc.tables() for r in t.rows for c in r.cells)


def test_printed_text_is_never_corrected() -> None:
    doc = _doc(TREE, {"38.00": "88.00"})
    for table in doc.tables():
        for row in table.rows:
            for cell in row.cells:
                cell.confidence = None
    assert _fix(doc) == (0, [])


def test_a_tables_own_rounding_cent_is_not_an_ocr_error() -> None:
    rows = [
        *TREE[:3],
        _line("2080107", "社会保险业务管理事务", "38.01"),
        _line("2080108", "信息化建设", "62.00"),
    ]
    assert _fix(_doc(rows, {})) == (0, [])


SUMMARY_HEADER = "科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\t结转下年\n类\t款\t项\t\t\t\t\t\n"


def test_the_expenditure_summary_is_checked_and_corrected_too() -> None:
    body = (
        "\t\t\t合 计\t100.00\t60.00\t40.00\t\n"
        "208\t\t\t社会保障和就业支出\t100.00\t60.00\t40.00\t\n"
        "208\t01\t\t人力资源和社会保障管理事务\t100.00\t60.00\t40.00\t\n"
        "208\t01\t01\t行政运行\t60.00\t60.00\t\t\n"
        "208\t01\t08\t信息化建设\t40.00\t\t40.00\t\n"
    )
    text = f"2024年测试局部门预算\n\n支出总体情况表\n\n单位：万元\n\n{SUMMARY_HEADER}{body}"
    doc = read_text(text, "scan.pdf", "")
    for table in doc.tables():
        for row in table.rows:
            for cell in row.cells:
                if is_amount(cell.text) and "." in cell.text:
                    cell.confidence = 0.95
        row = next(r for r in table.rows if "行政运行" in r.texts)
        cell = next(c for c in row.cells if c.text == "60.00")
        cell.text, cell.confidence = "68.00", 0.6  # 0 read as 8
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    records = extract_document(doc)
    assert [f.message.split(": ", 1)[1][:30] for f in records.findings if f.slug == CORRECTED] == [
        "行政运行: OCR read 68.00, stored 60.00"[:30]
    ]
    line = next(fl for fl in records.function_lines if fl.code == "2080101")
    assert (str(line.total), str(line.basic)) == ("60.00", "60.00")
    assert records.ocr is not None and records.ocr["corrected"] == 1


def test_a_change_that_only_brings_a_sum_within_a_cent_is_no_correction() -> None:
    # printed 31.57, read 31.59: 9->6 and 9->8 give 31.56 and 31.58, a cent off, which must not
    # pass for reconciled (9->5 and 9->0 miss by more)
    rows = [
        *TREE[:3],
        _line("2080107", "社会保险业务管理事务", "31.57"),
        _line("2080108", "信息化建设", "68.43"),
    ]
    count, findings = _fix(_doc(rows, {"31.57": "31.59"}))
    assert count == 0 and [f.slug for f in findings] == [UNRECONCILED]


INCOME = (
    "收入总体情况表\n\n单位：万元\n\n"
    "科目编码\t\t\t科目名称\t合计\t财政拨款收入\t\n类\t款\t项\t\t\t小计\t一般公共预算收入\n"
    "\t\t\t合 计\t60.00\t60.00\t60.00\n"
    "208\t\t\t社会保障和就业支出\t30.00\t30.00\t30.00\n"
    "213\t\t\t农林水支出\t30.00\t30.00\t30.00\n"
)
SPENT = (
    "支出总体情况表\n\n单位：万元\n\n"
    f"{SUMMARY_HEADER}"
    "\t\t\t合 计\t60.00\t\t\t\n"
    "208\t\t\t社会保障和就业支出\t30.00\t\t\t\n"
    "213\t\t\t农林水支出\t30.00\t\t\t\n"
)


def _two_tables(misread: str, income: str = INCOME) -> Document:
    """A 收入总表 and a 支出总表 printing the same 合计 figures, OCR'd; the 支出总表's 208 line misread."""
    doc = read_text(f"2024年测试局部门预算\n\n{income}\n{SPENT}", "scan.pdf", "")
    for table in doc.tables():
        for row in table.rows:
            for cell in row.cells:
                if is_amount(cell.text) and "." in cell.text:
                    cell.confidence = 0.95
    spent = list(doc.tables())[-1]
    row = next(r for r in spent.rows if "社会保障和就业支出" in r.texts)
    cell = next(c for c in row.cells if c.text == "30.00")
    cell.text, cell.confidence = misread, 0.6
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1], mean_confidence=0.9)
    return doc


def test_the_other_table_printing_the_figure_settles_what_its_own_sums_cannot() -> None:
    # 36 for 30: the 支出总表's own sum fails, and 36->30 repairs it as well as 60->66 (ambiguous);
    # the 收入总表 prints the line as 30.00 and reconciles with itself: that decides
    records = extract_document(_two_tables("36.00"))
    fixes = [f.message for f in records.findings if f.slug == CORRECTED]
    assert fixes == [
        "支出总体情况表: 社会保障和就业支出: OCR read 36.00, stored 30.00 (confidence 0.60): 收入总体情况表 "
        "prints this line's 合计 as 30.00, and with it every sum of the line reconciles and none breaks"
    ]
    line = next(fl for fl in records.function_lines if fl.code == "208")
    assert line.total == Decimal("30.00")
    assert not [f for f in records.findings if f.slug in (*SUM_CHECKS, UNRECONCILED)]


def test_a_twin_table_that_does_not_reconcile_itself_decides_nothing() -> None:
    broken = INCOME.replace(
        "213\t\t\t农林水支出\t30.00\t30.00\t30.00", "213\t\t\t农林水支出\t30.00\t31.00\t30.00"
    )
    records = extract_document(_two_tables("36.00", broken))
    assert not [f for f in records.findings if f.slug == CORRECTED]
    line = next(fl for fl in records.function_lines if fl.code == "208")
    assert line.total == Decimal("36.00")
    assert any(f.slug == UNRECONCILED and f.message.startswith("支出总体情况表") for f in records.findings)


def test_the_correction_finding_in_full() -> None:
    # 38.00 read as 88.00 in the 合计 column: two exact sums fail (the row's 合计 against its
    # 项目支出, the 款 20801 against its 项 lines) and the correction repairs both.
    doc = _doc(TREE, {"38.00": "88.00"})
    table = next(doc.tables())
    row = next(r for r in table.rows if "社会保险业务管理事务" in r.texts)
    _, [fix] = _fix(doc)
    assert fix.message == (
        "一般公共预算支出情况表: 社会保险业务管理事务: OCR read 88.00, stored 38.00 (confidence 0.60): "
        "with it 2 failing sum(s) reconcile and none breaks"
    )
    assert (fix.table, fix.prov) == (1, row.prov)


def test_the_unreconciled_warning_in_full() -> None:
    rows = [
        "合 计\t\t\t\t60.00\t\t\t\t",
        _line("208", "社会保障和就业支出", "30.00", project=False),
        _line("213", "农林水支出", "30.00", project=False),
    ]
    doc = _doc(rows, {"30.00": "36.00"})
    table = next(doc.tables())
    _, [warning] = _fix(doc)
    assert warning.message == (
        "一般公共预算支出情况表: 1 sum(s) of this OCR'd table still fail; its amounts are stored as read"
    )
    assert (warning.table, warning.prov) == (1, table.prov)


def test_expenditure_summary_lines_carry_each_measure_with_its_column() -> None:
    from budgetkg.extract.ocrfix import summary_lines
    from budgetkg.extract.tables import logical_tables

    body = "\t\t\t合 计\t100.00\t60.00\t40.00\t\n208\t\t\t社会保障和就业支出\t100.00\t60.00\t\t\n"
    text = f"2024年测试局部门预算\n\n支出总体情况表\n\n单位：万元\n\n{SUMMARY_HEADER}{body}"
    [table] = logical_tables(read_text(text, "s.txt", ""))
    lines = summary_lines(table, [])
    assert [(ln.kind, ln.name, ln.function_code, ln.is_total) for ln in lines] == [
        ("expenditure", "合计", None, True),
        ("expenditure", "社会保障和就业支出", "208", False),
    ]
    assert [[(a.measure, a.column, str(a.value)) for a in ln.amounts] for ln in lines] == [
        [("total", "合计", "100.00"), ("basic", "基本支出", "60.00"), ("project", "项目支出", "40.00")],
        [("total", "合计", "100.00"), ("basic", "基本支出", "60.00")],
    ]
    assert [(ln.table, ln.row_number) for ln in lines] == [(1, 3), (1, 4)]
    assert lines[1].prov == table.rows[3].prov


def test_variants_in_full_and_in_order() -> None:
    # swaps position by position (8 -> 0 3 6 9, 0 -> 8 6 9, 5 -> 6 9), then the point fixes, then a digit
    # of the whole part doubled (a run of like digits only once: 1100 -> 11100, 11000)
    assert variants("80.5") == [
        "00.5", "30.5", "60.5", "90.5", "88.5", "86.5", "89.5", "80.6", "80.9", "880.5", "800.5"
    ]  # fmt: skip
    assert variants("1.234.56") == ["1,234.56"]  # the swaps of a two-point text are no amounts
    assert variants("12..5") == ["12.5"]
    assert variants("1035124") == [
        "7035124", "1835124", "1635124", "1935124", "1085124", "1095124", "1036124", "1039124", "1035724",
        "10351.24",
        "11035124", "10035124", "10335124", "10355124", "10351124", "10351224", "10351244",
    ]  # fmt: skip
    assert variants("-124") == ["-724", "-1.24", "-1124", "-1224", "-1244"]
    assert variants("12") == ["72", "112", "122"]  # two digits: no point put back
    assert variants("24") == ["224", "244"]
    assert variants("1100") == ["7100", "1700", "1180", "1160", "1190", "1108", "1106", "1109", "11.00",
                                "11100", "11000"]  # fmt: skip
    assert variants("2300.00")[:2] == ["2800.00", "2900.00"]  # 3 may be 8 or 9, and 9 may be 3
    assert "2300.00" in variants("2900.00") and "16500.49" in variants("1650.49")


def test_a_sum_off_by_a_cent_is_rounding() -> None:
    from budgetkg.extract.ocrfix import _off

    assert not _off("t: a is 10.00, the columns it sums add up to 10.01")
    assert not _off("t: a is 10.01, the columns it sums add up to 10.00")
    assert _off("t: a is 10.00, the columns it sums add up to 10.02")
    assert _off("t: a is 10.00")  # no second figure: not known to be rounding


def test_the_ocr_report() -> None:
    from budgetkg.extract.ocrfix import ocr_report

    doc = read_text("x", "scan.pdf", "")
    assert ocr_report(doc, []) is None
    doc.ocr = OcrSummary(engine="tesseract", version="5", lang="chi_sim", pages=[1, 2], mean_confidence=0.9)
    findings = [Finding(CORRECTED, "a"), Finding(CORRECTED, "b"), Finding("row-sum-mismatch", "c")]
    findings.append(Finding("other", "d"))
    assert ocr_report(doc, findings) == {
        "engine": "tesseract", "version": "5", "lang": "chi_sim", "pages": [1, 2], "mean_confidence": 0.9,
        "corrected": 2, "still_failing": 1,
    }  # fmt: skip


def test_ocr_cells_least_confident_first_a_zero_confidence_first_of_all() -> None:
    from budgetkg.extract.ocrfix import ocr_cells
    from budgetkg.extract.tables import logical_tables

    doc = _doc(TREE, {})
    [table] = logical_tables(doc)
    cells = [c for r in table.rows for c in r.cells if c.confidence is not None]
    cells[0].confidence, cells[1].confidence, cells[2].confidence = 0.5, 0.0, 0.7
    got = [c.confidence for _, c in ocr_cells(table)]
    assert got[:3] == [0.0, 0.5, 0.7] and got[3:] == [0.95] * (len(cells) - 3)
    cells[0].text = "合计"  # a cell that is no amount is no candidate
    assert len(ocr_cells(table)) == len(cells) - 1
