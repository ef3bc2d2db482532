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
holds the same texts in the same order either way, so the vectors are the same. An
embedding detector that can name its texts only later (it requires another embedding
detector's findings) announces them as soon as it can, and its new texts go to a follow-up
pass queued behind the first; announcing never waits for a running pass, and a text is sent
to the model once per call however many detectors ask for it.

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

    A text is sent to the inner embedder at most once per call, however many detectors
    announce or ask for it: texts already embedded, already waiting for the next pass or
    being embedded by a running pass are not queued again. Announcing (``request``) never
    waits for a running pass; passes run one at a time, each with every text waiting.
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
        self._running: set[str] = set()  # texts a running pass is embedding
        self._lock = threading.Lock()  # guards the three above; never held during a pass
        self._pass_lock = threading.Lock()  # one pass at a time
        self._prefetched: list[Future[None]] = []
        self.passes = 0
        self.embedded = 0

    def request(self, texts: Iterable[str]) -> None:
        """Announce texts a detector will ask for; they are embedded with the next pass."""
        with self._lock:
            self._queue(texts)

    def prefetch(self) -> None:
        """Embed the texts announced so far in a background thread (no-op when none are
        waiting, or when a prefetch that has not started yet will take them). A failure is
        not raised here: the texts then wait for the first ``encode``, which raises it."""
        with self._lock:
            if not self._pending:
                return
            if any(not f.running() and not f.done() for f in self._prefetched):
                return
            self._prefetched.append(_pass_thread().submit(self._prefetch))

    def wait(self) -> None:
        """Wait for the prefetched passes to finish (``pipeline.run`` does before returning)."""
        for prefetched in list(self._prefetched):
            prefetched.result()

    def _prefetch(self) -> None:
        try:
            self._embed_pending()
        except BaseException:  # raised again by the encode that needs the vectors
            return

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text: announced and new texts are embedded in one pass, then reused."""
        with self._lock:
            self._queue(texts)
            missing = any(text not in self._vectors for text in texts)
        if missing or (not texts and self._pending):
            self._embed_pending()
        with self._lock:
            if not texts:
                return np.zeros((0, self._width()), dtype=np.float32)
            return np.stack([self._vectors[text] for text in texts])

    def _queue(self, texts: Iterable[str]) -> None:
        for text in texts:
            if text not in self._vectors and text not in self._running:
                self._pending[text] = None

    def _embed_pending(self) -> None:
        """Wait for a running pass, then embed every waiting text in one pass."""
        with self._pass_lock:  # a pass that was running has stored its vectors (or failed)
            with self._lock:
                todo = list(self._pending)
                self._pending.clear()
                self._running.update(todo)
            if not todo:
                return
            try:
                vectors = np.asarray(self._embedder().encode(todo), dtype=np.float32)
            except BaseException:
                with self._lock:
                    self._running.difference_update(todo)
                    self._pending = {**dict.fromkeys(todo), **self._pending}
                raise
            with self._lock:
                self.passes += 1
                self.embedded += len(todo)
                self._vectors.update(zip(todo, vectors, strict=True))
                self._running.difference_update(todo)

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
