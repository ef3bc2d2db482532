"""Hashed n-gram logistic regression: fit, save, SHA-checked load, batch scoring."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from callcoach.errors import DetectorError
from callcoach.nlp.linear import FeatureConfig, LinearTextModel, load_model

TEXTS = [
    "do you use excel",
    "how many reps do you have",
    "what is the budget",
    "can we meet tuesday",
    "we use excel",
    "there are forty reps",
    "the budget is fixed",
    "tuesday works for us",
] * 3
LABELS = ["yes"] * 4 + ["no"] * 4
CONFIG = FeatureConfig(word_ngrams=(1, 2), n_features=2**12)


@pytest.fixture(scope="module")
def model() -> LinearTextModel:
    return LinearTextModel.fit(TEXTS, LABELS * 3, CONFIG, c=10.0)


def test_learns_a_separable_toy_task(model: LinearTextModel) -> None:
    probabilities = model.predict_proba(["do you have a budget", "we have a budget"])
    assert probabilities.shape == (2, 2) and model.classes == ("no", "yes")
    assert probabilities[0, 1] > 0.5 > probabilities[1, 1]
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert model.predict_proba([]).shape[0] == 0


def test_save_and_load_round_trip(model: LinearTextModel, tmp_path: Path) -> None:
    model.save(tmp_path, "toy", {"train_data_sha256": "abc", "dev_scores": {"f1": 1.0}})
    loaded = LinearTextModel.load(tmp_path, "toy")
    assert loaded.config == CONFIG
    assert loaded.metadata["train_data_sha256"] == "abc"
    assert np.array_equal(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_altered_weights_are_refused(model: LinearTextModel, tmp_path: Path) -> None:
    model.save(tmp_path, "toy", {})
    weights = tmp_path / "toy.npz"
    weights.write_bytes(weights.read_bytes() + b"x")
    with pytest.raises(DetectorError, match=r"SHA-256 .* does not match"):
        LinearTextModel.load(tmp_path, "toy")


def test_missing_model_is_a_detector_error(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match="cannot be read"):
        LinearTextModel.load(tmp_path, "absent")


def test_shipped_question_model_metadata() -> None:
    shipped = load_model("question")
    meta = shipped.metadata
    assert meta["corpus"] == "mrda" and meta["train_split"] == "train"
    assert set(meta["thresholds"]) == {"punctuated", "unpunctuated"}
    assert len(meta["train_data_sha256"]) == 64
    assert json.loads(json.dumps(meta)) == meta


def test_shipped_asr_question_model_metadata() -> None:
    meta = load_model("question_asr").metadata
    assert meta["corpus"] == "mrda" and meta["train_splits"] == ["train", "dev"]
    assert meta["features"]["word_ngrams"] == [1, 3]
    assert len(meta["train_file_sha256"]) == 64 and meta["cv"]["k"] == 5
    # question 1.10: typed chat sentences join MRDA, only from permissively licensed
    # corpora (SwDA, DailyDialog, AnnoMI and RESPER are evaluation-only).
    assert meta["extra_corpora"] == {"casino": "CC BY 4.0", "persuasionforgood": "Apache-2.0"}
    assert len(meta["extra_texts_sha256"]) == 64 and meta["extra_sentences"] > 40_000
