"""Check a saved query's parameters before it runs, so a mistake is an error, not an empty answer.

Each parameter declares its type, default and allowed values in the query's
header (see ``catalog.py``). A value outside them is a :class:`ParameterError`
whose one-line message names what is accepted and, where a close match
exists, suggests it ("did you mean no-unit?"). A function given by code or
name is looked up in the code lists; one that names no code suggests the
closest names and codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches

import pyoxigraph as ox

from .catalog import Param, SavedQuery

FUNCTION_SCHEME = "https://w3id.org/budgetkg/code/function"  # a code's concept is FUNCTION_SCHEME/CODE

_CODE = re.compile(r"^\d+$")
_FUNCTION_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


class ParameterError(ValueError):
    """A parameter the query does not declare, or a value it does not accept."""


@dataclass
class FunctionIndex:
    """The function codes the store knows, and every name they are known by (code -> names)."""

    names: dict[str, set[str]] = field(default_factory=dict)

    def code_of(self, value: str) -> str | None:
        """The code a value means (itself, or the code of a name), None if none."""
        if value in self.names:
            return value
        return next((code for code, names in self.names.items() if value in names), None)

    def suggestions(self, value: str, n: int = 3) -> list[str]:
        """The closest 'code name' pairs, by name or by code."""
        by_name = {name: code for code, names in self.names.items() for name in names}
        if _CODE.match(value):
            close = get_close_matches(value, list(self.names), n=n, cutoff=0.6)
            return [f"{c} {min(self.names[c], default='')}".strip() for c in close]
        close = get_close_matches(value, list(by_name), n=n, cutoff=0.5)
        return [f"{by_name[name]} {name}" for name in close]


@dataclass
class Checked:
    """The values to bind, and notes for the user (a default used, an empty answer).

    A function parameter (given by code or name) also binds ``NAME_class``:
    the IRI of its code's concept, so a query can start from the lines and
    links under it (``bkg:functionAncestor``) instead of matching names, and
    ``NAME_code``: the code itself (2080705 for 公益性岗位补贴), a literal the
    lines' materialised ``bkg:functionCodePrefix`` and ``bkg:functionCode`` match.
    A code parameter (a prefix: 302 gives 302 and its 款) also binds
    ``NAME_prefix``, given or not: the code, or the empty string every code
    starts with, so a query looks its lines up by their materialised code
    prefixes (``bkg:economicCodePrefix``) with no string test of every line.
    """

    values: dict[str, str]
    notes: list[str] = field(default_factory=list)
    iris: dict[str, ox.NamedNode] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)

    def bindings(self) -> dict[str, str | ox.NamedNode]:
        """Every value to bind: the parameters', their concepts' IRIs and codes, and code prefixes."""
        return {**self.values, **self.iris, **self.codes}


def check_parameters(
    query: SavedQuery, given: Mapping[str, str], functions: Callable[[], FunctionIndex] | None = None
) -> Checked:
    """Validate ``given`` against the query's declared parameters and fill in defaults."""
    declared = {p.name: p for p in query.params}
    for name in given:
        if name not in declared:
            raise ParameterError(_unknown(query, name))
    checked = Checked(values={})
    known: list[FunctionIndex] = []

    def index() -> FunctionIndex:  # the store is asked once, and only when a function is asked for
        if not known:
            known.append(functions() if functions is not None else FunctionIndex())
        return known[0]

    for p in query.params:
        if p.name in given:
            checked.values[p.name] = _check(query, p, given[p.name], index)
        elif p.default is not None:
            checked.values[p.name] = p.default
            if p.type in ("function", "code", "text") and not p.allowed:  # what the answer is about
                checked.notes.append(f"{p.name} not given: answering for its default {p.default}")
        if p.type == "function" and p.name in checked.values:
            value = checked.values[p.name]
            code = index().code_of(value) or value
            checked.iris[f"{p.name}_class"] = ox.NamedNode(f"{FUNCTION_SCHEME}/{code}")
            checked.codes[f"{p.name}_code"] = code
        if p.type == "code":
            checked.codes[f"{p.name}_prefix"] = checked.values.get(p.name, "")
    return checked


def _unknown(query: SavedQuery, name: str) -> str:
    names = [p.name for p in query.params]
    close = get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}?" if close else f"it takes: {', '.join(names) or 'none'}"
    return f"query {query.name!r} has no parameter {name!r}: {hint}"


def _check(query: SavedQuery, p: Param, value: str, functions: Callable[[], FunctionIndex]) -> str:
    """The value if the parameter accepts it; else a ParameterError saying what it takes."""
    where = f"{query.name}: {p.name}"
    if p.allowed:  # case does not matter; the query gets the declared spelling
        canonical = {a.casefold(): a for a in p.allowed}
        if value.casefold() not in canonical:
            close = get_close_matches(value, p.allowed, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ParameterError(f"{where} must be one of {p.accepts()}, not {value!r}{hint}")
        return canonical[value.casefold()]
    if p.type in ("decimal", "integer"):
        _number(where, p, value)
    elif p.type == "code" and not _CODE.match(value):
        raise ParameterError(f"{where} must be {p.accepts()}, not {value!r}")
    elif p.type == "function":
        _function(where, value, functions())
    return value


def _number(where: str, p: Param, value: str) -> None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or (p.type == "integer" and number != number.to_integral()):
        raise ParameterError(f"{where} must be {p.accepts()}, not {value!r}")
    low = Decimal(p.minimum) if p.minimum is not None else None
    high = Decimal(p.maximum) if p.maximum is not None else None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ParameterError(f"{where} must be {p.accepts()}, not {value!r}")


def _function(where: str, value: str, index: FunctionIndex) -> None:
    """A function code at any level or a name the code lists or a document use; else suggestions."""
    if not index.names or index.code_of(value) is not None:
        return
    kind = "code" if _FUNCTION_CODE.match(value) else "name"
    close = index.suggestions(value)
    hint = f"; closest: {', '.join(close)}" if close else "; see `budgetkg query function-subtree`"
    raise ParameterError(f"{where}: no function {kind} {value!r} in the code lists{hint}")
