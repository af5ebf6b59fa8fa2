"""HTML building blocks: one page layout, escaped text, links, tables, 万元 figures.

Pages are plain HTML with a small stylesheet and script served by this
package (static/); nothing is fetched from elsewhere, so they work offline.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from html import escape


def esc(text: object) -> str:
    return escape("" if text is None else str(text))


def link(href: str, text: object) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def wan(value: object) -> str:
    """An amount in 万元 with thousands separators and two decimals (12,345.60)."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return esc(value)
    return f"{d:,.2f}"


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int] | None = None) -> str:
    """A sortable table; cells are HTML already; ``numeric`` columns are right-aligned and sort as numbers."""
    numeric = numeric or set()
    head = "".join(f"<th{' class=num' if i in numeric else ''}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def page(title: str, body: str, *, alternates: dict[str, str] | None = None) -> str:
    """A whole page: header with the site's links, the body, the sort script."""
    alt = "".join(
        f'<link rel="alternate" type="{esc(t)}" href="{esc(h)}">' for t, h in (alternates or {}).items()
    )
    downloads = ""
    if alternates:
        downloads = (
            '<p class="formats">'
            + " · ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in alternates.items())
            + "</p>"
        )
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
        f'<link rel="stylesheet" href="/static/site.css">{alt}</head><body>'
        '<nav><a href="/">budgetkg</a> <a href="/query">SPARQL 查询</a> <a href="/queries">保存的查询</a> '
        '<a href="/sparql">Service Description</a></nav>'
        f"<main><h1>{esc(title)}</h1>{body}{downloads}</main>"
        '<script src="/static/sortable.js"></script></body></html>'
    )
