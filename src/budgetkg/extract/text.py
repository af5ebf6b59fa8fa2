"""Small text helpers shared by the extractors: names, amounts, codes, titles."""

from __future__ import annotations

import re
from decimal import Decimal

from .numbers import read_number
from .units import parse_money

_CJK = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
)
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])\s+")
_SPACE_BEFORE_CJK = re.compile(rf"\s+(?=[{_CJK}])")
_SPACE_AROUND_BRACKET = re.compile(r"\s*([()（）])\s*")
_ORDINAL = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|"
    r"\d+[、.．]|部门公开表\s*\d+)\s*"
)


def clean_name(text: str) -> str:
    """Remove the spaces that line wrapping put inside Chinese text.

    A space is dropped when it touches a CJK character or a bracket; spaces
    between two Latin words or numbers are kept (collapsed to one).
    """
    text = " ".join(text.split())
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    text = _SPACE_AROUND_BRACKET.sub(r"\1", text)
    return text.strip()


def compact(text: str) -> str:
    """The text with all whitespace removed: for matching labels like ``合 计``."""
    return "".join(text.split())


def is_amount(text: str) -> bool:
    """True for a published amount: ``9,438.90``, ``-3.2``, ``(12.30)``, ``１２３．４５``, ``113.7万元``.

    The forms are those of :mod:`.numbers`; a percentage or a blank is not an amount.
    """
    try:
        number = read_number(text)
    except ValueError:
        return False
    return number is not None and not number.percent


def parse_amount(text: str) -> Decimal | None:
    """The amount as published, in 万元 (``9,438.90`` -> 9438.90), None when blank.

    A cell naming its unit (``113.7元``) is converted; the result remembers
    the printed figure (:class:`.units.Money`). Tables that print in
    another unit read their cells through their :class:`.units.TableUnits`.
    Raises ValueError for a non-blank cell that is not an amount (a word, a
    percentage), so callers can report it instead of guessing.
    """
    return parse_money(text)


def digits(text: str) -> str:
    """The cell with inner spaces removed if it is all digits, else ''."""
    t = compact(text)
    return t if t.isdigit() else ""


# a unit printed with the title: 支出总表（单位：元） / 项目支出表(万元) / 收支总表 单位：元
_TITLE_UNIT = re.compile(
    r"([(（](金额)?(单位[:：]?)?(万元|千元|亿元|元)[)）]|(金额)?单位[:：](万元|千元|亿元|元))$"
)


def normalize_title(text: str) -> str:
    """A table title without spaces, ordinals (一、, (二), 1、), years, markup or a unit it prints."""
    t = _TITLE_UNIT.sub("", compact(text).replace("*", "").replace("#", ""))
    for _ in range(3):
        t2 = _ORDINAL.sub("", t)
        if t2 == t:
            break
        t = t2
    return re.sub(r"^20\d\d年(度)?", "", t)


def is_total_label(text: str) -> bool:
    """True for 合计 / 总计 / 本年合计-like labels (spaces ignored)."""
    t = compact(text).rstrip("-")
    return t in ("合计", "总计", "小计") or t.endswith("合计") and len(t) <= 6
