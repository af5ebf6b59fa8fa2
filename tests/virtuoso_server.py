"""A throwaway Virtuoso server for the optional tests (Debian's ``virtuoso-opensource``) on loopback ports.

Each instance gets its own ``virtuoso.ini`` and database in a temp directory,
so nothing of a system-wide Virtuoso (``/var/lib/virtuoso-opensource-7``) is
used or touched. Writes go through the unauthenticated endpoints, which a
fresh database keeps read-only: the fixture gives the ``SPARQL`` user (whom
those endpoints run as) the ``SPARQL_UPDATE`` role, through ``isql`` with the
fresh database's default ``dba`` password.
The instance listens on 127.0.0.1 only and is deleted after the tests.

The store URL it yields names Virtuoso's endpoints::

    http://127.0.0.1:PORT?query=/sparql&update=/sparql&store=/sparql-graph-crud
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .oxigraph_server import free_port, wait_until_answering

ENABLE = "BUDGETKG_VIRTUOSO"  # the optional tests run only with this set to 1
ENDPOINTS = "query=/sparql&update=/sparql&store=/sparql-graph-crud"
_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'  # enough for Graph Store PUT and DELETE

# what the tests need of a server holding five documents; everything else is Virtuoso's default
_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
CaseMode           = 2
DirsAllowed        = ., {dir}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {dir}
ServerThreads = 4
Charset       = UTF-8

[SPARQL]
; no row cap and no time cap: a capped answer would be a silently partial one
ResultSetMaxRows           = 0
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
"""


def binaries() -> tuple[str, str] | None:
    """The server and its isql client (Debian names first, then upstream's), or None if not installed."""
    server = shutil.which("virtuoso-t") or shutil.which("virtuoso")
    if not server:
        return None
    isql = shutil.which("isql-vt") or shutil.which("isql", path=str(Path(server).parent))
    if not isql or (Path(isql).name == "isql" and not shutil.which("virtuoso")):
        return None  # Debian's plain isql is unixODBC's, not Virtuoso's
    return server, isql


def skip_reason() -> str | None:
    """Why the optional Virtuoso tests do not run here, or None if they do."""
    if os.environ.get(ENABLE) != "1":
        return f"optional: set {ENABLE}=1 to run against Virtuoso (README: Scaling up, Virtuoso)"
    if binaries() is None:
        return "Virtuoso is not installed: apt-get install virtuoso-opensource"
    return None


@contextmanager
def virtuoso_server(data: Path) -> Iterator[str]:
    """Start Virtuoso with its database in ``data``; yields its store URL; stops it after."""
    found = binaries()
    if found is None:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource")
    server, isql = found
    sql_port, http_port = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(_INI.format(dir=data, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen(
        [server, "-f", "-c", str(ini)], cwd=data, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{http_port}"

    def failed() -> str:
        log = data / "virtuoso.log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        return f"Virtuoso did not start: {tail}"

    try:  # a fresh database takes ~10 s to create
        wait_until_answering(f"{base}/sparql?query=ASK%7B%7D", proc, 120, failed, poll=0.2)
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={_GRANTS}"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        said = grant.stdout + grant.stderr
        if grant.returncode != 0 or "Error" in said:
            raise RuntimeError(f"Virtuoso: granting SPARQL update failed: {said[-500:]}")
        yield f"{base}?{ENDPOINTS}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
