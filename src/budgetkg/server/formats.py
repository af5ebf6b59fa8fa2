"""Result formats: content negotiation and the SPARQL results serializations.

SELECT/ASK results are written here (JSON, XML, CSV, TSV as the W3C specs say)
rather than by pyoxigraph, because the row limit needs the rows counted before
anything is sent. Graphs (CONSTRUCT/DESCRIBE, resource descriptions) are
serialized by pyoxigraph.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# name -> media type, for SELECT/ASK results
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# name -> (media type, pyoxigraph format), for graphs
GRAPH_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
# the suffix of a resource's document -> graph format name
SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml"}
# what the ``format`` parameter and Accept may also say
ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "ttl": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "json-ld": "jsonld",
    "application/rdf+xml": "rdfxml",
    "rdf": "rdfxml",
    "text/html": "html",
    "application/xhtml+xml": "html",
}


def accepted(accept: str | None) -> list[str]:
    """The media types of an Accept header, best first (q=0 dropped; ties keep their order)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [t for _, _, t in sorted(ranked)]


# how graph queries read names that mean another thing for SELECT (SPARQLWrapper sends format=xml
# for RDF/XML, format=json for JSON-LD, format=n3 for Turtle)
GRAPH_ALIASES = {
    "xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "rdf+xml": "rdfxml",
    "json": "jsonld",
    "application/json": "jsonld",
    "application/x-json+ld": "jsonld",
    "n3": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "application/turtle": "turtle",
}


def choose(accept: str | None, fmts: list[str], offered: list[str], default: str) -> str | None:
    """The format name to answer in: a ``format`` parameter first, then Accept, else ``default``.

    Unknown ``format`` values are ignored (clients send several spellings);
    None when every format asked for is known but not offered (answer 406).
    """
    graph = "turtle" in offered

    def name(token: str) -> str | None:
        t = token.strip().lower()
        if graph and t in GRAPH_ALIASES:
            return GRAPH_ALIASES[t]
        return ALIASES.get(t, t)

    for f in fmts:
        n = name(f)
        if n in offered:
            return n
    types = accepted(accept)
    if not types:
        return default
    for t in types:
        n = name(t)
        if n in offered:
            return n
        if t in ("*/*", "application/*", "text/*"):
            return default
    return None


def _ident(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return term.value


def select_json(variables: list[str], rows: list[list[object | None]]) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in rows:
        b: dict[str, dict[str, str]] = {}
        for var, term in zip(variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                b[var] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                b[var] = {"type": "bnode", "value": term.value}
            elif isinstance(term, ox.Literal):
                lit = {"type": "literal", "value": term.value}
                if term.language:
                    lit["xml:lang"] = term.language
                elif term.datatype.value != XSD_STRING:
                    lit["datatype"] = term.datatype.value
                b[var] = lit
            else:  # a triple term
                b[var] = {"type": "literal", "value": str(term)}
        bindings.append(b)
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode()


def select_xml(variables: list[str], rows: list[list[object | None]]) -> bytes:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for var, term in zip(variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                value = f"<uri>{escape(term.value)}</uri>"
            elif isinstance(term, ox.BlankNode):
                value = f"<bnode>{escape(term.value)}</bnode>"
            elif isinstance(term, ox.Literal):
                attr = ""
                if term.language:
                    attr = f" xml:lang={quoteattr(term.language)}"
                elif term.datatype.value != XSD_STRING:
                    attr = f" datatype={quoteattr(term.datatype.value)}"
                value = f"<literal{attr}>{escape(term.value)}</literal>"
            else:
                value = f"<literal>{escape(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(var)}>{value}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode()


def select_csv(variables: list[str], rows: list[list[object | None]]) -> bytes:
    """SPARQL 1.1 CSV: plain values (blank nodes as _:id), CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    for row in rows:
        w.writerow(
            [
                ""
                if t is None
                else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else str(getattr(t, "value", t)))
                for t in row
            ]
        )
    return buf.getvalue().encode()


def select_tsv(variables: list[str], rows: list[list[object | None]]) -> bytes:
    """SPARQL 1.1 TSV: ``?var`` headers and terms in Turtle/N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


SELECT_WRITERS = {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}


def ask(fmt: str, value: bool) -> bytes:
    """An ASK answer in a results format."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"<head/>\n<boolean>{text}</boolean>\n</sparql>\n"
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n".encode()
    return f"?_askResult\n{text}\n".encode()


def graph(fmt: str, triples: list[ox.Triple] | list[ox.Quad]) -> bytes:
    """Triples in a graph format (Turtle and RDF/XML with the project's prefixes)."""
    _, rdf_format = GRAPH_TYPES[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    if fmt == "rdfxml":  # RDF/XML cannot abbreviate with prefixes whose local names start with a digit
        prefixes = {k: v for k, v in PREFIXES.items() if k not in ("fn", "code", "measure")}
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def ident(term: object) -> str:
    """A term's value (IRI, lexical form or blank node id)."""
    return str(getattr(term, "value", term))
