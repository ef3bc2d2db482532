"""Learned heads: one logistic regression per label on the shipped MiniLM sentence embedding.

A head answers one yes/no question about a sentence ("is this a stall?") from its
embedding, for the cases a phrase list cannot cover: rules match the wordings someone has
read, a head trained on many varied sentences reads what they mean. Heads are trained by
``scripts/train_head.py`` on invented, labelled sentences kept in
``training/heads/<name>.jsonl`` (never on evaluation data) and stored in
``callcoach/detectors/models`` as two files:

- ``<name>.head.npz``: the weights (``coef``, one per embedding dimension);
- ``<name>.head.json``: the intercept, the decision threshold, the SHA-256 of the weights,
  of the training data and of the embedding model they were trained on, and the grouped
  cross-validation numbers that chose them.

``load_head`` refuses weights whose SHA-256 does not match the JSON, and a head trained on
another embedding model than the one this package ships: its weights would mean nothing.

A *two-turn* head (1.9; JSON ``"features": "pair"``) reads a sentence together with the
buyer's turn before it, as [context; sentence; context × sentence] (``pair_features``,
three times the embedding's dimensions): many challenges take their force from what the
buyer just said. Every other head reads the sentence alone, as before.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from callcoach.errors import DetectorError
from callcoach.nlp.linear import MODELS_DIR, sha256_file

__all__ = [
    "HEAD_SUFFIX",
    "PAIR_FEATURES",
    "EmbeddingHead",
    "Encoder",
    "head_paths",
    "load_head",
    "pair_features",
]

HEAD_SUFFIX = ".head"
PAIR_FEATURES = "pair"  # metadata "features" of a two-turn head
_PAIR_BLOCKS = 3  # context, sentence, their product


def pair_features(
    contexts: NDArray[np.float32], sentences: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Two-turn features, one row per (context, sentence) pair: [c; s; c × s]."""
    if contexts.shape != sentences.shape:
        raise DetectorError(
            f"pair features need one context per sentence, got {contexts.shape} and "
            f"{sentences.shape}"
        )
    return np.hstack([contexts, sentences, contexts * sentences]).astype(np.float32)


class Encoder(Protocol):
    """Anything that embeds texts as rows of a matrix (the MiniLM embedder, its cache)."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


def head_paths(name: str, directory: Path = MODELS_DIR) -> tuple[Path, Path]:
    """The weights (``.npz``) and metadata (``.json``) files of head ``name``."""
    return directory / f"{name}{HEAD_SUFFIX}.npz", directory / f"{name}{HEAD_SUFFIX}.json"


@dataclass(frozen=True)
class EmbeddingHead:
    """P(yes) = sigmoid(vector · coef + intercept); "yes" when P(yes) >= ``threshold``."""

    name: str
    coef: NDArray[np.float32]
    intercept: float
    threshold: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dimensions(self) -> int:
        return int(self.coef.shape[0])

    @property
    def features(self) -> str:
        """``"sentence"`` (one sentence embedding) or ``"pair"`` (``pair_features``)."""
        return str(self.metadata.get("features", "sentence"))

    def predict_proba(self, vectors: NDArray[np.float32]) -> NDArray[np.float64]:
        """P(yes) for each row of ``vectors`` (sentence embeddings, one per row)."""
        if vectors.ndim != 2 or vectors.shape[1] != self.dimensions:
            raise DetectorError(
                f"head {self.name!r} expects {self.dimensions}-d sentence embeddings, "
                f"got shape {vectors.shape}"
            )
        score = vectors.astype(np.float64) @ self.coef.astype(np.float64) + self.intercept
        probabilities: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(score, -30.0, 30.0)))
        return probabilities

    def probabilities(self, texts: Sequence[str], embedder: Encoder) -> NDArray[np.float64]:
        """P(yes) for each text, embedded by ``embedder`` (the call's shared one, whose cache
        already holds every text a detector declared in ``embedding_texts``)."""
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.predict_proba(embedder.encode(list(texts)))

    def pair_probabilities(
        self, contexts: Sequence[str], texts: Sequence[str], embedder: Encoder
    ) -> NDArray[np.float64]:
        """P(yes) for each sentence of ``texts`` read with the buyer's turn of ``contexts``
        before it (a two-turn head)."""
        if len(contexts) != len(texts):
            raise DetectorError(f"head {self.name!r}: one context per text is needed")
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.predict_proba(
            pair_features(embedder.encode(list(contexts)), embedder.encode(list(texts)))
        )

    def save(self, directory: Path = MODELS_DIR) -> tuple[Path, Path]:
        """Write the two files; the JSON records the weights' SHA-256."""
        weights_path, meta_path = head_paths(self.name, directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(weights_path, coef=self.coef.astype(np.float32))
        data = {
            **{k: v for k, v in self.metadata.items() if k not in _RESERVED},
            "name": self.name,
            "intercept": round(float(self.intercept), 8),
            "threshold": round(float(self.threshold), 6),
            "dimensions": self.dimensions,
            "weights_sha256": sha256_file(weights_path),
        }
        meta_path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return weights_path, meta_path


_RESERVED = frozenset({"name", "intercept", "threshold", "dimensions", "weights_sha256"})


def _read(name: str, directory: Path) -> EmbeddingHead:
    weights_path, meta_path = head_paths(name, directory)
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        intercept = float(data["intercept"])
        threshold = float(data["threshold"])
        expected = str(data["weights_sha256"])
    except FileNotFoundError:
        raise DetectorError(f"{meta_path}: no head named {name!r} is installed") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DetectorError(f"{meta_path}: cannot load head {name!r}: {exc}") from None
    try:
        digest = sha256_file(weights_path)
    except OSError as exc:
        raise DetectorError(f"{weights_path}: head weights cannot be read ({exc})") from None
    if digest != expected:
        raise DetectorError(
            f"{weights_path}: SHA-256 {digest} does not match {meta_path.name} ({expected}); "
            "the file was altered or is incomplete"
        )
    with np.load(weights_path, allow_pickle=False) as npz:
        coef = np.asarray(npz["coef"], dtype=np.float32).reshape(-1)
    meta = {k: v for k, v in data.items() if k not in _RESERVED}
    return EmbeddingHead(name, coef, intercept, threshold, meta)


def _check_model(head: EmbeddingHead, path: Path) -> None:
    from callcoach.nlp.embeddings import DIMENSIONS, MODEL_SHA256

    trained_on = head.metadata.get("embedding_model_sha256")
    blocks = _PAIR_BLOCKS if head.features == PAIR_FEATURES else 1
    if trained_on != MODEL_SHA256 or head.dimensions != DIMENSIONS * blocks:
        raise DetectorError(
            f"{path}: head {head.name!r} was trained on embedding model {trained_on} "
            f"({head.dimensions}-d) but this package ships {MODEL_SHA256} ({DIMENSIONS}-d); "
            "retrain it with scripts/train_head.py"
        )


@functools.lru_cache(maxsize=32)
def load_head(name: str, directory: Path = MODELS_DIR) -> EmbeddingHead:
    """The head ``name`` from ``directory`` (cached), checked against the shipped model."""
    head = _read(name, directory)
    _check_model(head, head_paths(name, directory)[1])
    return head
