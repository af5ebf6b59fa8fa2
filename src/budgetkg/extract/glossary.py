"""The glossary (名词解释): numbered terms with their definitions.

Entries read ``一、财政拨款收入：指……`` (or ``（一）``, ``1、``, ``9、``); a
page break may cut one into two paragraphs, the second without a number
(even before the colon: ``（六）……管理事`` / ``务（款）……：反映……``), so an
unnumbered paragraph continues the entry before it. A heading inside the
glossary (``一、收入类``) names the group of the terms under it. The glossary
ends at the first numbered paragraph that is not a term (``十一、其他需要
说明的事项``), at a table, or at the end of the document.
"""

from __future__ import annotations

import re

from ..read.model import Block, Document, Heading, Paragraph, Provenance
from .facts import GlossaryTerm
from .text import clean_name, compact

_NUMBER = re.compile(
    r"^([一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]+[)）]|\d+[、.．])\s*"
)
_TERM = re.compile(r"^(?P<term>[^：:]{1,60})[：:](?P<definition>.+)$")
_MARKER = "名词解释"


def extract_glossary(doc: Document) -> list[GlossaryTerm]:
    """Every term defined in the document's 名词解释 section(s)."""
    blocks = doc.blocks
    terms: list[GlossaryTerm] = []
    for i, block in enumerate(blocks):
        if isinstance(block, (Heading, Paragraph)) and _is_marker(block.text):
            terms.extend(_terms(blocks[i + 1 :]))
    return _unique(terms)


def _is_marker(text: str) -> bool:
    """A heading line naming the glossary (``第四部分 名词解释``, ``十、名词解释``)."""
    t = compact(text)
    return t.endswith(_MARKER) and len(t) <= len(_MARKER) + 8


def _entries(blocks: list[Block]) -> list[tuple[str, str | None, Provenance]]:
    """Numbered paragraphs with their unnumbered continuations, and the heading above them."""
    entries: list[tuple[str, str | None, Provenance]] = []
    category: str | None = None
    after_heading = False
    for block in blocks:
        if isinstance(block, Heading):
            if _MARKER in block.text or compact(block.text).startswith("第"):
                break
            category, after_heading = _NUMBER.sub("", clean_name(block.text)) or None, True
            continue
        if not isinstance(block, Paragraph):
            break
        text = clean_name(block.text)
        if _NUMBER.match(text):
            entries.append((text, category, block.prov))
        elif not entries:
            break  # running text, not a numbered list: a table of contents entry
        elif after_heading:
            pass  # a group's own remark (无。), not the continuation of the entry before
        else:
            last, cat, prov = entries[-1]
            entries[-1] = (last + text, cat, prov)
        after_heading = False
    return entries


def _terms(blocks: list[Block]) -> list[GlossaryTerm]:
    out: list[GlossaryTerm] = []
    for text, category, prov in _entries(blocks):
        m = _TERM.match(_NUMBER.sub("", text))
        if m is None:
            break
        term = m.group("term").strip()
        definition = m.group("definition").strip()
        out.append(GlossaryTerm(term=term, definition=definition, category=category, prov=prov))
    return out


def _unique(terms: list[GlossaryTerm]) -> list[GlossaryTerm]:
    seen: set[str] = set()
    out = []
    for t in terms:
        if t.term not in seen:
            seen.add(t.term)
            out.append(t)
    return out
