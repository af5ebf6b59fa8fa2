"""RDF literal helpers shared by every graph-building module."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from .namespaces import CODE, XSD

WAN_YUAN = f"{CODE}unit/wan-yuan"


def literal(
    value: str | int | bool | Decimal, datatype: str | None = None, lang: str | None = None
) -> ox.Literal:
    """A typed literal: bool, int and Decimal get their XSD type; str a language or datatype."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def decimal_literal(value: Decimal | float) -> ox.Literal:
    """An ``xsd:decimal`` literal (money, weights, confidences)."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))


def year_literal(year: int | None) -> ox.Literal | None:
    """An ``xsd:gYear`` literal, None when the year is unknown."""
    return literal(str(year), XSD + "gYear") if year else None
