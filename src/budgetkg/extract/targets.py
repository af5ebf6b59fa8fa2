"""Indicator targets (指标值): ``≥95%``, ``$\\geq 40\\%$``, ``约900万元``, ``定性 优`` parsed.

A target is kept twice: as published (``raw``) and parsed into an operator,
a numeric value (``Decimal``, as printed), a unit and a qualitative value.
Operators are normalized to one of ``= ≥ ≤ > < ≈``, ``range`` (``300-800元/人``)
or ``qualitative`` (a target without a number: ``优``, ``提升``, ``保障``).
A number printed without an operator (``100%``, ``15人``) is an equality.

Words around the number are not lost: comparison words become the operator
(``不低于`` ≥, ``以内`` ≤, ``左右`` ≈) and any other words (``提高5%``,
``仲裁员 60 人``) are kept as the qualitative part. A target whose number is
followed by words that are not a unit (``3月底完成``, ``2024年1月-12月``) is
qualitative as a whole: reading a date as a quantity would invent a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

QUALITATIVE = "qualitative"
RANGE = "range"

# LaTeX the PDF-to-markdown converters leave in cells ($\geq 40\%$).
_LATEX = (
    (r"\geqslant", "≥"),
    (r"\leqslant", "≤"),
    (r"\geq", "≥"),
    (r"\leq", "≤"),
    (r"\ge", "≥"),
    (r"\le", "≤"),
    (r"\gt", ">"),
    (r"\lt", "<"),
    (r"\approx", "≈"),
    (r"\sim", "≈"),
    (r"\%", "%"),
    (r"\times", "×"),
    (r"\,", " "),
    (r"\;", " "),
    (r"\ ", " "),
    ("$", ""),
)
_LATEX_GROUP = re.compile(r"\\(?:mathrm|text|mathbf|rm)\s*\{([^{}]*)\}")
_WIDE = str.maketrans("０１２３４５６７８９．％＝＞＜，：（）", "0123456789.%=><,:()")
_SYMBOLS = (
    (">=", "≥"),
    ("<=", "≤"),
    ("≧", "≥"),
    ("≦", "≤"),
    ("⩾", "≥"),
    ("⩽", "≤"),
    ("=>", "≥"),
    ("=<", "≤"),
    ("~", "≈"),
    ("∼", "≈"),
    ("～", "≈"),
)
# Comparison words before the number, longest first.
_PREFIX_OPS = (
    ("大于或等于", "≥"),
    ("小于或等于", "≤"),
    ("大于等于", "≥"),
    ("小于等于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("至少", "≥"),
    ("最多", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
    ("大约", "≈"),
    ("约", "≈"),
    ("≥", "≥"),
    ("≤", "≤"),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
    ("≈", "≈"),
)
# Words after the number (and unit), longest first.
_SUFFIX_OPS = (("及以上", "≥"), ("以上", "≥"), ("以下", "≤"), ("以内", "≤"), ("左右", "≈"), ("上下", "≈"))
# Labels that only say the target is qualitative.
_QUALITATIVE_LABEL = re.compile(r"^(定性指标|定性|文字描述|描述)[:：]?\s*")
_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
# What a unit is made of: measure words, money and time units, separators.
_UNIT_CHARS = set(
    "%‰元万亿千百十人次个件家户项天日年月周季度名份本册场批所台套辆平方米公里亩吨小时工作倍类块张期篇条座处分位"
    "辆部间床岗课学时班节篮组片栋幢宗笔单卷盒箱包支把双对枚根株头只章号轮届版面页幅首集"
    "/、.·每余()（）"
)
_MAX_UNIT = 10


@dataclass(frozen=True)
class Target:
    """A parsed indicator target; ``raw`` is the published text."""

    raw: str
    operator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    qualitative: str | None = None
    upper: Decimal | None = None  # the upper bound of a range

    @property
    def is_empty(self) -> bool:
        """True when nothing was published."""
        return not self.raw.strip()


def normalize_target_text(text: str) -> str:
    """The target with LaTeX, full-width forms and ASCII operators made plain."""
    t = _LATEX_GROUP.sub(r"\1", text)
    for latex, plain in _LATEX:
        t = t.replace(latex, plain)
    t = t.translate(_WIDE)
    for symbol, op in _SYMBOLS:
        t = t.replace(symbol, op)
    return " ".join(t.split())


def parse_target(raw: str) -> Target:
    """Parse one published target (see the module docstring for the rules)."""
    text = normalize_target_text(raw)
    if not text:
        return Target(raw=raw)
    labelled = _QUALITATIVE_LABEL.match(text)
    if labelled:
        rest = text[labelled.end() :].strip()
        return Target(raw=raw, operator=QUALITATIVE, qualitative=rest or None)
    match = _NUMBER.search(text)
    if not match:
        return Target(raw=raw, operator=QUALITATIVE, qualitative=text)
    return _numeric(raw, text, match) or Target(raw=raw, operator=QUALITATIVE, qualitative=text)


def _numeric(raw: str, text: str, match: re.Match[str]) -> Target | None:
    """The numeric reading of ``text`` around its first number, or None if it has none."""
    prefix, operator = _split_prefix(text[: match.start()])
    value = _decimal(match.group())
    rest = text[match.end() :].strip()
    upper = None
    bound = re.match(r"^[-－—~≈至到]\s*(" + _NUMBER.pattern + r")", rest)
    if bound and operator is None:
        upper = _decimal(bound.group(1))
        rest = rest[bound.end() :].strip()
    if rest.startswith("余"):  # 2000余人: more than 2000
        rest = rest[1:]
        operator = operator or ">"
    unit, rest = _split_unit(rest)
    suffix_op, rest = _split_suffix(rest)
    note = _bracketed(rest)
    if rest and note is None:
        return None
    if upper is not None:
        operator = RANGE
    elif suffix_op and operator in (None, "≈") and suffix_op != "≈":
        operator = suffix_op
    elif suffix_op and operator is None:
        operator = suffix_op
    words = " ".join(w for w in (prefix, note) if w) or None
    return Target(
        raw=raw,
        operator=operator or "=",
        value=value,
        unit=unit,
        qualitative=words,
        upper=upper,
    )


def _split_prefix(prefix: str) -> tuple[str, str | None]:
    """Words before the number, and the comparison they end with (if any)."""
    p = prefix.strip()
    operator = None
    for _ in range(2):  # "约 ≥" or "不低于 =" style doubles
        for word, op in _PREFIX_OPS:
            if p.endswith(word):
                operator = operator or op
                if operator == "≈" and op != "≈":
                    operator = op
                p = p[: -len(word)].strip()
                break
    return p.rstrip(":：,， "), operator


def _split_unit(rest: str) -> tuple[str | None, str]:
    """The unit at the start of ``rest`` (spaces inside dropped) and what follows it."""
    compacted = "".join(rest.split())
    n = 0
    while n < len(compacted) and compacted[n] in _UNIT_CHARS and n < _MAX_UNIT:
        n += 1
    unit = compacted[:n]
    # A unit does not end in a separator or an opening bracket.
    while unit and unit[-1] in "/、.·每(（":
        unit = unit[:-1]
    unit = _balance(unit)
    return (unit or None), compacted[len(unit) :]


def _balance(unit: str) -> str:
    """Cut an unbalanced trailing bracket group off a unit (``万元(`` -> ``万元``)."""
    depth = 0
    for i, ch in enumerate(unit):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
            if depth < 0:
                return unit[:i]
    if depth:
        cut = max(unit.rfind("("), unit.rfind("（"))
        return unit[:cut]
    return unit


def _split_suffix(rest: str) -> tuple[str | None, str]:
    for word, op in _SUFFIX_OPS:
        if rest.startswith(word):
            return op, rest[len(word) :].strip()
    return None, rest


def _bracketed(rest: str) -> str | None:
    """The inside of a trailing bracketed note (``（党群工作部）``); '' when nothing is left."""
    if not rest:
        return ""
    m = re.fullmatch(r"[(（]([^()（）]*)[)）]", rest)
    return m.group(1).strip() if m else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None


# -- targets printed in separate columns (性质 / 指标值 / 度量单位) ---------------------

_NATURE = {
    "≥": "≥",
    "≤": "≤",
    "=": "=",
    ">": ">",
    "<": "<",
    "≈": "≈",
    "定性": QUALITATIVE,
    "定量": "=",
}


def is_operator_cell(text: str) -> bool:
    """True for a cell of a 绩效指标性质 column: an operator symbol or 定性/定量."""
    return normalize_target_text("".join(text.split())) in _NATURE


def parse_target_columns(nature: str, value: str, unit: str) -> Target:
    """A target printed as 性质 (``≥``, ``定性``), 指标值 and 度量单位 columns.

    Numbers the converter split (``500 0``) are joined; a qualitative
    nature keeps a numeric value when one is printed (``定性 95 %``), as
    published. ``raw`` is the cells joined by one space, each without its
    inner spaces (wrapping differs between readers).
    """
    n, v, u0 = ("".join(p.split()) for p in (nature, value, unit))
    merged = re.fullmatch(rf"({_NUMBER.pattern})(\D.*)", v)
    if merged and not u0:  # a reader merged the value and unit cells: 95良, 95%
        v, u0 = merged.group(1), merged.group(2)
    raw = " ".join(p for p in (n, v, u0) if p)
    op = _NATURE.get(normalize_target_text(n))
    if op is None:
        return parse_target(" ".join(p for p in (v, u0) if p) if n else raw)
    u = u0 or None
    number = _decimal(v) if _NUMBER.fullmatch(v) else None
    qualitative = None if number is not None else (v or None)
    return Target(raw=raw, operator=op, value=number, unit=u, qualitative=qualitative)


def parse_weight(text: str) -> Decimal | None:
    """A weight (分值/权重) as published, split digits joined (``20.0 0`` -> 20.00)."""
    t = "".join(text.split()).rstrip("%")
    return _decimal(t) if _NUMBER.fullmatch(t) else None


def split_statement(text: str) -> tuple[str, Target] | None:
    """A narrative target (``城镇登记失业率控制在2.0%以内``) as (subject, target); None without a number.

    The subject is the text before the number and its comparison words,
    without connectives (控制在, 达到); the target is parsed from the rest.
    """
    clause = text.strip()
    match = _NUMBER.search(clause)
    if not match:
        return None
    prefix = clause[: match.start()]
    subject, _ = _split_prefix(prefix)
    target = parse_target(clause[len(subject) :].lstrip(":：,， "))
    if target.value is None:
        return None
    return _CONNECTIVE.sub("", subject).strip(), target


_CONNECTIVE = re.compile(r"(控制在|保持在|达到|达|为|在|实现)$")


def looks_like_target(text: str) -> bool:
    """Whether a lone cell reads as a target rather than an indicator name.

    True for anything with an operator or a number with a unit, and for the
    short evaluative words targets are made of (优, 提升, 保障, 及时 ...).
    """
    t = normalize_target_text(text)
    if not t:
        return False
    parsed = parse_target(t)
    if parsed.operator not in (None, QUALITATIVE):
        return True
    return len("".join(t.split())) <= 4 and not t.endswith(("率", "数", "度", "量", "费", "额"))


__all__ = [
    "QUALITATIVE",
    "RANGE",
    "Target",
    "is_operator_cell",
    "looks_like_target",
    "normalize_target_text",
    "parse_target",
    "parse_target_columns",
    "parse_weight",
    "split_statement",
]
