"""A dropped table's own account on hand-made violations: its rules, rows and reason, the finding
that names it in both languages, what it would have stored; the refusals' exact wording; and the
rounds of dropping tables (validate/quarantine.py)."""

from __future__ import annotations

import pyoxigraph as ox

from budgetkg.rdf.namespaces import BKG, DCTERMS, RDF
from budgetkg.validate import VIOLATION, DocumentValidation, ValidationFinding
from budgetkg.validate.quarantine import DROPPED_RULE, MAX_ROUNDS, DroppedTable, _describe, settle

from .test_quarantine import ID, StandIn, graph, t, table

N = ox.NamedNode


def violation(
    rule: str, row: int | None = None, page: int | None = None, line: int | None = None
) -> ValidationFinding:
    return ValidationFinding(VIOLATION, rule, ID, "坏", "bad", row=row, page=page, line=line, table=2)


def test_rules_rows_and_reason() -> None:
    d = DroppedTable(
        "t2",
        2,
        "采购表",
        violations=[violation("b", 7), violation("a", 3), violation("b", 3), violation("a")],
    )
    assert d.rows == [3, 7] and d.rules == ["a", "b"]
    assert d.reason() == "a ×2, b ×2, rows 3–7"
    assert d.name() == "table 2 采购表"
    assert DroppedTable("t2", 2, violations=[violation("a", 5)]).reason() == "a ×1, row 5"
    assert DroppedTable("t2", 2, violations=[violation("a")]).reason() == "a ×1"
    assert DroppedTable("t2", 2).name() == "table 2"


def test_the_finding_that_names_a_dropped_table() -> None:
    d = DroppedTable(
        "https://e.org/t2",
        2,
        "采购表",
        "procurement",
        page=12,
        violations=[violation("b", 9, line=90), violation("a", 4, page=5, line=40)],
        would_store={"observations": 3, "lines": 1, "other": 2},
    )
    f = d.finding(ID, "a.txt", "甲局")
    assert (f.severity, f.rule, f.document, f.source, f.department) == (
        VIOLATION,
        DROPPED_RULE,
        ID,
        "a.txt",
        "甲局",
    )
    assert (f.focus, f.table, f.table_iri, f.table_title, f.table_kind) == (
        "https://e.org/t2",
        2,
        "https://e.org/t2",
        "采购表",
        "procurement",
    )
    assert (f.row, f.page, f.line) == (4, 5, 40)  # the first violation by row; its own page
    assert f.message_zh == (
        "表 2（采购表）未入库：提取结果违反结构规则 a、b（2 处，第 4–9 行）；"
        "本应存入 3 个观测值、1 行、2 other；文件其余部分已入库"
    )
    assert f.message_en == (
        "table 2 采购表 was not stored (quarantined): its extraction breaks a, b (2 result(s), rows 4–9); "
        "it would have stored 3 observations, 1 line, 2 other; the rest of the document is stored"
    )
    assert d.to_dict() == {
        "number": 2,
        "title": "采购表",
        "kind": "procurement",
        "page": 12,
        "reason": "a ×1, b ×1, rows 4–9",
        "rows": [4, 9],
        "would_store": {"observations": 3, "lines": 1, "other": 2},
    }


def test_a_table_with_nothing_to_store_and_no_row() -> None:
    d = DroppedTable("https://e.org/t3", 3, page=12, violations=[violation("a", line=None)])
    f = d.finding(ID, None, None)
    assert (f.row, f.page, f.line) == (None, 12, None)  # the table's page when the violation has none
    assert f.message_zh == "表 3（）未入库：提取结果违反结构规则 a（1 处）；本应存入 无；文件其余部分已入库"
    assert f.message_en == (
        "table 3 was not stored (quarantined): its extraction breaks a (1 result(s)); "
        "it would have stored nothing; the rest of the document is stored"
    )
    one = DroppedTable("t", 1, violations=[violation("a", 2)], would_store={"projects": 1}).finding(
        ID, None, None
    )
    assert "第 2 行）" in one.message_zh and "1 project;" in one.message_en and "1 个项目；" in one.message_zh
    none = DroppedTable("t", 1).finding(ID, None, None)
    assert (none.row, none.page, none.line) == (None, None, None)


def test_a_table_described_by_its_own_triples() -> None:
    node = N("https://e.org/t9")
    integer = N("http://www.w3.org/2001/XMLSchema#integer")
    triples = [
        ox.Triple(node, N(BKG + "tableNumber"), ox.Literal("9", datatype=integer)),
        ox.Triple(node, N(DCTERMS + "title"), ox.Literal("表九")),
        ox.Triple(node, N(BKG + "tableKind"), ox.Literal("procurement")),
        ox.Triple(node, N(BKG + "page"), ox.Literal("x")),  # no page number
        ox.Triple(N("https://e.org/t8"), N(BKG + "tableNumber"), ox.Literal("8", datatype=integer)),
    ]
    assert _describe(triples, node.value) == DroppedTable(node.value, 9, "表九", "procurement", None)
    assert _describe(
        [ox.Triple(node, N(DCTERMS + "title"), N("https://e.org/iri"))], node.value
    ) == DroppedTable(node.value)


def test_the_refusals_say_why() -> None:
    settled = settle(StandIn(), [*graph(bad=(2,)), t(N(ID), BKG + "broken", "yes")])
    assert settled.refused == "[stand-in] row 1: bad (not in one table)"
    settled = settle(StandIn(), graph(bad=(1,)))
    assert settled.refused == (
        "the expenditure summary (table 1) breaks a structural rule: stand-in ×1, row 1"
    )
    settled = settle(StandIn(), [*graph(), t(table(2), BKG + "broken", "yes")])
    assert settled.refused == "[stand-in] row 1: bad (the table itself is malformed)"


class Stubborn:
    """Always the same Violation in table 2 (as if dropping it never helped)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, triples: list[ox.Triple]) -> DocumentValidation:
        self.calls += 1
        f = ValidationFinding(VIOLATION, "x", ID, "坏", "bad", focus=ID + "/thing", table_iri=table(2).value)
        return DocumentValidation(ID, ID, findings=[f])


def test_dropping_stops_after_max_rounds() -> None:
    validate = Stubborn()
    settled = settle(validate, graph())
    assert MAX_ROUNDS == 3 and validate.calls == 1 + MAX_ROUNDS
    assert settled.refused == "the rest of the document still breaks a structural rule after dropping tables"
    assert settled.triples == [] and settled.status == "failed"


def test_a_document_without_its_node_gets_no_status_triples() -> None:
    no_doc = [x for x in graph() if x.subject != N(ID) or x.predicate != N(RDF + "type")]
    assert settle(StandIn(), no_doc).triples == no_doc


class Misplaced:
    """One Violation located at a resource that is not a disclosure table (the project)."""

    def __call__(self, triples: list[ox.Triple]) -> DocumentValidation:
        project = ID + "/project/1"
        f = ValidationFinding(VIOLATION, "x", ID, "坏", "bad", focus=ID + "/thing", table_iri=project)
        return DocumentValidation(ID, ID, findings=[f])


def test_a_violation_located_at_a_resource_that_is_no_table_refuses_the_document() -> None:
    settled = settle(Misplaced(), graph())
    assert settled.refused == f"[x] {ID}/thing: bad (not in one table)"
    assert settled.triples == [] and settled.dropped == []
    assert [f.rule for f in settled.validation.violations] == ["x"]  # what was found, for the report
