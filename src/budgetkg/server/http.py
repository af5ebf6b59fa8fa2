"""Small HTTP helpers: one-line error answers and bounded request bodies."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from .guard import Refused


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A one-line plain-text error (never a traceback or a path)."""
    return PlainTextResponse(message.splitlines()[0] + "\n", status_code=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or :class:`Refused` (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"request body larger than the server's limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"request body larger than the server's limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
