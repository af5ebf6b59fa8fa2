"""The release's descriptions: VoID (the dataset and one subset per graph) and DCAT (its distributions).

Both are built as sorted triples and serialized by pyoxigraph, so they are
byte-identical for the same store. The dataset IRI is ``BASE + "dataset"``;
files are described at ``BASE + "dumps/" + path`` (publish the release folder
there), and the SPARQL endpoint at ``BASE + "sparql"`` (where ``budgetkg serve``
answers behind a reverse proxy for the base IRI).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf.namespaces import DCAT, DCTERMS, PREFIXES, RDF, XSD
from .files import ReleaseFile

VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
OUT_PREFIXES = {**PREFIXES, "void": VOID, "spdx": SPDX, "foaf": FOAF}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def _integer(n: int) -> ox.Literal:
    return _lit(n, XSD + "integer")


def turtle(triples: Iterable[ox.Triple]) -> bytes:
    """Sorted triples as Turtle with the project's prefixes."""
    return (
        ox.serialize(sorted(set(triples), key=str), format=ox.RdfFormat.TURTLE, prefixes=OUT_PREFIXES) or b""
    )


def dataset_iri(base: str) -> str:
    return base + "dataset"


def void(
    base: str,
    graphs: list[tuple[str, int, str, str]],
    vocabularies: list[str],
    examples: list[str],
    dumps: list[str],
    triples: int,
) -> list[ox.Triple]:
    """VoID: the dataset, its dumps, endpoint, vocabularies, example resources, and one subset per graph.

    ``graphs`` holds (graph IRI, triples, its Turtle file's path, its slug).
    """
    ds = _n(dataset_iri(base))
    t = _n(RDF + "type")
    out = [
        ox.Triple(ds, t, _n(VOID + "Dataset")),
        ox.Triple(ds, _n(DCTERMS + "title"), _lit("budgetkg 部门预算知识图谱", lang="zh")),
        ox.Triple(ds, _n(DCTERMS + "title"), _lit("budgetkg: Chinese department budgets", lang="en")),
        ox.Triple(ds, _n(VOID + "triples"), _integer(triples)),
        ox.Triple(ds, _n(VOID + "uriSpace"), _lit(base)),
        ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(base + "sparql")),
        ox.Triple(ds, _n(VOID + "rootResource"), _n(base)),
    ]
    out += [ox.Triple(ds, _n(VOID + "dataDump"), _n(base + "dumps/" + d)) for d in dumps]
    out += [ox.Triple(ds, _n(VOID + "vocabulary"), _n(v)) for v in vocabularies]
    out += [ox.Triple(ds, _n(VOID + "exampleResource"), _n(e)) for e in examples]
    for graph, size, path, slug in graphs:
        sub = _n(f"{dataset_iri(base)}/graph/{slug}")
        out += [
            ox.Triple(ds, _n(VOID + "subset"), sub),
            ox.Triple(sub, t, _n(VOID + "Dataset")),
            ox.Triple(sub, _n(VOID + "triples"), _integer(size)),
            ox.Triple(sub, _n("http://www.w3.org/ns/sparql-service-description#name"), _n(graph)),
            ox.Triple(sub, _n(VOID + "dataDump"), _n(base + "dumps/" + path)),
        ]
    return out


def dcat(base: str, files: list[ReleaseFile], license_iri: str) -> list[ox.Triple]:
    """DCAT: the dataset and one distribution per file, with media type, byte size, checksum, license."""
    ds = _n(dataset_iri(base))
    t = _n(RDF + "type")
    out = [
        ox.Triple(ds, t, _n(DCAT + "Dataset")),
        ox.Triple(ds, _n(DCTERMS + "title"), _lit("budgetkg 部门预算知识图谱", lang="zh")),
        ox.Triple(ds, _n(DCTERMS + "title"), _lit("budgetkg: Chinese department budgets", lang="en")),
        ox.Triple(ds, _n(DCTERMS + "license"), _n(license_iri)),
        ox.Triple(ds, _n(DCAT + "landingPage"), _n(base)),
    ]
    service = _n(base + "sparql")
    out += [
        ox.Triple(service, t, _n(DCAT + "DataService")),
        ox.Triple(service, _n(DCAT + "endpointURL"), service),
        ox.Triple(service, _n(DCAT + "servesDataset"), ds),
    ]
    for f in files:
        dist = _n(f"{dataset_iri(base)}/distribution/{f.path}")
        checksum = _n(f"{dataset_iri(base)}/distribution/{f.path}#sha256")
        out += [
            ox.Triple(ds, _n(DCAT + "distribution"), dist),
            ox.Triple(dist, t, _n(DCAT + "Distribution")),
            ox.Triple(dist, _n(DCTERMS + "title"), _lit(f.title, lang="en")),
            ox.Triple(dist, _n(DCAT + "downloadURL"), _n(base + "dumps/" + f.path)),
            ox.Triple(dist, _n(DCAT + "mediaType"), _n(IANA + f.media_type)),
            ox.Triple(dist, _n(DCAT + "byteSize"), _lit(f.size, XSD + "nonNegativeInteger")),
            ox.Triple(dist, _n(DCTERMS + "license"), _n(license_iri)),
            ox.Triple(dist, _n(SPDX + "checksum"), checksum),
            ox.Triple(checksum, t, _n(SPDX + "Checksum")),
            ox.Triple(checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, _n(SPDX + "checksumValue"), _lit(f.sha256, XSD + "hexBinary")),
        ]
        if f.path.endswith(".gz"):
            out.append(ox.Triple(dist, _n(DCAT + "compressFormat"), _n(IANA + "application/gzip")))
    return out
