"""Learned heads: saving, loading, the checks at load, and the probabilities."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.errors import DetectorError
from callcoach.nlp.embeddings import DIMENSIONS, MODEL_SHA256
from callcoach.nlp.heads import EmbeddingHead, head_paths, load_head


class FixedEncoder:
    """Maps each text to a known vector, so probabilities can be checked by hand."""

    def __init__(self, vectors: dict[str, NDArray[np.float32]]) -> None:
        self.vectors = vectors
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        return np.stack([self.vectors[t] for t in texts])


def _head(name: str = "toy", **meta: object) -> EmbeddingHead:
    coef = np.zeros(DIMENSIONS, dtype=np.float32)
    coef[0] = 2.0
    metadata = {"embedding_model_sha256": MODEL_SHA256, **meta}
    return EmbeddingHead(name, coef, intercept=-1.0, threshold=0.6, metadata=metadata)


def _unit(i: int, scale: float = 1.0) -> NDArray[np.float32]:
    v = np.zeros(DIMENSIONS, dtype=np.float32)
    v[i] = scale
    return v


def test_probabilities_follow_the_logistic_formula() -> None:
    head = _head()
    encoder = FixedEncoder({"yes": _unit(0, 1.0), "no": _unit(1, 1.0)})
    p = head.probabilities(["yes", "no"], encoder)
    assert p == pytest.approx([1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))])


def test_no_texts_embed_nothing() -> None:
    encoder = FixedEncoder({})
    assert _head().probabilities([], encoder).shape == (0,)
    assert encoder.calls == []


def test_wrong_vector_shape_is_a_clear_error() -> None:
    with pytest.raises(DetectorError, match="expects 384-d"):
        _head().predict_proba(np.zeros((2, 10), dtype=np.float32))


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    _head("roundtrip", cv={"f1_pooled": 0.8}).save(tmp_path)
    loaded = load_head("roundtrip", tmp_path)
    assert loaded.threshold == 0.6
    assert loaded.intercept == -1.0
    assert loaded.coef[0] == 2.0
    assert loaded.metadata["cv"] == {"f1_pooled": 0.8}
    weights, meta = head_paths("roundtrip", tmp_path)
    assert json.loads(meta.read_text())["dimensions"] == DIMENSIONS
    assert weights.name == "roundtrip.head.npz"


def test_altered_weights_are_refused(tmp_path: Path) -> None:
    weights, _ = _head("altered").save(tmp_path)
    np.savez(weights, coef=np.ones(DIMENSIONS, dtype=np.float32))
    with pytest.raises(DetectorError, match="does not match"):
        load_head("altered", tmp_path)


def test_a_head_for_another_embedding_model_is_refused(tmp_path: Path) -> None:
    _head("other", embedding_model_sha256="0" * 64).save(tmp_path)
    with pytest.raises(DetectorError, match="retrain it"):
        load_head("other", tmp_path)


def test_a_missing_head_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match="no head named 'absent'"):
        load_head("absent", tmp_path)


def test_an_unreadable_metadata_file_names_the_file(tmp_path: Path) -> None:
    _, meta = head_paths("broken", tmp_path)
    meta.write_text("{not json", encoding="utf-8")
    with pytest.raises(DetectorError, match=r"broken\.head\.json: cannot load head"):
        load_head("broken", tmp_path)


# -- 1.9: two-turn heads ---------------------------------------------------------------------


def test_pair_features_are_context_sentence_and_their_product() -> None:
    from callcoach.nlp.heads import pair_features

    c = np.array([[1.0, 2.0]], dtype=np.float32)
    s = np.array([[3.0, -1.0]], dtype=np.float32)
    assert pair_features(c, s).tolist() == [[1.0, 2.0, 3.0, -1.0, 3.0, -2.0]]
    with pytest.raises(DetectorError, match="one context per sentence"):
        pair_features(c, np.zeros((2, 2), dtype=np.float32))


def test_a_two_turn_head_reads_the_buyer_turn_before(tmp_path: Path) -> None:
    """A pair head's weights span context, sentence and product; it loads, and scores a
    sentence differently after a different buyer turn."""
    from callcoach.nlp.heads import PAIR_FEATURES

    coef = np.zeros(3 * DIMENSIONS, dtype=np.float32)
    coef[2 * DIMENSIONS] = 4.0  # context × sentence, first dimension
    meta = {"embedding_model_sha256": MODEL_SHA256, "features": PAIR_FEATURES}
    EmbeddingHead("two", coef, intercept=-2.0, threshold=0.5, metadata=meta).save(tmp_path)
    head = load_head("two", tmp_path)
    assert head.features == PAIR_FEATURES and head.dimensions == 3 * DIMENSIONS
    encoder = FixedEncoder({"claim": _unit(0), "question": _unit(1), "rep": _unit(0)})
    p = head.pair_probabilities(["claim", "question"], ["rep", "rep"], encoder)
    assert p == pytest.approx([1 / (1 + np.exp(-2.0)), 1 / (1 + np.exp(2.0))])
    assert head.pair_probabilities([], [], encoder).shape == (0,)
    with pytest.raises(DetectorError, match="one context per text"):
        head.pair_probabilities(["claim"], [], encoder)


def test_a_sentence_head_is_still_one_embedding_wide(tmp_path: Path) -> None:
    """Without "features", a head is a sentence head of the embedding's width, as every
    shipped head; a pair-wide one without the key is refused."""
    _head("plain").save(tmp_path)
    assert load_head("plain", tmp_path).features == "sentence"
    wide = EmbeddingHead(
        "wide",
        np.zeros(3 * DIMENSIONS, dtype=np.float32),
        0.0,
        0.5,
        {"embedding_model_sha256": MODEL_SHA256},
    )
    wide.save(tmp_path)
    with pytest.raises(DetectorError, match="retrain it"):
        load_head("wide", tmp_path)
