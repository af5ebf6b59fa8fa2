"""What can go wrong when a store is opened: one-line messages, never a storage engine's own."""

from __future__ import annotations


class StoreError(Exception):
    """A store cannot be used as asked; ``str()`` is one line that says what to do."""


class StoreNotFound(StoreError):
    """A command that only reads was given a path that holds no store."""


class StoreBusy(StoreError):
    """Another process is writing the store and did not finish within the wait."""


class StoreVersionError(StoreError):
    """The store was made by a budgetkg with another store format."""


class StoreReadOnly(StoreError):
    """A write was asked of a store opened for reading."""
