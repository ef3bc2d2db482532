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
from itertools import chain
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
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:  # a word shorter than n is counted once, whole
                grams.append(padded)
                break
            grams += [padded[i : i + n] for i in range(size - n + 1)]
    return grams


def hashed(
    features: Iterable[str], n_features: int, alternate_sign: bool = False
) -> dict[int, float]:
    """Column → value of one text, as ``FeatureHasher(input_type="string")`` sums them."""
    features = list(features)
    _, columns, values = _hashed_block([features], n_features, alternate_sign)
    return dict(zip(columns.tolist(), values.tolist(), strict=True))


# abs(-2**31) overflows in scikit-learn's int32 arithmetic; it defines that hash's index so.
_INT32_MIN = -(2**31)


def _hashed_block(
    features: Sequence[Sequence[str]], n_features: int, alternate_sign: bool = False
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Hashed features of several texts at once: (row, column, value) of every distinct
    column of each row, sorted by row then column.

    A feature's hash is the signed 32-bit MurmurHash3 of its UTF-8 bytes (``mmh3`` encodes a
    str so), its column the absolute value modulo ``n_features``, its value +1 (the hash's
    sign with ``alternate_sign``). Values are sums of ±1, exact in float64, so they do not
    depend on the order of summation.
    """
    lengths = np.fromiter((len(f) for f in features), np.int64, len(features))
    total = int(lengths.sum())
    hashes = np.fromiter(map(mmh3.hash, chain.from_iterable(features)), np.int64, total)
    columns = np.abs(hashes) % n_features
    overflow = hashes == _INT32_MIN
    if overflow.any():
        columns[overflow] = ((2147483647 - (n_features - 1)) % n_features) % n_features
    keys = np.repeat(np.arange(len(features), dtype=np.int64), lengths) * n_features + columns
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if total else keys
    if alternate_sign:
        signs = np.where(hashes[order] >= 0, 1.0, -1.0)
        values = np.add.reduceat(signs, starts) if total else signs
    else:
        values = np.diff(np.append(starts, total)).astype(np.float64)
    unique = keys[starts]
    return unique // n_features, unique % n_features, values


def _l2_rows(
    count: int, rows: NDArray[np.int64], columns: NDArray[np.int64], values: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Each row's values divided by the row's l2 norm, zeros dropped. Sums of squares of
    integer-valued floats are exact, so the norm is the same in any order of summation."""
    keep = values != 0.0
    rows, columns, values = rows[keep], columns[keep], values[keep]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=count))
    return rows, columns, values / norms[rows]


def _csr_arrays(
    texts: Sequence[str], config: FeatureConfig
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """CSR ``data``, ``indices`` (sorted within each row) and ``indptr`` of ``texts``: the
    l2-normalised word block, then the char block shifted right by ``n_features``."""
    count, width = len(texts), config.n_features
    rows, columns, data = _l2_rows(
        count, *_hashed_block([word_ngrams(t, config.word_ngrams) for t in texts], width)
    )
    if config.char_ngrams is not None:
        ngrams = config.char_ngrams
        char_rows, char_columns, char_data = _l2_rows(
            count, *_hashed_block([char_wb_ngrams(t, ngrams) for t in texts], width)
        )
        rows = np.concatenate([rows, char_rows])
        columns = np.concatenate([columns, char_columns + width])
        data = np.concatenate([data, char_data])
        order = np.argsort(rows * 2 * width + columns, kind="stable")
        rows, columns, data = rows[order], columns[order], data[order]
    indptr = np.zeros(count + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(rows, minlength=count))
    return data.astype(np.float64), columns.astype(np.int64), indptr


def featurize(texts: Sequence[str], config: FeatureConfig) -> Any:
    """Sparse feature matrix (rows = texts) for ``config``; one batch, no state."""
    from scipy.sparse import csr_matrix

    data, indices, indptr = _csr_arrays(texts, config)
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
        return cls.fit_features(featurize(texts, config), labels, config, c, seed, class_weight)

    @classmethod
    def fit_features(
        cls,
        features: Any,
        labels: Sequence[str],
        config: FeatureConfig = FeatureConfig(),
        c: float = 4.0,
        seed: int = 0,
        class_weight: str | None = None,
    ) -> LinearTextModel:
        """Train on rows already featurized with ``config`` (training scripts featurize a
        corpus once and fit many folds)."""
        from sklearn.linear_model import LogisticRegression

        classifier = LogisticRegression(
            C=c, max_iter=2000, random_state=seed, class_weight=class_weight, solver="liblinear"
        )
        classifier.fit(features, list(labels))
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
        data, indices, indptr = _csr_arrays(texts, self.config)
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
