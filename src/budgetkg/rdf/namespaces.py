"""Namespaces of the budgetkg vocabulary, its code lists and the W3C vocabularies used."""

from __future__ import annotations

BKG = "https://w3id.org/budgetkg/ontology#"
CODE = "https://w3id.org/budgetkg/code/"
DEFAULT_BASE = "https://w3id.org/budgetkg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
QB = "http://purl.org/linked-data/cube#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES = {
    "bkg": BKG,
    "code": CODE,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "qb": QB,
    "org": ORG,
    "prov": PROV,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "measure": CODE + "measure/",
    "fn": CODE + "function/",
}


def sparql_prefixes() -> str:
    """PREFIX declarations for every namespace above, for saved queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
