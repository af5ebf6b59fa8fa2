"""The saved-query catalogue as text people read: a listing, one query's help, the README table."""

from __future__ import annotations

import re
import textwrap

from .catalog import SavedQuery

_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
LISTING_WIDTH = 100


def listing(queries: list[SavedQuery]) -> str:
    """One line per query: its name and title."""
    width = max(len(q.name) for q in queries) + 2
    lines = []
    for q in queries:
        summary = q.title
        if len(summary) > LISTING_WIDTH:
            summary = summary[: LISTING_WIDTH - 1] + "…"
        lines.append(f"{q.name:{width}}{summary}")
    more = "budgetkg queries NAME shows a query's columns, parameters and an example."
    return "\n".join(lines) + f"\n\n{more}\n"


def help_text(q: SavedQuery) -> str:
    """Everything a user needs to ask one saved query: meaning, columns, parameters, example."""
    out = [q.name, "", q.title, "", *textwrap.wrap(q.description, 96), ""]
    if q.params:
        out.append("Parameters (--param NAME=VALUE):")
        for p in q.params:
            default = f"default {p.default}" if p.default is not None else "optional"
            out.append(f"  {p.name}: {p.description}")
            out.append(f"      takes {p.accepts()}; {default}")
        out.append("")
    if q.columns:
        out.append("Columns:")
        width = max(len(c.name) for c in q.columns) + 2
        for c in q.columns:
            unit = f" [{c.unit}]" if c.unit else ""
            out.append(f"  {c.name:{width}}{c.description}{unit}")
        out.append("")
    for example in q.examples:
        out.append(f"Example:\n  {example}")
    return "\n".join(out).rstrip() + "\n"


def markdown_table(queries: list[SavedQuery]) -> str:
    """The README's table of saved queries, generated from their headers (a test keeps them equal)."""
    rows = ["| query | what it answers | parameters | columns |", "|---|---|---|---|"]
    for q in queries:
        params = ", ".join(f"`{p.name}`" for p in q.params) or "—"
        columns = ", ".join(c.name for c in q.columns)
        rows.append(f"| `{q.name}` | {q.title} | {params} | {columns} |")
    return "\n".join(rows) + "\n"


def syntax_error(error: SyntaxError, text: str) -> str:
    """A SPARQL parser's error as one line with its position in the user's own text.

    pyoxigraph lists every character class it expected (a dump of Unicode
    ranges); only the useful part is kept, with the offending line.
    """
    message = str(error)
    m = _POSITION.match(message)
    if not m:
        return message.splitlines()[0][:200]
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    if "Prefix not found" in detail:
        reason = "unknown prefix (declare it with PREFIX, or see `budgetkg schema` for the predeclared ones)"
    else:
        reason = detail.split(", [")[0].split("\n")[0][:120]
    source = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
    return f"SPARQL syntax error at line {line}, column {column}: {reason}" + (
        f" — in: {source[:80]}" if source else ""
    )
