"""Where the batch loop's tasks run: in this process, a local process pool, or Dask.

Any ``concurrent.futures.Executor`` runs the loop: ``InlineExecutor`` (one worker, this
process), a spawn-started process pool (``local_executor``), or ``dask.distributed``
(``executors_dask``). Each worker process loads the embedding model once and reuses it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from callcoach.app.heap import end_start_up
from callcoach.app.options import AnalysisOptions

__all__ = ["InlineExecutor", "default_workers", "embedder_for", "init_worker", "local_executor"]

# This process's embedder and the cache file it writes to. Keyed by the cache only: the
# tasks' options differ from the initializer's (no call sheet, threads unset), and one
# model session per process is the point.
_WORKER: tuple[tuple[Path | None, str], Any] | None = None


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def embedder_for(options: AnalysisOptions) -> Any:
    """This process's embedder for ``options``: created once, then reused for every call.
    Without a cache or a thread count it is the library's default embedder."""
    global _WORKER
    if options.embedding_cache is None and options.threads is None:
        from callcoach.nlp.embeddings import default_embedder

        return default_embedder()
    from callcoach.nlp.quantized import precision

    key = (options.embedding_cache, precision())  # $CALLCOACH_EMBEDDINGS picks the runtime
    if _WORKER is not None and _WORKER[0] == key:
        return _WORKER[1]
    from callcoach.nlp.embeddings import MiniLMEmbedder

    model = MiniLMEmbedder(threads=options.threads)
    embedder: Any = model
    if options.embedding_cache is not None:
        from callcoach.nlp.embedding_cache import CachedEmbedder

        embedder = CachedEmbedder(model, options.embedding_cache, model.vector_id)
    _WORKER = (key, embedder)
    return embedder


def needs_embeddings(options: AnalysisOptions) -> bool:
    """Whether the detectors ``options`` runs embed sentences."""
    from callcoach import pipeline

    chain = pipeline.build(options.detectors)
    end_start_up()  # the command line's start-up window (app/heap.py), if one is open
    return any(d.needs_embeddings for d in chain)


def init_worker(options: AnalysisOptions) -> None:
    """Process-pool initializer: load the model (and open the cache) before the first call."""
    from callcoach.app.heap import tune_collector

    tune_collector()
    if needs_embeddings(options):
        embedder_for(options)


class InlineExecutor(Executor):
    """Runs each task in this process when it is submitted (one worker).

    ``preload`` loads the model at once (a batch run, where start-up is measured apart);
    without it the model loads with the first call that needs it."""

    def __init__(self, options: AnalysisOptions, *, preload: bool = True) -> None:
        if preload:
            init_worker(options)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@contextmanager
def local_executor(options: AnalysisOptions, workers: int) -> Iterator[Executor]:
    """A spawn-started process pool of ``workers`` (each loads the model once), or inline."""
    if workers <= 1:
        yield InlineExecutor(options)
        return
    if options.threads is None:
        options = replace(options, threads=max(1, default_workers() // workers))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(options,),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
