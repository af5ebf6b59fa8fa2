"""The rules behind other provinces' layouts, pinned on small hand-made inputs.

Titles (numbers, publisher-and-year prefixes, titles in a table's first row,
continued titles), a header row shifted against its body, and “三公”经费
stated as none.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.extract import extract_document
from budgetkg.extract.align import MIN_GAIN, realign_header, score
from budgetkg.extract.stated_none import stated_three_public, stated_years, states_none
from budgetkg.extract.tables import first_row_title, is_title_like, logical_tables
from budgetkg.extract.text import normalize_title
from budgetkg.read.model import Cell, Document, Paragraph, Provenance, Row, Table

from .conftest import sample_path

P = Provenance(source="t.txt")


def _row(*texts: str) -> Row:
    return Row(cells=[Cell(t) for t in texts], prov=P)


def _table(number: int, *rows: tuple[str, ...]) -> Table:
    return Table(number=number, rows=[_row(*r) for r in rows], prov=P)


# -- titles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "normalized"),
    [
        ("表1 收支总表", "收支总表"),
        ("表12收支总表", "收支总表"),
        ("表一 收支总表", "收支总表"),
        ("表十一一般公共预算支出表", "一般公共预算支出表"),  # 十一 is the number, 一般 the title
        ("表一一般公共预算支出表", "一般公共预算支出表"),
        ("附表1-3：收入总表", "收入总表"),
        ("公开01表 部门收支总表", "部门收支总表"),
        ("预算01表部门收支总表", "部门收支总表"),
        ("部门公开表3 支出总表", "支出总表"),
        ("XX市人力资源和社会保障局2025年部门收支总表", "部门收支总表"),
        ("XX局 2026 年度 政府采购预算表", "政府采购预算表"),
        ("表2 XX局2021年支出总表", "支出总表"),
        ("2024 年省级部门预算项目支出绩效目标表", "省级部门预算项目支出绩效目标表"),
        ("一、收支总体情况表", "收支总体情况表"),
        ("项目支出绩效目标表", "项目支出绩效目标表"),  # nothing to remove
        ("表", "表"),  # never empty
    ],
)
def test_normalize_title(printed: str, normalized: str) -> None:
    assert normalize_title(printed) == normalized


def test_long_publisher_prefix_is_still_a_title() -> None:
    """The length limit counts the title, not the publisher's name before it."""
    long = "淄博高新技术产业开发区人力资源和社会保障中心（先创）2024年一般公共预算“三公”经费支出情况表"
    assert len(long) > 45
    assert is_title_like(long)
    assert not is_title_like("2024年" + "很长的说明文字" * 10 + "收支总表")  # a sentence, not a title


def test_title_in_first_row() -> None:
    assert first_row_title(_table(1, ("表3 支出总表", "", ""), ("科目", "合计", ""))) == "表3 支出总表"
    assert first_row_title(_table(1, ("支出总表", "", "单位：万元"), ("科目", "合计", ""))) == "支出总表"
    # a header label that classifies as a table kind is not a title: it names no 表 and is short
    assert (
        first_row_title(_table(1, ("支出经济分类科目", "", "2024 年基本支出"), ("科目", "合计", ""))) is None
    )
    assert (
        first_row_title(_table(1, ("支出总表", "合计", ""), ("科目", "1.00", ""))) is None
    )  # a label beside it


def test_title_in_first_row_starts_a_new_table() -> None:
    doc = Document(
        source="t.txt",
        checksum="",
        media_type="text/plain",
        blocks=[
            Paragraph("收入总表", P),
            _table(1, ("科目编码", "科目名称", "合计"), ("208", "社会保障和就业支出", "1.00")),
            _table(
                2,
                ("表3 支出总表", "", ""),
                ("科目编码", "科目名称", "合计"),
                ("208", "社会保障和就业支出", "1.00"),
            ),
        ],
    )
    tables = logical_tables(doc)
    assert [(t.kind, t.title, len(t.rows)) for t in tables] == [
        ("income", "收入总表", 2),
        ("expenditure", "表3 支出总表", 2),
    ]


@pytest.mark.parametrize(
    ("between", "parts"),
    [("收入总表（续）", 2), ("续表", 2), ("支出总表（续）", 1), ("收入总表", 1), ("- 3 -", 2)],
)
def test_continued_title(between: str, parts: int) -> None:
    """A title marked （续） continues a table of its kind; any other title starts a new table."""
    doc = Document(
        source="t.txt",
        checksum="",
        media_type="text/plain",
        blocks=[
            Paragraph("收入总表", P),
            _table(1, ("科目编码", "科目名称", "合计"), ("208", "社会保障和就业支出", "1.00")),
            Paragraph(between, P),
            _table(2, ("210", "卫生健康支出", "2.00")),
        ],
    )
    assert len(logical_tables(doc)[0].parts) == parts


# -- a header row shifted against its body ---------------------------------------------------------------

# a 政府采购 table: 合计 = 财政拨款 小计 + 单位资金; 小计 = 一般公共预算 + 政府性基金预算
HEAD = [
    ("科目编码", "科目名称", "合计", "财政拨款", "", "", "单位资金"),
    ("", "", "", "小计", "一般公共预算", "政府性基金预算", ""),
]
BODY = [
    ("208", "社会保障和就业支出", "10.00", "8.00", "5.00", "3.00", "2.00"),
    ("210", "卫生健康支出", "4.00", "4.00", "4.00", "", ""),
]


def _rows(head: list[tuple[str, ...]]) -> list[Row]:
    return [_row(*r) for r in head + BODY]


def test_a_header_as_printed_is_kept() -> None:
    rows = _rows(HEAD)
    assert realign_header(rows, 7, "procurement") == (rows, None)


def _pushed(cells: tuple[str, ...], by: int) -> tuple[str, ...]:
    """The row printed ``by`` columns right: blank cells pushed off its end fall away, labels stay."""
    out = list(("",) * by + cells)
    for _ in range(by):
        if not out[-1]:
            out.pop()
    return tuple(out)


@pytest.mark.parametrize("by", [1, 2, 3])
def test_a_row_shifted_right_is_put_back(by: int) -> None:
    rows = _rows([HEAD[0], _pushed(HEAD[1], by)])
    rows, moved = realign_header(rows, max(len(r.cells) for r in rows), "procurement")
    assert moved is not None and (moved.row, moved.by) == (1, by)
    assert [r.texts for r in rows[:2]] == [list(h) for h in HEAD]
    assert moved.after - moved.before >= MIN_GAIN


def test_a_row_shifted_left_is_put_back() -> None:
    shifted = HEAD[1][2:] + ("", "")
    rows, moved = realign_header(_rows([HEAD[0], shifted]), 7, "procurement")
    assert moved is not None and (moved.row, moved.by) == (1, -2)
    assert [r.texts for r in rows[:2]] == [list(h) for h in HEAD]


def test_a_shift_past_max_shift_is_not_put_back() -> None:
    """Shifts are tried up to MAX_SHIFT (3) columns: a row 4 columns off is not restored."""
    rows = _rows([HEAD[0], _pushed(HEAD[1], 4)])
    fixed, moved = realign_header(rows, max(len(r.cells) for r in rows), "procurement")
    assert moved is None or moved.by != 4
    assert [r.texts for r in fixed[:2]] != [list(h) for h in HEAD]


def test_figures_that_do_not_add_up_leave_a_correct_header_alone() -> None:
    """合计 and 小计 reconcile under no alignment: the header stays as printed, for validation to flag."""
    body = [("208", "社会保障和就业支出", "10.00", "7.00", "5.00", "3.00", "2.00")]
    rows = [_row(*r) for r in HEAD + body]
    assert realign_header(rows, 7, "procurement") == (rows, None)
    assert score(rows, 7, "procurement") == -2  # 合计 ≠ 小计 + 单位资金, 小计 ≠ 一般 + 基金


def test_score_counts_what_the_figures_say() -> None:
    """Printed right: 合计 and 小计 reconcile on both rows (4); two columns off: labels misfit."""
    assert score(_rows(HEAD), 7, "procurement") == 4
    assert score(_rows([HEAD[0], _pushed(HEAD[1], 2)]), 8, "procurement") == -6


def test_split_code_columns_by_digits() -> None:
    """类 over 3-digit codes, 款 over 2-digit ones: a 类/款 row one column off is put back."""
    head = [("科目编码", "", "科目名称", "合计"), ("", "类", "款", "")]
    body = [("301", "", "工资福利支出", "5.00"), ("", "01", "基本工资", "5.00")]
    rows = [_row(*r) for r in head + body]
    fixed, moved = realign_header(rows, 4, "basic")
    assert moved is not None and moved.by == 1
    assert fixed[1].texts == ["类", "款", "", ""]


# -- “三公”经费 stated as none ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("注：2024年没有一般公共预算“三公”经费支出。", True),
        ("2023年、2024年均未使用一般公共预算拨款安排‘三公’经费支出。", True),
        ("本部门无“三公”经费。", True),
        ("本单位没有使用财政拨款安排的“三公”经费", True),
        ("2024年“三公”经费预算数为零。", True),
        ("“三公”经费支出为0万元", True),
        ("“三公”经费预算0.00万元", True),
        ("“三公”经费为0.5万元", False),
        ("科研人员因公临时出国经费未纳入“三公”经费统计", False),
        ("因无出国计划，“三公”经费减少", False),
        ("“三公”经费中因公出国（境）费为0", False),
        ("严格控制“三公”经费", False),
        ("2024年“三公”经费预算13.38万元", False),
    ],
)
def test_states_none(text: str, none: bool) -> None:
    assert states_none(text) is none


def test_stated_years() -> None:
    assert stated_years("2023年、2024年均未使用“三公”经费", 2024) == [2023, 2024]
    assert stated_years("本部门无“三公”经费", 2024) == [2024]  # no year named: the budget year
    assert stated_years("2022年无“三公”经费", 2024) == []  # not a year the 三公 table compares
    assert stated_years("本部门无“三公”经费", None) == []


def _doc(*blocks: Paragraph | Table) -> Document:
    return Document(source="t.txt", checksum="", media_type="text/plain", blocks=list(blocks))


def test_a_tabulated_year_is_never_replaced() -> None:
    from budgetkg.extract.facts import ThreePublic

    doc = _doc(Paragraph("2023年、2024年均未使用“三公”经费。", P))
    printed = [ThreePublic(year=2024, total=Decimal("1.00"), table=3)]
    stated = stated_three_public(doc, [], {}, 2024, printed)
    assert [(i.year, i.total, i.table) for i in stated] == [(2023, Decimal("0.00"), 0)]
    assert stated[0].stated == "2023年、2024年均未使用“三公”经费。"


def test_stated_none_in_extraction_and_graph() -> None:
    """002 states no 三公 (note for 2024, a sentence for both years); without its table it still says so."""
    from budgetkg.read import read_document

    doc = read_document(sample_path("002"))
    records = extract_document(doc)
    stated = [(i.year, i.total, i.reception, i.stated is not None) for i in records.three_public]
    assert stated == [
        (2023, Decimal("0.00"), Decimal("0.00"), True),
        (2024, Decimal("0.00"), Decimal("0.00"), True),
    ]
    three = next(s for s in records.table_status if s.kind == "three-public")
    assert (three.empty, three.amounts) == (True, 0)  # the table itself still prints nothing
    # the same document without its 三公 table: the sentence alone gives the zeros (table 0)
    blocks = [b for b in doc.blocks if not (isinstance(b, Table) and b.number == 7)]
    alone = extract_document(Document(doc.source, doc.checksum, doc.media_type, blocks))
    assert [(i.year, i.table, i.total) for i in alone.three_public] == [
        (2023, 0, Decimal("0.00")),
        (2024, 0, Decimal("0.00")),
    ]
    assert not [s for s in alone.table_status if s.kind == "three-public"]


def test_stated_zeros_are_marked_in_the_store(kg) -> None:  # type: ignore[no-untyped-def]
    rows = kg.sparql(
        "SELECT ?doc ?year ?text WHERE { ?line bkg:statedOnly true ; bkg:referenceYear ?year ;"
        " bkg:statement ?text ; bkg:inTable/dcterms:isPartOf/bkg:sourceFile ?doc } ORDER BY ?year"
    )
    assert [(r.doc[:3], str(r.year)) for r in rows.itertuples()] == [("002", "2023"), ("002", "2024")]
    assert rows.iloc[1]["text"] == "注：2024年没有一般公共预算“三公”经费支出。"
    observations = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation ; bkg:statedOnly true }")
    # 002: six 三公 items, two years (12), 基本支出 of its 18 支出总表 lines and the 一般公共预算基本支出表's
    # 合计 (basic, personnel, public: 3); 001's blank 出国, 购置, 接待 (3) and 003's blank 出国 (1)
    assert int(observations.iloc[0]["n"]) == 12 + 18 + 3 + 3 + 1


def test_sentence_alone_gives_zero_rows_in_the_query(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """002 printed without its 三公 table: its note and sentence still give 0.00 rows, marked stated."""
    import budgetkg

    lines = sample_path("002").read_text(encoding="utf-8").splitlines()
    title = lines.index(
        "一般公共预算“三公”经费支出情况表"
    )  # the table's title (the contents list numbers it)
    note = next(i for i in range(title, len(lines)) if lines[i].startswith("注："))
    path = tmp_path / "002-no-three-public-table.txt"
    path.write_text("\n".join(lines[:title] + lines[note:]), encoding="utf-8")
    with budgetkg.open(tmp_path / "kg") as kg:
        report = kg.ingest([path])
        assert report.ok, report.to_dict()
        rows = kg.select("three-public-expenses").to_dicts()
        assert [(r["year"], r["total"], r["overseas"], r["reception"]) for r in rows] == [
            ("2023", Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
            ("2024", Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        ]
        tables = kg.sparql(
            "SELECT ?n WHERE { ?t bkg:tableKind 'three-public' ; bkg:statedOnly true ; bkg:tableNumber ?n }"
        )
        assert [int(n) for n in tables["n"]] == [0]


def _procurement(second_head: list[tuple[str, ...]]) -> Document:
    """A 政府采购预算表 printed right, continued after a page break under ``second_head``."""
    return Document(
        source="t.txt", checksum="", media_type="text/plain",
        blocks=[
            Paragraph("政府采购预算表", P),
            _table(1, *HEAD, *BODY),
            _table(2, *second_head, *BODY),
        ],
    )


def test_a_continued_part_repeating_the_header_two_columns_off_is_put_back_and_reported() -> None:
    from budgetkg.extract.tables import realigned_findings

    pushed = _pushed(HEAD[1], 2)  # scores -6 as printed, 4 put back (test_score_counts_what_the_figures_say)
    [table] = logical_tables(_procurement([HEAD[0], pushed]))
    assert [r.texts for r in table.parts[1].rows[:2]] == [list(h) for h in HEAD]
    [finding] = realigned_findings([table])
    assert (finding.slug, finding.table, finding.prov) == ("header-realigned", 1, P)
    assert finding.message == (
        "政府采购预算表: a header row (小计 | 一般公共预算 | 政府性基金预算) stood 2 column(s) right "
        "of the figures it labels; read realigned, where the columns' kinds and sums fit "
        "(score -6 as printed, 4 realigned)"
    )


def test_a_continued_part_whose_first_rows_are_not_the_header_is_left_as_printed() -> None:
    # rows without amounts that are not the header's labels: not a header, never realigned
    other = [("说明", "甲", "乙", "丙"), ("", "", "", "丁", "戊")]
    [table] = logical_tables(_procurement(other))
    assert [tuple(r.texts) for r in table.parts[1].rows[:2]] == other
    assert table.realigned == []
