"""Rules of the glossary (glossary.py) and of the expenditure summary's columns (expenditure.py)
on hand-made documents."""

from __future__ import annotations

from decimal import Decimal as D

from budgetkg.extract import extract_document
from budgetkg.extract.glossary import extract_glossary
from budgetkg.read.model import Document, Heading, Paragraph, Provenance
from budgetkg.read.text import read_text

P = Provenance("t.txt")


def _terms(*blocks: str) -> list[tuple[str, str, str | None]]:
    doc = Document(
        "t.txt",
        "",
        "text/plain",
        [Heading(b[1:], 1, P) if b.startswith("#") else Paragraph(b, P) for b in blocks],
    )
    return [(t.term, t.definition, t.category) for t in extract_glossary(doc)]


def test_numbered_terms_with_continuations_and_groups() -> None:
    assert _terms(
        "第四部分 名词解释",
        "一、财政拨款收入：指本级财政 当年拨付的资金。",
        "（二）事业收入：指事业单位开展",
        "专业业务活动取得的收入。",
        "#二、支出类",
        "无。",
        "1、基本支出：指为保障机构正常运转的支出。",
        "9.项目支出：指在基本支出之外的支出。",
    ) == [
        ("财政拨款收入", "指本级财政当年拨付的资金。", None),
        ("事业收入", "指事业单位开展专业业务活动取得的收入。", None),
        ("基本支出", "指为保障机构正常运转的支出。", "支出类"),
        ("项目支出", "指在基本支出之外的支出。", "支出类"),
    ]


def test_the_glossary_ends_at_a_numbered_paragraph_that_is_no_term_or_a_part_heading() -> None:
    assert _terms("十、名词解释", "一、甲：定义甲。", "十一、其他需要说明的事项", "二、乙：定义乙。") == [
        ("甲", "定义甲。", None)
    ]
    assert _terms("名词解释", "一、甲：定义甲。", "#第五部分 附表", "二、乙：定义乙。") == [
        ("甲", "定义甲。", None)
    ]
    # running text right after the marker: a table of contents entry, no glossary
    assert _terms("名词解释", "见下文。", "一、甲：定义甲。") == []
    # a marker inside a long sentence is no marker
    assert _terms("本部分是一个很长的名词解释", "一、甲：定义甲。") == []


def test_a_term_defined_twice_is_kept_once() -> None:
    assert _terms("名词解释", "一、甲：第一。", "#名词解释", "一、甲：第二。", "二、乙：乙。") == [
        ("甲", "第一。", None),
        ("乙", "乙。", None),
    ]


SUMMARY = (
    "支出总表\n\n单位：万元\n\n科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n"
    "\t\t\t合 计\t3.00\t1.00\t2.00\n208\t\t\t社会保障和就业支出\t3.00\t1.00\t2.00\n"
    "\t01\t\t人力资源事务\t3.00\t1.00\t2.00\n\t\t01\t行政运行\t1.00\t1.00\t\n"
)


def test_the_expenditure_summary_lines() -> None:
    r = extract_document(read_text(SUMMARY, "t.txt", ""))
    assert [
        (ln.code, ln.name, ln.total, ln.basic, ln.project, ln.is_total, ln.table, ln.row_number)
        for ln in r.function_lines
    ] == [
        (None, "合计", D("3.00"), D("1.00"), D("2.00"), True, 1, 3),
        ("208", "社会保障和就业支出", D("3.00"), D("1.00"), D("2.00"), False, 1, 4),
        ("20801", "人力资源事务", D("3.00"), D("1.00"), D("2.00"), False, 1, 5),
        ("2080101", "行政运行", D("1.00"), D("1.00"), None, False, 1, 6),
    ]
    assert not [f for f in r.findings if f.slug in ("summary-columns-missing", "no-expenditure-summary")]


def test_a_summary_without_its_columns_is_reported() -> None:
    text = SUMMARY.replace("\t基本支出\t项目支出", "\t人员\t公用")
    r = extract_document(read_text(text, "t.txt", ""))
    [f] = [f for f in r.findings if f.slug == "summary-columns-missing"]
    assert (f.message, f.table) == ("支出总表 (table 1) has no column 基本支出/项目支出", 1)
    assert [(ln.total, ln.basic, ln.project) for ln in r.function_lines][:1] == [(D("3.00"), None, None)]
