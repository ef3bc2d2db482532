"""One embedding pass per call, shared by every detector that needs sentence vectors.

``pipeline.run`` asks each embedding detector which texts it will need
(``Detector.embedding_texts``) once the findings it depends on exist, hands all of them to
a ``CallEmbeddings`` store and only then runs the detectors. The first ``encode`` embeds
every requested text in one call to the underlying embedder (deduplicated, so sorted into
batches together); the detectors' own ``encode`` calls are then answered from the store.
A text nobody announced is embedded when asked for, so a detector that under-declares
stays correct, only slower.

``prefetch`` starts that first pass in a background thread as soon as the texts are
announced, so onnxruntime (which releases the GIL) embeds them on one core while the
rule-based detectors run on the other; the detectors' ``encode`` waits for it. The pass
holds the same texts in the same order either way, so the vectors are the same.

The store lives for one call: its vectors are dropped with it (the embedder's own caches,
in memory or on disk, are what persist).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors import Embedder

__all__ = ["CallEmbeddings"]


class CallEmbeddings:
    """An ``Embedder`` for one call: announced texts are embedded together, once.

    ``inner`` is the embedder doing the work, or a function returning it (so a model that
    is still loading in the background is waited for only when a vector is needed).
    ``passes`` counts calls to the inner embedder, ``embedded`` the texts sent to it.
    """

    def __init__(self, inner: Embedder | Callable[[], Embedder]) -> None:
        self._inner: Embedder | None = None
        self._factory: Callable[[], Embedder] | None = None
        if callable(getattr(inner, "encode", None)):
            self._inner = inner  # type: ignore[assignment]
        else:
            self._factory = inner  # type: ignore[assignment]
        self._vectors: dict[str, NDArray[np.float32]] = {}
        self._pending: dict[str, None] = {}
        self._lock = threading.Lock()
        self._prefetched: Future[None] | None = None
        self.passes = 0
        self.embedded = 0

    def request(self, texts: Iterable[str]) -> None:
        """Announce texts a detector will ask for; they are embedded with the next pass."""
        with self._lock:
            for text in texts:
                if text not in self._vectors:
                    self._pending[text] = None

    def prefetch(self) -> None:
        """Embed the texts announced so far in a background thread (no-op when there are
        none or a prefetch is running). A failure is not raised here: the pass is then run
        again by the first ``encode``, which raises it."""
        with self._lock:
            if not self._pending or self._prefetched is not None:
                return
            self._prefetched = _pass_thread().submit(self._prefetch)

    def wait(self) -> None:
        """Wait for a running prefetch to finish (``pipeline.run`` does before returning)."""
        prefetched = self._prefetched
        if prefetched is not None:
            prefetched.result()

    def _prefetch(self) -> None:
        try:
            self.encode(())
        except BaseException:  # raised again by the encode that needs the vectors
            return

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text: announced and new texts are embedded in one pass, then reused."""
        with self._lock:
            for text in texts:
                if text not in self._vectors:
                    self._pending[text] = None
            if self._pending:
                todo = list(self._pending)
                self._pending.clear()
                try:
                    vectors = np.asarray(self._embedder().encode(todo), dtype=np.float32)
                except BaseException:
                    self._pending = {**dict.fromkeys(todo), **self._pending}
                    raise
                self.passes += 1
                self.embedded += len(todo)
                self._vectors.update(zip(todo, vectors, strict=True))
            if not texts:
                return np.zeros((0, self._width()), dtype=np.float32)
            return np.stack([self._vectors[text] for text in texts])

    def _embedder(self) -> Embedder:
        if self._inner is None:
            assert self._factory is not None
            self._inner = self._factory()
        return self._inner

    def _width(self) -> int:
        for vector in self._vectors.values():
            return int(vector.shape[0])
        from callcoach.nlp.embeddings import DIMENSIONS

        return DIMENSIONS


@cache
def _pass_thread() -> ThreadPoolExecutor:
    """The one thread that runs prefetched passes, reused call after call (a new thread per
    call would leave each call's buffers in a fresh malloc arena). Passes queue on it; they
    would wait on the embedder's lock anyway."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="callcoach-embedding-pass")
