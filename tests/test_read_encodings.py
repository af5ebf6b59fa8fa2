"""Text files in the encodings Chinese departments save them in, and binary data refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.read import ReadError, read_document
from budgetkg.read.text import decode_text, encoding_of

TEXT = "2024年部门预算\n收支总表\n项目\t金额\n合计\t1,234.50\n喆镕（GBK 字）\n"


def blocks(path: Path) -> list[tuple[str, str]]:
    doc = read_document(path)
    return [(type(b).__name__, getattr(b, "text", "") or str([r.texts for r in b.rows])) for b in doc.blocks]


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("utf-16-le-bom", b"\xff\xfe" + TEXT.encode("utf-16-le")),
        ("utf-16-be-bom", b"\xfe\xff" + TEXT.encode("utf-16-be")),
        ("gbk", TEXT.encode("gbk")),
        ("gb18030", (TEXT + "𠀀\n").encode("gb18030")),  # a character outside GBK
    ],
)
def test_every_encoding_reads_the_same(tmp_path: Path, name: str, data: bytes) -> None:
    f = tmp_path / f"{name}.txt"
    f.write_bytes(data)
    got = blocks(f)
    want = [
        ("Paragraph", "2024年部门预算"),
        ("Paragraph", "收支总表"),
        ("Table", str([["项目", "金额"], ["合计", "1,234.50"]])),
        ("Paragraph", "喆镕（GBK 字）"),
    ]
    assert got[:4] == want
    assert got[4:] == ([("Paragraph", "𠀀")] if name == "gb18030" else [])


def test_utf8_is_tried_before_the_declared_encoding_and_gb18030() -> None:
    utf8 = "部门预算".encode()
    assert decode_text(utf8, "a", declared="gb2312") == "部门预算"
    assert decode_text("部门预算".encode("gbk"), "a", declared="gb2312") == "部门预算"
    big5 = "部門預算".encode("big5")
    assert decode_text(big5, "a", declared="big5") == "部門預算"  # a declared codec goes before GB18030
    assert encoding_of("GB2312") == encoding_of("x-gbk") == "gb18030"
    assert encoding_of("utf-16") is None and encoding_of("no-such-codec") is None


def test_binary_and_undecodable_bytes_are_refused() -> None:
    with pytest.raises(ReadError, match=r"^g\.txt: binary data"):
        decode_text(bytes(range(256)) * 4, "g.txt")
    # UTF-16 without a byte-order mark holds NUL bytes: binary, as documented
    with pytest.raises(ReadError, match="binary data"):
        decode_text(TEXT.encode("utf-16-le"), "u.txt")
    undecodable = r"^x\.txt: not valid UTF-8, UTF-16 \(with BOM\) or GBK/GB18030 text$"
    with pytest.raises(ReadError, match=undecodable):
        decode_text(b"abc\xff\xfe\xfd", "x.txt")
    with pytest.raises(ReadError, match=r"not valid UTF-8 text after its byte-order mark \(byte 4\)$"):
        decode_text(b"\xef\xbb\xbfa\xff", "b.txt")
    with pytest.raises(ReadError, match=r"not valid UTF-16-LE text after its byte-order mark"):
        decode_text(b"\xff\xfe\x00\xd8a", "c.txt")  # a lone surrogate


def test_control_characters_up_to_five_percent_are_text() -> None:
    ok = "\x01" + "a" * 19  # 5%
    assert decode_text(ok.encode(), "t.txt") == ok
    with pytest.raises(ReadError, match="binary data"):
        decode_text(("\x01\x02" + "a" * 18).encode(), "t.txt")  # 10%
    with pytest.raises(ReadError, match="binary data"):
        decode_text(b"\xff\xfe" + ("\x01\x02" + "a" * 18).encode("utf-16-le"), "t.txt")


def test_tabs_line_breaks_and_form_feeds_are_not_counted_as_control_characters() -> None:
    text = "\t\r\n\f" * 5 + "a"  # 95% of them, no control character
    assert decode_text(text.encode(), "t.txt") == text
    with pytest.raises(ReadError, match="binary data"):  # a vertical tab and a unit separator do count
        decode_text(("\x0b\x1f" + "a" * 18).encode(), "t.txt")
