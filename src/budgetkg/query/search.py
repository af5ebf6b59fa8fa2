"""A saved query narrowed by the store's text index: the projects that can match, bound in its text.

A saved query declares in its header which parameter is a keyword and which
variable names the resources whose texts are searched::

    # text-index: keyword ?p

On an embedded store the index (:mod:`budgetkg.store.textindex`) gives
the subjects whose name, goal or indicator texts contain the keyword; they
are bound to ``?p`` as the first thing in the query's first ``GRAPH ?g``
block, as a sub-select of a ``VALUES`` block (a bare ``VALUES`` of thousands
of rows is joined after a scan of every project: 20 s at 1,000
departments, the sub-select 4 s). The query keeps its own ``CONTAINS``
filters, so the answer is what SPARQL says about those candidates: the same
as without the index, which SPARQL clients and remote stores go on running
as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^#\s*text-index:\s*(\w+)\s+\?(\w+)\b", re.MULTILINE)
_GRAPH = re.compile(r"GRAPH\s+\?\w+\s*\{\n?")


@dataclass(frozen=True)
class TextSearch:
    """The parameter holding the keyword and the variable the index binds."""

    param: str
    variable: str

    def narrowed(self, text: str, candidates: list[str] | None) -> str:
        """``text`` with ``?variable`` bound to ``candidates`` (N-Triples IRIs); as it is for None."""
        if candidates is None:
            return text
        m = _GRAPH.search(text)
        if m is None:
            return text
        values = " ".join(candidates)
        block = f"{{ SELECT ?{self.variable} WHERE {{ VALUES ?{self.variable} {{ {values} }} }} }}\n"
        return text[: m.end()] + block + text[m.end():]


def text_search(query_text: str) -> TextSearch | None:
    """The query's ``# text-index:`` declaration, if its header has one."""
    header = []
    for line in query_text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    m = _HEADER.search("\n".join(header))
    return TextSearch(m.group(1), m.group(2)) if m else None


__all__ = ["TextSearch", "text_search"]
