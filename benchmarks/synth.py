"""A synthetic national corpus: N distinct departments as N-Quads, reproducible from a seed.

    .venv/bin/python benchmarks/synth.py N [--seed S] [--sectors K [--sector-texts]]
        (--out FILE.nq | --store DIR)

Each synthetic department is one of the five sample budgets re-minted, so
the shape of its graph is exactly what ``budgetkg ingest`` stores: the
sample is read, extracted, checked against the code lists and validated once
(as ingest does); each copy then takes the sample's records with

* a new place (a new two-character stem in place of the first two characters
  of the sample department's name: 聊城市… -> 汝宁市…), replaced in the
  department's name, its region, sub-units', projects'
  and performance tables' names and goals;
* a department code of its own (six digits);
* every amount in 万元 multiplied by a whole factor (1-12), so every sum the
  document printed (合计, 小计, 基本支出 + 项目支出, 三公 parts, projects vs
  项目支出, changes on last year) still adds up as it did, and every ratio
  (percentages, shares) stays as printed;
* its own checksum, so its own document and graph IRIs;
* with ``--sectors K`` (K > 1), a sector of its own: in sector 0 (one
  department in K) its function codes are the sample's, in sector k every
  function code's 类 is moved to one of 240-298 (expenditure classes run
  201-232 and 299, so these name none, and a code still reads as an
  expenditure code), each class of a sector to a class of its own (2080705
  -> 2470705 and 2101101 -> 2491101 in sector 1), on its 支出总表 lines,
  projects, disclosure rows and code conflicts alike, so every sum over the
  code hierarchy adds up as it did (a project code that embeds a function
  code keeps it as printed: none of the samples' does, and a link found
  through one would be lost). The samples are four human resources
  bureaus and a party office, all holding 就业补助 (20807); a national corpus
  has a few such bureaus among a county's twenty to forty departments. With
  sectors, a query for one function code selects about one department in K,
  as it would there; the departments' names, regions and amounts are the
  same as without (the sectors are drawn from a generator of their own);
* with ``--sector-texts`` too, in a sector k > 0 its projects' texts moved
  to the sector as well: the names of its projects, performance tables and
  department goals, their goals, their indicators' 三级指标 and
  descriptions, and the names of the lines of its 支出总表 and disclosure
  tables (where projects are named, and economic and income items), each
  CJK character moved by k strides round the CJK block (``sector_text``: a
  bijection, so equal texts stay equal, a name still contains what it
  contained, and lengths stay). A human resources bureau's 养老 is then
  found in about one department in K, as a keyword of one kind of
  department would be in a national corpus. Kept: the indicator levels
  (code-list names), targets as printed, department and unit names, table
  titles and the findings' messages. The function links the linker infers
  from words (名称含“公益性岗位”) may come out otherwise on moved texts (a
  link or two per document either way: its word lists do not know them);

and is built by the real RDF builder (``budgetkg.rdf.build_graph``, with its
function-link inference). The code conflicts and validation findings are
the sample's, re-pointed to the copy's IRIs, names and amounts (``expected``
and ``found`` scaled; the message text keeps the sample's figures): copies
are not validated again, which at national scale would cost hours. The code
lists graph is the one ingesting the five samples makes.

``--store DIR`` streams the quads into the embedded store with the bulk
loader (no N-Quads file on disk: 10,000 departments are ~20 GB of text);
``--out`` writes them to a file.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import pickle
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from budgetkg.codes import CODE_GRAPH, CodeRegistry, check_document, load_registry
from budgetkg.codes.conflicts import conflict_triples
from budgetkg.codes.registry import Conflict
from budgetkg.converted import ChunkReader
from budgetkg.extract import BudgetRecords, extract_document
from budgetkg.extract.performance.model import Indicator
from budgetkg.extract.units import Money
from budgetkg.rdf import build_graph
from budgetkg.rdf.mint import Minter, graph_iri
from budgetkg.read import read_document
from budgetkg.resources import data_dir
from budgetkg.settings import Settings
from budgetkg.validate import Validator, finding_triples
from budgetkg.validate.findings import ValidationFinding
from budgetkg.validate.quarantine import settle
from budgetkg.validate.report import DocumentValidation
from budgetkg.validate.triples import with_table_labels

# characters of Chinese place names, for new region stems (two of them: 100 x 99 stems)
PLACE_CHARS = (
    "安宝北滨沧昌长潮辰澄川春淳丹德定东峨丰阜富甘高广桂海汉和河鹤衡红湖华淮黄惠吉嘉江金锦晋"
    "荆靖九酒开康兰乐丽连辽林临龙隆泸鲁洛眉梅蒙绵民南宁平莆普启清庆泉饶仁荣汝瑞沙山商韶邵"
)
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
WAN_YUAN_UNITS = ("wan-yuan", "万元")  # Amount.unit and StatedFigure.unit of money
# the expenditure classes (类) of the function classification; a sector k > 0 has them under
# 240-298, which name none (see sector_code)
CLASSES = tuple(f"2{n:02d}" for n in range(1, 33)) + ("299",)
SYNTHETIC_CLASSES = 59  # 240-298
MAX_SECTORS = SYNTHETIC_CLASSES + 1  # sector 0 and one shift of the classes per other sector
# --sector-texts: CJK Unified Ideographs, moved round by one stride per sector (59 strides fit once)
CJK_FIRST, CJK_SIZE = 0x4E00, 0xA000 - 0x4E00
CJK_STRIDE = CJK_SIZE // MAX_SECTORS
FUNCTION_SCHEME = "function"  # the 支出功能分类 code list (code/function), as Conflict.scheme names it


@dataclass
class Sample:
    """One sample document as ingest stores it, ready to be re-minted."""

    records: BudgetRecords
    pickled: bytes  # the records, copied per department by unpickling (several times faster than deepcopy)
    stem: str  # the first two characters of its department's name (its place), replaced in copies
    conflicts: list[Conflict]  # code conflicts ingest records in its graph
    validation: DocumentValidation  # what validation found (findings stored with it)


@dataclass
class Corpus:
    """The five samples prepared once, and the code-list graph ingesting them makes."""

    base: str
    samples: list[Sample]
    code_triples: list[ox.Triple]
    schemes: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """How one synthetic department differs from its sample (identity: stem None, factor 1)."""

    index: int
    checksum: str
    stem: str | None = None
    code: str | None = None
    factor: int = 1
    source: str | None = None
    sector: int = 0  # 0: the sample's function codes; k: every code's 类 moved (see sector_code)
    texts: bool = False  # in a sector k > 0, its projects' texts moved too (see sector_text)


def prepare(documents: Path | None = None, settings: Settings | None = None) -> Corpus:
    """Read, extract, check and validate the samples once, in ingest's order (file names)."""
    settings = settings or Settings()
    folder = documents or data_dir("examples")
    registry: CodeRegistry = load_registry()
    validator = Validator(settings.rounding_tolerance)
    samples = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in settings.suffixes):
        doc = read_document(path, settings.pdf_engine)
        records = extract_document(doc)
        graph, triples = build_graph(records, settings.base_iri)
        update, code_triples, _ = check_document(registry, doc, records, settings.base_iri)
        settled = settle(lambda kept, g=graph: validator.validate(g, kept), triples + code_triples)
        if settled.status != "ok":
            raise SystemExit(f"{path.name}: ingest stores it {settled.status}; synth copies whole documents")
        registry.apply(update)
        # a department's name begins with its place (曹妃甸区…, 聊城市…): that stem makes copies distinct
        stem = records.department.name[:2]
        pickled = pickle.dumps(records)
        samples.append(Sample(records, pickled, stem, update.conflicts, settled.validation))
    return Corpus(settings.base_iri, samples, registry.triples(), dict(registry.schemes))


def variants(
    n: int, seed: int, corpus: Corpus, sectors: int = 1, texts: bool = False
) -> Iterator[tuple[Sample, Variant]]:
    """``n`` distinct departments: round robin over the samples, names and factors from ``seed``.

    With ``sectors`` > 1 each department also draws a sector (``Variant.sector``) from a generator
    of its own, so the departments are otherwise the ones ``sectors=1`` gives; with ``texts`` its
    projects' texts are moved to its sector as well (``Variant.texts``, see :func:`sector_text`).
    """
    problem = sectors_problem(sectors, copying=False, texts=texts)
    if problem:
        raise ValueError(problem)
    rng = random.Random(seed)
    sector_rng = random.Random(f"budgetkg-synth-sectors:{seed}")
    used: set[tuple[int, str]] = set()
    codes: set[str] = set()
    for i in range(n):
        k = i % len(corpus.samples)
        sample = corpus.samples[k]
        while True:
            stem = "".join(rng.sample(PLACE_CHARS, 2))
            if (k, stem) not in used and stem != sample.stem:
                used.add((k, stem))
                break
        while True:
            code = str(rng.randrange(100_000, 1_000_000))
            if code not in codes:
                codes.add(code)
                break
        checksum = hashlib.sha256(f"budgetkg-synth:{seed}:{i}".encode()).hexdigest()
        source = f"synth-{seed}-{i:06d}.txt"
        sector = sector_rng.randrange(sectors) if sectors > 1 else 0
        yield sample, Variant(i, checksum, stem, code, rng.randint(1, 12), source, sector, texts)


def sectors_problem(sectors: int, copying: bool, texts: bool = False) -> str | None:
    """Why ``sectors`` cannot be built (``copying``: with ``--predicates``; ``texts``: with
    ``--sector-texts``), or None when it can."""
    if not 1 <= sectors <= MAX_SECTORS:
        return f"--sectors must be 1 to {MAX_SECTORS}, not {sectors} (one shift of the classes each)"
    if copying and sectors != 1:
        return "--predicates copies literals as they are: it cannot move codes to sectors (--sectors 1)"
    if texts and sectors == 1:
        return "--sector-texts moves texts to the departments' sectors: give --sectors K, K > 1"
    return None


def sector_code(code: str | None, sector: int) -> str | None:
    """A function code as sector ``sector`` has it: its 类 (first three digits) moved to 240-298.

    Class ``CLASSES[i]`` goes to 240 + (i + sector - 1) mod 59: in one sector no two classes meet
    (the 33 classes map to 33 of the 59), so a document's codes stay distinct and its hierarchy
    whole; each sector shifts the classes by one more. Sector 0, no code, a code that is not 3, 5
    or 7 digits, and a class not in ``CLASSES`` stay as they are.
    """
    if not sector or not code or not code.isdigit() or len(code) not in (3, 5, 7):
        return code
    if code[:3] not in CLASSES:
        return code
    moved = 240 + (CLASSES.index(code[:3]) + sector - 1) % SYNTHETIC_CLASSES
    return f"{moved}{code[3:]}"


def sector_text(text: str, sector: int) -> str:
    """A text as sector ``sector`` has it: each CJK character moved by ``sector`` strides.

    Characters of the CJK block (U+4E00-U+9FFF) go ``sector * CJK_STRIDE`` places on, round the
    block; everything else (digits, Latin, punctuation, %) stays. A bijection on characters, so
    texts equal, contain or differ from each other in a sector exactly as in sector 0, and their
    lengths stay; but a word of sector 0 (养老) is found in sector k only where the moved text has
    it by chance. Sector 0 keeps the text.
    """
    if not sector:
        return text
    shift = sector * CJK_STRIDE
    return "".join(
        chr(CJK_FIRST + (ord(c) - CJK_FIRST + shift) % CJK_SIZE)
        if CJK_FIRST <= ord(c) < CJK_FIRST + CJK_SIZE
        else c
        for c in text
    )


def remint(sample: Sample, v: Variant) -> BudgetRecords:
    """The sample's records as department ``v``: names, code, amounts and checksum changed."""
    r: BudgetRecords = pickle.loads(sample.pickled)
    r.checksum = v.checksum
    r.source = v.source or r.source
    name = _renamer(sample.stem, v.stem)
    text = _texts_of(v)
    k = Decimal(v.factor)

    def money(x: Decimal | None) -> Decimal | None:
        """The amount × the factor; an amount read from the document keeps its printed form, scaled."""
        if x is None:
            return None
        if isinstance(x, Money):
            return Money(x.printed * k, x.unit)
        return x * k

    d = r.department
    d.name = name(d.name)
    d.region = name(d.region) if d.region else d.region
    if v.code:
        d.code = v.code
    for u in d.subunits:
        u.name = name(u.name)
    for ln in r.function_lines:
        ln.code, ln.name = sector_code(ln.code, v.sector), text(ln.name)
        ln.total, ln.basic, ln.project = money(ln.total), money(ln.basic), money(ln.project)
        ln.stated = {attr: name(said) for attr, said in ln.stated.items()}  # stated zeros stay 0.00
    for p in r.projects:
        p.name, p.amount = text(name(p.name)), money(p.amount)
        p.function_code = sector_code(p.function_code, v.sector)
        p.unit = name(p.unit) if p.unit else p.unit
    for t in r.performance:
        t.name, t.amount, t.fiscal, t.other = (
            text(name(t.name)),
            money(t.amount),
            money(t.fiscal),
            money(t.other),
        )
        for attr in ("unit", "supervisor", "implementer"):
            if getattr(t, attr):
                setattr(t, attr, name(getattr(t, attr)))
        t.goal = text(name(t.goal)) if t.goal else t.goal
        _moved_indicators(t.indicators, text)
    for g in r.department_goals:
        g.title, g.goal = text(name(g.title)), text(name(g.goal))
        _moved_indicators(g.indicators, text)
    for dl in r.disclosure_lines:
        dl.name = text(name(dl.name))
        dl.function_code = sector_code(dl.function_code, v.sector)
        dl.stated = name(dl.stated) if dl.stated else dl.stated
        for a in dl.amounts:
            if a.unit in WAN_YUAN_UNITS:
                a.value = money(a.value)
    for tp in r.three_public:
        for attr in ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
            setattr(tp, attr, money(getattr(tp, attr)))
        tp.stated = name(tp.stated) if tp.stated else tp.stated
        tp.stated_items = {attr: name(said) for attr, said in tp.stated_items.items()}
        tp.stated_changes = {attr: name(said) for attr, said in tp.stated_changes.items()}
    for s in r.stated_figures:
        if s.unit in WAN_YUAN_UNITS:
            s.value, s.change = money(s.value), money(s.change)
        s.sentence = name(s.sentence)
    return r


def document_triples(corpus: Corpus, sample: Sample, v: Variant) -> tuple[str, list[ox.Triple]]:
    """One synthetic department's graph, as ingest would store it."""
    records = remint(sample, v)
    graph, triples = build_graph(records, corpus.base)
    minter = Minter(corpus.base, records.checksum)
    for c in sample.conflicts:
        code = sector_code(c.code, v.sector) if c.scheme == FUNCTION_SCHEME else c.code
        c2 = replace(c, source=records.source, code=code or c.code)
        triples += conflict_triples(c2, corpus.schemes, prefix=minter.document, document=minter.document)  # type: ignore[arg-type]
    validation = _repointed(corpus, sample, v, records, graph)
    settled = settle(lambda kept: validation, triples)
    return graph, with_table_labels(settled.triples + finding_triples(validation.findings))


def _repointed(
    corpus: Corpus, sample: Sample, v: Variant, records: BudgetRecords, graph: str
) -> DocumentValidation:
    """The sample's validation findings for the copy: its IRIs, names and scaled figures."""
    old, new = Minter(corpus.base, sample.records.checksum), Minter(corpus.base, records.checksum)
    old_org = old.organization(sample.records.department.name)
    new_org = new.organization(records.department.name)
    name = _renamer(sample.stem, v.stem)
    k = Decimal(v.factor)

    def iri(x: str | None) -> str | None:
        if x is None:
            return None
        if x == old_org:
            return new_org
        return new.document + x[len(old.document) :] if x.startswith(old.document) else x

    def finding(f: ValidationFinding) -> ValidationFinding:
        return replace(
            f,
            document=iri(f.document) or f.document,
            focus=iri(f.focus),
            table_iri=iri(f.table_iri),
            source=records.source,
            department=records.department.name,
            message_zh=name(f.message_zh),
            message_en=name(f.message_en),
            expected=None if f.expected is None else f.expected * k,
            found=None if f.found is None else f.found * k,
            figures=[(label, amount * k) for label, amount in f.figures],
        )

    val = sample.validation
    return replace(
        val,
        document=new.document,
        graph=graph,
        source=records.source,
        department=records.department.name,
        findings=[finding(f) for f in val.findings],
        report_graph=None,
    )


def copied(corpus: Corpus, sample: Sample, v: Variant, triples: list[ox.Triple]) -> list[ox.Triple]:
    """The sample's own ``triples`` as department ``v`` has them, without building its graph again.

    IRIs re-pointed to the copy's document and department, names renamed,
    decimals multiplied by the factor: what ``document_triples`` gives for the
    copy, for triples that are amounts, names and counts (the materialised
    index: ``--predicates``); ``tests/test_synth.py`` checks it against
    ``document_triples`` for the predicates a top-up loads.
    """
    records = remint(sample, v)
    old, new = Minter(corpus.base, sample.records.checksum), Minter(corpus.base, records.checksum)
    orgs = {old.organization(sample.records.department.name): new.organization(records.department.name)}
    name = _renamer(sample.stem, v.stem)
    k = Decimal(v.factor)

    def term(t: ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        if isinstance(t, ox.NamedNode):
            x = t.value
            if x in orgs:
                return ox.NamedNode(orgs[x])
            return ox.NamedNode(new.document + x[len(old.document) :]) if x.startswith(old.document) else t
        if t.datatype.value == XSD_DECIMAL:
            return ox.Literal(str(Decimal(t.value) * k), datatype=t.datatype)
        if t.language:
            return ox.Literal(name(t.value), language=t.language)
        if t.datatype.value == XSD_STRING:
            return ox.Literal(name(t.value))
        return t

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]  # type: ignore[arg-type]


def _texts_of(v: Variant):  # type: ignore[no-untyped-def]
    """How department ``v`` has its projects' texts: moved to its sector (``--sector-texts``) or kept."""
    if not v.texts:
        return lambda text: text
    return lambda text: sector_text(text, v.sector)  # sector 0 keeps its texts (sector_text)


def _moved_indicators(indicators: list[Indicator], text) -> None:  # type: ignore[no-untyped-def]
    """Each indicator's own texts (三级指标, description, basis, task) through ``text``; its levels
    (一级/二级指标, code-list names) and its target as printed stay."""
    for ind in indicators:
        for attr in ("level3", "description", "basis", "task"):
            if getattr(ind, attr):
                setattr(ind, attr, text(getattr(ind, attr)))


def _renamer(old: str, new: str | None):  # type: ignore[no-untyped-def]
    if not new:
        return lambda text: text
    return lambda text: text.replace(old, new)


def nquads(graph: str, triples: list[ox.Triple]) -> bytes:
    """Triples as N-Quads lines in ``graph`` (N-Triples escapes line breaks, so " .\\n" ends a line)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return data.replace(b" .\n", f" <{graph}> .\n".encode())


def corpus_chunks(
    n: int,
    seed: int,
    corpus: Corpus,
    predicates: set[str] | None = None,
    sectors: int = 1,
    texts: bool = False,
) -> Iterator[bytes]:
    """The code-list graph, then each synthetic department's graph, as N-Quads chunks.

    With ``predicates``, only the triples whose predicate is one of them (see
    ``--predicates``), each copy's taken from its sample's by :func:`copied`
    (tens of times faster than building the copy's graph); the first copy of
    each sample is also built whole and compared, and a difference stops the run.
    """
    if predicates is None:
        yield nquads(CODE_GRAPH, corpus.code_triples)
        for sample, v in variants(n, seed, corpus, sectors, texts):
            yield nquads(*document_triples(corpus, sample, v))
        return
    problem = sectors_problem(sectors, copying=True, texts=texts)
    if problem:
        raise ValueError(problem)
    kept = _keeper(predicates)
    own = {
        id(s): kept(document_triples(corpus, s, Variant(0, s.records.checksum))[1]) for s in corpus.samples
    }
    checked: set[int] = set()
    yield nquads(CODE_GRAPH, kept(corpus.code_triples))
    for sample, v in variants(n, seed, corpus):
        graph = graph_iri(corpus.base, v.checksum)
        triples = copied(corpus, sample, v, own[id(sample)])
        if id(sample) not in checked:
            _check_copy(graph, triples, kept(document_triples(corpus, sample, v)[1]))
            checked.add(id(sample))
        yield nquads(graph, triples)


def _keeper(predicates: set[str]):  # type: ignore[no-untyped-def]
    return lambda triples: [t for t in triples if t.predicate.value in predicates]


def _check_copy(graph: str, copied_triples: list[ox.Triple], built: list[ox.Triple]) -> None:
    """Stop unless the copied triples are the built ones (as a store holds them)."""
    mine, theirs = _stored_set(graph, copied_triples), _stored_set(graph, built)
    if mine != theirs:
        wrong = sorted({q.predicate.value for q in mine ^ theirs})
        raise SystemExit(f"--predicates: copying differs from building for {wrong}: rebuild instead")


def _stored_set(graph: str, triples: list[ox.Triple]) -> set[ox.Quad]:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples)
    return set(store)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of departments")
    ap.add_argument("--seed", type=int, default=1)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="write N-Quads to this file")
    where.add_argument("--store", type=Path, help="bulk-load into this embedded store (created if missing)")
    ap.add_argument(
        "--predicates",
        type=Path,
        help="a file of predicate IRIs, one per line: write or load only triples with these predicates "
        "(tops up a store built by an older budgetkg with the terms a newer one materialises, without "
        "rebuilding it: the same N and seed give the same departments)",
    )
    ap.add_argument(
        "--sectors",
        type=int,
        default=1,
        help=f"spread the departments over K sectors (1-{MAX_SECTORS}): one in K keeps the samples' function "
        "codes, the others have them under an expenditure class of their own (240-298), so one code is "
        "held by about one department in K (default 1: every department has its sample's codes)",
    )
    ap.add_argument(
        "--sector-texts",
        action="store_true",
        help="with --sectors: move the projects' texts to the sector too (names, goals, 三级指标, "
        "the tables' line names; each CJK character by a stride per sector), so a keyword of the "
        "samples is found in about one department in K (default: every department has its sample's texts)",
    )
    args = ap.parse_args(argv)
    problem = sectors_problem(args.sectors, copying=args.predicates is not None, texts=args.sector_texts)
    if problem:
        ap.error(problem)
    predicates = None
    if args.predicates:
        predicates = {ln.strip().strip("<>") for ln in args.predicates.read_text().splitlines() if ln.strip()}
    start = time.perf_counter()
    corpus = prepare()
    print(f"samples prepared in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    start = time.perf_counter()
    chunks = corpus_chunks(args.n, args.seed, corpus, predicates, args.sectors, args.sector_texts)
    if args.out:
        size = 0
        with args.out.open("wb") as f:
            for chunk in chunks:
                f.write(chunk)
                size += len(chunk)
        seconds = time.perf_counter() - start
        print(f"wrote {args.out}: {args.n} departments, {size / 1e6:.0f} MB in {seconds:.1f} s")
        return
    import budgetkg

    with budgetkg.open(args.store) as kg:
        reader = ChunkReader(chunks)
        kg.store.bulk_load(io.BufferedReader(reader, 1 << 20))  # type: ignore[arg-type]
        loaded = time.perf_counter()
        kg.store.optimize()  # as load and a bulk fill leave it: compacted
        print(f"compacted in {time.perf_counter() - loaded:.1f} s", file=sys.stderr)
        quads = kg.triple_count()
    print(
        f"loaded {args.store}: {args.n} departments, {quads} quads, {reader.bytes / 1e6:.0f} MB of N-Quads "
        f"in {time.perf_counter() - start:.1f} s"
    )


if __name__ == "__main__":
    main()
