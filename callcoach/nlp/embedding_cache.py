"""A persistent sentence-embedding cache: SQLite, keyed by (model SHA-256, text SHA-256).

``CachedEmbedder`` wraps any embedder (``MiniLMEmbedder`` by default) and looks every text
up on disk before encoding it, so re-analysing calls after a rubric or detector change
embeds no sentence twice. Several processes (the workers of ``callcoach batch``) share one
file: SQLite in WAL mode lets them read while one writes, and a vector is written with
``INSERT OR IGNORE`` so two workers embedding the same text at once both succeed.

The model hash is part of the key: vectors of another model (or another version of the
ONNX file) are never returned.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors import Embedder
from callcoach.errors import CallcoachError

__all__ = ["CachedEmbedder", "EmbeddingCacheError", "default_cache_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_sha256 BLOB NOT NULL,
    dimensions INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_sha256)
) WITHOUT ROWID
"""
# SQLite caps the number of bound parameters per statement (32766 since 3.32).
_CHUNK = 500


class EmbeddingCacheError(CallcoachError):
    """The cache file cannot be opened or read."""


def default_cache_path() -> Path:
    """``embeddings.sqlite`` in the user cache directory (e.g. ~/.cache/callcoach)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("callcoach")) / "embeddings.sqlite"


_OPEN_TRIES = 5


def _open(path: Path) -> sqlite3.Connection:
    """The cache's connection in WAL mode with its table made. Workers that open a new file
    at the same moment race for the switch to WAL, which SQLite answers with "database is
    locked" at once instead of waiting out the busy timeout: such an open is tried again."""
    for attempt in range(1, _OPEN_TRIES + 1):
        db = sqlite3.connect(path, timeout=60.0, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.commit()
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" not in str(exc) or attempt == _OPEN_TRIES:
                raise
            time.sleep(0.1 * attempt)
    raise AssertionError("unreachable")


class CachedEmbedder:
    """An ``Embedder`` that remembers vectors in a SQLite file shared by processes.

    ``model_sha256`` names the model whose vectors are cached (``MODEL_SHA256`` for the
    bundled MiniLM). ``hits`` and ``misses`` count texts found on disk or encoded.
    """

    def __init__(self, inner: Embedder, path: Path, model_sha256: str) -> None:
        self._inner = inner
        self._model = model_sha256
        self.path = path
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _open(path)
        except (OSError, sqlite3.Error) as exc:
            raise EmbeddingCacheError(f"{path}: cannot open the embedding cache: {exc}") from None

    @classmethod
    def minilm(cls, path: Path) -> CachedEmbedder:
        """The process-wide MiniLM embedder behind a cache at ``path``."""
        from callcoach.nlp.embeddings import default_embedder

        model = default_embedder()
        return cls(model, path, model.vector_id)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One row per text, read from the cache or encoded (and then stored) once."""
        if not texts:
            return self._inner.encode([])
        keys = [hashlib.sha256(text.encode("utf-8")).digest() for text in texts]
        with self._lock:
            known = self._lookup(set(keys))
            todo = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
            self.hits += len(texts) - len(todo)
            self.misses += len(todo)
            if todo:
                fresh = np.asarray(self._inner.encode(list(todo.values())), dtype=np.float32)
                computed = dict(zip(todo, fresh, strict=True))
                self._store(computed)
                known.update(computed)
        return np.stack([known[key] for key in keys]).astype(np.float32, copy=False)

    def _lookup(self, keys: set[bytes]) -> dict[bytes, NDArray[np.float32]]:
        found: dict[bytes, NDArray[np.float32]] = {}
        ordered = list(keys)
        try:
            for first in range(0, len(ordered), _CHUNK):
                chunk = ordered[first : first + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT text_sha256, vector FROM embeddings "
                    f"WHERE model = ? AND text_sha256 IN ({marks})",
                    [self._model, *chunk],
                )
                for key, blob in rows:
                    found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as exc:
            raise EmbeddingCacheError(
                f"{self.path}: cannot read the embedding cache: {exc}"
            ) from None
        return found

    def _store(self, vectors: dict[bytes, NDArray[np.float32]]) -> None:
        rows = [
            (self._model, key, int(v.shape[0]), np.ascontiguousarray(v, np.float32).tobytes())
            for key, v in vectors.items()
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error:
            # A full disk or a locked file costs speed, never results: the vectors are
            # returned all the same and computed again next time.
            return
