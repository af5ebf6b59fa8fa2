"""``budgetkg serve``: the graph on the web (SPARQL endpoint, saved queries, pages, cool URIs).

Start with :func:`serve`; :func:`budgetkg.server.app.create_app` builds the ASGI
application for another server.
"""

from __future__ import annotations

from .config import ServeSettings

__all__ = ["ServeSettings", "serve"]


def serve(settings: ServeSettings, announce: object = print) -> None:
    """Run the server until Ctrl-C: start the query workers, listen, print where."""
    import socket
    import sys

    import uvicorn

    from .app import create_app
    from .pool import WorkerPool

    queries = str(settings.queries) if settings.queries else None
    pool = WorkerPool(str(settings.store), settings.workers, settings.timeout, queries, settings.kept_rows)
    pool.start()
    try:
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets; without it a kept-alive
        # connection waits ~40 ms (Nagle + delayed ACK) for every response after the first
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host, settings.port))
        sock.listen(2048)  # accept connections from the moment the address is printed
        host, port = sock.getsockname()[:2]
        app = create_app(settings, pool)
        config = uvicorn.Config(app, log_level="warning", proxy_headers=True, timeout_graceful_shutdown=5)
        shown = f"[{host}]" if ":" in host else host
        announce(  # type: ignore[operator]
            f"budgetkg serving {settings.store} at http://{shown}:{port}/ "
            f"(SPARQL endpoint http://{shown}:{port}/sparql); Ctrl-C stops"
        )
        sys.stdout.flush()  # a supervisor or test reading a pipe learns the port now
        try:
            uvicorn.Server(config).run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down gracefully
            pass
    finally:
        pool.close()
