"""The SPARQL servers the remote-store tests run against: Oxigraph always, Virtuoso when asked.

A module-scoped fixture parametrised with :data:`SERVERS` runs a whole test
module once per server; the Virtuoso run carries the ``virtuoso`` marker
(``pytest -m virtuoso`` selects it alone) and is skipped, with the reason,
unless ``BUDGETKG_VIRTUOSO=1`` and the binary is installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .oxigraph_server import oxigraph_server
from .virtuoso_server import skip_reason, virtuoso_server

SERVERS = ["oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)]


def start_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the server ``request.param`` names in a temp directory; yields its store URL."""
    name = request.param
    if name == "virtuoso" and (reason := skip_reason()):
        pytest.skip(reason)
    start = virtuoso_server if name == "virtuoso" else oxigraph_server
    with start(tmp_path_factory.mktemp(name)) as url:
        yield url
