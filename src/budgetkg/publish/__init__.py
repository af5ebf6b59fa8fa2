"""``budgetkg publish``: a static linked-data release of the store (dumps, VoID, DCAT, checksums)."""

from .release import PublishError, Release, publish

__all__ = ["PublishError", "Release", "publish"]
