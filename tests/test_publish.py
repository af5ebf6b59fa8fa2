"""``budgetkg publish``: a static release that parses back into the store's quads, reproducibly."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import budgetkg
from budgetkg.cli import cli
from budgetkg.publish import PublishError, publish

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SD_NAME = rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name")
BASE = "https://w3id.org/budgetkg/id/"


@pytest.fixture(scope="module")
def release(kg: budgetkg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release")
    r = CliRunner().invoke(cli, ["publish", "--out", str(out), "--store", str(kg.settings.store)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"published {kg.triple_count()} quads in {len(kg.store.graphs())} graphs")
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_dumps_parse_back_into_the_stores_quads(release: Path, kg: budgetkg.KnowledgeGraph) -> None:
    quads = kg.triple_count()
    nq = rdflib.Dataset()
    nq.parse(data=gzip.decompress((release / "dataset.nq.gz").read_bytes()).decode(), format="nquads")
    assert sum(1 for _ in nq.quads((None, None, None, None))) == quads
    trig = rdflib.Dataset()
    trig.parse(data=gzip.decompress((release / "dataset.trig.gz").read_bytes()).decode(), format="trig")
    assert sum(1 for _ in trig.quads((None, None, None, None))) == quads
    per_doc = sum(len(rdflib.Graph().parse(p, format="turtle")) for p in (release / "graphs").glob("*.ttl"))
    assert per_doc == quads
    names = sorted(p.stem for p in (release / "graphs").glob("*.ttl"))
    # five documents; the code lists, ontology and structures; the catalogue
    assert len(names) == len(kg.store.graphs()) == 9
    assert names[-3:] == ["code", "ontology", "structure"]


def test_void_triples_equal_each_graph(release: Path, kg: budgetkg.KnowledgeGraph) -> None:
    void = rdflib.Graph().parse(release / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(BASE + "dataset")
    assert int(void.value(dataset, VOID.triples)) == kg.triple_count()  # type: ignore[arg-type]
    subsets = list(void.objects(dataset, VOID.subset))
    assert len(subsets) == len(kg.store.graphs())
    for sub in subsets:
        graph = str(void.value(sub, SD_NAME))
        assert int(void.value(sub, VOID.triples)) == sum(1 for _ in kg.store.quads(graph)), graph  # type: ignore[arg-type]
    assert (dataset, VOID.sparqlEndpoint, rdflib.URIRef(BASE + "sparql")) in void
    assert rdflib.URIRef("https://w3id.org/budgetkg/ontology#") in set(void.objects(dataset, VOID.vocabulary))
    assert len(list(void.objects(dataset, VOID.exampleResource))) == 3


def test_dcat_sizes_checksums_license(release: Path) -> None:
    dcat = rdflib.Graph().parse(release / "dcat.ttl", format="turtle")
    dataset = rdflib.URIRef(BASE + "dataset")
    assert (
        dataset,
        rdflib.DCTERMS.license,
        rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in dcat
    dists = list(dcat.objects(dataset, DCAT.distribution))
    files = _files(release)
    described = set()
    for d in dists:
        path = str(dcat.value(d, DCAT.downloadURL)).removeprefix(BASE + "dumps/")
        described.add(path)
        data = files[path]
        assert int(dcat.value(d, DCAT.byteSize)) == len(data)  # type: ignore[arg-type]
        checksum = dcat.value(d, SPDX.checksum)
        assert str(dcat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        media = str(dcat.value(d, DCAT.mediaType))
        assert media.startswith("https://www.iana.org/assignments/media-types/")
    assert described == set(files) - {"dcat.ttl", "SHA256SUMS"}
    nq = next(d for d in dists if str(dcat.value(d, DCAT.downloadURL)).endswith("dataset.nq.gz"))
    assert str(dcat.value(nq, DCAT.mediaType)).endswith("application/n-quads")
    assert str(dcat.value(nq, DCAT.compressFormat)).endswith("application/gzip")


def test_sha256sums_and_context(release: Path) -> None:
    files = _files(release)
    lines = files.pop("SHA256SUMS").decode().splitlines()
    assert [ln.split("  ", 1)[1] for ln in lines] == sorted(files)
    for ln in lines:
        digest, path = ln.split("  ", 1)
        assert hashlib.sha256(files[path]).hexdigest() == digest
    ctx = rdflib.Graph().parse(
        data='{"@context": "CTX", "@id": "fn:2080705", "skos:notation": "2080705"}'.replace(
            '"CTX"', files["context.jsonld"].decode().split('"@context": ', 1)[1].rsplit("}", 1)[0]
        ),
        format="json-ld",
    )
    assert len(ctx) == 1 and str(next(iter(ctx))[0]) == "https://w3id.org/budgetkg/code/function/2080705"


def test_two_runs_are_byte_identical(release: Path, kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    publish(Path(kg.settings.store), tmp_path, BASE)  # type: ignore[arg-type]
    assert _files(tmp_path) == _files(release)


def test_wrong_base_iri_is_one_line(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(
        PublishError, match="no graph of the store is under the base IRI https://example.org/"
    ):
        publish(Path(kg.settings.store), tmp_path, "https://example.org/")  # type: ignore[arg-type]
    r = CliRunner().invoke(cli, ["publish", "--out", str(tmp_path), "--store", str(tmp_path / "none")])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.output


def test_served_with_the_release(release: Path, kg: budgetkg.KnowledgeGraph) -> None:
    import httpx

    from .serving import start

    server = start(Path(kg.settings.store), "--release", str(release), "--workers", "1")  # type: ignore[arg-type]
    try:
        for name in ("SHA256SUMS", "void.ttl", "dataset.nq.gz", "graphs/code.ttl"):
            r = httpx.get(f"{server.url}/dumps/{name}", timeout=30)
            assert r.status_code == 200 and r.content == (release / name).read_bytes()
        landing = httpx.get(server.url + "/", timeout=30).text
        assert 'href="/dumps/void.ttl"' in landing and 'href="/dumps/dcat.ttl"' in landing
    finally:
        code, err = server.stop()
    assert code == 0, err
