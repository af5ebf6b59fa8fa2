"""A full-text index of project texts beside the embedded store: SQLite FTS5 with the trigram tokenizer.

SPARQL on Oxigraph has no text index: ``CONTAINS`` reads every project
name, goal and indicator text of the store (10-35 s at 1,000 departments). This
index, ``search.sqlite`` in the store's directory, holds those texts with the
resource they belong to, so the saved query ``projects-search`` is told
which projects can match (:meth:`TextIndex.matches`) and its SPARQL, with
its ``CONTAINS`` filters unchanged, reads only those. The index only ever
narrows the query: the answer is what SPARQL says about the candidates.

What it holds: every literal of ``rdfs:label``, ``bkg:annualGoal``,
``bkg:indicatorName`` and ``bkg:rawText`` in a named graph, with its
subject, graph and form (its language tag or datatype: ``texts``),
every ``bkg:indicatorOf`` link (``owners``), so an indicator's text leads to
its project, and every subject typed ``bkg:Project`` (``projects``). Each distinct
text is stored and indexed once (``strings``: indicator names repeat from
department to department; 9,849 distinct of 626,624 texts at 1,000
synthetic departments); a string no row uses any more is harmless and goes
when the index is built again. Each write adds its rows under a new
generation number; ``live`` says which generations
each graph's content is made of, ``dead`` which ones a replace or removal
retired.

It must never miss what the store holds (a missed project is a missing
answer); holding more is harmless (SPARQL checks every candidate). So:

* rows are added *before* the store's transaction commits, and generations
  retired only after it;
* retired rows are deleted only after the writer made a snapshot without
  them (:meth:`pruned`); ``floor`` is then that snapshot, and a reader of an
  older snapshot does not use the index;
* ``upto`` is the newest snapshot the index accounts for (set before the
  snapshot is made): a snapshot made by a writer that did not keep the
  index (an older budgetkg) is newer than ``upto``, and the next writer
  builds the index again from the store (:meth:`rebuild`), as it does when
  the file is missing, of another format, or a bulk load was interrupted
  (``bulk``);
* the index file is deleted when writing it fails, and when an interrupted
  first fill empties the store (``OxigraphStore.recover_filling``):
  readers then use SPARQL alone, and the next writer builds it again.

Candidates are the subjects of matching texts, an indicator standing for
its project (``owners``), that are typed ``bkg:Project`` (a query that
uses the index requires ``?p a bkg:Project``, as ``projects-search``
does): a resource that were both an indicator and a project would be
looked for as the indicator's project only. The matching texts of the
candidates are also given, as the literals the store holds (each
lexical form with every form it is stored under), so a query can start from
them: an index look-up per text instead of reading every text of every
candidate (:meth:`TextIndex.matches`).

Keywords of three or more characters are looked up through the trigram
index (case-folded, so a superset) and checked with ``instr``; shorter
ones (养老) by ``instr`` over the distinct texts, a scan of SQLite rows
(measured in benchmarks/README.md).
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..rdf.namespaces import BKG, RDF, RDFS

FILE = "search.sqlite"
FORMAT = "4"  # 3: texts record their literal's form (language tag or datatype); 4: the projects
TEXTS = (RDFS + "label", BKG + "annualGoal", BKG + "indicatorName", BKG + "rawText")
OWNER = BKG + "indicatorOf"
TYPE, PROJECT = RDF + "type", BKG + "Project"  # the subjects typed bkg:Project: the only candidates
# a line is watched for its predicate, and a type's line only when it names bkg:Project (most types are not)
_WATCHED = (
    *((f"<{p}>".encode(), b"") for p in (*TEXTS, OWNER)),
    (f"<{TYPE}>".encode(), f"<{PROJECT}>".encode()),
)
_TEXT_NODES = frozenset(TEXTS)
FLUSH_BYTES = 16 << 20  # relevant N-Quads lines held before their rows go to SQLite
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"  # a literal with no tag or other datatype
UNCOVERED = 1 << 62  # ``floor`` until the next snapshot: no snapshot made so far is covered

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS strings(id INTEGER PRIMARY KEY, text TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS texts(graph TEXT, gen INTEGER, subject TEXT, sid INTEGER, form TEXT);
CREATE INDEX IF NOT EXISTS texts_gen ON texts(graph, gen);
DROP INDEX IF EXISTS texts_sid;
CREATE INDEX IF NOT EXISTS texts_by_sid ON texts(sid, graph, subject, form);
CREATE TABLE IF NOT EXISTS owners(graph TEXT, gen INTEGER, subject TEXT, project TEXT);
DROP INDEX IF EXISTS owners_subject;
CREATE INDEX IF NOT EXISTS owners_by_subject ON owners(subject, graph, project);
CREATE INDEX IF NOT EXISTS owners_gen ON owners(graph, gen);
CREATE TABLE IF NOT EXISTS projects(graph TEXT, gen INTEGER, subject TEXT);
CREATE INDEX IF NOT EXISTS projects_by_subject ON projects(subject, graph);
CREATE INDEX IF NOT EXISTS projects_gen ON projects(graph, gen);
CREATE TABLE IF NOT EXISTS live(graph TEXT, gen INTEGER, PRIMARY KEY (graph, gen));
CREATE TABLE IF NOT EXISTS dead(graph TEXT, gen INTEGER, PRIMARY KEY (graph, gen));
CREATE VIRTUAL TABLE IF NOT EXISTS strings_fts USING fts5(text, content='strings', content_rowid='id',
                                                           tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS strings_ai AFTER INSERT ON strings BEGIN
  INSERT INTO strings_fts(rowid, text) VALUES (new.id, new.text);
END;
"""

Text = tuple[str, str, str, str]  # graph, subject, text, form (subject and graph as N-Triples terms)
Owner = tuple[str, str, str]  # graph, indicator, project
Typed = tuple[str, str]  # graph, a subject typed bkg:Project there


class Rows:
    """The index rows of some quads: texts, indicator owners and projects, and the graphs they came from."""

    def __init__(self) -> None:
        self.texts: list[Text] = []
        self.owners: list[Owner] = []
        self.projects: list[Typed] = []
        self.graphs: set[str] = set()

    def add(self, graph: Any, s: Any, p: ox.NamedNode, o: Any) -> None:
        if isinstance(graph, ox.DefaultGraph):
            return  # the saved queries read named graphs only
        g = str(graph)
        if p.value in _TEXT_NODES and isinstance(o, ox.Literal):
            self.texts.append((g, str(s), o.value, _form(o)))
            self.graphs.add(g)
        elif p.value == OWNER:
            self.owners.append((g, str(s), str(o)))
            self.graphs.add(g)
        elif p.value == TYPE and isinstance(o, ox.NamedNode) and o.value == PROJECT:
            self.projects.append((g, str(s)))
            self.graphs.add(g)

    def __len__(self) -> int:
        return len(self.texts) + len(self.owners) + len(self.projects)


def _form(literal: ox.Literal) -> str:
    """How a literal is written after its lexical form: "@zh", "^^<datatype>", or "" (xsd:string)."""
    if literal.language:
        return "@" + literal.language
    datatype = literal.datatype.value
    return "" if datatype == XSD_STRING else f"^^<{datatype}>"


def _literal(text: str, form: str) -> str:
    """The N-Triples term of a lexical form and its form (the inverse of :func:`_form`)."""
    if form.startswith("@"):
        return str(ox.Literal(text, language=form[1:]))
    if form.startswith("^^<"):
        return str(ox.Literal(text, datatype=ox.NamedNode(form[3:-1])))
    return str(ox.Literal(text))


@dataclass(frozen=True)
class Matches:
    """What the index found for a keyword: the candidate subjects (projects) and the matching texts.

    Both are N-Triples terms, sorted: ``subjects`` IRIs, ``texts`` literals.
    """

    subjects: list[str]
    texts: list[str]


def rows_of_triples(graph: str, triples: Iterable[ox.Triple]) -> Rows:
    rows = Rows()
    name = ox.NamedNode(graph)
    for t in triples:
        rows.add(name, t.subject, t.predicate, t.object)
    return rows


def watched_lines(data: bytes) -> list[bytes]:
    """The N-Quads lines of ``data`` mentioning a watched predicate, a type's only with bkg:Project (the
    parser then checks them)."""
    found: dict[int, bytes] = {}
    for token, also in _WATCHED:
        pos = data.find(token)
        while pos != -1:
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end == -1 else end
            if also in data[start:end]:
                found[start] = data[start:end]
            pos = data.find(token, end)
    return [found[k] for k in sorted(found)]


def rows_of_lines(lines: list[bytes]) -> Rows:
    rows = Rows()
    if lines:
        for q in ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_QUADS):
            rows.add(q.graph_name, q.subject, q.predicate, q.object)
    return rows


class TextIndex:
    """The index file of one on-disk store; the writer's connection is open while it writes."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        self._db: sqlite3.Connection | None = None
        self.kept = False  # the writer keeps the index in step with the store this session

    # -- the writer -----------------------------------------------------------
    def open(self, latest: int, primary: ox.Store) -> bool:
        """Open for writing; True when the index had to be built again from ``primary`` (then snapshot)."""
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            if self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                if self._meta().get("format") != FORMAT:  # another layout of tables: start afresh
                    self.broken()
                    self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            meta = self._meta()
            fresh = (
                meta.get("format") == FORMAT and meta.get("ok") == "1" and meta.get("bulk") != "1"
                and meta.get("made") == str(latest)
            )
            self.kept = True
            if fresh:
                return False
            self.rebuild(primary)
            return True
        except sqlite3.Error:
            self.broken()
            return False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self.kept = False

    def broken(self) -> None:
        """Writing the index failed: delete it, so nobody trusts it; the next writer rebuilds."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _meta(self) -> dict[str, str]:
        assert self._db is not None
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def _set(self, **values: object) -> None:
        assert self._db is not None
        pairs = [(k, str(v)) for k, v in values.items()]
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", pairs)

    def _next_gen(self) -> int:
        assert self._db is not None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'gen'").fetchone()
        gen = int(row[0]) + 1 if row else 1
        self._set(gen=gen)
        return gen

    def _insert(self, rows: Rows, gen: int) -> None:
        assert self._db is not None
        distinct = [(t,) for t in {r[2] for r in rows.texts}]
        self._db.executemany("INSERT OR IGNORE INTO strings(text) VALUES (?)", distinct)
        self._db.executemany("INSERT INTO texts SELECT ?, ?, ?, id, ? FROM strings WHERE text = ?",
                             [(g, gen, s, f, t) for g, s, t, f in rows.texts])
        self._db.executemany("INSERT INTO owners VALUES (?, ?, ?, ?)",
                             [(g, gen, s, p) for g, s, p in rows.owners])
        self._db.executemany("INSERT INTO projects VALUES (?, ?, ?)", [(g, gen, s) for g, s in rows.projects])
        self._db.executemany("INSERT OR IGNORE INTO live VALUES (?, ?)", [(g, gen) for g in rows.graphs])

    def _empty(self) -> None:
        assert self._db is not None
        for table in ("texts", "owners", "projects", "live", "dead", "strings"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        self._db.execute("INSERT INTO strings_fts(strings_fts) VALUES ('delete-all')")

    def _retire(self, graphs: Iterable[str], keep: int | None = None) -> None:
        assert self._db is not None
        for g in graphs:
            self._db.execute(
                "INSERT OR IGNORE INTO dead SELECT graph, gen FROM live WHERE graph = ? AND gen IS NOT ?",
                (g, keep),
            )
            self._db.execute("DELETE FROM live WHERE graph = ? AND gen IS NOT ?", (g, keep))

    def adding(self, rows: Rows) -> int | None:
        """Before a write commits: its rows, under a new generation, which is returned (None: not kept)."""
        if not self.kept:
            return None
        try:
            assert self._db is not None
            self._db.execute("BEGIN IMMEDIATE")
            gen = self._next_gen()
            self._insert(rows, gen)
            self._db.execute("COMMIT")
            return gen
        except sqlite3.Error:
            self.broken()
            return None

    def replaced(self, graphs: Iterable[str], gen: int | None) -> None:
        """After a write committed: the graphs it replaced (or removed) are now only generation ``gen``."""
        if not self.kept:
            return
        try:
            assert self._db is not None
            self._db.execute("BEGIN IMMEDIATE")
            self._retire(graphs, gen)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self.broken()

    def loading(self, data: bytes | IO[bytes] | Path) -> tuple[int | None, Any]:
        """Before a bulk load: mark it in flight; returns its generation and the input to give the loader
        (a stream is wrapped so its rows are indexed as the loader reads it)."""
        if not self.kept:
            return None, data
        try:
            assert self._db is not None
            self._db.execute("BEGIN IMMEDIATE")
            gen = self._next_gen()
            self._set(bulk=1)
            self._db.execute("COMMIT")
            if isinstance(data, bytes):
                self._add_rows(rows_of_lines(watched_lines(data)), gen)
            elif isinstance(data, Path):
                with data.open("rb") as f:
                    for chunk in _line_chunks(f):
                        self._add_rows(rows_of_lines(watched_lines(chunk)), gen)
            else:
                return gen, _Watching(data, self, gen)
            return gen, data
        except sqlite3.Error:
            self.broken()
            return None, data

    def _add_rows(self, rows: Rows, gen: int) -> None:
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        self._insert(rows, gen)
        self._db.execute("COMMIT")

    def loaded(self, gen: int | None, replaced: Iterable[str], stream: Any) -> None:
        """After a bulk load: the rest of a stream's rows, the replaced graphs retired, the load done."""
        if not self.kept or gen is None:
            return
        try:
            if isinstance(stream, _Watching):
                stream.finish()
            assert self._db is not None
            self._db.execute("BEGIN IMMEDIATE")
            self._retire(replaced, gen)
            self._set(bulk=0)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self.broken()

    def rebuild(self, store: ox.Store) -> None:
        """Index everything ``store`` holds, from scratch (the writer snapshots right after)."""
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        self._empty()
        gen = self._next_gen()
        for predicate, value in [(p, None) for p in (*TEXTS, OWNER)] + [(TYPE, ox.NamedNode(PROJECT))]:
            rows = Rows()
            for q in store.quads_for_pattern(None, ox.NamedNode(predicate), value, None):
                rows.add(q.graph_name, q.subject, q.predicate, q.object)
                if len(rows) >= 100_000:
                    self._insert(rows, gen)
                    rows = Rows()
            self._insert(rows, gen)
        self._set(format=FORMAT, ok=1, bulk=0, floor=UNCOVERED)
        self._db.execute("COMMIT")

    def snapshotting(self, number: int) -> None:
        """Before the writer makes snapshot ``number``: the index accounts for it."""
        if not self.kept:
            return
        try:
            assert self._db is not None
            self._set(upto=number)
        except sqlite3.Error:
            self.broken()

    def pruned(self, number: int) -> None:
        """After snapshot ``number`` is made: delete retired rows; older snapshots are no longer covered."""
        if not self.kept:
            return
        try:
            assert self._db is not None
            self._db.execute("BEGIN IMMEDIATE")
            dead = self._db.execute("SELECT graph, gen FROM dead").fetchall()
            for g, gen in dead:
                self._db.execute("DELETE FROM texts WHERE graph = ? AND gen = ?", (g, gen))
                self._db.execute("DELETE FROM owners WHERE graph = ? AND gen = ?", (g, gen))
                self._db.execute("DELETE FROM projects WHERE graph = ? AND gen = ?", (g, gen))
            self._db.execute("DELETE FROM dead")
            meta = self._meta()
            if dead or int(meta.get("floor", "0")) > number:
                self._set(floor=number)
            self._set(made=number)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self.broken()

    # -- readers --------------------------------------------------------------
    def matches(self, keyword: str, snapshot: int | None) -> Matches | None:
        """The subjects whose texts contain ``keyword`` and those texts, or None when the index cannot answer
        for this reader: missing, being rebuilt, or not covering ``snapshot`` (None: the writer's own
        primary)."""
        if not keyword or (snapshot is None and not self.kept):
            return None
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error:
            return None
        try:
            db.execute("BEGIN")  # one read transaction: the checks and the rows agree
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != FORMAT or meta.get("ok") != "1":
                return None
            covered = int(meta.get("floor", "0")) <= (snapshot or 0) <= int(meta.get("upto", "-1"))
            if snapshot is not None and not covered:
                return None
            subjects, texts = _matching(db, keyword)
            db.execute("COMMIT")
        except sqlite3.Error:
            return None
        finally:
            db.close()
        if any(not s.startswith("<") for s in subjects):
            return None  # a blank node cannot be named in a query: SPARQL alone then
        return Matches(subjects, texts)


# What a search reads: each text with the keyword (``hit_strings``) and its subject, an indicator standing
# for its project (``owners``), kept only where that subject is typed bkg:Project (``projects``; in any
# graph: Oxigraph evaluates a sub-select inside ``GRAPH ?g`` over every graph, so projects-search may join a
# text of one graph with a project of another): the name of a department, a unit or a table, or an indicator
# of a department goal, is no project's text, so it is neither a candidate nor a text to look up (就业, in the
# names of 6,000 employment service units at 10,000 departments, gave 13,025 candidates and 6,083 texts,
# where 4,582 projects hold it: 1.50 against 0.93 s for projects-search). One look-up of the owners per text
# (a LEFT JOIN; a NOT EXISTS and a JOIN looked each up twice: 0.16 against 0.10 s at 10,000 departments).
# The indexes a search reads hold every column it needs (``texts_by_sid``, ``owners_by_subject``,
# ``projects_by_subject``): SQLite never reads the tables' rows (0.17 against 0.065 s per search at 10,000
# departments, for 0.9 GB more index; they replaced the one-column ``texts_sid`` and ``owners_subject``,
# dropped when a writer opens an older index). ``IN`` makes SQLite look the texts up by their ``sid`` index;
# written as a join with the temporary table (which has no statistics) it scanned every text of the store
# instead (0.71 s against 0.02 s at 10,000 departments, 6.3 million texts). With the projects' check, a
# search of 养老 takes 0.10 s at 10,000 departments.
MATCHES = (
    "SELECT DISTINCT COALESCE(o.project, t.subject) AS subject, t.sid, t.form FROM texts t "
    "LEFT JOIN owners o ON o.subject = t.subject AND o.graph = t.graph "
    "WHERE t.sid IN (SELECT id FROM hit_strings) AND EXISTS "
    "(SELECT 1 FROM projects p WHERE p.subject = COALESCE(o.project, t.subject))"
)
STRINGS = "SELECT id, text FROM strings WHERE id IN (SELECT id FROM hit_strings)"


def _matching(db: sqlite3.Connection, keyword: str) -> tuple[list[str], list[str]]:
    """The candidate projects (an indicator standing for its project) and the literals of their texts with
    ``keyword``."""
    if len(keyword) >= 3:
        phrase = '"' + keyword.replace('"', '""') + '"'
        strings = ("SELECT s.id FROM strings_fts f JOIN strings s ON s.id = f.rowid "
                   "WHERE strings_fts MATCH :phrase AND instr(s.text, :word) > 0")
    else:
        phrase = ""
        strings = "SELECT id FROM strings WHERE instr(text, :word) > 0"
    params = {"phrase": phrase, "word": keyword}
    db.execute("CREATE TEMP TABLE hit_strings(id INTEGER PRIMARY KEY)")  # the connection is this call's own
    db.execute(f"INSERT INTO hit_strings {strings}", params)  # noqa: S608 - fixed texts
    rows = db.execute(MATCHES).fetchall()
    text = dict(db.execute(STRINGS).fetchall())
    forms = {(text[sid], form or "") for _, sid, form in rows}
    return sorted({r[0] for r in rows}), sorted({_literal(t, f) for t, f in forms})


def _line_chunks(f: IO[bytes], size: int = FLUSH_BYTES) -> Iterator[bytes]:
    """A file in pieces that end at a line's end."""
    carry = b""
    while True:
        block = f.read(size)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block
        cut = data.rfind(b"\n") + 1
        carry = data[cut:]
        if cut:
            yield data[:cut]


class _Watching(io.RawIOBase):
    """A stream handed to the bulk loader: the lines it passes on are indexed too (in batches)."""

    def __init__(self, inner: IO[bytes], index: TextIndex, gen: int) -> None:
        self._inner, self._index, self._gen = inner, index, gen
        self._carry = b""
        self._lines: list[bytes] = []
        self._held = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        data = self._inner.read(len(target))
        if not data:
            return 0
        size = len(data)
        target[:size] = data
        buffer = self._carry + data
        cut = buffer.rfind(b"\n") + 1
        self._carry = buffer[cut:]
        if cut:
            found = watched_lines(buffer[:cut])
            self._lines += found
            self._held += sum(len(x) for x in found)
            if self._held >= FLUSH_BYTES:
                self._flush()
        return size

    def _flush(self) -> None:
        if self._index.kept:
            try:
                self._index._add_rows(rows_of_lines(self._lines), self._gen)
            except sqlite3.Error:
                self._index.broken()
        self._lines, self._held = [], 0

    def finish(self) -> None:
        if self._carry:
            self._lines += watched_lines(self._carry)
            self._carry = b""
        self._flush()


__all__ = ["FILE", "Matches", "TextIndex", "rows_of_triples", "watched_lines"]
