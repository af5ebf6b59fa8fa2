"""Converting documents elsewhere than one after another here: worker processes, or a Dask cluster.

Each is a *converter* for :func:`~budgetkg.converted.convert_documents`: it
takes the files and yields ``(index, Converted)`` as documents finish, in any
order; the caller writes each document's files. Converting a document needs
nothing from the others (code conflicts are settled by ``load``), so the
documents can go anywhere.

- :func:`in_workers`: ``convert --jobs N``, N forked workers under the
  per-document time and memory limits (:mod:`.pool`);
- :func:`on_dask`: ``convert --dask SCHEDULER``, the documents spread over a
  Dask distributed cluster (the optional extra ``budgetkg[dask]``). The
  workers read the files by the paths given, so they must see the same
  files (a shared file system); the results come back to this process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..codes import load_registry
from .pool import Pool
from .worker import Stopped, memory_error


def in_workers(kg: Any, jobs: int, limits: tuple[float, int], stderr: bool = False) -> Any:
    """A converter running ``jobs`` documents at a time in worker processes, each under ``limits``."""
    from ..converted import Converted, convert_one

    seed = load_registry()
    _ = kg.validator  # loaded once here, shared with the workers

    def convert(paths: list[Path]) -> Iterator[tuple[int, Converted]]:
        pool = Pool(lambda path: convert_one(kg, path, seed), jobs, *limits, stderr=stderr)
        try:
            waiting = list(enumerate(paths))[::-1]
            while waiting or pool.busy:
                for slot in pool.idle():
                    if waiting:
                        index, path = waiting.pop()
                        pool.submit(slot, index, path)
                for _, key, answer in pool.collect():
                    assert isinstance(key, int)
                    yield key, _answered(kg, paths[key], answer)
        finally:
            pool.close()

    return convert


def _answered(kg: Any, path: Path, answer: Any) -> Any:
    """A worker's answer as a :class:`Converted` (a document over a limit fails alone)."""
    from ..api import DocumentResult
    from ..converted import Converted

    if isinstance(answer, Stopped):
        return Converted(DocumentResult(path=str(path), ok=False, error=answer.reason))
    answer.result.error = memory_error(answer.result.error, kg.settings.memory_limit_mb)
    return answer


# -- Dask ----------------------------------------------------------------------
CONNECT_SECONDS = 30


class DaskError(RuntimeError):
    """Dask is not installed, or its scheduler cannot be reached (a usage error: nothing converted)."""


_LOCAL = threading.local()  # per worker thread: a knowledge graph (its validator loaded) and the code lists


def _convert_on_worker(path: str, options: dict[str, Any]) -> Any:  # runs on a Dask worker
    """Convert one document; each worker thread keeps its own validator (it holds one document at a time)."""
    from ..api import KnowledgeGraph
    from ..converted import convert_one
    from ..settings import Settings

    key = repr(sorted(options.items()))
    if getattr(_LOCAL, "key", None) != key:
        _LOCAL.kg = KnowledgeGraph(Settings(**{**options, "store": None}))
        _LOCAL.seed, _LOCAL.key = load_registry(), key
    return convert_one(_LOCAL.kg, Path(path), _LOCAL.seed)


def on_dask(scheduler: Any, options: dict[str, Any]) -> Any:
    """A converter sending each document to a Dask cluster: ``scheduler`` is its address
    (``tcp://HOST:8786``) or a ``distributed`` cluster object (``LocalCluster``).

    ``options`` are the :class:`~budgetkg.settings.Settings` each worker converts with.
    """
    from ..converted import Converted

    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DaskError("--dask needs Dask distributed: pip install 'budgetkg[dask]'") from None

    def convert(paths: list[Path]) -> Iterator[tuple[int, Converted]]:
        try:
            client = Client(scheduler, set_as_default=False, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as e:
            raise DaskError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        with client:
            futures = {
                client.submit(_convert_on_worker, str(p), options, pure=False): i for i, p in enumerate(paths)
            }
            for future in as_completed(futures, loop=client.loop):
                index = futures[future]
                try:
                    converted = future.result()
                except Exception as e:  # a worker lost, a task failed: this document fails alone
                    from ..api import DocumentResult

                    reason = f"the Dask task failed ({type(e).__name__}: {e})"
                    converted = Converted(DocumentResult(path=str(paths[index]), ok=False, error=reason))
                future.release()
                yield index, converted

    return convert


__all__ = ["DaskError", "in_workers", "on_dask"]
