"""Store stage: where the graphs live. The default is an on-disk pyoxigraph store."""

from .oxigraph import OxigraphStore

__all__ = ["OxigraphStore"]
