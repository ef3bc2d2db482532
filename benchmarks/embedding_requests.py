"""How many texts and tokens each detector asks the embedding pass for, per call-hour.

    python -m benchmarks.embedding_requests                 # realistic calls 0-2 + read calls
    python -m benchmarks.embedding_requests --realistic 1 --no-read

Runs ``callcoach.analyze`` (every detector, the expert-not-friend rubric) on realistic
1-hour benchmark calls and on the read sales calls (``READ_BATCHES``: the 12 dev calls and
the opened blind batches; never a sealed set), recording, per detector, the distinct texts
it announced (``embedding_texts``) or encoded in ``detect``, and their MiniLM token counts
(with [CLS]/[SEP], truncated at 128 as the model reads them). The call's total is what the
shared pass (``CallEmbeddings``) sent to the model: each distinct text once, however many
detectors asked for it; "model tokens" also drops texts the tokenizer reads as the same
token ids (``MiniLMEmbedder`` runs those once).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass
class Requests:
    """Texts asked for by each detector, and what the shared pass embedded, for one call."""

    minutes: float
    by_detector: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    announced: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    used: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    embedded: list[str] = field(default_factory=list)


class _Recorder:
    """Passes ``encode`` through, noting the texts under a detector's name."""

    def __init__(self, inner: Any, name: str, sink: Requests) -> None:
        self._inner, self._name, self._sink = inner, name, sink

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self._sink.by_detector[self._name].update(dict.fromkeys(texts))
        self._sink.used[self._name].update(dict.fromkeys(texts))
        return np.asarray(self._inner.encode(texts), dtype=np.float32)


@contextmanager
def recording(sink_of: list[Requests]) -> Iterator[None]:
    """Patch every detector class's ``detect``/``embedding_texts`` and ``CallEmbeddings``
    so texts go to ``sink_of[-1]`` (the call being analysed)."""
    from callcoach.detectors import registry
    from callcoach.nlp import call_embeddings

    saved: list[tuple[type, str, Any]] = []
    classes = {type(registry.create(name)) for name in registry.names()}
    for cls in classes:
        for attr in ("detect", "embedding_texts"):
            saved.append((cls, attr, cls.__dict__.get(attr)))
        original_detect = cls.detect
        original_texts = cls.embedding_texts

        def detect(self: Any, call: Any, context: Any, _o: Any = original_detect) -> Any:
            if context.embedder is not None:
                context = replace(
                    context, embedder=_Recorder(context.embedder, self.name, sink_of[-1])
                )
            return _o(self, call, context)

        def embedding_texts(self: Any, call: Any, context: Any, _o: Any = original_texts) -> Any:
            texts = _o(self, call, context)
            sink_of[-1].by_detector[self.name].update(dict.fromkeys(texts))
            sink_of[-1].announced[self.name].update(dict.fromkeys(texts))
            return texts

        cls.detect = detect  # type: ignore[method-assign]
        cls.embedding_texts = embedding_texts  # type: ignore[method-assign]
    original_pass = call_embeddings.CallEmbeddings._embed_pending

    def embed_pending(self: Any) -> None:
        todo = list(self._pending)
        original_pass(self)
        sink_of[-1].embedded.extend(todo)

    call_embeddings.CallEmbeddings._embed_pending = embed_pending  # type: ignore[method-assign]
    try:
        yield
    finally:
        call_embeddings.CallEmbeddings._embed_pending = original_pass  # type: ignore[method-assign]
        for cls, attr, value in saved:
            if value is None:
                delattr(cls, attr)
            else:
                setattr(cls, attr, value)


def _tokens(texts: Sequence[str]) -> tuple[int, int]:
    """(tokens of ``texts``, tokens of their distinct token-id sequences), as embedded."""
    from callcoach.nlp.embeddings import default_embedder

    if not texts:
        return 0, 0
    encodings = default_embedder()._tokenizer.encode_batch(list(texts))
    distinct = {tuple(e.ids) for e in encodings}
    return sum(len(e.ids) for e in encodings), sum(len(ids) for ids in distinct)


#: Speaking rate used for the length of a call without timestamps (words per minute).
WORDS_PER_MINUTE = 150.0


def _over(texts: Sequence[str], cuts: Sequence[int]) -> list[tuple[int, int]]:
    """Per cut: (texts longer than it, tokens past it), as the model would read them."""
    from callcoach.nlp.embeddings import default_embedder

    if not texts:
        return [(0, 0) for _ in cuts]
    lengths = [len(e.ids) for e in default_embedder()._tokenizer.encode_batch(list(texts))]
    return [(sum(n > k for n in lengths), sum(max(0, n - k) for n in lengths)) for k in cuts]


#: Token cuts (below MiniLM's 128) whose savings ``summary`` reports.
CUTS = (32, 48, 64, 96)


def _minutes(call: Any) -> float:
    """The call's length: its timestamps, else its words at ``WORDS_PER_MINUTE``."""
    if call.has_timestamps and call.duration:
        return float(call.duration) / 60.0
    return sum(len(u.text.split()) for u in call.utterances) / WORDS_PER_MINUTE


def collect(realistic: int, read: bool) -> dict[str, list[Requests]]:
    import callcoach

    groups: dict[str, list[Requests]] = {"realistic": [], "read": []}
    sinks: list[Requests] = []
    with recording(sinks):
        if realistic:
            from benchmarks.realistic import write_realistic_calls

            with tempfile.TemporaryDirectory() as scratch:
                for path, reps in write_realistic_calls(Path(scratch), realistic):
                    call = callcoach.load_call(path)
                    sinks.append(Requests(_minutes(call)))
                    callcoach.analyze(call, rep=reps, rubric="expert-not-friend")
                    groups["realistic"].append(sinks[-1])
        if read:
            from callcoach.eval.lexicon_loco import READ_BATCHES, read_batch_calls

            for _batch, gold, call in read_batch_calls(list(READ_BATCHES)):
                sinks.append(Requests(_minutes(call)))
                callcoach.analyze(call, rep=list(gold.reps), rubric="expert-not-friend")
                groups["read"].append(sinks[-1])
    return groups


def summary(calls: list[Requests]) -> dict[str, Any]:
    """Per call-hour: texts and tokens per detector, the union and what the model ran."""
    hours = sum(c.minutes for c in calls) / 60.0
    per: dict[str, list[float]] = defaultdict(lambda: [0.0] * 6)
    embedded = [0.0, 0.0, 0.0, 0.0, 0.0]
    over = [[0.0, 0.0] for _ in CUTS]
    for c in calls:
        for slot, (n, k) in zip(over, _over(c.embedded, CUTS), strict=True):
            slot[0] += n
            slot[1] += k
        used_by_any = {t for texts in c.used.values() for t in texts}
        for name, texts in c.by_detector.items():
            unused = [t for t in c.announced.get(name, {}) if t not in c.used.get(name, {})]
            per[name][0] += len(texts)
            per[name][1] += _tokens(list(texts))[0]
            per[name][2] += len(unused)
            per[name][3] += _tokens(unused)[0]
            late = [t for t in c.used.get(name, {}) if t not in c.announced.get(name, {})]
            per[name][4] += len(late)
            per[name][5] += _tokens(late)[0]
        waste = [t for t in c.embedded if t not in used_by_any]
        embedded[3] += len(waste)
        embedded[4] += _tokens(waste)[0]
        tokens, model_tokens = _tokens(c.embedded)
        embedded[0] += len(c.embedded)
        embedded[1] += tokens
        embedded[2] += model_tokens
    return {
        "calls": len(calls),
        "hours": round(hours, 2),
        "per_hour": {
            name: {
                "texts": round(v[0] / hours),
                "tokens": round(v[1] / hours),
                "announced_unused_texts": round(v[2] / hours),
                "announced_unused_tokens": round(v[3] / hours),
                "unannounced_texts": round(v[4] / hours),
                "unannounced_tokens": round(v[5] / hours),
            }
            for name, v in sorted(per.items(), key=lambda kv: -kv[1][1])
        },
        "embedded_per_hour": {
            "texts": round(embedded[0] / hours),
            "tokens": round(embedded[1] / hours),
            "model_tokens": round(embedded[2] / hours),
            "never_read_texts": round(embedded[3] / hours),
            "never_read_tokens": round(embedded[4] / hours),
        },
        "past_cut_per_hour": {
            str(k): {"texts": round(n / hours), "tokens": round(t / hours)}
            for k, (n, t) in zip(CUTS, over, strict=True)
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realistic", type=int, default=3, help="realistic 1-hour calls")
    parser.add_argument("--no-read", action="store_true", help="skip the read sales calls")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    groups = collect(args.realistic, not args.no_read)
    out = {name: summary(calls) for name, calls in groups.items() if calls}
    for name, result in out.items():
        print(f"== {name}: {result['calls']} calls, {result['hours']} h")
        for det, row in result["per_hour"].items():
            print(
                f"  {det:<18} {row['texts']:>6} texts/h {row['tokens']:>7} tokens/h;"
                f" announced, not read: {row['announced_unused_texts']:>5} /"
                f" {row['announced_unused_tokens']:>6}; read, not announced:"
                f" {row['unannounced_texts']:>4} / {row['unannounced_tokens']:>5}"
            )
        e = result["embedded_per_hour"]
        print(
            f"  {'embedded (union)':<18} {e['texts']:>6} texts/h {e['tokens']:>7} tokens/h"
            f" ({e['model_tokens']} after token-id dedup); never read by any detector:"
            f" {e['never_read_texts']} texts / {e['never_read_tokens']} tokens"
        )
        cuts = result["past_cut_per_hour"]
        print(
            "  cut at N tokens: "
            + "; ".join(f"{k}: {v['texts']} texts, {v['tokens']} tokens" for k, v in cuts.items())
            + " per hour would go"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
