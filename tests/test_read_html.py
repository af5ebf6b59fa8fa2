"""The HTML reader: pages as government sites publish them become the same block model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from budgetkg.read import ReadError, read_document
from budgetkg.read.grid import Span, expand_spans
from budgetkg.read.html import declared_encoding, looks_like_html, read_html
from budgetkg.read.model import Heading, Paragraph, Table

from .conftest import SAMPLE_IDS, sample_path
from .test_read_docx import _texts, grid


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def read(body: str, head: str = '<meta charset="utf-8">') -> Any:
    return read_html(page(body, head), "t.html", "0" * 64)


def tables(doc: Any) -> list[list[list[str]]]:
    return [[r.texts for r in t.rows] for t in doc.tables()]


def blocks(doc: Any) -> list[tuple[str, str]]:
    return [(type(b).__name__, b.text if not isinstance(b, Table) else str(b.number)) for b in doc.blocks]


# ---------------------------------------------------------------- merged cells


def test_rowspan_and_colspan_expand_text_first() -> None:
    doc = read(
        "<table>"
        "<tr><th rowspan=2>科目编码</th><th rowspan=2>科目名称</th><th colspan=3>本年预算</th></tr>"
        "<tr><th>合计</th><th colspan=2>基本支出</th></tr>"
        "<tr><td>208</td><td rowspan=2 colspan=2>社会保障</td><td>1.00</td><td>2.00</td></tr>"
        "<tr><td>20801</td><td>3.00</td><td>4.00</td></tr>"
        "</table>"
    )
    assert tables(doc) == [
        [
            ["科目编码", "科目名称", "本年预算", "", ""],
            ["", "", "合计", "基本支出", ""],
            ["208", "社会保障", "", "1.00", "2.00"],
            ["20801", "", "", "3.00", "4.00"],
        ]
    ]
    table = next(doc.tables())
    assert [r.prov.row for r in table.rows] == [1, 2, 3, 4]
    assert table.number == 1 and table.rows[0].prov.table == 1


def test_spans_past_the_table_and_zero_rowspan_are_cut_at_the_last_row() -> None:
    assert expand_spans([[Span("a", rows=5), Span("b")], [Span("c")]]) == [["a", "b"], ["", "c"]]
    doc = read("<table><tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr></table>")
    assert tables(doc) == [[["a", "b"], ["", "c"], ["", "d"]]]
    # a row shorter than the others is padded; a span of 0 columns counts as one
    padded = expand_spans([[Span("x", cols=0)], [Span("y"), Span("z", cols=2)]])
    assert padded == [["x", "", ""], ["y", "z", ""]]


def test_cell_lines_join_as_wrapped_text() -> None:
    doc = read(
        "<table><tr><td>项目<br>支出</td><td><p>Project</p><p>budget</p></td></tr>"
        "<tr><td>9,438.<br/>90</td><td>&nbsp;</td></tr></table>"
    )
    assert tables(doc) == [[["项目支出", "Project budget"], ["9,438.90", ""]]]


def test_caption_thead_tbody_tfoot_and_hidden_rows() -> None:
    doc = read(
        "<table><caption>收支总表</caption><thead><tr><th>项目</th><th>金额</th></tr></thead>"
        "<tbody><tr><td>合计</td><td>5.00</td></tr><tr style='display:none'><td>x</td><td>9</td></tr></tbody>"
        "<tfoot><tr><td>注</td><td></td></tr></tfoot></table>"
    )
    table = next(doc.tables())
    assert table.caption == "收支总表"
    assert tables(doc) == [[["项目", "金额"], ["合计", "5.00"], ["注", ""]]]


# ---------------------------------------------------------------- page structure


def test_page_in_a_layout_table_is_not_one_giant_table() -> None:
    doc = read(
        "<table width=1000><tr><td colspan=2><nav>首页 政务公开</nav></td></tr>"
        "<tr><td><ul><li>通知公告</li></ul></td><td>"
        "<h2>支出总表</h2><p>单位：万元</p>"
        "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>"
        "<p>注：无</p></td></tr></table>"
    )
    assert blocks(doc) == [
        ("Paragraph", "通知公告"),
        ("Heading", "支出总表"),
        ("Paragraph", "单位：万元"),
        ("Table", "1"),
        ("Paragraph", "注：无"),
    ]
    assert tables(doc) == [[["项目", "金额"], ["合计", "1.00"]]]


def test_which_tables_lay_out_the_page() -> None:
    one_cell = read("<table><tr><td><p>一、主要职责</p><p>二、机构设置</p></td></tr></table>")
    assert blocks(one_cell) == [("Paragraph", "一、主要职责"), ("Paragraph", "二、机构设置")]
    heading = read("<table><tr><td><h1>部门预算</h1></td><td>2024</td></tr></table>")
    assert blocks(heading) == [("Heading", "部门预算"), ("Paragraph", "2024")]
    presentation = read("<table role=presentation><tr><td>甲</td><td>乙</td></tr></table>")
    assert blocks(presentation) == [("Paragraph", "甲"), ("Paragraph", "乙")]
    # a page of text in a cell (more than 30 paragraphs) lays out; 30 are still data
    many = "".join(f"<p>第{i}段</p>" for i in range(31))
    assert not list(read(f"<table><tr><td>{many}</td><td>x</td></tr></table>").tables())
    thirty = "".join(f"<p>第{i}段</p>" for i in range(30))
    assert len(list(read(f"<table><tr><td>{thirty}</td><td>x</td></tr></table>").tables())) == 1


def test_scripts_styles_navigation_and_hidden_text_are_left_out() -> None:
    doc = read(
        "<nav>首页</nav><div role=navigation>导航</div><script>document.write('<p>脚本</p>')</script>"
        "<style>p {color: red}</style><noscript>请启用脚本</noscript><div hidden>隐藏</div>"
        "<p style='display: none'>也隐藏</p><select><option>选项</option></select>"
        "<p>正文<!-- 注释 --></p>",
        head="<meta charset='utf-8'><title>标题</title><style>body{}</style>",
    )
    assert blocks(doc) == [("Paragraph", "正文")]


def test_page_without_tables_gives_headings_and_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "notice.html"
    f.write_bytes(
        page("<h1>2024年部门预算</h1><h3>第一部分 部门概况</h3><p>一、主要职责</p><div>二、机构设置</div>")
    )
    doc = read_document(f)
    assert blocks(doc) == [
        ("Heading", "2024年部门预算"),
        ("Heading", "第一部分 部门概况"),
        ("Paragraph", "一、主要职责"),
        ("Paragraph", "二、机构设置"),
    ]
    assert [b.level for b in doc.blocks if isinstance(b, Heading)] == [1, 3]
    assert doc.media_type == "text/html" and not list(doc.tables())
    empty = tmp_path / "empty.html"
    empty.write_bytes(page("<script>x()</script><nav>首页</nav>"))
    with pytest.raises(ReadError, match=r"^empty\.html: no text found"):
        read_document(empty)
    empty.write_bytes(b"<!-- saved by a CMS -->\n")
    with pytest.raises(ReadError, match=r"^empty\.html: no text found"):
        read_document(empty)


def test_whitespace_follows_html_and_line_breaks_inside_chinese_vanish() -> None:
    # a line break between two wide characters vanishes (CSS Text 3), next to a narrow one it is a space
    doc = read(
        "<p>  人力资源和社会\r\n  保障局（\n二）2024\n年</p><p>budget\n  document</p><p>a&nbsp;&nbsp;b</p>"
    )
    assert blocks(doc) == [
        ("Paragraph", "人力资源和社会保障局（二）2024 年"),
        ("Paragraph", "budget document"),
        ("Paragraph", "a  b"),
    ]
    # a run spread over several text nodes is judged as one
    doc = read(
        "<p><span>人力资源和社会\n</span>\n<span>  保障局</span></p><p><i>budget </i> <b>document</b> </p>"
    )
    assert blocks(doc) == [("Paragraph", "人力资源和社会保障局"), ("Paragraph", "budget document")]


def test_provenance_is_the_source_line() -> None:
    html = b"<html><body>\n<p>first</p>\n\n<table>\n<tr><td>a</td><td>b</td></tr>\n</table></body></html>"
    doc = read_html(html, "p.html", "")
    assert doc.blocks[0].prov.line == 2 and doc.blocks[0].prov.source == "p.html"
    assert doc.blocks[1].prov.line == 4


# ---------------------------------------------------------------- tables printed as text lines


def test_tab_separated_lines_are_tables_through_the_text_reader() -> None:
    doc = read(
        "<p>收支总表</p><p>项目\t金额\t备注</p><p>合计\t1.00\t</p><p></p><p>项目&#9;金额</p><p>x&#9;2.00</p>"
    )
    assert blocks(doc) == [("Paragraph", "收支总表"), ("Table", "1"), ("Table", "2")]
    assert tables(doc) == [
        [["项目", "金额", "备注"], ["合计", "1.00", ""]],
        [["项目", "金额"], ["x", "2.00"]],
    ]


def test_one_cell_per_line_paragraphs_are_rows() -> None:
    doc = read(
        "<p>部门预算收支总表</p><p>\t序号</p><p>\t收入</p><p></p>"
        "<p>\t1</p><p>\t16500.49</p><p></p><p>说明</p>"
    )
    assert blocks(doc) == [("Paragraph", "部门预算收支总表"), ("Table", "1"), ("Paragraph", "说明")]
    assert tables(doc) == [[["序号", "收入"], ["1", "16500.49"]]]


def test_indentation_tabs_of_the_source_are_not_cells() -> None:
    doc = read("<div>\n\t\t<p>\n\t\t\t一、主要职责\n\t\t</p>\n\t\t<p>\t\t二、机构设置</p></div>")
    assert blocks(doc)[0] == ("Paragraph", "一、主要职责")
    # a TAB away from a line break is a cell separator, even at the start of a paragraph
    assert isinstance(doc.blocks[1], Table)


def test_pre_blocks_and_word_tab_spans() -> None:
    pre = read("<pre>\n项目\t金额\n合计\t3.00\n\n说明  文字</pre>")
    assert tables(pre) == [[["项目", "金额"], ["合计", "3.00"]]]
    assert blocks(pre)[-1] == ("Paragraph", "说明  文字")
    word = read(
        "<p class=MsoNormal>项目<span style='mso-tab-count:1'>&nbsp;&nbsp; </span>金额<o:p></o:p></p>"
        "<p class=MsoNormal>合计<span style='mso-tab-count:2'>&nbsp;&nbsp; </span>3.00<o:p></o:p></p>"
    )
    assert tables(word) == [[["项目", "金额"], ["合计", "", "3.00"]]]


# ---------------------------------------------------------------- encodings and dispatch


def test_gbk_page_with_meta_charset_and_without(tmp_path: Path) -> None:
    body = "<p>喆镕部门预算</p><table><tr><td>项目</td><td>金额</td></tr></table>"  # GBK, not GB2312
    declared = page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    doc = read_html(declared.decode().encode("gbk"), "g.html", "")
    assert blocks(doc)[0] == ("Paragraph", "喆镕部门预算")
    undeclared = page(body, "").decode().encode("gbk")
    assert blocks(read_html(undeclared, "g.html", ""))[0] == ("Paragraph", "喆镕部门预算")
    # saved as UTF-8 but still declaring GB2312: UTF-8 is tried first
    mislabelled = page(body, '<meta charset="gb2312">')
    assert blocks(read_html(mislabelled, "g.html", ""))[0] == ("Paragraph", "喆镕部门预算")
    xhtml = (
        '<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>喆</p></body></html>"
    ).encode("gbk")
    assert declared_encoding(xhtml) == "gbk"
    assert blocks(read_html(xhtml, "x.html", "")) == [("Paragraph", "喆")]
    utf16 = b"\xff\xfe" + page(body).decode().encode("utf-16-le")
    f = tmp_path / "u.htm"
    f.write_bytes(utf16)
    assert read_document(f).media_type == "text/html"


def test_dispatch_by_content_then_suffix(tmp_path: Path) -> None:
    named_txt = tmp_path / "page.txt"
    named_txt.write_bytes(
        b"\xef\xbb\xbf\n  <!-- saved -->\n<!DOCTYPE HTML PUBLIC><html><body><p>x</p></body></html>"
    )
    assert read_document(named_txt).media_type == "text/html"
    fragment = tmp_path / "fragment.htm"
    fragment.write_bytes("<p>单位：万元</p><p>说明</p>".encode())
    assert read_document(fragment).media_type == "text/html"
    texts = [b.text for b in read_document(fragment).blocks if isinstance(b, Paragraph)]
    assert texts == ["单位：万元", "说明"]
    # sites serve Word's web pages as .doc and a CMS's table exports as .xls
    for name in ("budget.doc", "export.xls"):
        disguised = tmp_path / name
        disguised.write_bytes(page("<table><tr><td>项目</td><td>金额</td></tr></table>"))
        assert read_document(disguised).media_type == "text/html"
        assert tables(read_document(disguised)) == [[["项目", "金额"]]]
    assert not looks_like_html("<p>一段文字</p>".encode())  # a fragment is HTML by its suffix only
    assert not looks_like_html("2024年部门预算 <html>".encode())


# ---------------------------------------------------------------- the samples' renderings


@pytest.mark.parametrize("tables_as", ["table", "lines"])
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_web_page_renderings_read_like_the_text(rendered: Any, sample: str, tables_as: str) -> None:
    text = read_document(sample_path(sample))
    html = read_document(rendered.html(rendered.stem(sample), tables_as))
    assert html.media_type == "text/html"
    assert grid(html) == grid(text)
    assert _texts(html) == _texts(text)


# ---------------------------------------------------------------- web archives


def word_mht(html: str, charset: str = "gb2312", codec: str = "gbk") -> bytes:
    """A web archive as Word's "single file web page" writes it: quoted-printable HTML plus an image part."""
    import quopri

    body = quopri.encodestring(html.encode(codec)).decode("ascii")
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000.12345678"\r\n\r\n'
        "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
        "------=_NextPart_01DA0000.12345678\r\n"
        "Content-Location: file:///C:/budget.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n\r\n'
        f"{body}\r\n\r\n"
        "------=_NextPart_01DA0000.12345678\r\n"
        "Content-Location: file:///C:/budget.files/image001.png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Type: image/png\r\n\r\n"
        "iVBORw0KGgo=\r\n\r\n"
        "------=_NextPart_01DA0000.12345678--\r\n"
    ).encode("ascii")


def test_word_web_archive_served_as_doc_is_read_as_its_page(tmp_path: Path) -> None:
    html = (
        "<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'></head><body>"
        "<h1>2024年部门预算</h1><table><tr><td colspan=2>收支总表</td></tr>"
        "<tr><td>合计</td><td>1,234.50</td></tr></table></body></html>"
    )
    f = tmp_path / "budget.doc"
    f.write_bytes(word_mht(html))
    doc = read_document(f)
    assert doc.media_type == "multipart/related"
    assert blocks(doc) == [("Heading", "2024年部门预算"), ("Table", "1")]
    assert tables(doc) == [[["收支总表", ""], ["合计", "1,234.50"]]]
    # the part's charset is used when the page declares none (Big5 bytes would pass as GB18030 nonsense)
    bare = tmp_path / "bare.mht"
    bare.write_bytes(word_mht("<html><body><p>部門預算</p></body></html>", charset="big5", codec="big5"))
    assert blocks(read_document(bare)) == [("Paragraph", "部門預算")]
    empty = tmp_path / "images.mht"
    empty.write_bytes(word_mht("").replace(b"text/html", b"text/plain"))
    with pytest.raises(ReadError, match=r"^images\.mht: a web archive \(MHTML\) without an HTML page$"):
        read_document(empty)
