"""Commands for the code lists and the ontology (mounted on the ``budgetkg`` CLI).

\b
    budgetkg codes seed examples/documents       # rebuild ontology/codelists/{function,econ,gov-econ}.ttl
    budgetkg codes import 2024科目.xlsx --scheme function --store budgetkg-data
    budgetkg ontology docs --output docs/ontology/index.html
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..settings import DEFAULT_STORE
from .graph import load_registry, save_registry
from .importer import CodeListError, import_list
from .schemes import _cached
from .seed import seed


@click.group()
def codes() -> None:
    """The classification code lists (SKOS concept schemes in ontology/codelists)."""


@codes.command("seed")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Code-list folder to write (default: the project's ontology/codelists).",
)
def seed_command(paths: tuple[Path, ...], folder: Path | None) -> None:
    """Rebuild the numeric code lists from the official sources and these documents.

    \b
    Example:
        python -m budgetkg.codes seed examples/documents
    """
    report = seed(list(paths), folder)
    _cached.cache_clear()
    for name, n in report.files.items():
        click.echo(f"wrote {name}: {n} concepts")
    for c in report.conflicts:
        click.echo(f"conflict: {c.scheme} {c.code} printed as {c.printed!r} in {c.source}; kept {c.kept!r}")
    click.echo(f"{len(report.documents)} documents read, {len(report.conflicts)} conflicts recorded")


@codes.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scheme", required=True, help="Code list to import into: function, econ, gov-econ ...")
@click.option(
    "--store", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE, show_default=True,
    help="Store whose code graph receives the list.",
)
def import_command(file: Path, scheme: str, store: Path) -> None:
    """Import an official code list (CSV or XLSX with code and name columns) into a store.

    New codes are added with their parents; a code already listed under
    another name keeps its first name and the conflict is recorded.

    \b
    Example:
        budgetkg codes import 2024政府收支分类科目.xlsx --scheme function
    """
    from ..store import OxigraphStore

    db = OxigraphStore(store)
    try:
        with db.writing():
            registry = load_registry(db)
            update = import_list(registry, file, scheme)
            save_registry(db, registry)
    except CodeListError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    finally:
        db.close()
    named = sum(1 for c in update.concepts if c.label)
    click.echo(f"{file.name}: {named} codes added to {scheme}, {len(update.conflicts)} conflicts recorded")
    for c in update.conflicts:
        click.echo(f"conflict: {c.code} listed as {c.printed!r}; kept {c.kept!r}")


@click.group()
def ontology() -> None:
    """The budgetkg ontology (ontology/budgetkg.ttl)."""


@ontology.command("docs")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/ontology/index.html"), show_default=True,
)
def docs_command(output: Path) -> None:
    """Generate the ontology's HTML documentation (pyLODE).

    \b
    Example:
        budgetkg ontology docs --output docs/ontology/index.html
    """
    from ..ontology import build_docs

    path = build_docs(output)
    click.echo(f"wrote {path}")
