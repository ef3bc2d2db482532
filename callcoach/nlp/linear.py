"""Small linear text classifiers: hashed n-grams + logistic regression, stored as .npz + .json.

The hashing trick needs no vocabulary file, so a model is only its weights (``.npz``) and
its metadata (``.json``: feature config, classes, training-data SHA-256, dev scores,
scikit-learn version and the SHA-256 of the ``.npz``, checked at load).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer

from callcoach.errors import DetectorError

__all__ = ["MODELS_DIR", "FeatureConfig", "LinearTextModel", "load_model", "sha256_file"]

MODELS_DIR = Path(__file__).resolve().parents[1] / "detectors" / "models"

# Words, contractions and "?" (a strong cue when present) are the tokens; sentence-start and
# sentence-end markers let bigrams see "starts with 'do you'" and "ends with 'right'".
_TOKEN_PATTERN = r"(?u)[\w][\w']*|\?"
_BOS, _EOS = "xxbos", "xxeos"


def _mark_edges(text: str) -> str:
    return f"{_BOS} {text.lower()} {_EOS}"


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """How texts become hashed features (kept in the model's metadata)."""

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] | None = None
    n_features: int = 2**18

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureConfig:
        char = data.get("char_ngrams")
        return cls(
            word_ngrams=(int(data["word_ngrams"][0]), int(data["word_ngrams"][1])),
            char_ngrams=(int(char[0]), int(char[1])) if char else None,
            n_features=int(data["n_features"]),
        )


@functools.lru_cache(maxsize=8)
def _vectorizers(config: FeatureConfig) -> tuple[HashingVectorizer, ...]:
    word = HashingVectorizer(
        n_features=config.n_features,
        ngram_range=config.word_ngrams,
        token_pattern=_TOKEN_PATTERN,
        preprocessor=_mark_edges,
        alternate_sign=False,
        norm="l2",
    )
    if config.char_ngrams is None:
        return (word,)
    char = HashingVectorizer(
        n_features=config.n_features,
        analyzer="char_wb",
        ngram_range=config.char_ngrams,
        alternate_sign=False,
        norm="l2",
    )
    return (word, char)


def featurize(texts: Sequence[str], config: FeatureConfig) -> Any:
    """Sparse feature matrix (rows = texts) for ``config``; one batch, no state."""
    from scipy.sparse import hstack

    blocks = [vectorizer.transform(list(texts)) for vectorizer in _vectorizers(config)]
    return blocks[0] if len(blocks) == 1 else hstack(blocks, format="csr")


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class LinearTextModel:
    """A trained binary or multi-class linear model over hashed n-grams."""

    config: FeatureConfig
    coef: NDArray[np.float32]  # (1, features) for binary, (classes, features) otherwise
    intercept: NDArray[np.float32]
    classes: tuple[str, ...]
    metadata: Mapping[str, Any]

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        config: FeatureConfig = FeatureConfig(),
        c: float = 4.0,
        seed: int = 0,
        class_weight: str | None = None,
    ) -> LinearTextModel:
        """Train on ``texts`` with string ``labels`` (deterministic for a fixed ``seed``)."""
        from sklearn.linear_model import LogisticRegression

        classifier = LogisticRegression(
            C=c, max_iter=2000, random_state=seed, class_weight=class_weight, solver="liblinear"
        )
        classifier.fit(featurize(texts, config), list(labels))
        return cls(
            config=config,
            coef=classifier.coef_.astype(np.float32),
            intercept=classifier.intercept_.astype(np.float32),
            classes=tuple(str(label) for label in classifier.classes_),
            metadata={},
        )

    def decision(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Raw scores, shape (texts, 1) for binary models and (texts, classes) otherwise."""
        if not texts:
            return np.zeros((0, self.coef.shape[0]), dtype=np.float32)
        features = featurize(texts, self.config)
        scores = features @ self.coef.T + self.intercept
        return np.asarray(scores, dtype=np.float32)

    def predict_proba(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Class probabilities, shape (texts, classes), columns in ``self.classes`` order."""
        scores = self.decision(texts)
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1).astype(np.float32)
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities: NDArray[np.float32] = (shifted / shifted.sum(axis=1, keepdims=True)).astype(
            np.float32
        )
        return probabilities

    def save(self, directory: Path, name: str, metadata: Mapping[str, Any]) -> Path:
        """Write ``name.npz`` and ``name.json`` (with the .npz SHA-256); returns the .json path."""
        import sklearn

        directory.mkdir(parents=True, exist_ok=True)
        weights = directory / f"{name}.npz"
        np.savez_compressed(
            weights,
            coef=self.coef,
            intercept=self.intercept,
            classes=np.asarray(self.classes),
        )
        meta = {
            **dict(metadata),
            "features": asdict(self.config),
            "classes": list(self.classes),
            "sklearn_version": sklearn.__version__,
            "weights_file": weights.name,
            "weights_sha256": sha256_file(weights),
        }
        path = directory / f"{name}.json"
        path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: Path, name: str) -> LinearTextModel:
        """Read a saved model, refusing weights whose SHA-256 differs from the metadata."""
        meta_path = directory / f"{name}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            weights = directory / str(meta["weights_file"])
            digest = sha256_file(weights)
        except (OSError, ValueError, KeyError) as exc:
            raise DetectorError(f"{meta_path}: model {name!r} cannot be read ({exc})") from None
        if digest != meta.get("weights_sha256"):
            raise DetectorError(
                f"{weights}: SHA-256 {digest} does not match {meta_path} "
                f"({meta.get('weights_sha256')}); the model file was altered or is incomplete"
            )
        with np.load(weights, allow_pickle=False) as data:
            return cls(
                config=FeatureConfig.from_dict(meta["features"]),
                coef=data["coef"].astype(np.float32),
                intercept=data["intercept"].astype(np.float32),
                classes=tuple(str(c) for c in data["classes"]),
                metadata=meta,
            )


@functools.lru_cache(maxsize=16)
def load_model(name: str, directory: Path = MODELS_DIR) -> LinearTextModel:
    """The model ``name`` from ``callcoach/detectors/models`` (loaded once per process)."""
    return LinearTextModel.load(directory, name)
