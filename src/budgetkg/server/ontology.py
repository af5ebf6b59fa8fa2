"""The ontology at its IRI's path (/ontology): pyLODE HTML for browsers, the Turtle file otherwise.

The ontology uses hash IRIs (``…/ontology#Department``), so a browser asks
for ``/ontology`` and lands on the term's anchor in the HTML documentation
(``budgetkg ontology docs``), built once on first request and kept in memory.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..ontology import build_docs, ontology_files
from . import formats

_cache: dict[str, str] = {}
_lock = asyncio.Lock()


def _build() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return build_docs(Path(tmp) / "index.html").read_text(encoding="utf-8")


async def ontology(request: Request) -> Response:
    fmt = formats.choose(
        request.headers.get("accept"), request.query_params.getlist("format"), ["html", "turtle"], "html"
    )
    if request.url.path.endswith(".ttl"):
        fmt = "turtle"
    if fmt == "turtle":
        data = b"".join(p.read_bytes() for p in ontology_files())
        return Response(data, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    async with _lock:
        if "html" not in _cache:
            _cache["html"] = await asyncio.to_thread(_build)
    return HTMLResponse(_cache["html"], headers={"Vary": "Accept"})
