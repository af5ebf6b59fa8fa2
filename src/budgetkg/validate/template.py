"""Bilingual message templates of the SHACL-SPARQL rules: parse what pySHACL filled in, render zh/en.

A rule's ``sh:message`` is ``"<中文> | <English>"``, optionally followed by
``" || key={?var} ..."`` for values the messages do not show. pySHACL substitutes the
``{?var}`` placeholders with the values its SELECT bound, and that filled text
is the only place a SHACL report carries them; :func:`parse` reads them back
out by turning the template into a regular expression. ``{name}`` placeholders
(no ``?``) are left alone by pySHACL and filled by :func:`render` from the
flagged resource (its item name, code, measure, table and row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_QUERY_VAR = re.compile(r"\{\?(\w+)\}")
_ANY_VAR = re.compile(r"\{\??(\w+)\}")
LANGUAGE_SEPARATOR = " | "
MACHINE_SEPARATOR = " || "


def query_variables(template: str) -> list[str]:
    """The ``{?var}`` names a template uses, in order, without repeats."""
    return list(dict.fromkeys(_QUERY_VAR.findall(template)))


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in _QUERY_VAR.finditer(template):
        parts.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def parse(template: str, message: str) -> dict[str, str] | None:
    """The values of the ``{?var}`` placeholders in a filled-in message, or None if it does not match."""
    m = _pattern(template).match(message)
    return dict(m.groupdict()) if m else None


def render(template: str, values: Mapping[str, str]) -> str:
    """The template with every ``{?var}`` and ``{name}`` replaced (unknown names become '?')."""
    return _ANY_VAR.sub(lambda m: values.get(m.group(1), "?"), template)


def split_languages(template: str) -> tuple[str, str]:
    """(Chinese, English) halves of a ``"<中文> | <English> || <for machines>"`` template.

    The part after ``||`` only carries values for :func:`parse` (``rule={?rule}``)
    and is left out of both halves; one half serves both if the template is unsplit.
    """
    template = template.partition(MACHINE_SEPARATOR)[0]
    zh, sep, en = template.partition(LANGUAGE_SEPARATOR)
    return (zh.strip(), en.strip()) if sep else (template, template)
