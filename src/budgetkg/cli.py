"""The ``budgetkg`` command: a thin click layer over :mod:`budgetkg.api`.

Exit codes: 0 ok (warnings about the data do not fail a run); 1 some input
failed (a document unreadable); 2 usage error. Errors are one line; add
``--debug`` for a traceback.
"""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from . import api, export
from .batch import text as batch_text
from .batch.catalogue import StoredDocument
from .batch.progress import BatchProgress
from .codes import commands as codes_commands
from .query import QueryNotFound, QueryResult, find_query, format_value, saved_queries
from .query.describe import help_text, listing, syntax_error
from .resources import data_dir
from .settings import DEFAULT_STORE, OCR_MODES, PDF_ENGINES, Settings
from .store import FORMAT, StoreError, StoreNotFound, StoreVersionError, is_remote, upgrade

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
Location = Path | str  # a store directory, or a SPARQL server's URL

class StoreLocation(click.ParamType):
    """A store directory, or a SPARQL server's http(s):// URL (kept as a string)."""

    name = "DIR|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if is_remote(value):
            return str(value)
        path = Path(value)
        if path.is_file():
            self.fail(f"{value} is a file: a store is a directory or a server's URL", param, ctx)
        return path


store_option = click.option(
    "--store",
    type=StoreLocation(),
    default=DEFAULT_STORE,
    show_default=True,
    help=Settings.help()["store"],
)
base_option = click.option(
    "--base-iri", default=Settings.base_iri, show_default=True, help=Settings.help()["base_iri"]
)
wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=Settings.wait,
    show_default=True,
    metavar="SECONDS",
    help=Settings.help()["wait"],
)
pdf_engine_option = click.option(
    "--pdf-engine",
    type=click.Choice(PDF_ENGINES),
    default=Settings.pdf_engine,
    show_default=True,
    help=Settings.help()["pdf_engine"],
)
verbose_option = click.option("--verbose", "-v", is_flag=True, help="Print every finding of every document.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only the failures.")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=Settings.jobs, show_default=True,
    help=Settings.help()["jobs"],
)
ocr_option = click.option(
    "--ocr",
    type=click.Choice(OCR_MODES),
    default=Settings.ocr,
    show_default=True,
    help=Settings.help()["ocr"],
)


class Context:
    """Options shared by all commands."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def open(self, store: Location, mode: str = "read", **options: Any) -> api.KnowledgeGraph:
        """The store opened for reading (refused if absent) or writing (created if absent)."""
        try:
            return api.open(store, mode=mode, debug=self.debug, **options)
        except (StoreNotFound, StoreVersionError) as e:
            fail(str(e), EXIT_USAGE)
        except StoreError as e:
            fail(str(e), EXIT_INPUT)
        except OSError as e:
            fail(f"cannot open store {store}: {e.strerror or e}", EXIT_USAGE)
        except ValueError as e:
            fail(str(e), EXIT_USAGE)
        raise AssertionError("unreachable")


def _run(obj: Context, action: Any, *args: Any, **kwargs: Any) -> Any:
    """Call an API action that writes; a store that cannot be written is one line and exit 1."""
    try:
        return action(*args, **kwargs)
    except StoreError as e:
        if obj.debug:
            raise
        fail(str(e), EXIT_INPUT)


def fail(message: str, code: int) -> None:
    """Print one error line and exit with ``code``."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group()
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.version_option(package_name="budgetkg")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn Chinese department budgets (部门预算) into a queryable knowledge graph.

    \b
    Example:
        budgetkg ingest examples/documents
        budgetkg query departments --format csv
    """
    ctx.obj = Context(debug)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@base_option
@pdf_engine_option
@ocr_option
@wait_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@verbose_option
@quiet_option
@click.option("--force", is_flag=True, help="Ingest files again even when stored unchanged (same checksum).")
@click.option(
    "--replace", is_flag=True,
    help="Keep only the new file when another stored file has the same department and year.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0), default=Settings.document_timeout, show_default=True,
    help=Settings.help()["document_timeout"],
)
@click.option(
    "--max-pages", type=click.IntRange(min=0), default=Settings.max_pages, show_default=True,
    help=Settings.help()["max_pages"],
)
@click.option(
    "--memory-mb", type=click.IntRange(min=0), default=Settings.memory_limit_mb, show_default=True,
    help=Settings.help()["memory_limit_mb"],
)
@click.option("--password", default=None, help=Settings.help()["pdf_password"])
@jobs_option
@click.pass_obj
def ingest(
    obj: Context, paths: tuple[Path, ...], store: Location, base_iri: str, pdf_engine: str, ocr: str,
    wait: float, fmt: str, verbose: bool, quiet: bool, force: bool, replace: bool, timeout: float,
    max_pages: int, memory_mb: int, password: str | None, jobs: int,
) -> None:
    """Read, extract and store budget documents (files or folders).

    Prints one line per document and a summary; a file that cannot be read
    is reported (last, on stderr) and the others are still ingested; the
    exit code is then 1. A file stored before with the same checksum is
    skipped (--force ingests it again). Each document has limits on time,
    pages and memory: one over a limit fails alone. A table whose extraction
    breaks a structural rule is dropped and the rest of its document stored
    (`partial`); the exit code is then 1 too. --jobs N prepares N documents
    at a time in worker processes; the store is the same as with one.

    \b
    Example:
        budgetkg ingest examples/documents --store budgetkg-data
    """
    if verbose and quiet:
        fail("--verbose and --quiet exclude each other", EXIT_USAGE)
    limits = {"document_timeout": timeout, "max_pages": max_pages, "memory_limit_mb": memory_mb,
              "pdf_password": password}
    options = {"base_iri": base_iri, "pdf_engine": pdf_engine, "ocr": ocr, "wait": wait, "jobs": jobs,
               **limits}
    with obj.open(store, "write", **options) as kg:
        if fmt == "json":
            report = _run(obj, kg.ingest, list(paths), force=force, replace=replace)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            report = _ingest_text(obj, kg, list(paths), store, verbose, quiet, force=force, replace=replace)
    sys.exit(EXIT_OK if report.ok else EXIT_INPUT)


def _ingest_text(
    obj: Context,
    kg: api.KnowledgeGraph, paths: list[Path], store: Location, verbose: bool, quiet: bool, **options: bool
) -> api.IngestReport:
    """Ingest with a line per document as it finishes (and a bar on a terminal), then the summary."""
    with BatchProgress("ingest", enabled=None if not quiet else False) as bar:

        def progress(done: int, total: int, d: api.DocumentResult | None) -> None:
            bar.update(done, total)
            if d is not None and not quiet:
                bar.echo(batch_text.document_line(d))
                if verbose:
                    for line in batch_text.document_details(d):
                        bar.echo(line)

        report = _run(obj, kg.ingest, paths, progress=progress, **options)
    _print_summary(report, kg, store, verbose, quiet)
    return report


def _print_summary(
    report: api.IngestReport,
    kg: api.KnowledgeGraph,
    store: Location,
    verbose: bool = False,
    quiet: bool = False,
) -> None:
    if not quiet:
        for line in batch_text.ingest_summary(report, str(store), kg.document_count(), verbose):
            click.echo(line)
    for line in batch_text.failure_lines(report):
        click.echo(f"Error: {line}", err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--older", is_flag=True, help="Only those an older budgetkg stored (to ingest again with --force)."
)
@click.option(
    "--no-counts", "no_counts", is_flag=True,
    help="Leave out each document's triples and findings: counting them reads every quad of the store "
    "(about 6 s per 1,000 departments).",
)
@click.pass_obj
def documents(obj: Context, store: Location, fmt: str, older: bool, no_counts: bool) -> None:
    """List the stored documents: file, department, year, status, triples, findings, ingested at, checksum.

    Scanned documents also show how OCR read them (pages, figures corrected, sums still failing), and
    documents an older budgetkg stored the index version they were built with.

    \b
    Example:
        budgetkg documents --store budgetkg-data
        budgetkg documents --older --format json --store budgetkg-data
        budgetkg documents --no-counts --store national-kg
    """
    with obj.open(store, "read") as kg:
        stored = kg.documents(older=older, counts=not no_counts)
    if fmt == "json":
        click.echo(json.dumps([d.to_dict() for d in stored], ensure_ascii=False, indent=2))
        return
    columns = ["file", "department", "year", "status", "triples", "findings", "ingested_at", "checksum"]
    if no_counts:
        columns = [c for c in columns if c not in ("triples", "findings")]
    rows = [
        [d.path or d.file, *(getattr(d, c) for c in columns[1:-1]), (d.checksum or "")[:16]] for d in stored
    ]
    if any(d.ocr for d in stored):  # scanned documents: how OCR read them
        columns.append("ocr")
        rows = [[*row, d.ocr_text()] for row, d in zip(rows, stored, strict=True)]
    if any(d.older_index() for d in stored):  # some stored by an older budgetkg
        columns.append("index_version")
        rows = [[*row, _version_text(d)] for row, d in zip(rows, stored, strict=True)]
    click.echo(_table(QueryResult(columns=columns, rows=rows)), nl=False)


def _version_text(d: StoredDocument) -> str:
    """A document's index version in the listing: older ones say how to build them again."""
    if not d.older_index():
        return "" if d.index_version is None else str(d.index_version)
    return f"{'none' if d.index_version is None else d.index_version} (older: ingest --force)"


@cli.command()
@click.argument("names", nargs=-1, required=True)
@store_option
@wait_option
@click.pass_obj
def remove(obj: Context, names: tuple[str, ...], store: Location, wait: float) -> None:
    """Remove stored documents, named by file name, path or checksum prefix (see `budgetkg documents`).

    \b
    Example:
        budgetkg remove 000_db2ff66d22e413a4.txt --store budgetkg-data
    """
    with obj.open(store, "write", wait=wait) as kg:
        try:
            removed = _run(obj, kg.remove, list(names))
        except api.DocumentNotFound as e:
            fail(str(e), EXIT_USAGE)
            return
        left = kg.document_count()
    for d in removed:
        click.echo(f"removed {d.path or d.file}  {d.department or ''} {d.year or ''}".rstrip())
    click.echo(f"{batch_text.plural(len(removed), 'document')} removed; {left} stored")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for NAME.nq (the document's graph) and NAME.json (its report).")  # fmt: skip
@base_option
@pdf_engine_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@jobs_option
@click.option("--dask", "scheduler", default=None, metavar="SCHEDULER",
              help="Spread the documents over a Dask distributed cluster (tcp://HOST:8786); its workers "
              "must see the files. Needs budgetkg[dask].")  # fmt: skip
@click.pass_obj
def convert(
    obj: Context, paths: tuple[Path, ...], out: Path, base_iri: str, pdf_engine: str, fmt: str, jobs: int,
    scheduler: str | None,
) -> None:
    """Convert documents to N-Quads files as ingest would store them, with no store.

    Each document becomes OUT/NAME.nq (its named graph) and OUT/NAME.json (its
    report), so any batch system can convert files anywhere; `budgetkg load OUT`
    then fills a store. Exit code 1 when a file failed or was converted partial.

    \b
    Example:
        budgetkg convert examples/documents --out converted/
        budgetkg load converted/ --store budgetkg-data
    """
    from .batch.spread import DaskError

    try:
        with BatchProgress("convert", enabled=None if fmt == "text" else False) as bar:
            report = api.convert(list(paths), out, base_iri=base_iri, pdf_engine=pdf_engine, debug=obj.debug,
                                 jobs=jobs, dask=scheduler, progress=lambda n, total, _: bar.update(n, total))
    except DaskError as e:
        fail(str(e), EXIT_USAGE)
    except OSError as e:
        fail(f"cannot write to {out}: {e.strerror or e}", EXIT_USAGE)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for d in report.documents:
            if d.ok:
                word = "ok   " if d.status == "ok" else d.status
                click.echo(f"{word} {d.path}: {d.department} {d.year or ''}, {d.triples} triples")
            else:
                click.echo(f"Error: {d.path}: {d.error}", err=True)
        n_ok = len(report.documents) - len(report.failed)
        click.echo(f"{n_ok} of {len(report.documents)} documents converted into {out}")
    sys.exit(EXIT_OK if report.ok else EXIT_INPUT)


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@store_option
@wait_option
@click.pass_obj
def load(obj: Context, folder: Path, store: Location, wait: float) -> None:
    """Load documents `budgetkg convert` wrote (FOLDER/*.nq) into a store, as ingest would store them.

    Codes are learned in file-name order; an embedded store is filled with
    the bulk loader, a server with one Graph Store PUT per document. A
    document loaded again replaces its graph.

    \b
    Example:
        budgetkg load converted/ --store http://127.0.0.1:7878
    """
    from .converted import LoadError

    with obj.open(store, "write", wait=wait) as kg:
        try:
            graphs = _run(obj, kg.load, folder)
        except LoadError as e:
            fail(str(e), EXIT_INPUT)
        held = batch_text.plural(kg.document_count(), "document")
        click.echo(f"loaded {len(graphs)} documents from {folder}; store holds {held}")


@cli.command()
@click.argument("name")
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind a query parameter.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *export.FORMATS]),
    default="table",
    show_default=True,
    help="xlsx and parquet need --output.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option(
    "--threads", type=click.IntRange(min=1), default=None, help=Settings.help()["query_threads"]
)
@click.pass_obj
def query(
    obj: Context,
    name: str,
    store: Location,
    params: tuple[str, ...],
    fmt: str,
    output: Path | None,
    threads: int | None,
) -> None:
    """Run a saved query (see `budgetkg queries`) or a .rq file.

    \b
    Examples:
        budgetkg query projects --param department=聊城 --format csv
        budgetkg query projects-by-function --param function=公益性岗位补贴
        budgetkg query department-profile --format xlsx --output profile.xlsx
    """
    if fmt in export.BINARY_FORMATS and output is None:
        fail(f"--format {fmt} writes a binary file: add --output FILE", EXIT_USAGE)
    options = {} if threads is None else {"query_threads": threads}
    result = _select(obj, store, name, _params(params), **options)
    _answer(result, fmt, output)


def _answer(result: QueryResult, fmt: str, output: Path | None) -> None:
    """Print a result, or write it to ``output`` and say so; notes go to stderr."""
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if output:
        _writable(output)
        if fmt == "table":
            output.write_text(_table(result), encoding="utf-8")
        else:
            export.export(result, fmt, output)
        click.echo(f"wrote {output} ({len(result.rows)} rows, {fmt})")
    elif fmt != "table":
        text = export.render(result, fmt)
        click.echo(text, nl=not text.endswith("\n"))
    else:
        _show_table(result)


def _writable(output: Path) -> None:
    """Create the output's folder if missing; a folder that cannot be made is one line, exit 2."""
    blocker = next((p for p in output.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        fail(f"cannot write {output}: {blocker} is a file, not a folder", EXIT_USAGE)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}", EXIT_USAGE)


def _show_table(result: QueryResult) -> None:
    """The table; longer than the terminal: paged on a terminal, else a hint to use --format csv."""
    text = _table(result)
    height = shutil.get_terminal_size().lines
    if text.count("\n") <= height:
        click.echo(text, nl=False)
    elif sys.stdout.isatty():
        click.echo_via_pager(text)
    else:
        click.echo(text, nl=False)
        click.echo(
            f"note: {len(result.rows)} rows are more than a screen: --format csv (or json, xlsx) "
            "keeps every cell whole",
            err=True,
        )


def _params(params: tuple[str, ...]) -> dict[str, str]:
    """``KEY=VALUE`` options as a dict (a bad one is a usage error)."""
    bound = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            fail(f"--param wants KEY=VALUE, got {p!r}", EXIT_USAGE)
        bound[key] = value
    return bound


def _select(obj: Context, store: Location, name: str, params: dict[str, str], **options: Any) -> QueryResult:
    """Run a saved query; unknown queries, parameters and syntax errors are usage errors."""
    with obj.open(store, **options) as kg:
        try:
            return kg.select(name, **params)
        except (QueryNotFound, api.ParameterError) as e:
            fail(str(e), EXIT_USAGE)
        except SyntaxError as e:
            fail(f"{name}: {syntax_error(e, kg.saved_query(name).text)}", EXIT_USAGE)
    raise AssertionError("unreachable")


def _table(result: QueryResult) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in result.columns:
        table.add_column(c)
    for r in result.rows:
        table.add_row(*(format_value(v) for v in r))
    console = Console(width=200, record=True, file=open(__import__("os").devnull, "w"))
    console.print(table)
    return console.export_text() + f"{len(result.rows)} rows\n"


@cli.command()
@click.argument("name", required=False)
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind a query parameter.")
@click.option("--format", "fmt", type=click.Choice(["png", "svg"]), help="Default: from --output, else png.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: NAME.png here."
)
@click.pass_obj
def chart(
    obj: Context,
    name: str | None,
    store: Location,
    params: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
) -> None:
    """Draw a chart of a saved query's answer, with Chinese labels (PNG or SVG).

    Without NAME, lists the charts.

    \b
    Examples:
        budgetkg chart function-across-departments --param function=20807
        budgetkg chart spending-by-function --output spending.svg
        budgetkg chart three-public-expenses-change
    """
    from . import charts

    if name is None:
        for chart_name, title in charts.chart_names():
            click.echo(f"{chart_name:32} {title}")
        return
    output = output or Path(f"{name}.{fmt or 'png'}")
    with obj.open(store) as kg:
        try:
            drawn = charts.render_chart(kg, name, output, fmt, **_params(params))
        except (charts.ChartError, QueryNotFound, api.ParameterError) as e:
            fail(str(e), EXIT_USAGE)
    click.echo(f"wrote {drawn.path} ({drawn.rows} rows, font {drawn.font.name})")


@cli.command()
@click.argument("name", required=False)
def queries(name: str | None) -> None:
    """List the saved queries; with NAME, show its columns, parameters and an example.

    \b
    Examples:
        budgetkg queries
        budgetkg queries projects-by-function
    """
    try:
        click.echo(help_text(find_query(name)) if name else listing(saved_queries()), nl=False)
    except QueryNotFound as e:
        fail(str(e), EXIT_USAGE)


@cli.command()
@click.argument("text")
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", *export.FORMATS]), default="table", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.pass_obj
def sparql(obj: Context, text: str, store: Location, fmt: str, output: Path | None) -> None:
    """Run your own SPARQL SELECT over every document (prefixes of `budgetkg schema` predeclared).

    \b
    Example:
        budgetkg sparql 'SELECT ?p ?amount WHERE { ?p a bkg:Project ; bkg:amount ?amount }'
    """
    if fmt in export.BINARY_FORMATS and output is None:
        fail(f"--format {fmt} writes a binary file: add --output FILE", EXIT_USAGE)
    with obj.open(store) as kg:
        try:
            result = kg.select_sparql(text)
        except SyntaxError as e:
            fail(syntax_error(e, text), EXIT_USAGE)
    _answer(result, fmt, output)


@cli.command()
@store_option
@click.pass_obj
def schema(obj: Context, store: Location) -> None:
    """List the ontology's classes and properties: labels (zh, en) and an example triple from the store.

    \b
    Example:
        budgetkg schema --store budgetkg-data
    """
    from .schema import describe_schema

    has_store = is_remote(store) or (Path(store) / "budgetkg-store.json").exists()
    kg = obj.open(store) if has_store else None
    click.echo(describe_schema(kg), nl=False)


@cli.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text", show_default=True,
    help="text for people, json for programs, ttl for the SHACL report graph.",
)
@click.option(
    "--tolerance", type=str, default=str(Settings.rounding_tolerance), show_default=True,
    help=Settings.help()["rounding_tolerance"],
)
@click.option("--save/--no-save", default=True, show_default=True, help="Replace the stored findings.")
@verbose_option
@quiet_option
@wait_option
@click.pass_obj
def validate(
    obj: Context, store: Location, fmt: str, tolerance: str, save: bool, verbose: bool, quiet: bool,
    wait: float,
) -> None:
    """Validate the stored documents again: structure, arithmetic, codes.

    Violations (a broken graph: an extraction bug) make the exit code 1;
    Warnings (a published figure that does not reconcile) and Infos (a
    rounding difference) do not. Text output is one line per document and a
    summary; --verbose prints every finding, --quiet only broken documents.

    \b
    Example:
        budgetkg validate --format json > report.json
    """
    try:
        tol = Decimal(tolerance)
    except ArithmeticError:
        fail(f"--tolerance wants a number of 万元, got {tolerance!r}", EXIT_USAGE)
    if verbose and quiet:
        fail("--verbose and --quiet exclude each other", EXIT_USAGE)
    with obj.open(store, "write" if save else "read", rounding_tolerance=tol, wait=wait) as kg:
        if fmt != "text" or verbose:
            report = _run(obj, kg.validate, save=save)
        else:
            with BatchProgress("validate") as bar:

                def progress(done: int, total: int, d: Any) -> None:
                    bar.update(done, total)
                    if d is not None and (not quiet or not d.conforms):
                        bar.echo(batch_text.validation_line(d))

                report = _run(obj, kg.validate, save=save, progress=progress)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "ttl":
        click.echo(report.to_turtle(), nl=False)
    elif verbose:
        click.echo(report.to_text(), nl=False)
    elif not quiet:
        for line in batch_text.validation_summary(report, str(store), save):
            click.echo(line)
    sys.exit(EXIT_OK if report.conforms else EXIT_INPUT)


@cli.command()
@store_option
@click.pass_obj
def demo(obj: Context, store: Location) -> None:
    """Ingest the bundled sample budgets into a fresh store and answer a question.

    The store directory is emptied first.
    """
    if is_remote(store):
        fail("demo fills an embedded store it empties first: give a directory, not a server", EXIT_USAGE)
    store = Path(store)
    if store.exists():
        shutil.rmtree(store)
    samples = data_dir("examples")
    click.echo(f"Ingesting the sample budgets in {samples} into {store}/ ...")
    with obj.open(store, "write") as kg:
        report = _ingest_text(obj, kg, [samples], store, verbose=False, quiet=False)
        departments = kg.select("departments")
        rows = kg.select("projects").rows
        headline = kg.select("projects-by-function", function="公益性岗位补贴")
    click.echo("\nDepartments and their published totals (万元):")
    click.echo(_table(departments))
    click.echo("Projects per department (saved query `projects`):")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    for dept, n in counts.items():
        click.echo(f"  {dept}: {n} projects")
    click.echo("\nEvery project paid from 2080705 公益性岗位补贴 (saved query `projects-by-function`):")
    click.echo(_table(headline))
    click.echo("Try: budgetkg queries   (then: budgetkg query NAME --param KEY=VALUE --format csv)")
    sys.exit(EXIT_OK if report.ok else EXIT_INPUT)


@cli.command(name="inspect")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rows", "max_rows", type=int, default=None, help="Show at most this many rows per table.")
@click.option("--boxes", is_flag=True, help="Show each non-empty cell's bounding box (PDF points).")
@click.option("--width", type=int, default=160, show_default=True, help="Clip lines to this many characters.")
@pdf_engine_option
@ocr_option
def inspect_document(
    path: Path, max_rows: int | None, boxes: bool, width: int, pdf_engine: str, ocr: str
) -> None:
    """Show what the reader saw in a document: headings, paragraphs, tables and their cells.

    \b
    Example:
        budgetkg inspect budget.pdf --rows 5
    """
    from .inspect import describe
    from .read import ReadError, read_document

    try:
        doc = read_document(path, pdf_engine, ocr=ocr)
    except ReadError as e:
        fail(str(e), EXIT_INPUT)
        return
    click.echo(describe(doc, width=width, max_rows=max_rows, boxes=boxes), nl=False)


@cli.command()
@click.argument("store", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE)
@click.option("--upgrade", "upgrade_old", is_flag=True, help="Convert a store of the old format 1 in place.")
@click.pass_obj
def init(obj: Context, store: Location, upgrade_old: bool) -> None:
    """Create an empty store (ingest creates one too); --upgrade converts an old store.

    On an existing store, builds its text index (for projects-search) if it is
    missing or stale.

    Commands that only read (query, chart, validate --no-save) refuse a path
    that holds no store, so a typo never answers with an empty table.

    \b
    Example:
        budgetkg init budgetkg-data
    """
    if upgrade_old:
        if is_remote(store):
            fail("--upgrade converts an embedded store's directory", EXIT_USAGE)
        try:
            changed = upgrade(Path(store))
        except StoreError as e:
            fail(str(e), EXIT_USAGE)
        click.echo(f"upgraded {store} to store format {FORMAT}" if changed else f"{store} needs no upgrade")
        return
    with obj.open(store, "write") as kg:
        kg.update_text_index()  # an existing store's text index is built if missing or stale
        click.echo(f"store {store} ready: {batch_text.plural(kg.document_count(), 'document')}")
        older = kg.older_documents()
        if older:
            click.echo(
                f"{older} documents were stored by an older budgetkg, without all of what ingest now "
                f"indexes: `budgetkg documents --older --store {store}` lists them, `budgetkg ingest FILES "
                "--force` stores them again"
            )


def _serve_option(name: str, kind: type) -> Any:
    """An option of ``serve`` with the default and help of :class:`~budgetkg.server.ServeSettings`."""
    from .server.config import ServeSettings

    default = getattr(ServeSettings, name)
    flag = "--" + name.replace("_", "-")
    return click.option(flag, type=kind, default=default, show_default=True, help=ServeSettings.help()[name])


@cli.command()
@store_option
@_serve_option("host", str)
@_serve_option("port", int)
@base_option
@_serve_option("timeout", float)
@_serve_option("max_rows", int)
@_serve_option("max_body", int)
@_serve_option("workers", int)
@_serve_option("cache_entries", int)
@_serve_option("kept_rows", int)
@click.option(
    "--release",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A `budgetkg publish` folder to serve at /dumps/ (where VoID and DCAT say it is).",
)
def serve(**options: Any) -> None:
    """Serve the store on the web: SPARQL endpoint, saved queries, pages, cool URIs.

    \b
    Example:
        budgetkg serve --store budgetkg-data --port 8000
    """
    from .server import ServeSettings
    from .server import serve as run_server

    try:
        settings = ServeSettings(**options)
        run_server(settings, announce=lambda line: click.echo(line))
    except (ValueError, OSError, RuntimeError) as e:
        fail(f"cannot serve {options['store']}: {e}", EXIT_USAGE)


@cli.command()
@click.option(
    "--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Release folder."
)
@store_option
@base_option
@click.option(
    "--license",
    "license_iri",
    default="https://creativecommons.org/licenses/by/4.0/",
    show_default=True,
    help="License IRI of the dataset and its distributions.",
)
def publish(out: Path, store: Path, base_iri: str, license_iri: str) -> None:
    """Write a static linked-data release: dumps, Turtle per document, ontology, VoID, DCAT, SHA256SUMS.

    Publishing the same store twice gives byte-identical files.

    \b
    Example:
        budgetkg publish --out release --store budgetkg-data
    """
    from .publish import PublishError
    from .publish import publish as make_release
    from .store import StoreError

    try:
        release = make_release(store, out, base_iri, license_iri)
    except (PublishError, StoreError, OSError) as e:
        fail(str(e), EXIT_USAGE)
        return
    click.echo(
        f"published {release.quads} quads in {len(release.graphs)} graphs: "
        f"{len(release.files) + 1} files in {out}"
    )


cli.add_command(codes_commands.codes)
cli.add_command(codes_commands.ontology)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point that turns click usage errors into exit code 2."""
    cli()
