"""What the API lists from a store to shape a query, kept while the store's content stays the same."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class PerState(Generic[T]):
    """``load(store)``, listed again only when the store's state token (``store.state()``) changes.

    Equal tokens mean the same content; a store that cannot tell (None: a SPARQL server) is listed on
    every call.
    """

    def __init__(self, load: Callable[[Any], T]) -> None:
        self._load = load
        self._state: Hashable | None = None
        self._value: T | None = None

    def get(self, store: Any) -> T:
        """The value for the store's current state, listed again only when that state changed."""
        state = store.state()
        if state is None or state != self._state:  # the first call too: no store's token is None then
            self._value = self._load(store)
            self._state = state
        return cast(T, self._value)


__all__ = ["PerState"]
