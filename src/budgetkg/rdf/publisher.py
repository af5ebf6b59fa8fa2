"""The publishing department's name on the document itself, so the departments list in one scan.

A question about one department names it in part (``department=海东``), and
the answer starts from the documents whose department's name contains that
(``query/departments.py``). Finding them means listing every document with
its department's name. Read as the queries read it, ``?doc dcterms:publisher
?dept . ?dept rdfs:label ?name``, that is two look-ups per document scattered
over the whole store (0.2 s CPU at 1,000 departments, and more per document
as the store outgrows its caches). So each document also carries its
department's name directly, ``?doc bkg:publisherName "…"@zh``: every
document's name is then one contiguous range of one index (0.01 s at 1,000).

It is the department's ``rdfs:label`` repeated, the same literal made from the
same record, so it cannot disagree with it; the saved queries still read the
label (a SPARQL client needs nothing new), only the API's listing reads this.
"""

from __future__ import annotations

from ..extract.records import BudgetRecords
from .graph import GraphBuilder
from .namespaces import BKG
from .terms import literal as _lit

PUBLISHER_NAME = BKG + "publisherName"


def add_publisher_name(b: GraphBuilder, records: BudgetRecords) -> None:
    """``document bkg:publisherName`` the publishing department's label (the literal ``b.label`` gives it)."""
    b.add(b.minter.document, PUBLISHER_NAME, _lit(records.department.name, lang="zh"))
