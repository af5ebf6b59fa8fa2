"""What the endpoint runs is decided on the parsed query; formats by parameter and Accept (no server)."""

from __future__ import annotations

import pytest

from budgetkg.server.formats import accepted, choose
from budgetkg.server.guard import Refused, check_query

GRAPH = ["turtle", "ntriples", "jsonld", "rdfxml"]
RESULTS = ["json", "xml", "csv", "tsv"]


@pytest.mark.parametrize(
    ("query", "form", "dataset"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT", False),
        ("ASK {}", "ASK", False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE", False),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "SELECT", True),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
        ('SELECT ("SERVICE <http://x/>" AS ?x) WHERE {}', "SELECT", False),  # a string, not a pattern
        ("# LOAD <http://x/> and SERVICE\nASK {}", "ASK", False),  # a comment
        ("PREFIX service: <http://x/> SELECT * WHERE { ?s service:load ?o }", "SELECT", False),
    ],
)
def test_read_queries_pass(query: str, form: str, dataset: bool) -> None:
    checked = check_query(query)
    assert (checked.form, checked.dataset) == (form, dataset)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
        ("LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://g/>", 403, "read-only"),
        ("INSERT DATA { <http://a/> <http://b/> <http://c/> }", 403, "read-only"),
        ("DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
        ("CLEAR ALL", 403, "read-only"),
        ("CREATE GRAPH <http://g/>", 403, "read-only"),
        ("SELECT * WHERE { SERVICE <http://e/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?e { ?s ?p ?o } } }", 403, "SERVICE"),
        ("ASK { FILTER NOT EXISTS { SERVICE <http://e/> { ?s ?p ?o } } }", 403, "SERVICE"),
        ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e/> { ?s ?p ?o } } } }", 403, "SERVICE"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://e/> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * WHERE { ?s ?p ", 400, "syntax error"),
        ("", 400, "empty query"),
        ("   \n", 400, "empty query"),
    ],
)
def test_refused(query: str, status: int, message: str) -> None:
    with pytest.raises(Refused) as e:
        check_query(query)
    assert e.value.status == status and message in e.value.message and "\n" not in e.value.message


def test_accept_order_and_q() -> None:
    assert accepted("text/csv;q=0.5, application/json, text/turtle;q=0") == ["application/json", "text/csv"]
    assert accepted(None) == [] and accepted("") == []


@pytest.mark.parametrize(
    ("accept", "fmts", "offered", "expected"),
    [
        (None, [], RESULTS, "json"),
        ("*/*", [], RESULTS, "json"),
        ("text/tab-separated-values", [], RESULTS, "tsv"),
        ("application/sparql-results+xml", [], RESULTS, "xml"),
        ("text/html", [], RESULTS, None),  # 406
        ("text/csv", ["json"], RESULTS, "json"),  # the parameter wins
        ("text/csv", ["bogus"], RESULTS, "csv"),  # an unknown parameter value is ignored
        # SPARQLWrapper: format=xml for RDF/XML, format=json for JSON-LD, and tsv sent twice
        ("application/rdf+xml", ["xml"], GRAPH, "rdfxml"),
        ("application/ld+json", ["json"], GRAPH, "jsonld"),
        (None, ["tsv", "text/tab-separated-values"], RESULTS, "tsv"),
        ("text/turtle", [], GRAPH, "turtle"),
        ("application/n-triples", [], GRAPH, "ntriples"),
        ("application/xml", [], GRAPH, "rdfxml"),
        ("application/xml", [], RESULTS, "xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", [], ["html", *GRAPH], "html"),
    ],
)
def test_choose(accept: str | None, fmts: list[str], offered: list[str], expected: str | None) -> None:
    assert choose(accept, fmts, offered, offered[0]) == expected


def test_result_serializations_escape_and_type() -> None:
    import json
    from xml.dom.minidom import parseString

    import pyoxigraph as ox

    from budgetkg.server import formats

    xsd = "http://www.w3.org/2001/XMLSchema#"
    row = [
        ox.NamedNode("http://example.org/a?b=1&c=2"),
        ox.Literal('名, "引号"\n<b>', language="zh"),
        ox.Literal("4444.90", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("plain"),
        ox.BlankNode("b0"),
        None,
    ]
    names = ["iri", "lang", "dec", "plain", "blank", "unbound"]
    js = json.loads(formats.select_json(names, [row]))
    b = js["results"]["bindings"][0]
    assert b["lang"] == {"type": "literal", "value": '名, "引号"\n<b>', "xml:lang": "zh"}
    assert b["dec"] == {"type": "literal", "value": "4444.90", "datatype": xsd + "decimal"}
    assert b["plain"] == {"type": "literal", "value": "plain"}  # xsd:string is not repeated
    assert b["blank"] == {"type": "bnode", "value": "b0"} and "unbound" not in b
    dom = parseString(formats.select_xml(names, [row]))
    assert [v.getAttribute("name") for v in dom.getElementsByTagName("variable")] == names
    assert dom.getElementsByTagName("uri")[0].firstChild.data == "http://example.org/a?b=1&c=2"
    assert dom.getElementsByTagName("literal")[0].getAttribute("xml:lang") == "zh"
    csv_text = formats.select_csv(names, [row]).decode()
    header, rest = csv_text.split("\r\n", 1)
    assert header == "iri,lang,dec,plain,blank,unbound"
    assert rest == 'http://example.org/a?b=1&c=2,"名, ""引号""\n<b>",4444.90,plain,_:b0,\r\n'

    tsv = formats.select_tsv(names, [row]).decode().split("\n")
    assert tsv[0] == "?iri\t?lang\t?dec\t?plain\t?blank\t?unbound"
    assert tsv[1].split("\t")[1] == '"名, \\"引号\\"\\n<b>"@zh' and tsv[1].endswith("\t_:b0\t")
    assert json.loads(formats.ask("json", True)) == {"head": {}, "boolean": True}


def test_queries_checked_at_once_in_threads_are_all_accepted() -> None:
    """The endpoint checks each request in a thread of its own. rdflib's grammar (pyparsing), used from
    several threads at once before it had parsed anything, learned wrong argument counts for its parse
    actions and then refused every query with 400 ("SPARQL error: ... missing 1 required positional
    argument") until the server restarted: found by test_server's four simultaneous slow queries, which
    came back 400 instead of 503. In a fresh process, since a grammar that has parsed once is past it."""
    import subprocess
    import sys

    script = """
import threading
from budgetkg.server.guard import Refused, check_query
refused = []
def check(k):
    for i in range(60):
        try:
            check_query(f"# request {k}-{i}\\nSELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f }}")
        except Refused as e:
            refused.append(str(e))
threads = [threading.Thread(target=check, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
after = check_query("SELECT * WHERE { ?s ?p ?o }").form
print(len(refused), after, refused[:1])
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split()[:2] == ["0", "SELECT"], out
