"""A saved query narrowed by the store's text index: the projects and texts that can match, bound in its text.

A saved query declares in its header which parameter is a keyword, which
variable names the resources whose texts are searched and, optionally,
which variable holds the texts::

    # text-index: keyword ?p ?text

On an embedded store the index (:mod:`budgetkg.store.textindex`) gives
the subjects typed ``bkg:Project`` whose name, goal or indicator texts
contain the keyword (so the query must require ``?p a bkg:Project``). A
body line that is only ``# text-index: ?p`` (the header's variable) becomes
a sub-select of a ``VALUES`` block of them followed by ``LATERAL``, so the
group after the line is evaluated once per candidate, its patterns looked
up with ``?p`` bound: Oxigraph's planner starts from the smallest pattern
and counts ``?p a bkg:Project`` as about a thousand rows, so a candidate
list longer than that was otherwise joined by hash with every project of
the store (242,000 at 10,000 departments: 1.0 s, against 0.78 s the
lateral way). A query without that line gets the sub-select as the first
thing in its first ``GRAPH ?g`` block (a bare ``VALUES`` of thousands of
rows is joined after a scan of every project: 20 s at 1,000 departments,
the sub-select 4 s). ``LATERAL`` (SEP-0006) is Oxigraph's; the text as
saved stays SPARQL 1.1, which other stores run as it is. It also gives the matching texts
themselves (the literals as stored); each line of the body that is only
``# text-index: ?text`` becomes ``VALUES ?text { ... }`` of them, so the
pattern after it looks each text up instead of reading every text (a
comment, so the query text as saved is unchanged SPARQL). The query keeps
its own ``CONTAINS`` filters, so the answer is what SPARQL says about those
candidates: the same as without the index, which SPARQL clients and remote
stores go on running as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^#\s*text-index:\s*(\w+)\s+\?(\w+)(?:[ \t]+\?(\w+))?\b", re.MULTILINE)
_GRAPH = re.compile(r"GRAPH\s+\?\w+\s*\{\n?")


@dataclass(frozen=True)
class TextSearch:
    """The parameter holding the keyword and the variable the index binds."""

    param: str
    variable: str
    texts: str | None = None  # the variable bound to the matching texts at its marker lines

    def narrowed(self, text: str, candidates: list[str] | None, texts: list[str] | None = None) -> str:
        """``text`` with ``?variable`` bound to ``candidates`` (N-Triples IRIs) and the marker lines of
        ``?texts`` to ``texts`` (N-Triples literals); as it is for None."""
        if candidates is None:
            return text
        values = " ".join(candidates)
        block = f"{{ SELECT ?{self.variable} WHERE {{ VALUES ?{self.variable} {{ {values} }} }} }}"
        marker, graph = _marker(self.variable), _GRAPH.search(text)
        if marker.search(text):
            text = marker.sub(lambda x: x.group(1) + block + " LATERAL", text)
        elif graph is not None:
            text = text[: graph.end()] + block + "\n" + text[graph.end():]
        else:
            return text
        if self.texts and texts is not None:
            bound = f"VALUES ?{self.texts} {{ {' '.join(texts)} }}"
            text = _marker(self.texts).sub(lambda x: x.group(1) + bound, text)
        return text


def _marker(variable: str) -> re.Pattern[str]:
    """A body line that is only ``# text-index: ?variable`` (its indentation in group 1)."""
    return re.compile(rf"^([ \t]*)#[ \t]*text-index:[ \t]*\?{variable}[ \t]*$", re.MULTILINE)


def text_search(query_text: str) -> TextSearch | None:
    """The query's ``# text-index:`` declaration, if its header has one."""
    header = []
    for line in query_text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    m = _HEADER.search("\n".join(header))
    return TextSearch(m.group(1), m.group(2), m.group(3)) if m else None


__all__ = ["TextSearch", "text_search"]
