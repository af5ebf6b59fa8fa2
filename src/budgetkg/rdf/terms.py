"""RDF literal helpers shared by every graph-building module."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from .namespaces import CODE, XSD

WAN_YUAN = f"{CODE}unit/wan-yuan"
# the datatypes, made once: a document's graph has tens of thousands of typed literals
_BOOLEAN, _INTEGER, _DECIMAL = (ox.NamedNode(XSD + t) for t in ("boolean", "integer", "decimal"))
_DATATYPES: dict[str, ox.NamedNode] = {}


def literal(
    value: str | int | bool | Decimal, datatype: str | None = None, lang: str | None = None
) -> ox.Literal:
    """A typed literal: bool, int and Decimal get their XSD type; str a language or datatype."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_BOOLEAN)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_INTEGER)
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=_DECIMAL)
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=_datatype(datatype)) if datatype else ox.Literal(value)


def _datatype(iri: str) -> ox.NamedNode:
    """The datatype's node, made once per datatype (a handful: gYear, date ...)."""
    node = _DATATYPES.get(iri)
    if node is None:
        node = _DATATYPES[iri] = ox.NamedNode(iri)
    return node


def decimal_literal(value: Decimal | float) -> ox.Literal:
    """An ``xsd:decimal`` literal (money, weights, confidences)."""
    return ox.Literal(str(value), datatype=_DECIMAL)


def year_literal(year: int | None) -> ox.Literal | None:
    """An ``xsd:gYear`` literal, None when the year is unknown."""
    return literal(str(year), XSD + "gYear") if year else None
