"""Our hashed features are scikit-learn's HashingVectorizer features, bit for bit.

The shipped models were trained on scikit-learn's features; the runtime computes them
without scikit-learn (callcoach.nlp.linear). scikit-learn is a test dependency only.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from callcoach.nlp import linear
from callcoach.nlp.linear import FeatureConfig, featurize, load_model

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
sklearn_hasher = pytest.importorskip("sklearn.feature_extraction")
scipy_sparse = pytest.importorskip("scipy.sparse")

TEXTS = [
    "Do you use Excel for month-end close?",
    "we don't, it's   all   manual — honestly",
    "?",
    "",
    "   ",
    "Über-Café naïve façade, résumé: 50% off?!",
    "I'd say it's roughly $9k/month... right?",
    "a",
    "a b",
    "tabs\tand\nnew lines\r\nmixed",
    "日本語のテキスト と English mixed",
    "emoji 🙂 in the 🙂 middle",
    "repeat repeat repeat repeat repeat",
    "x" * 300,
    "O'Neil's team's budget isn't set",
]
CONFIGS = [
    FeatureConfig(word_ngrams=(1, 3), char_ngrams=None, n_features=2**18),
    FeatureConfig(word_ngrams=(1, 2), char_ngrams=(2, 5), n_features=2**18),
    FeatureConfig(word_ngrams=(2, 3), char_ngrams=(3, 4), n_features=2**4),  # many collisions
    FeatureConfig(word_ngrams=(1, 1), char_ngrams=(1, 1), n_features=2**10),
]


def _sklearn(texts: list[str], config: FeatureConfig) -> object:
    """The features as callcoach computed them with scikit-learn before (the reference)."""
    vectorizer = sklearn_text.HashingVectorizer
    word = vectorizer(
        n_features=config.n_features,
        ngram_range=config.word_ngrams,
        token_pattern=linear._TOKEN_PATTERN,
        preprocessor=linear._mark_edges,
        alternate_sign=False,
        norm="l2",
    )
    blocks = [word.transform(texts)]
    if config.char_ngrams is not None:
        char = vectorizer(
            n_features=config.n_features,
            analyzer="char_wb",
            ngram_range=config.char_ngrams,
            alternate_sign=False,
            norm="l2",
        )
        blocks.append(char.transform(texts))
    return blocks[0] if len(blocks) == 1 else scipy_sparse.hstack(blocks, format="csr")


@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_features_are_identical_to_scikit_learn(config: FeatureConfig) -> None:
    ours = featurize(TEXTS, config)
    theirs = _sklearn(TEXTS, config)
    assert ours.shape == theirs.shape  # type: ignore[attr-defined]
    difference = abs(ours - theirs)  # type: ignore[operator]
    assert difference.max() < 1e-12
    assert np.array_equal((ours != 0).toarray(), (theirs != 0).toarray())  # type: ignore[attr-defined]


@pytest.mark.parametrize("alternate_sign", [False, True])
def test_hashing_is_feature_hasher(alternate_sign: bool) -> None:
    features = [g for t in TEXTS for g in linear.word_ngrams(t, (1, 3))]
    hasher = sklearn_hasher.FeatureHasher(
        n_features=2**6, input_type="string", alternate_sign=alternate_sign
    )
    theirs = hasher.transform([features]).toarray()[0]
    ours = np.zeros(2**6)
    for index, value in linear.hashed(features, 2**6, alternate_sign).items():
        ours[index] = value
    assert np.array_equal(ours, theirs)


# Hashed n-gram models have a weights file; dense second stages (callcoach.nlp.dense) do not.
SHIPPED = sorted(
    p.stem
    for p in linear.MODELS_DIR.glob("*.json")
    if "weights_file" in json.loads(p.read_text(encoding="utf-8"))
)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_models_score_as_with_scikit_learn(name: str) -> None:
    model = load_model(name)
    features = _sklearn(TEXTS, model.config)
    # small_talk's row also holds weights on the sentence embedding after the n-gram ones
    # (callcoach.detectors.small_talk.embedding_weights), which decision() does not read.
    coef = model.coef[:, : features.shape[1]]
    expected = features @ coef.T + model.intercept
    assert np.allclose(model.decision(TEXTS), np.asarray(expected, dtype=np.float32), atol=1e-5)
