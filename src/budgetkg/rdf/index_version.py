"""Which version of the ingest-time index a document was stored with, and which version a query needs.

The figures made at ingest (``rdf/summary.py``, ``summary_indicators.py``,
``summary_three_public.py``: a document's totals, each line's code prefixes
and ancestors, each indicator's document, kinds and project name ...) are an
index the saved queries read instead of walking the data. A store keeps each
document as the budgetkg that ingested it built it: when a later budgetkg adds
or changes an index predicate, the documents stored before lack it, and a
query reading it quietly loses their rows.

So each document's catalogue entry records ``bkg:indexVersion``: the
:data:`INDEX_VERSION` of the budgetkg that built its graph (an entry without
one was stored before versions were recorded). :data:`INDEX_PREDICATES` says,
for each index predicate, the version from which it is made as it is made
now; a query needs the highest version among the index predicates it names
(:func:`needed`), and a document stored with a lower one may be missing from
its answer. ``budgetkg ingest FILES --force`` builds such documents again.

When an index predicate is added, or what one holds changes: raise
:data:`INDEX_VERSION` and give that predicate the new number here. The test
``tests/test_index_version.py`` fails while a predicate the summaries write is
not listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .namespaces import BKG

INDEX_VERSION = 3

_SINCE_1 = (
    # rdf/summary.py: a document's and its lines' amounts, code prefixes and ancestors
    "totalAmount", "basicAmount", "projectAmount", "personnelAmount", "publicUseAmount", "statedMeasure",
    "functionAncestor", "functionCodePrefix", "economicCodePrefix",
    # rdf/summary_three_public.py: each 三公经费 line's amounts
    "threePublicAmount", "overseasTravelAmount", "officialVehicleAmount", "vehiclePurchaseAmount",
    "vehicleOperationAmount", "officialReceptionAmount",
    # rdf/summary_indicators.py: each indicator's document, kinds, project name and vagueness; the counts
    "indicatorDocument", "indicatorKind", "indicatorKindName", "indicatorOwnerName", "vagueReason",
    "indicatorCount", "vagueIndicatorCount", "qualitativeIndicatorCount", "noUnitIndicatorCount",
    "approximateIndicatorCount", "emptyIndicatorCount",
)

_SINCE_2 = (
    # rdf/summary_indicators.py: each indicator's target in one string (operator, value, unit, as printed)
    "targetParts",
)

_SINCE_3 = (
    # rdf/summary.py: what spending-by-economic-class lists of a 基本支出表 line, in one string
    "basicLineParts",
)

INDEX_PREDICATES: dict[str, int] = {
    BKG + name: version
    for version, names in enumerate((_SINCE_1, _SINCE_2, _SINCE_3), start=1)
    for name in names
}


def needed(text: str) -> tuple[int, list[str]]:
    """The index version a query's text needs and the index predicates it names (0 and [] if none).

    A predicate counts as named when the text spells it ``bkg:name`` or as its
    full IRI in angle brackets (a user's query with another prefix for the
    ontology is not recognised: it gets no note, nothing worse). A line that is
    a comment names nothing: a saved query's comments say what it does not
    read as well as what it does. One pass over the text: this runs with every
    saved query.
    """
    matches = _naming(tuple(INDEX_PREDICATES)).finditer(_COMMENT_LINE.sub("", text))
    found = {BKG + m.group(1) if m.group(1) else m.group(2) for m in matches}
    names = [p for p in INDEX_PREDICATES if p in found]
    return max((INDEX_PREDICATES[p] for p in names), default=0), names


_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)  # a whole line of comment (an IRI may hold #)


@lru_cache(maxsize=4)
def _naming(predicates: tuple[str, ...]) -> re.Pattern[str]:
    """``bkg:NAME`` (a whole word) or ``<IRI>`` of any of ``predicates``, the local name in group 1 or the
    IRI in group 2."""
    local = "|".join(re.escape(p[len(BKG):]) for p in predicates if p.startswith(BKG))
    iris = "|".join(re.escape(p) for p in predicates)
    return re.compile(rf"\bbkg:({local})\b|<({iris})>")


def is_current(version: int | None, need: int) -> bool:
    """Whether a document stored with index ``version`` (None: not recorded) has what ``need`` asks for."""
    return version is not None and version >= need


def older(counts: Mapping[int | None, int], need: int) -> int:
    """Of documents counted by index version (None: not recorded), how many lack what ``need`` asks for."""
    return sum(n for version, n in counts.items() if not is_current(version, need))


__all__ = ["INDEX_PREDICATES", "INDEX_VERSION", "is_current", "needed", "older"]
