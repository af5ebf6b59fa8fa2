"""The ASGI application: routes, and the :class:`Server` state the handlers share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..query import QueryResult
from . import saved, sparql
from .cache import AnswerCache
from .config import ServeSettings
from .http import error
from .pool import WorkerPool

STATIC = Path(__file__).resolve().parent / "static"


class Server:
    """What every request handler needs: the settings, the worker pool, the saved queries."""

    def __init__(self, settings: ServeSettings, pool: WorkerPool) -> None:
        self.settings = settings
        self.pool = pool
        self.catalogue = saved.Catalogue(settings.queries)
        self.cache = AnswerCache(settings.store, entries=settings.cache_entries)

    async def run(self, job: dict[str, Any]) -> Any:
        """A job's answer (see :meth:`run_kept`)."""
        answer, _ = await self.run_kept(job)
        return answer

    async def run_kept(self, job: dict[str, Any]) -> tuple[Any, bool]:
        """A job's answer, and whether it was kept from an identical job on the same snapshot."""
        found, answer = self.cache.get(job)
        if found:
            return answer, True
        before = self.cache.snapshot()
        answer = await self.pool.run(job)
        if self.cache.snapshot() == before:  # no commit while it ran: the answer is the snapshot's
            self.cache.put(job, answer, before)
        return answer, False

    async def rows(self, text: str) -> tuple[list[str], list[list[Any]]]:
        """A SELECT's variables and rows of pyoxigraph terms (default graph: the union)."""
        variables, rows = await self.run({"op": "rows", "text": text, "max_rows": self.settings.max_rows})
        return variables, rows

    async def select(self, text: str) -> QueryResult:
        """A SELECT as the CLI's :class:`QueryResult`."""
        return saved.to_result(*await self.rows(text))

    async def describe(self, iri: str) -> list[ox.Triple]:
        """The triples whose subject is ``iri``, over all graphs."""
        triples: list[ox.Triple] = await self.run(
            {"op": "describe", "iri": iri, "max_rows": self.settings.max_rows}
        )
        return triples

    async def saved(self, name: str, params: dict[str, str]) -> QueryResult:
        """A saved query run by the API in a worker, as ``budgetkg query`` runs it (notes included)."""
        result: QueryResult = await self.run(
            {"op": "saved", "name": name, "params": params, "max_rows": self.settings.max_rows}
        )
        return result

    async def saved_page(
        self, name: str, params: dict[str, str], offset: int, limit: int
    ) -> tuple[QueryResult, int]:
        """Rows ``offset`` to ``offset + limit`` of a saved query's answer, and how many rows it has in all
        (the whole answer is worked out in the worker; only the page travels)."""
        job = {"op": "saved_page", "name": name, "params": params, "offset": offset, "limit": limit}
        page: tuple[QueryResult, int] = await self.run({**job, "max_rows": self.settings.max_rows})
        return page

    async def graph_names(self) -> list[str]:
        """The named graphs' IRIs, sorted: from the store's list of graphs, not a query (no row limit, and
        no pass over the quads)."""
        names: list[str] = await self.run({"op": "graphs", "max_rows": self.settings.max_rows})
        return names


async def not_found(request: Request, exc: Exception) -> Response:
    return error(404, f"nothing at {request.url.path}")


async def server_error(request: Request, exc: Exception) -> Response:
    return error(500, f"internal error ({type(exc).__name__})")


def create_app(settings: ServeSettings, pool: WorkerPool) -> Starlette:
    """The application over a started worker pool."""
    from . import ontology, pages, resources

    routes = [
        Route("/", pages.landing),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/queries", saved.catalogue),
        Route("/queries/{name}", saved.run_saved),
        Route("/query", pages.query_page),
        Route("/ontology", ontology.ontology),
        Route("/ontology.ttl", ontology.ontology),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *(
            [Mount("/dumps", StaticFiles(directory=settings.release), name="dumps")]
            if settings.release
            else []
        ),
        Route("/{path:path}", resources.dereference),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 500: server_error})
    app.state.server = Server(settings, pool)
    return app
