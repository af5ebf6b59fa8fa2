"""Partial documents: a table that breaks a structural rule is quarantined, the rest is stored.

A Violation means the extraction produced a malformed graph. When every
Violation can be traced to a disclosure table (the finding's table: an
observation's ``prov:wasDerivedFrom``, a line's ``bkg:inTable`` ...), those
tables are *dropped*: their lines, observations and whatever hangs only off
them are not stored, the table itself (number, title, kind, page) is kept so
that findings can name it, and the document links it with ``bkg:droppedTable``
and says ``bkg:documentStatus`` partial. The rest is validated again and stored.

What a table owns is found generically in the graph, not per table kind:

- a resource that links to disclosure tables (any property) belongs to them,
  and is dropped when all of them are dropped;
- a resource that links to no table is dropped when it links to a dropped
  resource (a function link of a dropped project, an indicator of it ...);
- the resources a Violation names are dropped with their table;
- a kept resource loses only its links to dropped ones.

A document is refused as a whole (nothing stored) when a Violation names no
table or names the document, its department or data set, when the expenditure
summary (支出总表) would be dropped, or when the rest still breaks a rule
after a few rounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..rdf.namespaces import BKG, CODE, DCTERMS, QB, RDF
from ..rdf.summary_indicators import recount
from .findings import VIOLATION, ValidationFinding
from .report import DocumentValidation

DROPPED_RULE = "table-dropped"
STATUS = CODE + "document-status/"
COMPLETE, PARTIAL = STATUS + "complete", STATUS + "partial"
REQUIRED_KINDS = frozenset({"expenditure"})  # without its 支出总表 a document has nothing to store
MAX_ROUNDS = 3  # dropping a table can leave a dangling link that breaks another rule: look again

_TYPE = ox.NamedNode(RDF + "type")
_TABLE = ox.NamedNode(BKG + "DisclosureTable")
_PROTECTED = frozenset(
    ox.NamedNode(iri)
    for iri in (BKG + "BudgetDocument", BKG + "Department", QB + "DataSet", BKG + "DisclosureTable")
)
_COUNTED = {  # what a dropped table would have stored, by class
    QB + "Observation": ("observations", "个观测值"),
    BKG + "BudgetLine": ("lines", "行"),
    BKG + "Project": ("projects", "个项目"),
    BKG + "PerformanceIndicator": ("indicators", "个绩效指标"),
}


@dataclass
class DroppedTable:
    """A quarantined table: where it is, what was wrong, what it would have stored."""

    iri: str
    number: int | None = None
    title: str | None = None
    kind: str | None = None
    page: int | None = None
    violations: list[ValidationFinding] = field(default_factory=list)
    would_store: dict[str, int] = field(default_factory=dict)  # "observations" -> 40 ...

    @property
    def rows(self) -> list[int]:
        return sorted({f.row for f in self.violations if f.row is not None})

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.violations})

    def name(self) -> str:
        return f"table {self.number}" + (f" {self.title}" if self.title else "")

    def reason(self) -> str:
        """What was wrong, in one English phrase: rules, how many results, which rows."""
        counts = Counter(f.rule for f in self.violations)
        rules = ", ".join(f"{rule} ×{n}" for rule, n in sorted(counts.items()))
        return f"{rules}{_rows_en(self.rows)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "page": self.page,
            "reason": self.reason(),
            "rows": self.rows,
            "would_store": dict(self.would_store),
        }

    def finding(self, document: str, source: str | None, department: str | None) -> ValidationFinding:
        """The Violation that names the table, the rule, the rows and what was not stored."""
        first = next((f for f in sorted(self.violations, key=ValidationFinding.sort_key)), None)
        stored_en = ", ".join(f"{n} {what[:-1] if n == 1 else what}" for what, n in self.would_store.items())
        stored_en = stored_en or "nothing"
        zh_names = dict(_COUNTED.values())
        stored_zh = "、".join(f"{n} {zh_names.get(what, what)}" for what, n in self.would_store.items())
        title = self.title or ""
        zh = (
            f"表 {self.number}（{title}）未入库：提取结果违反结构规则 {'、'.join(self.rules)}"
            f"（{len(self.violations)} 处{_rows_zh(self.rows)}）；本应存入 {stored_zh or '无'}；"
            "文件其余部分已入库"
        )
        en = (
            f"{self.name()} was not stored (quarantined): its extraction breaks {', '.join(self.rules)} "
            f"({len(self.violations)} result(s){_rows_en(self.rows)}); it would have stored {stored_en}; "
            "the rest of the document is stored"
        )
        return ValidationFinding(
            severity=VIOLATION,
            rule=DROPPED_RULE,
            document=document,
            message_zh=zh,
            message_en=en,
            source=source,
            department=department,
            focus=self.iri,
            table=self.number,
            table_iri=self.iri,
            table_title=self.title,
            table_kind=self.kind,
            row=first.row if first else None,
            page=(first.page if first and first.page is not None else self.page),
            line=first.line if first else None,
        )


def _rows_en(rows: list[int]) -> str:
    if not rows:
        return ""
    return f", row {rows[0]}" if len(rows) == 1 else f", rows {rows[0]}–{rows[-1]}"


def _rows_zh(rows: list[int]) -> str:
    if not rows:
        return ""
    return f"，第 {rows[0]} 行" if len(rows) == 1 else f"，第 {rows[0]}–{rows[-1]} 行"


@dataclass
class Settlement:
    """What to store of one document after validation: everything, a part, or nothing."""

    validation: DocumentValidation  # of what is stored (the last round)
    triples: list[ox.Triple]  # what to store, status triples included (empty when refused)
    dropped: list[DroppedTable] = field(default_factory=list)
    refused: str | None = None  # why nothing can be stored

    @property
    def status(self) -> str:
        return "failed" if self.refused else ("partial" if self.dropped else "ok")

    def quarantine_findings(self) -> list[ValidationFinding]:
        """The dropped tables' findings, each table's summary before its Violations."""
        v = self.validation
        out: list[ValidationFinding] = []
        for table in self.dropped:
            out.append(table.finding(v.document, v.source, v.department))
            out.extend(sorted(table.violations, key=ValidationFinding.sort_key))
        return out


Validate = Callable[[list[ox.Triple]], DocumentValidation]


def settle(validate: Validate, triples: list[ox.Triple]) -> Settlement:
    """Validate a document's triples and quarantine the tables that break a structural rule.

    ``validate`` checks a list of triples (the document's graph): it is called once
    for a document that conforms, and again after each round of dropping tables.
    Returns what to store.
    """
    document = _document(triples)
    validation = validate(triples)
    if validation.conforms:
        return Settlement(validation, triples + _status(document, COMPLETE, []))
    tables = _tables(triples)
    dropped: dict[str, DroppedTable] = {}
    seeds: set[ox.NamedNode] = set()
    owned: set[ox.NamedNode] = set()
    kept = triples
    for _ in range(MAX_ROUNDS):
        refused = _untraceable(validation.violations, tables, dropped)
        if refused:
            return Settlement(validation, [], refused=refused)
        for f in validation.violations:
            assert f.table_iri is not None
            table = dropped.setdefault(f.table_iri, _describe(triples, f.table_iri))
            table.violations.append(f)
            if f.focus and f.focus != f.table_iri:
                seeds.add(ox.NamedNode(f.focus))
        required = [t for t in dropped.values() if t.kind in REQUIRED_KINDS]
        if required:
            t = required[0]
            return Settlement(
                validation,
                [],
                refused=f"the expenditure summary ({t.name()}) breaks a structural rule: {t.reason()}",
            )
        owned = owned_resources(triples, {ox.NamedNode(i) for i in dropped}, seeds)
        kept = [t for t in triples if t.subject not in owned and t.object not in owned]
        kept = recount(kept) + _status(document, PARTIAL, list(dropped))  # indicator counts of what is kept
        validation = validate(kept)
        if validation.conforms:
            break
    else:
        return Settlement(
            validation,
            [],
            refused="the rest of the document still breaks a structural rule after dropping tables",
        )
    _count_would_store(triples, dropped, owned)
    ordered = sorted(dropped.values(), key=lambda t: (t.number or 0, t.iri))
    return Settlement(validation, kept, ordered)


def owned_resources(
    triples: Iterable[ox.Triple], dropped: set[ox.NamedNode], seeds: Iterable[ox.NamedNode] = ()
) -> set[ox.NamedNode]:
    """The resources that go with the ``dropped`` tables (see the module docstring); not the tables."""
    triples = list(triples)
    tables = {t.subject for t in triples if t.predicate == _TYPE and t.object == _TABLE}
    protected = {t.subject for t in triples if t.predicate == _TYPE and t.object in _PROTECTED}
    links: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for t in triples:
        if (
            isinstance(t.subject, ox.NamedNode)
            and isinstance(t.object, ox.NamedNode)
            and t.predicate != _TYPE
        ):
            links.setdefault(t.subject, set()).add(t.object)
    owned = {s for s in seeds if s not in protected}
    homeless: list[ox.NamedNode] = []
    for s, objects in links.items():
        if s in protected or s in owned:
            continue
        homes = objects & tables
        if homes and homes <= dropped:
            owned.add(s)
        elif not homes:
            homeless.append(s)
    changed = True
    while changed:  # what links to no table goes with what it links to
        changed = False
        for s in homeless:
            if s not in owned and links[s] & owned:
                owned.add(s)
                changed = True
    return owned


def _document(triples: list[ox.Triple]) -> ox.NamedNode | None:
    doc = ox.NamedNode(BKG + "BudgetDocument")
    found = (t.subject for t in triples if t.predicate == _TYPE and t.object == doc)
    return next((s for s in found if isinstance(s, ox.NamedNode)), None)


def _status(document: ox.NamedNode | None, status: str, dropped: list[str]) -> list[ox.Triple]:
    if document is None:
        return []
    out = [ox.Triple(document, ox.NamedNode(BKG + "documentStatus"), ox.NamedNode(status))]
    out += [ox.Triple(document, ox.NamedNode(BKG + "droppedTable"), ox.NamedNode(t)) for t in sorted(dropped)]
    return out


def _tables(triples: list[ox.Triple]) -> set[str]:
    return {
        t.subject.value
        for t in triples
        if t.predicate == _TYPE and t.object == _TABLE and isinstance(t.subject, ox.NamedNode)
    }


def _untraceable(
    violations: list[ValidationFinding], tables: set[str], dropped: dict[str, DroppedTable]
) -> str | None:
    """Why these Violations cannot be quarantined by table (None when they can)."""
    for f in violations:
        where = f.where() or f.focus or f.document
        if f.table_iri is None or f.table_iri not in tables:
            return f"[{f.rule}] {where}: {f.message_en} (not in one table)"
        if f.focus == f.table_iri and f.table_iri in dropped:
            return f"[{f.rule}] {where}: {f.message_en} (the table itself is malformed)"
    return None


def _describe(triples: list[ox.Triple], iri: str) -> DroppedTable:
    """A table's number, title, kind and page from its own triples."""
    node = ox.NamedNode(iri)
    values = {t.predicate.value: t.object for t in triples if t.subject == node}

    def text(prop: str) -> str | None:
        v = values.get(prop)
        return v.value if isinstance(v, ox.Literal) else None

    def number(prop: str) -> int | None:
        v = text(prop)
        return int(v) if v and v.isdigit() else None

    return DroppedTable(
        iri=iri,
        number=number(BKG + "tableNumber"),
        title=text(DCTERMS + "title"),
        kind=text(BKG + "tableKind"),
        page=number(BKG + "page"),
    )


def _count_would_store(
    triples: list[ox.Triple], dropped: dict[str, DroppedTable], owned: set[ox.NamedNode]
) -> None:
    """Per dropped table, how many lines, observations ... it would have stored."""
    classes: dict[ox.NamedNode, str] = {}
    home: dict[ox.NamedNode, str] = {}
    via: list[tuple[ox.NamedNode, ox.NamedNode]] = []  # owned -> owned links, for resources without a table
    for t in triples:
        s, o = t.subject, t.object
        if not isinstance(s, ox.NamedNode) or s not in owned or not isinstance(o, ox.NamedNode):
            continue
        if t.predicate == _TYPE:
            if o.value in _COUNTED:
                classes[s] = o.value
        elif o.value in dropped:
            home.setdefault(s, o.value)
        elif o in owned:
            via.append((s, o))
    for _ in range(len(via)):
        before = len(home)
        for s, o in via:
            if s not in home and o in home:
                home[s] = home[o]
        if len(home) == before:
            break
    counts: dict[str, Counter[str]] = {iri: Counter() for iri in dropped}
    for s, cls in classes.items():
        if s in home:
            counts[home[s]][_COUNTED[cls][0]] += 1
    order = [what for what, _ in _COUNTED.values()]
    for iri, table in dropped.items():
        table.would_store = {what: counts[iri][what] for what in order if counts[iri][what]}
