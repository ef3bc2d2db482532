"""The dense second-stage model: loading, shape checks and the shipped question stage."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from callcoach.detectors.question import (
    ASR_CONTEXT_MODEL,
    ASR_MODEL,
    CONTEXT_FEATURES,
    CONTEXT_MODEL,
)
from callcoach.errors import DetectorError
from callcoach.nlp.dense import DenseLogistic, load_dense


def test_round_trip_and_probabilities(tmp_path: Path) -> None:
    model = DenseLogistic(("a", "b"), np.array([2.0, -1.0]), 0.5, 0.4, {"note": "x"})
    loaded = DenseLogistic.from_json(model.save(tmp_path / "m.json"))
    assert loaded.names == ("a", "b") and loaded.threshold == 0.4
    assert loaded.metadata["note"] == "x"
    p = loaded.predict_proba(np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert p[0] == pytest.approx(1 / (1 + np.exp(-0.5)))
    assert p[1] > p[0]


def test_wrong_shapes_and_broken_files_are_clear_errors(tmp_path: Path) -> None:
    model = DenseLogistic(("a",), np.array([1.0]), 0.0, 0.5, {})
    with pytest.raises(DetectorError, match="expects 1 features"):
        model.predict_proba(np.zeros((2, 3)))
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"names": ["a", "b"], "weights": [1.0], "intercept": 0, "threshold": 0.5})
    )
    with pytest.raises(DetectorError, match="2 feature names but 1 weights"):
        DenseLogistic.from_json(bad)
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(DetectorError, match="cannot load"):
        DenseLogistic.from_json(tmp_path / "broken.json")


def test_shipped_question_context_model_matches_the_feature_list() -> None:
    model = load_dense(CONTEXT_MODEL)
    assert model.names == CONTEXT_FEATURES
    assert 0.0 < model.threshold < 1.0
    assert model.metadata["corpus"] == "mrda"  # CC BY 4.0; never SwDA or other NC data
    assert model.metadata["cv"]["k"] == 5


def test_shipped_asr_context_model_reads_the_asr_text_model() -> None:
    model = load_dense(ASR_CONTEXT_MODEL)
    assert model.names == CONTEXT_FEATURES
    assert 0.0 < model.threshold < 1.0
    meta = model.metadata
    assert meta["corpus"] == "mrda" and meta["corpus_license"] == "CC BY 4.0"
    assert meta["text_model"] == ASR_MODEL and "out-of-fold" in meta["logit"]
    assert meta["cv"]["k"] == 5 and len(meta["cv"]["folds"]) == 5
