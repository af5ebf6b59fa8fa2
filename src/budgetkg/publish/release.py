"""Build the release folder from a store.

Layout of ``OUT/``::

    dataset.nq.gz            every quad (N-Quads, sorted, gzip with mtime 0)
    dataset.trig.gz          the same as TriG
    graphs/<slug>.ttl        one Turtle file per named graph: a document's id, or code, ontology, structure
    ontology/budgetkg.ttl    the ontology, and ontology/codelists/*.ttl the code lists (as shipped)
    context.jsonld           a JSON-LD context with the project's prefixes
    void.ttl, dcat.ttl       the descriptions (describe.py)
    SHA256SUMS               checksums of every other file (sha256sum -c SHA256SUMS)

Everything is sorted and gzip gets a fixed time stamp, so publishing the same
store twice gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import BKG, PREFIXES
from ..resources import data_dir
from ..store import open_store
from . import describe
from .files import ReleaseFile, gzipped, sha256sums, write


class PublishError(Exception):
    """The release cannot be made (one-line message)."""


@dataclass
class Release:
    """What was written: the folder, its files, and the counts described."""

    out: Path
    files: list[ReleaseFile] = field(default_factory=list)
    quads: int = 0
    graphs: dict[str, int] = field(default_factory=dict)


def _vocabularies(quads: list[ox.Quad]) -> list[str]:
    """The namespaces of the predicates and classes used (split at the last # or /)."""
    used = {q.predicate.value for q in quads}
    used |= {
        q.object.value
        for q in quads
        if q.predicate.value.endswith("#type") and isinstance(q.object, ox.NamedNode)
    }
    spaces = set()
    for iri in used:
        cut = max(iri.rfind("#"), iri.rfind("/"))
        spaces.add(iri[: cut + 1])
    return sorted(spaces)


def graph_slugs(base: str, graphs: list[str]) -> dict[str, str]:
    """A short file-name slug per graph: a document graph's id, else the segment naming the graph.

    ``…/id/graph/3fbbc573a02217cc`` -> ``3fbbc573a02217cc``; ``…/budgetkg/code/graph`` -> ``code``;
    a clash gets the first 8 hex digits of the IRI's SHA-256 appended.
    """
    out: dict[str, str] = {}
    for g in sorted(graphs):
        parts = [p for p in g.split("://", 1)[-1].split("/") if p]
        if not g.startswith(base) and len(parts) > 1 and parts[-1] == "graph":
            parts = parts[:-1]
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", parts[-1] if parts else "graph").strip("-") or "graph"
        if slug in out.values():
            slug += "-" + hashlib.sha256(g.encode()).hexdigest()[:8]
        out[g] = slug
    return out


def publish(store: Path, out: Path, base_iri: str, license_iri: str = describe.CC_BY) -> Release:
    """Write the release of ``store`` into ``out`` (its previous release files are replaced)."""
    kg = open_store(store, mode="read")
    try:
        quads = sorted(
            kg.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
    finally:
        kg.close()
    if not quads:
        raise PublishError(f"store {store} holds no data to publish (ingest documents first)")
    graphs_of: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        graphs_of[str(getattr(q.graph_name, "value", ""))].append(q)
    if not any(g.startswith(base_iri) for g in graphs_of):
        raise PublishError(
            f"no graph of the store is under the base IRI {base_iri} "
            "(publish with the --base-iri the documents were ingested with)"
        )
    for old in (
        "dataset.nq.gz",
        "dataset.trig.gz",
        "graphs",
        "ontology",
        "context.jsonld",
        "void.ttl",
        "dcat.ttl",
    ):
        p = out / old
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    out.mkdir(parents=True, exist_ok=True)
    release = Release(out, quads=len(quads), graphs={g: len(qs) for g, qs in graphs_of.items()})
    files = release.files

    nquads = "".join(f"{q}\n" for q in sorted(str(q) + " ." for q in quads)).encode()
    files.append(
        write(out, "dataset.nq.gz", gzipped(nquads), "application/n-quads", "All graphs (N-Quads, gzip)")
    )
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    files.append(write(out, "dataset.trig.gz", gzipped(trig), "application/trig", "All graphs (TriG, gzip)"))
    graph_files: list[tuple[str, int, str, str]] = []
    slugs = graph_slugs(base_iri, [g for g in graphs_of if g])
    for graph, qs in sorted(graphs_of.items()):
        if not graph:  # the default graph: not used by budgetkg
            continue
        rel = f"graphs/{slugs[graph]}.ttl"
        triples = sorted((ox.Triple(q.subject, q.predicate, q.object) for q in qs), key=str)
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        files.append(write(out, rel, data, "text/turtle", f"Graph {graph} (Turtle)"))
        graph_files.append((graph, len(qs), rel, slugs[graph]))
    onto = data_dir("ontology")
    for src in sorted(onto.glob("*.ttl")) + sorted((onto / "codelists").glob("*.ttl")):
        rel = "ontology/" + src.relative_to(onto).as_posix()
        files.append(write(out, rel, src.read_bytes(), "text/turtle", f"Ontology file {src.name} (Turtle)"))
    context = {"@context": dict(sorted(PREFIXES.items()))}
    files.append(
        write(
            out,
            "context.jsonld",
            (json.dumps(context, indent=2, ensure_ascii=False) + "\n").encode(),
            "application/ld+json",
            "JSON-LD context",
        )
    )
    department = ox.NamedNode(BKG + "Department")
    examples = sorted(
        {
            str(q.subject)[1:-1]
            for q in quads
            if q.object == department and q.predicate.value.endswith("#type")
        }
    )[:3]
    dumps = ["dataset.nq.gz", "dataset.trig.gz"]
    void_triples = describe.void(base_iri, graph_files, _vocabularies(quads), examples, dumps, len(quads))
    files.append(write(out, "void.ttl", describe.turtle(void_triples), "text/turtle", "VoID description"))
    dcat_data = describe.turtle(describe.dcat(base_iri, sorted(files, key=lambda f: f.path), license_iri))
    files.append(write(out, "dcat.ttl", dcat_data, "text/turtle", "DCAT description"))
    (out / "SHA256SUMS").write_bytes(sha256sums(files))
    return release
