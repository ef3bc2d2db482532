"""Detector pipeline benchmark: seconds per synthetic 1-hour call, per detector, vs naive.

For each call (``benchmarks/generate.py``, JSON format, about 700 utterances) it times
``callcoach.pipeline.run`` over every registered detector (``pipeline.build()``), then each
detector alone (in dependency order, as the pipeline runs them), then the naive baseline:
embedding every utterance one call at a time with the same model. The embedding cache is
cleared before each of the three so no call profits from an earlier one (the synthetic
calls reuse sentences, which a warm cache would make look free). The first call is run
once untimed first, so loading the model and lexicons is not counted.

    python -m benchmarks.detectors                     # 5 calls → docs/benchmarks.md
    python -m benchmarks.detectors --calls 2 --no-write
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.generate import write_calls
from benchmarks.ingest_metrics import machine
from callcoach import pipeline
from callcoach.detectors import DetectionContext, Detector
from callcoach.ingest import load_call
from callcoach.model import Call, Finding, RoleAssignment
from callcoach.nlp.embeddings import MiniLMEmbedder, default_embedder
from callcoach.roles import resolve_roles

SECTION = "## Detectors"
TARGET_S = 1.0


@dataclass
class CallTiming:
    """Wall-clock seconds for one call."""

    utterances: int
    pipeline_s: float
    naive_s: float
    per_detector_s: dict[str, float] = field(default_factory=dict)
    embedded: int = 0  # texts the pipeline actually sent through the model


def _time_detectors(
    call: Call, roles: RoleAssignment, detectors: Sequence[Detector], embedder: MiniLMEmbedder
) -> dict[str, float]:
    """Seconds per detector, running them in order with the same contexts as the pipeline."""
    findings: dict[str, tuple[Finding, ...]] = {}
    seconds = {}
    for detector in detectors:
        context = DetectionContext(
            roles=roles,
            findings={r: findings[r] for r in detector.requires},
            embedder=embedder,
        )
        started = time.perf_counter()
        findings[detector.name] = tuple(detector.detect(call, context))
        seconds[detector.name] = time.perf_counter() - started
    return seconds


def _naive(call: Call, embedder: MiniLMEmbedder) -> float:
    """Seconds to embed every utterance one by one (no batching, no candidate selection)."""
    embedder.cache_clear()
    started = time.perf_counter()
    for utterance in call.utterances:
        embedder.encode([utterance.text])
    return time.perf_counter() - started


def time_call(
    call: Call, roles: RoleAssignment, detectors: Sequence[Detector], embedder: MiniLMEmbedder
) -> CallTiming:
    """Pipeline, per-detector and naive-baseline timings for one call."""
    embedder.cache_clear()
    started = time.perf_counter()
    pipeline.run(call, roles, detectors, embedder=embedder)
    pipeline_s = time.perf_counter() - started
    embedded = embedder.misses
    embedder.cache_clear()
    per_detector = _time_detectors(call, roles, detectors, embedder)
    return CallTiming(
        len(call.utterances), pipeline_s, _naive(call, embedder), per_detector, embedded
    )


def run(calls: int, seed: int, workdir: Path) -> list[CallTiming]:
    """Generate ``calls`` 1-hour calls and time them; progress goes to stderr."""
    generated = write_calls(workdir, calls, formats=("json",), seed=seed)
    detectors = pipeline.build()
    embedder = default_embedder()
    loaded = [(load_call(g.paths["json"]), list(g.reps["json"])) for g in generated]
    prepared = [(call, resolve_roles(call, rep=reps)) for call, reps in loaded]
    pipeline.run(*prepared[0], detectors, embedder=embedder)  # warm-up: model, lexicons
    results = []
    for number, (call, roles) in enumerate(prepared, 1):
        timing = time_call(call, roles, detectors, embedder)
        print(
            f"call {number}/{calls}: {timing.utterances} utterances, pipeline "
            f"{timing.pipeline_s:.2f} s, naive embedding {timing.naive_s:.2f} s",
            file=sys.stderr,
        )
        results.append(timing)
    return results


def _row(label: str, seconds: Sequence[float]) -> str:
    return (
        f"| {label} | {statistics.median(seconds):.3f} | {min(seconds):.3f} | {max(seconds):.3f} |"
    )


def markdown(results: Sequence[CallTiming], info: dict[str, str], calls: int) -> str:
    """The "## Detectors" section of docs/benchmarks.md."""
    pipeline_median = statistics.median(r.pipeline_s for r in results)
    naive_median = statistics.median(r.naive_s for r in results)
    names = list(results[0].per_detector_s)
    per_detector = {n: statistics.median(r.per_detector_s[n] for r in results) for n in names}
    rows = ["| detector | median s per call | share |", "|---|---:|---:|"]
    total = sum(per_detector.values()) or 1.0
    for name in sorted(names, key=lambda n: -per_detector[n]):
        rows.append(f"| {name} | {per_detector[name]:.3f} | {per_detector[name] / total:.0%} |")
    verdict = "met" if pipeline_median <= TARGET_S else "NOT met"
    return "\n".join(
        [
            SECTION,
            "",
            f"`python -m benchmarks.detectors --calls {calls}`: every registered detector "
            f"(`callcoach.pipeline.build()` then `run`) over {calls} synthetic 1-hour calls "
            f"(median {statistics.median(r.utterances for r in results):.0f} speaker turns; "
            "`benchmarks/generate.py`), wall-clock seconds per call with the embedding "
            "cache cleared before every call, after one untimed warm-up call (model load). "
            f"The ONNX session uses all {len(os.sched_getaffinity(0))} available cores. "
            "Naive baseline: the same MiniLM model embedding every utterance of the call, "
            "one `encode` call per utterance.",
            "",
            f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
            f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min).",
            "",
            "| | median s per call | min | max |",
            "|---|---:|---:|---:|",
            _row("full detector pipeline", [r.pipeline_s for r in results]),
            _row("naive: embed every utterance one by one", [r.naive_s for r in results]),
            "",
            f"Pipeline / naive embedding: {pipeline_median / naive_median:.2f}× "
            f"(the pipeline embedded a median of "
            f"{statistics.median(r.embedded for r in results):.0f} distinct texts per call).",
            "",
            "Per detector (timed one by one in pipeline order, one cache for the call: a "
            "text is charged to the first detector that embeds it):",
            "",
            *rows,
            "",
            f"Target: ≤ {TARGET_S:.0f} s per 1-hour call "
            f"(median above: {pipeline_median:.3f} s): **{verdict}**.",
            "",
        ]
    )


def write_section(doc: Path, section: str) -> None:
    """Replace the "## Detectors" section of ``doc`` (up to the next ``## ``), or append it."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5, help="number of 1-hour calls")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first call")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as workdir:
        results = run(args.calls, args.seed, Path(workdir))
    section = markdown(results, machine(), args.calls)
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
