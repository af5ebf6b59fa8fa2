"""Errors a reader raises for input it cannot use (a user error, not a bug)."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read as a budget document, with the reason in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
