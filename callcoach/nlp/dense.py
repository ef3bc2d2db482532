"""A logistic regression over a few named dense features, stored as one JSON file.

Used for second-stage decisions that combine a text model's probability with features of
the context (where a unit sits in its turn, how the next speaker starts). The JSON holds
the feature names, weights, intercept, the decision threshold and the training metadata;
``load_dense`` checks that the weights match the names and caches the model.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.errors import DetectorError
from callcoach.nlp.linear import MODELS_DIR

__all__ = ["DenseLogistic", "load_dense"]


@dataclass(frozen=True)
class DenseLogistic:
    """P(yes) = sigmoid(x · weights + intercept) over the named features."""

    names: tuple[str, ...]
    weights: NDArray[np.float64]
    intercept: float
    threshold: float
    metadata: Mapping[str, Any]

    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}

    def predict_proba(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probability of "yes" for each row of ``features`` (columns in ``names`` order)."""
        if features.ndim != 2 or features.shape[1] != len(self.names):
            raise DetectorError(
                f"dense model expects {len(self.names)} features, got shape {features.shape}"
            )
        score = features @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(score, -30.0, 30.0)))

    def save(self, path: Path) -> Path:
        data = {
            "names": list(self.names),
            "weights": [round(float(w), 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            **dict(self.metadata),
        }
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, path: Path) -> DenseLogistic:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = tuple(str(n) for n in data["names"])
            weights = np.asarray([float(w) for w in data["weights"]], dtype=np.float64)
            intercept = float(data["intercept"])
            threshold = float(data["threshold"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DetectorError(f"{path}: cannot load dense model: {exc}") from None
        if len(names) != len(weights):
            raise DetectorError(f"{path}: {len(names)} feature names but {len(weights)} weights")
        meta = {k: v for k, v in data.items() if k not in ("names", "weights", "intercept")}
        return cls(names, weights, intercept, threshold, meta)


@functools.lru_cache(maxsize=8)
def load_dense(name: str, directory: Path = MODELS_DIR) -> DenseLogistic:
    """The model ``<directory>/<name>.json`` (cached)."""
    return DenseLogistic.from_json(directory / f"{name}.json")


def fit_dense(
    names: Sequence[str],
    features: NDArray[np.float64],
    labels: NDArray[np.bool_],
    threshold: float,
    metadata: Mapping[str, Any],
    c: float = 1.0,
) -> DenseLogistic:
    """Train with scikit-learn (imported here only: training is not a run-time path)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(features, labels)
    return DenseLogistic(
        tuple(names),
        np.asarray(model.coef_[0], dtype=np.float64),
        float(model.intercept_[0]),
        threshold,
        dict(metadata),
    )
