"""Embedding throughput per device (CPU, and the GPU when onnxruntime offers CUDA).

Every distinct sentence and every speaker turn of ``--calls`` realistic 1-hour calls
(``benchmarks/realistic.py``) is embedded once per device with the batching the device gets
(``BatchPolicy``: 32 texts on the CPU, up to 256 on a GPU). Reported per device: texts and
tokens per second, CPU and wall seconds, where the wall time goes (tokenizer, onnxruntime
``run``, the rest: padding arrays, pooling, normalising), padding, and an estimate of how
many 1-hour calls per minute the embedding part alone allows (the pipeline embeds
``--tokens-per-call`` tokens of a realistic call, see "## Detectors"). On a GPU the vectors
are compared with the CPU's: the largest cosine distance must stay within
``GPU_TOLERANCE`` (exit status 1 otherwise).

    python -m benchmarks.embeddings_device --calls 20          # → "## GPU" in docs/benchmarks.md
    CALLCOACH_DEVICE=cpu python -m benchmarks.embeddings_device --calls 2 --no-write
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from benchmarks.ingest_metrics import machine, write_section
from benchmarks.realistic import realistic_call
from callcoach.nlp.embeddings import CUDA_PROVIDER, GPU_TOLERANCE, MiniLMEmbedder
from callcoach.nlp.sentences import split_sentences

SECTION = "## GPU"
TOKENS_PER_CALL = 4300  # pipeline tokens of a realistic 1-hour call (docs: "## Detectors")


@dataclass(frozen=True)
class DeviceRun:
    device: str
    providers: tuple[str, ...]
    texts: int
    tokens: int
    padded_tokens: int
    batches: int
    wall_s: float
    cpu_s: float
    tokenizer_s: float
    session_s: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.wall_s

    def calls_per_minute(self, tokens_per_call: int) -> float:
        return 60.0 * self.tokens_per_s / tokens_per_call


def corpus(calls: int) -> list[str]:
    """Distinct sentences and turns of ``calls`` realistic calls."""
    texts: dict[str, None] = {}
    for seed in range(calls):
        for turn in realistic_call(seed).turns:
            texts[turn.text] = None
            for start, end in split_sentences(turn.text):
                texts[turn.text[start:end]] = None
    return list(texts)


def _timed_embedder(embedder: MiniLMEmbedder) -> dict[str, float]:
    """Wrap the tokenizer and the session to charge their wall seconds."""
    spent = {"tokenizer": 0.0, "session": 0.0}
    tokenizer: Any = embedder._tokenizer
    session: Any = embedder._session

    class Tokenizer:
        def encode_batch(self, texts: Sequence[str]) -> Any:
            started = time.perf_counter()
            out = tokenizer.encode_batch(texts)
            spent["tokenizer"] += time.perf_counter() - started
            return out

    class Session:
        def run(self, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            out = session.run(*args, **kwargs)
            spent["session"] += time.perf_counter() - started
            return out

        def get_providers(self) -> Any:
            return session.get_providers()

    embedder._tokenizer = Tokenizer()  # type: ignore[assignment]
    embedder._session = Session()
    return spent


def measure(device: str, texts: list[str]) -> tuple[DeviceRun, NDArray[np.float32]]:
    embedder = MiniLMEmbedder(device=device, cache_size=1)
    embedder.encode(texts[:64])  # warm-up (kernels, allocator)
    embedder.cache_clear()
    spent = _timed_embedder(embedder)
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = embedder.encode(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stats = embedder.stats
    run = DeviceRun(
        device,
        embedder.providers,
        stats.texts,
        stats.tokens,
        stats.padded_tokens,
        stats.batches,
        wall,
        cpu,
        spent["tokenizer"],
        spent["session"],
    )
    return run, vectors


def cosine_distance(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    """Largest 1 - cos between matching rows (rows are unit vectors)."""
    return float(np.max(1.0 - np.sum(a * b, axis=1))) if len(a) else 0.0


def markdown(
    runs: Sequence[DeviceRun], distance: float | None, calls: int, tokens_per_call: int
) -> str:
    info = machine()
    rows = [
        f"| {r.device} ({', '.join(p.removesuffix('ExecutionProvider') for p in r.providers)}) "
        f"| {r.texts} | {r.tokens} | {r.padded_tokens / max(r.tokens, 1) - 1:.1%} | "
        f"{r.batches} | {r.wall_s:.2f} | {r.cpu_s:.2f} | {r.texts / r.wall_s:.0f} | "
        f"{r.tokens_per_s:.0f} | {r.tokenizer_s / r.wall_s:.0%} | "
        f"{r.session_s / r.wall_s:.0%} | {r.calls_per_minute(tokens_per_call):.0f} |"
        for r in runs
    ]
    gpu = [r for r in runs if CUDA_PROVIDER in r.providers]
    if distance is None:
        equality = "no GPU provider was available, so CPU-vs-GPU equality was not checked"
    else:
        verdict = "within" if distance <= GPU_TOLERANCE else "OUTSIDE"
        equality = (
            f"largest CPU-vs-GPU cosine distance {distance:.2e}, {verdict} the stated "
            f"tolerance {GPU_TOLERANCE:g}"
        )
    return "\n".join(
        [
            SECTION,
            "",
            f"`python -m benchmarks.embeddings_device --calls {calls}`: every distinct "
            f"sentence and turn of {calls} realistic 1-hour calls embedded once per device, "
            "with the device's batching. Calls/min = the embedding part alone, at "
            f"{tokens_per_call} tokens per realistic 1-hour call (ingest, rule-based detectors and "
            "scoring add ~0.6–0.7 CPU s per call, on the CPU cores).",
            "",
            f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
            f"{info['date']}, commit {info['commit']}; load average {info['load']}.",
            "",
            "| device | texts | tokens | padding | batches | wall s | CPU s | texts/s | "
            "tokens/s | tokenizer | onnxruntime run | 1-hour calls/min (embedding) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Equality: {equality}.",
            "",
            *(
                []
                if gpu
                else [
                    "**The GPU path is untested here**: no GPU was available to this run. "
                    "On a machine with an NVIDIA GPU and CUDA:",
                    "",
                    "```",
                    "pip install -e '.[gpu]'",
                    "pip uninstall -y onnxruntime        # both wheels ship the onnxruntime module",
                    "pip install --force-reinstall --no-deps onnxruntime-gpu",
                    "python -c 'import onnxruntime as o; print(o.get_available_providers())'",
                    "python -m benchmarks.embeddings_device --calls 50",
                    "CALLCOACH_DEVICE=gpu python -m benchmarks.batch --calls 100 --workers 4",
                    "```",
                    "",
                    "Expect the int8 model's quantised MatMuls (`MatMulInteger`, "
                    "`DynamicQuantizeLinear`) to be partly placed on the CPU by onnxruntime's "
                    "CUDA provider; the table's onnxruntime share then says how much of the "
                    "time a float16 export of the same model would win back.",
                    "",
                ]
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--tokens-per-call", type=int, default=TOKENS_PER_CALL)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    texts = corpus(max(1, args.calls))
    print(f"{len(texts)} texts", file=sys.stderr)
    import onnxruntime as ort

    cpu_run, cpu_vectors = measure("cpu", texts)
    runs, distance = [cpu_run], None
    if CUDA_PROVIDER in ort.get_available_providers():
        gpu_run, gpu_vectors = measure("gpu", texts)
        runs.append(gpu_run)
        distance = cosine_distance(cpu_vectors, gpu_vectors)
    section = markdown(runs, distance, args.calls, args.tokens_per_call)
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0 if distance is None or distance <= GPU_TOLERANCE else 1


if __name__ == "__main__":
    raise SystemExit(main())
