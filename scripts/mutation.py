"""Mutation testing: how many small deliberate bugs the tests catch, per package.

Two parts, both run on a scratch copy of the repository (the working tree is
never changed):

``python``
    mutmut over ``src/budgetkg/{extract,link,validate,query}``, each package
    with a focused selection of tests (``PACKAGES`` below). mutmut generates
    every mutant; ``--sample N`` runs N of them per package, drawn with
    ``--seed`` (CPU is scarce: the full set takes hours).

``queries``
    A small mutator of our own for the saved queries (``queries/*.rq``):
    comparison operators (``>=`` → ``>``, ``=`` → ``!=`` ...), ``ORDER BY``
    direction, numeric bounds in ``FILTER``/``BIND`` (± 1), property paths
    (``*`` ↔ ``+``, an alternative ``a|b`` cut to one side), string tests
    (``STRSTARTS`` ↔ ``CONTAINS``), ``!BOUND`` → ``BOUND``, ``&&`` ↔ ``||`` and
    a ``COALESCE`` losing an argument. Each mutant replaces one query file and
    runs the query tests (``QUERY_TESTS``) against it.

Prints the score per package, and the survivors, which are either killed by a
new test or judged equivalent (a mutant no input can tell from the original)
and listed with the reason in ``scripts/mutation-equivalents.md``: the score is
killed / (run − equivalent). ``python`` ends with one table for every package
run: mutants generated, run, equivalent, killed, survived, score. Not part of
CI: too slow. Examples::

    python scripts/mutation.py queries --sample 40 --seed 1
    python scripts/mutation.py queries --list            # every .rq mutant, none run
    python scripts/mutation.py python --package link --sample 30
    python scripts/mutation.py python --package all --sample 60 --seed 1   # one table
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["src", "tests", "queries", "ontology", "shapes", "examples", "pyproject.toml"]

# Tests that exercise each package (mutmut runs, for each mutant, those of them that reach it).
PACKAGES: dict[str, list[str]] = {
    "extract": [  # fast: hand-made inputs and the five text samples, no rendering, no OCR, no store
        "tests/test_rules_extract.py",
        "tests/test_rules_extract_columns.py",
        "tests/test_rules_extract_tables.py",
        "tests/test_rules_extract_disclosed.py",
        "tests/test_rules_extract_reconcile.py",
        "tests/test_rules_extract_three_public.py",
        "tests/test_rules_extract_disclosure.py",
        "tests/test_rules_extract_department.py",
        "tests/test_rules_extract_narrative.py",
        "tests/test_rules_extract_text.py",
        "tests/test_rules_extract_performance.py",
        "tests/test_rules_extract_glossary.py",
        "tests/test_rules_extract_titles.py",
        "tests/test_rules_extract_records.py",
        "tests/test_rules_extract_unit_check.py",
        "tests/test_rules_extract_align.py",
        "tests/test_extract.py",
        "tests/test_matching.py",
        "tests/test_disclosure.py",
        "tests/test_disclosure_checks.py",
        "tests/test_disclosure_header.py",
        "tests/test_narrative.py",
        "tests/test_performance.py",
        "tests/test_targets.py",
        "tests/test_numbers.py",
        "tests/test_layout_rules.py",
        "tests/test_ocrfix.py",
        "tests/test_units.py",
        "--deselect=tests/test_layout_rules.py::test_stated_zeros_are_marked_in_the_store",
        "--deselect=tests/test_layout_rules.py::test_sentence_alone_gives_zero_rows_in_the_query",
    ],
    # link, validate, query: rule tests on hand-made inputs and graphs only (seconds per mutant;
    # the sample-ingesting tests take a minute each run); a glob takes new rule test files in.
    "link": ["tests/test_rules_link*.py"],
    "validate": [
        "tests/test_rules_validate*.py",
        "tests/test_validate_structure.py",
        "tests/test_quarantine.py",
        "tests/test_units_validate.py",
        "tests/test_datacube.py::test_every_rule_of_the_spec_is_there",
        "tests/test_datacube.py::test_each_rule_fires_on_a_graph_that_breaks_it",
    ],
    "query": [
        "tests/test_rules_quer*.py",
        "tests/test_rules_results.py",
        "tests/test_query_pieces.py",
        "tests/test_api_frames.py::test_column_types_follow_values",
    ],
}
# The tests a mutated saved query runs against.
QUERY_TESTS = [
    "tests/test_rules_queries.py",
    "tests/test_expected_answers.py",
    "tests/test_query_parameters.py",
]


# ------------------------------------------------------------------ the scratch copy


def scratch_copy(into: Path) -> Path:
    """A copy of what the tests need (no .git, no caches) under ``into``."""
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src, into / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".fixtures")
            )
        else:
            shutil.copy2(src, into / name)
    return into


def pytest_command(tests: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]


# ------------------------------------------------------------------ .rq mutants

# Spans a mutation must leave alone: comments, IRIs, strings. Checked in this order.
_SKIP = re.compile(r'#[^\n]*|<[^\s<>"{}|^`]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


@dataclass(frozen=True)
class RqMutant:
    query: str  # file stem
    start: int
    end: int
    replacement: str
    operator: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]

    def describe(self, text: str) -> str:
        line = text.count("\n", 0, self.start) + 1
        return (
            f"{self.query}.rq:{line} {self.operator}: {text[self.start : self.end]!r} -> {self.replacement!r}"
        )


_RULES: list[tuple[str, re.Pattern[str], list[str]]] = [
    # (operator, pattern of the token, replacements)
    ("comparison", re.compile(r">="), [">", "<"]),
    ("comparison", re.compile(r"<="), ["<", ">"]),
    ("comparison", re.compile(r"!="), ["="]),
    ("comparison", re.compile(r"(?<![<>!=])=(?!=)"), ["!="]),
    ("comparison", re.compile(r"(?<=\s)>(?=\s)"), [">=", "<"]),
    ("comparison", re.compile(r"(?<=\s)<(?=\s)"), ["<=", ">"]),
    ("logic", re.compile(r"&&"), ["||"]),
    ("logic", re.compile(r"\|\|"), ["&&"]),
    ("logic", re.compile(r"!BOUND"), ["BOUND"]),
    ("order", re.compile(r"\bDESC\("), ["ASC("]),
    ("order", re.compile(r"\bASC\("), ["DESC("]),
    ("string-test", re.compile(r"\bSTRSTARTS\("), ["CONTAINS("]),
    ("string-test", re.compile(r"\bCONTAINS\("), ["STRSTARTS("]),
    ("path", re.compile(r"(?<=[\w>])\*(?=\s)"), ["+", ""]),
    ("path", re.compile(r"(?<=[\w>])\+(?=\s)"), ["*"]),
]
_NUMBER = re.compile(r"(?<![\w.:-])\d+(?:\.\d+)?(?![\w.])")
_ORDER_BY = re.compile(r"ORDER BY([^\n]*)")
_ALTERNATIVE = re.compile(r"(\w+:\w+)\|(\w+:\w+)")
_COALESCE = re.compile(r"\bCOALESCE\(")


def _free(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` outside comments, IRIs and strings."""
    spans, pos = [], 0
    for m in _SKIP.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _in_free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def rq_mutants(name: str, text: str) -> Iterator[RqMutant]:
    """Every mutant of one query, in text order."""
    free = _free(text)
    body = text.find("SELECT")
    for operator, pattern, replacements in _RULES:
        for m in pattern.finditer(text):
            if m.start() > body and _in_free(free, m.start(), m.end()):
                for r in replacements:
                    yield RqMutant(name, m.start(), m.end(), r, operator)
    for m in _NUMBER.finditer(text):
        if m.start() > body and _in_free(free, m.start(), m.end()) and _in_expression(text, m.start()):
            value = m.group()
            step = "1" if "." not in value else "0." + "0" * (len(value.split(".")[1]) - 1) + "1"
            for sign in (1, -1):
                new = _shift(value, step, sign)
                if new is not None:
                    yield RqMutant(name, m.start(), m.end(), new, "bound")
    for m in _ORDER_BY.finditer(text):
        if not _in_free(free, m.start(), m.start() + len("ORDER BY")):
            continue
        for start, end in _order_keys(text, m.start(1), m.end(1)):
            key = text[start:end]
            if not key.startswith(("ASC(", "DESC(")):  # the direction rules above flip these
                yield RqMutant(name, start, end, f"DESC({key})", "order")
    for m in _ALTERNATIVE.finditer(text):
        if m.start() > body and _in_free(free, m.start(), m.end()):
            yield RqMutant(name, m.start(), m.end(), m.group(1), "path")
            yield RqMutant(name, m.start(), m.end(), m.group(2), "path")
    for m in _COALESCE.finditer(text):
        if not _in_free(free, m.start(), m.end()):
            continue
        end, args = _arguments(text, m.end())
        if len(args) > 2:  # drop one of the alternatives before the last (the fallback)
            for i in range(len(args) - 1):
                rest = ", ".join(a.strip() for j, a in enumerate(args) if j != i)
                yield RqMutant(name, m.start(), end, f"COALESCE({rest})", "coalesce")


def _order_keys(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The spans of the keys of an ORDER BY clause: ``?var`` or a call with its balanced arguments."""
    i = start
    while i < end:
        if text[i].isspace():
            i += 1
        elif text[i] == "?":
            j = i + 1
            while j < end and (text[j].isalnum() or text[j] == "_"):
                j += 1
            yield i, j
            i = j
        else:
            j = text.find("(", i, end)
            if j < 0:
                return
            close, _ = _arguments(text, j + 1)
            yield i, close
            i = close


def _arguments(text: str, pos: int) -> tuple[int, list[str]]:
    """The end (after the closing parenthesis) and the top-level arguments of a call opened before pos."""
    depth, args, start, i = 1, [], pos, pos
    while depth and i < len(text):
        ch = text[i]
        if ch in "\"'":  # skip a string
            i = text.index(ch, i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if not depth:
                args.append(text[start:i])
        elif ch == "," and depth == 1:
            args.append(text[start:i])
            start = i + 1
        i += 1
    return i, args


def _in_expression(text: str, pos: int) -> bool:
    """True inside FILTER( ... ) or BIND( ... ) or a HAVING: where a number is a bound."""
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos]
    return bool(re.search(r"\b(FILTER|BIND|HAVING|IF)\s*\(", line))


def _shift(value: str, step: str, sign: int) -> str | None:
    from decimal import Decimal

    new = Decimal(value) + sign * Decimal(step)
    return None if new < 0 else str(new)


def parses(query: str) -> bool:
    """True if SPARQL parses ``query`` (a mutant that does not is no bug a test must catch)."""
    import pyoxigraph as ox

    try:
        ox.Store().query(query)
    except SyntaxError:
        return False
    return True


def all_rq_mutants(folder: Path) -> list[RqMutant]:
    """Every mutant of every saved query that still parses."""
    out = []
    for p in sorted(folder.glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        out += [m for m in rq_mutants(p.stem, text) if parses(m.apply(text))]
    return out


def run_queries(
    sample: int | None, seed: int, only: list[str], listing: bool, match: list[str], tests: list[str]
) -> int:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "queries").glob("*.rq")}
    mutants = [
        m
        for m in all_rq_mutants(ROOT / "queries")
        if (not only or m.query in only)
        and (not match or any(t in m.describe(texts[m.query]) for t in match))
    ]
    if listing:
        for m in mutants:
            print(m.describe(texts[m.query]))
        print(f"{len(mutants)} mutants of {len({m.query for m in mutants})} queries")
        return 0
    drawn = random.Random(seed).sample(mutants, sample) if sample and sample < len(mutants) else mutants
    chosen = sorted(drawn, key=lambda m: (m.query, m.start))
    tests = tests or QUERY_TESTS
    print(f"{len(chosen)} of {len(mutants)} .rq mutants (seed {seed}); tests: {' '.join(tests)}")
    killed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    survivors = []
    with tempfile.TemporaryDirectory(prefix="budgetkg-mutation-") as tmp:
        work = scratch_copy(Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(work / "src")}
        clean = subprocess.run(pytest_command(tests), cwd=work, env=env, capture_output=True, text=True)
        if clean.returncode != 0:
            print("the query tests fail without any mutant:\n" + clean.stdout[-2000:])
            return 1
        for m in chosen:
            path = work / "queries" / f"{m.query}.rq"
            path.write_text(m.apply(texts[m.query]), encoding="utf-8")
            try:
                run = subprocess.run(pytest_command(tests), cwd=work, env=env, capture_output=True, text=True)
            finally:
                path.write_text(texts[m.query], encoding="utf-8")
            total[m.query] += 1
            if run.returncode != 0:
                killed[m.query] += 1
                print(f"killed   {m.describe(texts[m.query])}", flush=True)
            else:
                survivors.append(m)
                print(f"SURVIVED {m.describe(texts[m.query])}", flush=True)
    print("\nscore per query (killed / run):")
    for q in sorted(total):
        print(f"  {q:32} {killed[q]:3} / {total[q]:3}")
    n, k = sum(total.values()), sum(killed.values())
    print(f"  {'queries/*.rq':32} {k:3} / {n:3} = {100 * k / max(n, 1):.0f} %")
    return 0


# ------------------------------------------------------------------ mutmut over the packages

_RESULT = re.compile(r"^\s*([\w.]+__mutmut_\d+):\s*(\w[\w ]*)$")


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    mutmut_bin = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(mutmut_bin), *args], cwd=work, capture_output=True, text=True)


EQUIVALENTS = ROOT / "scripts" / "mutation-equivalents.md"
_EQUIVALENT = re.compile(r"^- `([\w.]+__mutmut_\d+)`")


def equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """The mutants judged equivalent (``- `name`: reason`` lines of ``path``), name → its line."""
    if not path.exists():
        return {}
    return {
        m.group(1): line
        for line in path.read_text(encoding="utf-8").splitlines()
        if (m := _EQUIVALENT.match(line))
    }


def test_selection(work: Path, tests: list[str]) -> list[str]:
    """The package's tests with globs expanded in the scratch copy (pytest receives no shell)."""
    out: list[str] = []
    for t in tests:
        path, _, node = t.partition("::")
        if any(c in path for c in "*?["):
            out += sorted(str(p.relative_to(work)) for p in work.glob(path))
        else:
            out.append(t)
    return out


@dataclass
class Score:
    """One package's sample: how many mutants mutmut made, how many ran, what became of them."""

    package: str
    total: int
    seed: int
    status: dict[str, str]  # mutant → mutmut's verdict, for the sampled mutants
    equivalent: list[str]  # sampled mutants listed in EQUIVALENTS

    @property
    def run(self) -> int:
        return sum(1 for s in self.status.values() if s != "not checked")

    @property
    def killed(self) -> int:
        return sum(1 for n, s in self.status.items() if s in KILLED and n not in self.equivalent)

    @property
    def survivors(self) -> list[str]:
        return [
            n
            for n, s in self.status.items()
            if s not in KILLED and s != "not checked" and n not in self.equivalent
        ]

    @property
    def counted(self) -> int:
        """The non-equivalent mutants that ran: the score's denominator."""
        return self.killed + len(self.survivors)


KILLED = ("killed", "timeout", "caught by type check", "segfault")


def run_package(
    package: str, sample: int | None, seed: int, keep: Path | None, known: dict[str, str]
) -> Score:
    """A sample of mutmut's mutants of one package, run against its focused tests."""
    tmp = Path(tempfile.mkdtemp(prefix=f"budgetkg-mutmut-{package}-"))
    try:
        work = scratch_copy(tmp)
        tests = test_selection(work, PACKAGES[package])
        config = (
            "\n[tool.mutmut]\n"
            'source_paths = ["src"]\n'
            f'only_mutate = ["src/budgetkg/{package}/*.py"]\n'
            f"pytest_add_cli_args_test_selection = {tests!r}\n"
            'also_copy = ["queries", "ontology", "shapes", "examples"]\n'
            # a busy machine must not pass for a mutant that loops: only a real hang times out
            "timeout_multiplier = 30.0\ntimeout_constant = 120.0\n"
            # pyoxigraph's threads make a plain fork of the process that ran the tests hang
            'process_isolation = "forkserver"\n'
        ).replace("'", '"')
        with (work / "pyproject.toml").open("a", encoding="utf-8") as f:
            f.write(config)
        # generate every mutant and the test coverage, run none of them (no name matches)
        mutmut(work, "run", "--max-children", "1", "budgetkg.none_at_all*")
        listed = mutmut(work, "results", "--all", "true").stdout.splitlines()
        names = [m.group(1) for line in listed if (m := _RESULT.match(line))]
        chosen = (
            sorted(random.Random(seed).sample(names, sample)) if sample and sample < len(names) else names
        )
        print(
            f"{package}: {len(chosen)} of {len(names)} mutants (seed {seed}); tests: {' '.join(tests)}",
            flush=True,
        )
        stale = sorted(n for n in known if n.startswith(f"budgetkg.{package}.") and n not in names)
        for n in stale:  # its function changed or went: look at the listing again
            print(f"  listed as equivalent but no longer generated: {n}")
        if chosen:
            mutmut(work, "run", "--max-children", "1", *chosen)
        status = {
            m.group(1): m.group(2).strip()
            for line in mutmut(work, "results", "--all", "true").stdout.splitlines()
            if (m := _RESULT.match(line))
        }
        score = Score(
            package,
            len(names),
            seed,
            {n: status.get(n, "not checked") for n in chosen},
            [n for n in chosen if n in known],
        )
        print(f"  {dict(Counter(score.status.values()))}")
        for n in score.equivalent:
            print(f"  equivalent {n} ({score.status[n]}): {known[n].split(':', 1)[-1].strip()}")
        for n in score.survivors:
            diff = mutmut(work, "show", n).stdout.strip().splitlines()
            print(f"  SURVIVED {n} ({score.status[n]})")
            print("    " + "\n    ".join(line for line in diff if line.startswith(("+", "-")) and
                                          not line.startswith(("+++", "---"))))  # fmt: skip
        return score
    finally:
        if keep:
            shutil.copytree(tmp, keep / package, dirs_exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)


def run_python(packages: list[str], sample: int | None, seed: int, keep: Path | None) -> int:
    known = equivalents()
    scores = [run_package(package, sample, seed, keep, known) for package in packages]
    print(
        f"\nscore per package (seed {seed}; the equivalent mutants listed in"
        f" {EQUIVALENTS.relative_to(ROOT)} are not counted):"
    )
    print(f"  {'package':10} {'mutants':>7} {'run':>4} {'equiv':>5} {'killed':>6} {'survived':>8}  score")
    for s in scores:
        print(
            f"  {s.package:10} {s.total:7} {s.run:4} {len(s.equivalent):5} {s.killed:6} {len(s.survivors):8}"
            f"  {100 * s.killed / max(s.counted, 1):.0f} %"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    rq = sub.add_parser("queries", help="mutate queries/*.rq and run the query tests against each mutant")
    rq.add_argument("--sample", type=int, help="run this many mutants, drawn at random (default: all)")
    rq.add_argument("--seed", type=int, default=1)
    rq.add_argument("--query", action="append", default=[], help="only this query (repeatable)")
    rq.add_argument("--list", action="store_true", help="list the mutants, run none")
    rq.add_argument("--match", action="append", default=[], help="only mutants whose description holds this")
    rq.add_argument("--tests", action="append", default=[], help="run these tests instead (repeatable)")
    py = sub.add_parser("python", help="mutmut over extract/, link/, validate/, query/")
    py.add_argument(
        "--package", action="append", choices=[*sorted(PACKAGES), "all"], help="(repeatable; default: all)"
    )
    py.add_argument("--sample", type=int, help="run this many mutants per package (default: all)")
    py.add_argument("--seed", type=int, default=1)
    py.add_argument("--keep", type=Path, help="keep mutmut's folders here (to inspect with mutmut browse)")
    args = parser.parse_args(argv)
    if args.what == "queries":
        return run_queries(args.sample, args.seed, args.query, args.list, args.match, args.tests)
    packages = list(PACKAGES) if not args.package or "all" in args.package else args.package
    return run_python(packages, args.sample, args.seed, args.keep)


if __name__ == "__main__":
    sys.exit(main())
