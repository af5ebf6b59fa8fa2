"""``# lateral`` lines of a saved query: LATERAL on the stores that read it, a comment elsewhere
(query/lateral.py), with the same answer either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import budgetkg
from budgetkg.query import saved_queries
from budgetkg.query.bind import bind_parameters
from budgetkg.query.lateral import has_lateral, with_lateral
from budgetkg.query.params import check_parameters
from budgetkg.rdf.namespaces import PREFIXES

from .conftest import EXPECTED


def test_only_indented_marker_lines_become_the_keyword() -> None:
    text = "# lateral\nSELECT * WHERE {\n  { ?s ?p ?o }\n\t# lateral \n  { ?o ?q ?r }\n  # lateral join\n}"
    assert has_lateral(text) and not has_lateral("# lateral\nSELECT * WHERE { ?s ?p ?o }")
    assert with_lateral(text) == (
        "# lateral\nSELECT * WHERE {\n  { ?s ?p ?o }\n\tLATERAL\n  { ?o ?q ?r }\n  # lateral join\n}"
    )


def test_the_embedded_store_is_sent_lateral(samples_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    with budgetkg.open(samples_store, mode="read", query_threads=1) as kg:
        real = kg.store.select_pieces

        def capture(pieces: list[str], **options: Any) -> Any:
            sent.extend(pieces)
            return real(pieces, **options)

        monkeypatch.setattr(kg.store, "select_pieces", capture)
        assert kg.select("indicator-benchmarks").rows
    (text,) = sent
    assert [line.strip() for line in text.splitlines()].count("LATERAL") == 3 and "# lateral\n" not in text


@pytest.mark.parametrize("name", sorted(q.name for q in saved_queries() if has_lateral(q.text)))
def test_lateral_or_not_the_answer_is_the_same(samples_store: Path, name: str) -> None:
    """The saved text as other stores run it (joins) and as Oxigraph runs it (LATERAL): the same rows,
    the expected ones."""
    query = next(q for q in saved_queries() if q.name == name)
    assert query.text.count("# lateral") >= 1
    text = bind_parameters(query.text, check_parameters(query, {}).bindings())  # as the API binds them
    with budgetkg.open(samples_store, mode="read", query_threads=1) as kg:
        joined = [list(r) for r in kg.store.select(text, prefixes=PREFIXES)]
        lateral = [list(r) for r in kg.store.select(with_lateral(text), prefixes=PREFIXES)]
        expected = (EXPECTED / f"{name}.csv").read_text(encoding="utf-8")
        assert kg.select(name).to_csv() == expected
    assert joined == lateral and len(joined) == expected.count("\n") - 1
    # names come as plain strings, as printed, not with the graph's language tags
    assert not [t for row in joined for t in row if getattr(t, "language", None)]
