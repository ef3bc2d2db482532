"""The persistent embedding cache: each text is embedded once per model, across instances."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.testing import HashingEmbedder


class CountingEmbedder:
    """A hashing embedder that counts the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder()
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.texts.extend(texts)
        return self.inner.encode(texts)


TEXTS = [
    "we close the books in nine days",
    "could we meet on Tuesday",
    "we close the books in nine days",
]


def test_vectors_equal_the_wrapped_embedder(tmp_path: Path) -> None:
    counting = CountingEmbedder()
    cached = CachedEmbedder(counting, tmp_path / "cache.sqlite", "model-a")
    vectors = cached.encode(TEXTS)
    assert np.array_equal(vectors, HashingEmbedder().encode(TEXTS))
    assert counting.texts == TEXTS[:2]  # the repeated text is encoded once
    assert (cached.hits, cached.misses) == (1, 2)


def test_a_second_process_embeds_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    first = CachedEmbedder(CountingEmbedder(), path, "model-a")
    first.encode(TEXTS)
    first.close()
    counting = CountingEmbedder()
    again = CachedEmbedder(counting, path, "model-a")
    vectors = again.encode([*TEXTS, "a new sentence"])
    assert counting.texts == ["a new sentence"]
    assert np.array_equal(vectors, HashingEmbedder().encode([*TEXTS, "a new sentence"]))


def test_vectors_of_another_model_are_not_reused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    CachedEmbedder(CountingEmbedder(), path, "model-a").encode(TEXTS)
    counting = CountingEmbedder()
    CachedEmbedder(counting, path, "model-b").encode(TEXTS)
    assert counting.texts == TEXTS[:2]


def test_no_texts(tmp_path: Path) -> None:
    cached = CachedEmbedder(CountingEmbedder(), tmp_path / "cache.sqlite", "model-a")
    assert cached.encode([]).shape[0] == 0


def test_an_open_that_loses_the_race_to_wal_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from callcoach.nlp import embedding_cache

    real = sqlite3.connect
    tries: list[int] = []

    class Locked:
        """A connection whose first statement finds the file locked, as a racing worker's."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str) -> object:
            raise sqlite3.OperationalError("database is locked")

        def close(self) -> None:
            self.db.close()

    def connect(path: Path, **kwargs: object) -> object:
        tries.append(1)
        db = real(path, **kwargs)  # type: ignore[arg-type]
        return Locked(db) if len(tries) == 1 else db

    monkeypatch.setattr(embedding_cache.sqlite3, "connect", connect)
    monkeypatch.setattr(embedding_cache.time, "sleep", lambda _s: None)
    cached = CachedEmbedder(CountingEmbedder(), tmp_path / "cache.sqlite", "model-a")
    assert len(tries) == 2
    assert np.array_equal(cached.encode(TEXTS[:1]), HashingEmbedder().encode(TEXTS[:1]))
