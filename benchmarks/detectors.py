"""Detector pipeline benchmark: one call's analysis in CPU and wall seconds, vs two baselines.

Two kinds of 1-hour call: realistic ones (``benchmarks/realistic.py``: varied invented
sentences, call phases, 2–5 speakers, ~9,000 words) and the templated synthetic ones
(``benchmarks/generate.py``). For each call it times ``callcoach.pipeline.run`` over every
registered detector, then two baselines with the same model and embedder:

- *per utterance*: every utterance embedded alone, one ``encode`` call each; reported twice:
  with the embedder's cache (an utterance said again, "Yeah." or "Right.", ~30 % of a
  realistic call's turns, comes from it) and with every utterance embedded, repeats
  included, as the issue's "embed every utterance one by one" reads;
- *sorted sentences*: every distinct sentence of the call embedded once, in length-sorted,
  padding-bounded batches (the best a "just embed everything" design can do).

The embedder's in-memory cache is cleared before each, so nothing is reused across them.
One untimed warm-up call comes first (model load, lexicon compilation). CPU seconds are
the process's (all threads, onnxruntime's included) and are the primary figure: on a
shared machine wall clock mostly measures the other jobs.

    python -m benchmarks.detectors                        # 3 + 3 calls → docs/benchmarks.md
    python -m benchmarks.detectors --calls 1 --no-write
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import synthetic_call
from benchmarks.ingest_metrics import machine, write_section
from benchmarks.realistic import realistic_call
from benchmarks.render import Transcript, render
from callcoach import pipeline
from callcoach.detectors import Detector
from callcoach.ingest import load_text
from callcoach.model import Call, RoleAssignment
from callcoach.nlp.embeddings import MiniLMEmbedder, default_embedder
from callcoach.nlp.sentences import split_sentences
from callcoach.roles import resolve_roles

SECTION = "## Detectors"
TARGET_S = 1.0  # analysis of a realistic 1-hour call, wall clock, quiet 2-core machine
EMBEDDING = "(embedding pass, all detectors)"
ANNOUNCING = "(embedding detectors listing their texts)"


def forget_texts() -> None:
    """Clear the per-text memos (lexicon scans, word offsets, sentence splits, amounts, stems,
    claims) so a repeated run of the same call costs what the first did; compiled phrases
    stay (start-up). The one-call memos of ``detectors._memo`` need no clearing: a call
    loaded again is another object."""
    from callcoach.detectors import _patterns, quantified_pain, question, stance
    from callcoach.nlp import sentences

    sentences.sentence_spans.cache_clear()
    quantified_pain._find_amounts.cache_clear()
    stance._stem.cache_clear()
    stance.is_claim.cache_clear()
    _patterns._word_starts.cache_clear()
    _patterns.load_lexicon.cache_clear()
    question._normalise.cache_clear()


@dataclass(frozen=True)
class Cost:
    wall: float
    cpu: float


@dataclass
class CallTiming:
    """One call: the pipeline and both baselines."""

    kind: str
    utterances: int
    words: int
    pipeline: Cost
    per_utterance: Cost
    sorted_sentences: Cost
    embedded: int  # distinct texts the pipeline sent through the model
    tokens: int
    padded_tokens: int
    sentences: int  # distinct sentences the sorted-sentences baseline embedded
    sentence_tokens: int
    per_detector_cpu: dict[str, float] = field(default_factory=dict)
    # every utterance embedded, repeats included (no cache between utterances)
    per_utterance_all: Cost = Cost(float("nan"), float("nan"))
    utterance_tokens: int = 0  # tokens the per-utterance baseline fed, repeats included


def _measure(action: Callable[[], object]) -> Cost:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Cost(time.perf_counter() - wall, time.process_time() - cpu)


def _load(transcript: Transcript) -> tuple[Call, RoleAssignment]:
    call = load_text(render(transcript, "json"), source=f"{transcript.title}.json")
    reps = [p.name for p in transcript.participants if p.role == "rep"]
    return call, resolve_roles(call, rep=reps)


class _Timed:
    """Wraps each detector's ``detect`` and the model's ``encode`` to charge CPU seconds."""

    def __init__(self, detectors: Sequence[Detector], embedder: MiniLMEmbedder) -> None:
        self.cpu: dict[str, float] = {}
        self.embedding_cpu = 0.0
        self._detectors = detectors
        self._embedder = embedder

    def __enter__(self) -> _Timed:
        for detector in self._detectors:
            original = detector.detect
            name = detector.name
            announce = detector.embedding_texts

            def texts(call: Any, context: Any, _o: Any = announce) -> Any:
                started = time.process_time()
                found = _o(call, context)
                self.cpu[ANNOUNCING] = self.cpu.get(ANNOUNCING, 0.0) + (
                    time.process_time() - started
                )
                return found

            detector.embedding_texts = texts  # type: ignore[method-assign]

            def detect(call: Any, context: Any, _o: Any = original, _n: str = name) -> Any:
                embedding_before = self.embedding_cpu
                started = time.process_time()
                found = _o(call, context)
                spent = time.process_time() - started
                self.cpu[_n] = spent - (self.embedding_cpu - embedding_before)
                return found

            detector.detect = detect  # type: ignore[method-assign]
        encode = self._embedder.encode

        def timed_encode(texts: Sequence[str]) -> Any:
            started = time.process_time()
            out = encode(texts)
            self.embedding_cpu += time.process_time() - started
            return out

        self._embedder.encode = timed_encode  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: object) -> None:
        for detector in self._detectors:
            del detector.detect
            del detector.embedding_texts
        del self._embedder.encode


def time_call(
    kind: str, transcript: Transcript, detectors: Sequence[Detector], embedder: MiniLMEmbedder
) -> CallTiming:
    call, roles = _load(transcript)
    embedder.cache_clear()
    forget_texts()
    cost = _measure(lambda: pipeline.run(call, roles, detectors, embedder=embedder))
    embedded, stats = embedder.misses, embedder.stats
    embedder.cache_clear()
    forget_texts()
    with _Timed(detectors, embedder) as timed:
        # The pass in this thread, when the first embedding detector needs it, so that CPU
        # time can be charged per detector (in the background it overlaps the others).
        pipeline.run(call, roles, detectors, embedder=embedder, overlap=False)
    per_detector = {**timed.cpu, EMBEDDING: timed.embedding_cpu}

    embedder.cache_clear()
    per_utterance = _measure(lambda: [embedder.encode([u.text]) for u in call.utterances])

    fed: list[int] = []

    def every_utterance() -> None:
        for utterance in call.utterances:
            embedder.cache_clear()  # also resets ``stats``
            embedder.encode([utterance.text])
            fed.append(embedder.stats.tokens)

    per_utterance_all = _measure(every_utterance)
    sentences = list(
        dict.fromkeys(u.text[a:b] for u in call.utterances for a, b in split_sentences(u.text))
    )
    embedder.cache_clear()
    sorted_sentences = _measure(lambda: embedder.encode(sentences))
    return CallTiming(
        kind,
        len(call.utterances),
        sum(u.word_count for u in call.utterances),
        cost,
        per_utterance,
        sorted_sentences,
        embedded,
        stats.tokens,
        stats.padded_tokens,
        len(sentences),
        embedder.stats.tokens,
        per_detector,
        per_utterance_all,
        sum(fed),
    )


def run(calls: int, seed: int) -> list[CallTiming]:
    """Time ``calls`` realistic and ``calls`` synthetic 1-hour calls; progress to stderr."""
    detectors = pipeline.build()
    embedder = default_embedder()
    kinds = [("realistic", realistic_call(seed + i)) for i in range(calls)] + [
        ("synthetic", synthetic_call(seed + i)) for i in range(calls)
    ]
    pipeline.run(*_load(kinds[0][1]), detectors, embedder=embedder)  # warm-up
    results = []
    for kind, transcript in kinds:
        timing = time_call(kind, transcript, detectors, embedder)
        print(
            f"{kind} {transcript.seed}: {timing.utterances} utterances, pipeline "
            f"{timing.pipeline.cpu:.2f} s CPU, per utterance {timing.per_utterance.cpu:.2f}, "
            f"sorted sentences {timing.sorted_sentences.cpu:.2f}",
            file=sys.stderr,
        )
        results.append(timing)
    return results


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def markdown(results: Sequence[CallTiming], info: dict[str, str], calls: int) -> str:
    """The "## Detectors" section of docs/benchmarks.md."""
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.detectors --calls {calls}`: every registered detector "
        f"(`pipeline.build()` then `run`) over {calls} realistic 1-hour calls "
        f"(`benchmarks/realistic.py`) and {calls} templated synthetic ones "
        "(`benchmarks/generate.py`), after one untimed warm-up call; the embedder's cache is "
        "cleared before each measurement. **CPU seconds (the process, every thread) are the "
        "primary figure**: this machine was shared with other jobs, so wall clock mostly "
        "measured them. Baselines, same model and embedder: *per utterance* embeds every "
        "utterance alone, one `encode` each; *sorted sentences* embeds every distinct "
        "sentence of the call once in length-sorted, padding-bounded batches. "
        f"The ONNX session uses the {len(os.sched_getaffinity(0))} available cores.",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min).",
        "",
        "| calls | utterances | words | pipeline CPU s | wall s | per-utterance CPU s "
        "(repeats from the cache / every utterance) | sorted-sentences CPU s | × per "
        "utterance (cache / every) | × sorted sentences | texts embedded | "
        "tokens (padded) | padding | sentences / tokens in baseline | tokens, every utterance |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("realistic", "synthetic"):
        rows = [r for r in results if r.kind == kind]
        if not rows:
            continue
        cpu = _median([r.pipeline.cpu for r in rows])
        naive = _median([r.per_utterance.cpu for r in rows])
        every = _median([r.per_utterance_all.cpu for r in rows])
        sentences = _median([r.sorted_sentences.cpu for r in rows])
        tokens = _median([r.tokens for r in rows])
        padded = _median([r.padded_tokens for r in rows])
        lines.append(
            f"| {kind} (median of {len(rows)}) | {_median([r.utterances for r in rows]):.0f} | "
            f"{_median([r.words for r in rows]):.0f} | {cpu:.2f} | "
            f"{_median([r.pipeline.wall for r in rows]):.2f} | {naive:.2f} / {every:.2f} | "
            f"{sentences:.2f} | {naive / cpu:.1f}× / {every / cpu:.1f}× | {sentences / cpu:.2f}× | "
            f"{_median([r.embedded for r in rows]):.0f} | {tokens:.0f} ({padded:.0f}) | "
            f"{padded / tokens - 1 if tokens else 0:.1%} | "
            f"{_median([r.sentences for r in rows]):.0f} / "
            f"{_median([r.sentence_tokens for r in rows]):.0f} | "
            f"{_median([r.utterance_tokens for r in rows]):.0f} |"
        )
    kinds = [k for k in ("realistic", "synthetic") if any(r.kind == k for r in results)]

    def cpu_of(name: str, kind: str) -> float:
        return _median([r.per_detector_cpu.get(name, 0.0) for r in results if r.kind == kind])

    names = sorted(
        {n for r in results for n in r.per_detector_cpu}, key=lambda n: -cpu_of(n, kinds[0])
    )
    lines += [
        "",
        "Where the CPU goes (median CPU s per call of each kind; the one embedding pass is "
        "charged to its own row, not to the detector that triggered it):",
        "",
        "| detector | " + " | ".join(kinds) + " |",
        "|---|" + "---:|" * len(kinds),
        *(f"| {n} | " + " | ".join(f"{cpu_of(n, k):.3f}" for k in kinds) + " |" for n in names),
        "",
    ]
    realistic = [r for r in results if r.kind == "realistic"]
    if realistic:
        cpu = _median([r.pipeline.cpu for r in realistic])
        naive = _median([r.per_utterance.cpu for r in realistic])
        every = _median([r.per_utterance_all.cpu for r in realistic])
        sentences = _median([r.sorted_sentences.cpu for r in realistic])
        lines += [
            f"Realistic calls: the pipeline is {naive / cpu:.1f}× the per-utterance baseline "
            f"with repeats from the cache, {every / cpu:.1f}× with every utterance embedded "
            f"(target ≥ 10×: **{'met' if every / cpu >= 10 else 'NOT met'}**) and "
            f"{sentences / cpu:.2f}× the sorted-sentences baseline (target > 1×: "
            f"**{'met' if sentences > cpu else 'NOT met'}**), in CPU seconds. Analysis of one "
            f"realistic 1-hour call: {cpu:.2f} s CPU (target ≤ {TARGET_S:.0f} s wall on a quiet "
            "2-core machine; with onnxruntime on 2 threads wall is below CPU when the cores "
            "are free).",
            "",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3, help="calls of each kind")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first call")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    results = run(args.calls, args.seed)
    section = markdown(results, machine(), args.calls)
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
