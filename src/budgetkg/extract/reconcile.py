"""Check extracted lines against the document's own arithmetic.

Budget tables add up: a 小计 column is the sum of its sibling columns, a
合计 column the sum of the top-level columns beside it; a 类 line is the sum
of its 款 lines, a 款 line of its 项 lines, the 合计 line of the 类 lines; a
收支总表 balances. What does not add up is reported as a finding (the
published numbers are kept as printed): either the extraction misread the
table, or the document itself is inconsistent.
"""

from __future__ import annotations

from decimal import Decimal

from .facts import Amount, DisclosureLine
from .records import Finding

_SUBTOTALS = ("小计", "合计", "总计")
# the slugs of the findings these checks (and the 三公 check) report
SUM_CHECKS = ("column-sum-mismatch", "row-sum-mismatch", "balance-mismatch", "three-public-sum-mismatch")
Path = tuple[str, ...]


def check_table(lines: list[DisclosureLine], title: str, department: str, findings: list[Finding]) -> None:
    """Every check that applies to the lines of one table."""
    for line in lines:
        _check_columns(line, title, findings)
    if any(ln.side for ln in lines):
        _check_balance(lines, title, findings)
    elif any(ln.function_code or ln.econ_code for ln in lines):
        _check_tree(lines, title, findings)
    else:
        _check_list(lines, title, department, findings)


def _finding(slug: str, message: str, line: DisclosureLine) -> Finding:
    return Finding(slug=slug, message=message, table=line.table, prov=line.prov)


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}"


# -- columns ------------------------------------------------------------------------------------


def _check_columns(line: DisclosureLine, title: str, findings: list[Finding]) -> None:
    """Each 小计 / 合计 column against the columns it sums."""
    by_path = {tuple(a.column.split("/")): a.value for a in line.amounts if a.column}
    for path, value in by_path.items():
        if path[-1] not in _SUBTOTALS:
            continue
        parent = path[:-1]
        children = _children(by_path, parent) - {path[-1]}
        parts = [_value(by_path, parent + (c,)) for c in sorted(children)]
        if not children or all(p is None for p in parts):
            continue
        total = sum((p for p in parts if p is not None), Decimal(0))
        if total != value:
            label = "/".join(path)
            findings.append(
                _finding(
                    "column-sum-mismatch",
                    f"{title}: {line.name}: {label} is {_fmt(value)}, "
                    f"the columns it sums add up to {_fmt(total)}",
                    line,
                )
            )


def column_sums(by_path: dict[Path, Decimal]) -> tuple[int, int]:
    """How many 小计 / 合计 cells of one row equal the columns they sum, and how many do not."""
    good = bad = 0
    for path, value in by_path.items():
        if path[-1] not in _SUBTOTALS:
            continue
        children = _children(by_path, path[:-1]) - {path[-1]}
        parts = [_value(by_path, path[:-1] + (c,)) for c in sorted(children)]
        if not children or all(p is None for p in parts):
            continue
        if sum((p for p in parts if p is not None), Decimal(0)) == value:
            good += 1
        else:
            bad += 1
    return good, bad


def _children(by_path: dict[Path, Decimal], prefix: Path) -> set[str]:
    return {p[len(prefix)] for p in by_path if len(p) > len(prefix) and p[: len(prefix)] == prefix}


def _value(by_path: dict[Path, Decimal], prefix: Path) -> Decimal | None:
    """A column group's amount: its own cell, else its 小计, else the sum of its sub-columns."""
    if prefix in by_path:
        return by_path[prefix]
    for sub in _SUBTOTALS:
        if prefix + (sub,) in by_path:
            return by_path[prefix + (sub,)]
    parts = [_value(by_path, prefix + (c,)) for c in _children(by_path, prefix)]
    values = [p for p in parts if p is not None]
    return sum(values, Decimal(0)) if values else None


# -- rows ------------------------------------------------------------------------------------------


def _key(a: Amount) -> str:
    """What an amount is of, whatever the header looked like: ``basic`` or ``procurement, fiscal``."""
    return f"{a.measure}, {a.fund}" if a.fund else a.measure


def _sums(lines: list[DisclosureLine]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for ln in lines:
        for a in ln.amounts:
            out[_key(a)] = out.get(_key(a), Decimal(0)) + a.value
    return out


def _compare(
    parent: DisclosureLine, parts: list[DisclosureLine], what: str, title: str, findings: list[Finding]
) -> None:
    sums = _sums(parts)
    own = {_key(a): a.value for a in parent.amounts}
    for key in sorted(set(own) | set(sums)):
        printed, total = own.get(key, Decimal(0)), sums.get(key, Decimal(0))
        if printed != total:
            findings.append(
                _finding(
                    "row-sum-mismatch",
                    f"{title}: {parent.name} ({key}) is {_fmt(printed)}, its {what} add up to {_fmt(total)}",
                    parent,
                )
            )


def _level(line: DisclosureLine) -> int | None:
    code = line.function_code or line.econ_code
    return {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None


def _check_tree(lines: list[DisclosureLine], title: str, findings: list[Finding]) -> None:
    """类 = sum of its 款, 款 = sum of its 项 (children are the lines that follow it), 合计 = sum of 类."""
    coded = [(ln, _level(ln)) for ln in lines if not ln.is_total and _level(ln)]
    for i, (line, level) in enumerate(coded):
        assert level is not None
        children = []
        for other, other_level in coded[i + 1 :]:
            assert other_level is not None
            if other_level <= level:
                break
            if other_level == level + 1:
                children.append(other)
        if children:
            _compare(line, children, "sub-lines", title, findings)
    total = next((ln for ln in lines if ln.is_total), None)
    top = [ln for ln, level in coded if level == 1]
    if total is not None and top:
        _compare(total, top, "类 lines", title, findings)


def _check_list(lines: list[DisclosureLine], title: str, department: str, findings: list[Finding]) -> None:
    """The 合计 line against the items; a line named after the department sums the others."""
    total = next((ln for ln in lines if ln.is_total), None)
    own = [ln for ln in lines if not ln.is_total and ln.name == department]
    items = [ln for ln in lines if not ln.is_total and ln.name != department]
    if own and items:
        _compare(own[0], items, "units", title, findings)
        items = own
    if total is not None and items:
        _compare(total, items, "items", title, findings)


def _check_balance(lines: list[DisclosureLine], title: str, findings: list[Finding]) -> None:
    """Income and expenditure totals of a two-sided table agree; classes add up to the expenditure total."""
    income = {ln.name: ln for ln in lines if ln.side == "income" and ln.is_total}
    spending = {ln.name: ln for ln in lines if ln.side == "expenditure" and ln.is_total}
    for inc_name, inc in income.items():
        out = spending.get(inc_name.replace("收入", "支出"))
        a, b = _first(inc), _first(out) if out else None
        if out is not None and a is not None and b is not None and a != b:
            findings.append(
                _finding("balance-mismatch", f"{title}: {inc_name} {_fmt(a)} but {out.name} {_fmt(b)}", inc)
            )
    classes = [ln for ln in lines if ln.side == "expenditure" and ln.function_code]
    current = next((ln for ln in spending.values() if ln.name.startswith("本年")), None)
    if classes and current is not None:
        _compare(current, classes, "classes (类)", title, findings)


def _first(line: DisclosureLine) -> Decimal | None:
    return line.amounts[0].value if line.amounts else None
