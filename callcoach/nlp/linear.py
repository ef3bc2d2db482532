"""Small linear text classifiers: hashed n-grams + logistic regression, stored as .npz + .json.

The hashing trick needs no vocabulary file, so a model is only its weights (``.npz``) and
its metadata (``.json``: feature config, classes, training-data SHA-256, dev scores,
scikit-learn version and the SHA-256 of the ``.npz``, checked at load).

Features are scikit-learn's ``HashingVectorizer`` features, computed here without importing
scikit-learn (whose import alone takes seconds): the same tokens and n-grams, the same signed
32-bit MurmurHash3 (``mmh3``), the same index rule and l2 norm. ``tests/nlp`` checks that they
are identical to scikit-learn's, so models trained with it keep working. Training still uses
scikit-learn (``LinearTextModel.fit``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import mmh3
import numpy as np
from numpy.typing import NDArray

from callcoach.errors import DetectorError

__all__ = ["MODELS_DIR", "FeatureConfig", "LinearTextModel", "load_model", "sha256_file"]

MODELS_DIR = Path(__file__).resolve().parents[1] / "detectors" / "models"

# Words, contractions and "?" (a strong cue when present) are the tokens; sentence-start and
# sentence-end markers let bigrams see "starts with 'do you'" and "ends with 'right'".
_TOKEN_PATTERN = r"(?u)[\w][\w']*|\?"
_BOS, _EOS = "xxbos", "xxeos"
_TOKENS = re.compile(_TOKEN_PATTERN)
_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb analyzer


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


def word_ngrams(text: str, ngrams: tuple[int, int]) -> list[str]:
    """Word n-grams of ``text`` as ``HashingVectorizer(analyzer="word")`` makes them with our
    token pattern and edge markers."""
    tokens = _TOKENS.findall(_mark_edges(text))
    low, high = ngrams
    if high == 1:
        return tokens
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, ngrams: tuple[int, int]) -> list[str]:
    """Character n-grams inside word boundaries, as ``analyzer="char_wb"`` (lower-cased)."""
    low, high = ngrams
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < len(padded):
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return grams


def hashed(
    features: Iterable[str], n_features: int, alternate_sign: bool = False
) -> dict[int, float]:
    """Column → value of one text, as ``FeatureHasher(input_type="string")`` sums them."""
    row: dict[int, float] = {}
    for feature in features:
        h = mmh3.hash(feature.encode("utf-8"), 0, signed=True)
        # abs(-2**31) overflows in scikit-learn's int32 arithmetic; it defines the index so.
        index = (2147483647 - (n_features - 1)) % n_features if h == -(2**31) else abs(h)
        index %= n_features
        value = (1.0 if h >= 0 else -1.0) if alternate_sign else 1.0
        row[index] = row.get(index, 0.0) + value
    return row


def _l2(row: dict[int, float]) -> dict[int, float]:
    norm = float(np.sqrt(sum(v * v for v in row.values())))
    return {k: v / norm for k, v in row.items() if v != 0.0} if norm > 0 else {}


def _rows(texts: Sequence[str], config: FeatureConfig) -> list[dict[int, float]]:
    """One {column: value} per text: the word block, then the char block shifted right."""
    rows = []
    for text in texts:
        row = _l2(hashed(word_ngrams(text, config.word_ngrams), config.n_features))
        if config.char_ngrams is not None:
            chars = _l2(hashed(char_wb_ngrams(text, config.char_ngrams), config.n_features))
            row.update({config.n_features + k: v for k, v in chars.items()})
        rows.append(row)
    return rows


def _csr_arrays(
    rows: Sequence[Mapping[int, float]],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((k for r in rows for k in sorted(r)), np.int64, int(indptr[-1]))
    data = np.fromiter((r[k] for r in rows for k in sorted(r)), np.float64, int(indptr[-1]))
    return data, indices, indptr


def featurize(texts: Sequence[str], config: FeatureConfig) -> Any:
    """Sparse feature matrix (rows = texts) for ``config``; one batch, no state."""
    from scipy.sparse import csr_matrix

    data, indices, indptr = _csr_arrays(_rows(texts, config))
    width = config.n_features * (1 if config.char_ngrams is None else 2)
    return csr_matrix((data, indices, indptr), shape=(len(texts), width))


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
        # The sparse product without scipy: each feature's weight times its value, summed
        # per text.
        data, indices, indptr = _csr_arrays(_rows(texts, self.config))
        text_of = np.repeat(np.arange(len(texts)), np.diff(indptr))
        weighted = self.coef[:, indices].astype(np.float64) * data
        scores = np.stack(
            [np.bincount(text_of, weights=w, minlength=len(texts)) for w in weighted], axis=1
        )
        return np.asarray(scores + self.intercept, dtype=np.float32)

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
