"""MiniLM int8 embeddings: shapes, normalisation, determinism, cache, semantics, integrity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from callcoach.errors import DetectorError
from callcoach.nlp import embeddings
from callcoach.nlp.embeddings import DIMENSIONS, MiniLMEmbedder, default_embedder

PAIN = "Our month-end close takes four days because approvals get stuck with the CFO."
SUMMARY = (
    "So if I heard you right, month-end close takes four days and approvals are the bottleneck."
)
SMALL_TALK = "Did you catch the game last night?"


def test_shape_dtype_and_unit_rows() -> None:
    vectors = default_embedder().encode([PAIN, SUMMARY, SMALL_TALK, "", "ünïcödé 你好 👋"])
    assert vectors.shape == (5, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix() -> None:
    assert default_embedder().encode([]).shape == (0, DIMENSIONS)


def test_default_embedder_is_shared() -> None:
    assert default_embedder() is default_embedder()


def test_summary_is_closer_to_its_source_than_small_talk() -> None:
    pain, summary, chat = default_embedder().encode([PAIN, SUMMARY, SMALL_TALK])
    assert float(pain @ summary) > 0.6
    assert float(pain @ summary) > float(pain @ chat) + 0.4


def test_batched_equals_single_and_is_deterministic() -> None:
    texts = [PAIN, SMALL_TALK, "short", SUMMARY * 3]
    fresh = MiniLMEmbedder(batch_size=2)
    batched = fresh.encode(texts)
    fresh.cache_clear()
    singles = np.vstack([fresh.encode([t]) for t in texts])
    assert np.allclose(batched, singles, atol=1e-4)
    assert np.array_equal(fresh.encode(texts), fresh.encode(texts))


def test_cache_hits_and_bounded_size() -> None:
    embedder = MiniLMEmbedder(cache_size=2)
    embedder.encode([PAIN, PAIN, SMALL_TALK])
    assert (embedder.hits, embedder.misses) == (0, 2)
    embedder.encode([PAIN])
    assert embedder.hits == 1
    embedder.encode([SUMMARY])  # evicts the least recently used (SMALL_TALK)
    embedder.encode([SMALL_TALK])
    assert embedder.misses == 4


def test_long_text_is_truncated_not_rejected() -> None:
    vector = default_embedder().encode(["word " * 2000])
    assert vector.shape == (1, DIMENSIONS)


def test_hash_mismatch_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "MODEL_SHA256", "0" * 64)
    with pytest.raises(DetectorError, match="SHA-256"):
        MiniLMEmbedder()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    real = embeddings.locate_model_files()
    files = embeddings.ModelFiles(model=real.model, tokenizer=tmp_path / "tokenizer.json")
    with pytest.raises(DetectorError, match="missing"):
        MiniLMEmbedder(files)


def test_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "MODEL_PACKAGE", "no_such_package_callcoach")
    with pytest.raises(DetectorError, match="not installed"):
        embeddings.locate_model_files()
