"""Where a one-call ``analyze → html`` of a realistic 1-hour call spends its CPU, phase by phase.

Run from the repository root::

    python -m benchmarks.call_profile              # 3 runs → docs/benchmarks.md
    python -m benchmarks.call_profile --runs 1 --no-write

Each run is a fresh Python process doing what ``callcoach analyze CALL --rubric
expert-not-friend -f html -o FILE`` does, one phase after another in the foreground so each
can be charged on its own (``analyze`` itself overlaps the model load and the embedding pass
with other work in background threads; the whole command is timed too, as it runs). Every
detector's ``detect`` and ``embedding_texts`` is timed, and the embedding pass is split into
tokenizing and the onnxruntime runs. Bytecode as an installed package has it (see
``benchmarks/startup.py``); the compiled-phrase cache is warm.

A second table measures, in this process, what the call's shared embedding pass
(``CallEmbeddings``) costs when detectors ask for more texts: re-declaring texts already
declared (no new model run), and each extra distinct sentence of the call added to the
pass (CPU seconds per text and per token), up to every sentence of the call.

CPU seconds are the primary figure: on a shared machine wall clock measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.startup import _realistic_call, _timed

SECTION = "## One call, phase by phase"
RUBRIC = "expert-not-friend"

# Runs in a child process: argv = call path, output path, rep names. Prints JSON.
PHASES = """
import json, sys, time
W, C = time.perf_counter(), time.process_time()
marks = {}
def mark(name):
    global W, C
    w, c = time.perf_counter(), time.process_time()
    old = marks.get(name, (0.0, 0.0))
    marks[name] = (old[0] + w - W, old[1] + c - C)
    W, C = time.perf_counter(), time.process_time()
import callcoach.cli
from callcoach.app.heap import tune_collector
tune_collector()  # as the command line's main() does
mark("import: command line (typer, rich)")
import callcoach.api, callcoach.pipeline, callcoach.ingest, callcoach.roles, callcoach.metrics
mark("import: analysis code")
import onnxruntime, tokenizers
from callcoach.nlp.embeddings import MiniLMEmbedder
mark("import: onnxruntime, tokenizers")
model = MiniLMEmbedder()
mark("model and tokenizer load (checked, session built)")
from pathlib import Path
from callcoach.ingest import load_call
call = load_call(Path(sys.argv[1]))
mark("ingest (read and parse the WebVTT file)")
from callcoach.roles import resolve_roles
roles = resolve_roles(call, rep=sys.argv[3:])
mark("roles")
from callcoach import pipeline
chain = pipeline.build()
mark("pipeline.build (detector modules, lexicons, models)")
for d in chain:
    def detect(c, ctx, _o=d.detect, _n=d.name):
        mark("pipeline.run: between detectors")
        found = _o(c, ctx)
        mark("detector: " + _n)
        return found
    def texts(c, ctx, _o=d.embedding_texts, _n=d.name):
        mark("pipeline.run: between detectors")
        found = _o(c, ctx)
        mark("texts to embed: " + _n)
        return found
    d.detect, d.embedding_texts = detect, texts
tokenizer = model._tokenizer
class Tokenizer:
    def encode_batch(self, texts):
        mark("embedding: bookkeeping")
        out = tokenizer.encode_batch(texts)
        mark("embedding: tokenize")
        return out
model._tokenizer = Tokenizer()
run = model._run
def timed_run(encodings):
    mark("embedding: bookkeeping")
    out = run(encodings)
    mark("embedding: onnxruntime runs and pooling")
    return out
model._run = timed_run
findings = pipeline.run(call, roles, chain, embedder=model, overlap=False)
mark("pipeline.run: between detectors")
from callcoach.metrics import compute_metrics
metrics = compute_metrics(call, roles, findings)
mark("metrics")
from callcoach.scoring import load_rubric, score_call
card = score_call(load_rubric(RUBRIC), call, roles, metrics, findings)
mark("scoring (rubric load and scorecard)")
from callcoach.report import build_report
report = build_report(call, roles, metrics, findings, card)
mark("report: build (incl. its imports)")
from callcoach.report import html
page = html.render_call(report)
mark("report: render html (incl. jinja import, template compile)")
from callcoach.report.output import write_atomic
write_atomic(Path(sys.argv[2]), page)
mark("report: write")
stats = model.stats
print(json.dumps({"marks": marks, "texts": stats.texts, "tokens": stats.tokens,
                  "padded": stats.padded_tokens, "batches": stats.batches}))
""".replace("RUBRIC", repr(RUBRIC))


@dataclass(frozen=True)
class Phase:
    name: str
    cpu: float
    wall: float


@dataclass(frozen=True)
class Profile:
    phases: list[Phase]
    interpreter: Phase
    command: Phase  # the whole command as a user runs it (overlapped)
    texts: int
    tokens: int
    padded: int
    batches: int


@dataclass(frozen=True)
class Marginal:
    """The shared pass with more texts: ``texts`` distinct texts, ``tokens`` real tokens."""

    label: str
    texts: int
    tokens: int
    cpu: float
    passes: int


def profile(runs: int) -> Profile:
    python = sys.executable
    path, rep = _realistic_call()
    out = path.with_suffix(".html")
    command = [python, "-m", "callcoach", "analyze", str(path), "--rep", rep, "--rubric", RUBRIC]
    command += ["-f", "html", "-o", str(out)]
    _timed(command)  # untimed: fills the bytecode and compiled-phrase caches
    samples: dict[str, list[tuple[float, float]]] = {}
    last: dict[str, int] = {}
    whole, bare = [], []
    for _ in range(runs):
        bare.append(_timed([python, "-c", "pass"])[:2])
        whole.append(_timed(command)[:2])
        _, _, printed = _timed([python, "-c", PHASES, str(path), str(out), rep])
        result = json.loads(printed.strip().splitlines()[-1])
        for name, (wall, cpu) in result["marks"].items():
            samples.setdefault(name, []).append((wall, cpu))
        last = {k: v for k, v in result.items() if k != "marks"}
    phases = [
        Phase(
            name,
            statistics.median(s[1] for s in values),
            statistics.median(s[0] for s in values),
        )
        for name, values in samples.items()
    ]

    def median(pairs: list[tuple[float, float]], name: str) -> Phase:
        return Phase(
            name, statistics.median(p[1] for p in pairs), statistics.median(p[0] for p in pairs)
        )

    return Profile(
        phases,
        median(bare, "python -c pass"),
        median(whole, "the whole command, as `analyze` runs it"),
        last.get("texts", 0),
        last.get("tokens", 0),
        last.get("padded", 0),
        last.get("batches", 0),
    )


def marginal(steps: Sequence[int] = (25, 50, 100, 200)) -> list[Marginal]:
    """The cost of the call's shared pass as detectors ask for more texts (this process)."""
    from benchmarks.detectors import _load, forget_texts
    from benchmarks.realistic import realistic_call
    from callcoach import pipeline
    from callcoach.nlp.call_embeddings import CallEmbeddings
    from callcoach.nlp.embeddings import default_embedder
    from callcoach.nlp.sentences import split_sentences

    call, roles = _load(realistic_call(0))
    chain = pipeline.build()
    model = default_embedder()
    announced: list[str] = []
    request = CallEmbeddings.request

    def recording(self: CallEmbeddings, texts: Sequence[str]) -> None:
        announced.extend(texts)
        request(self, texts)

    CallEmbeddings.request = recording  # type: ignore[method-assign]
    try:
        pipeline.run(call, roles, chain, embedder=model, overlap=False)
    finally:
        CallEmbeddings.request = request  # type: ignore[method-assign]
    declared = list(dict.fromkeys(announced))
    sentences = [u.text[a:b] for u in call.utterances for a, b in split_sentences(u.text)]
    extra = [s for s in dict.fromkeys(sentences) if s not in set(declared)]

    def timed(label: str, texts: list[str], again: list[str] | None = None) -> Marginal:
        best = None
        for _ in range(2):
            model.cache_clear()
            forget_texts()
            store = CallEmbeddings(model)
            started = time.process_time()
            store.request(texts)
            if again is not None:
                store.request(again)  # another detector declaring the same texts
            store.encode(texts[:1])
            cpu = time.process_time() - started
            if best is None or cpu < best.cpu:
                best = Marginal(label, store.embedded, model.stats.tokens, cpu, store.passes)
        assert best is not None
        return best

    rows = [timed("the texts the detectors declare", declared)]
    rows.append(timed("… declared a second time by another detector", declared, list(declared)))
    for count in steps:
        if count < len(extra):
            rows.append(timed(f"… + {count} other sentences of the call", declared + extra[:count]))
    rows.append(timed(f"… + every other sentence of the call ({len(extra)})", declared + extra))
    return rows


def markdown(result: Profile, extra: Sequence[Marginal], info: dict[str, str], runs: int) -> str:
    total = sum(p.cpu for p in result.phases) + result.interpreter.cpu
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.call_profile --runs {runs}`: a realistic 1-hour call "
        "(`benchmarks/realistic.py`, seed 0, WebVTT) through `callcoach analyze --rubric "
        f"{RUBRIC} -f html -o FILE`, in fresh processes, median of {runs} runs. Each phase "
        "runs in the foreground so it can be charged on its own: the model is loaded "
        "explicitly and the embedding pass runs in the main thread where the first "
        "embedding detector needs it (`overlap=False`); every detector's `detect` and "
        "`embedding_texts` is timed. Bytecode as an installed package has it; the "
        "compiled-phrase cache warm. **CPU seconds are the figure to read**: the machine "
        "was shared, wall clock measured the neighbours.",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min).",
        "",
        "| phase | CPU s | share | wall s |",
        "|---|---:|---:|---:|",
        f"| {result.interpreter.name} (interpreter start, separate process) | "
        f"{result.interpreter.cpu:.3f} | {result.interpreter.cpu / total:.0%} | "
        f"{result.interpreter.wall:.2f} |",
    ]
    for phase in result.phases:
        lines.append(
            f"| {phase.name} | {phase.cpu:.3f} | {phase.cpu / total:.0%} | {phase.wall:.2f} |"
        )
    groups: dict[str, float] = {}
    for phase in result.phases:
        group = phase.name.split(":", 1)[0] if ":" in phase.name else phase.name
        if phase.name.startswith("pipeline.run"):
            group = "detectors"
        if phase.name.startswith(("detector", "texts to embed")):
            group = "detectors"
        groups[group] = groups.get(group, 0.0) + phase.cpu
    embedding = groups.get("embedding", 0.0)
    lines += [
        f"| **sum of the phases** | **{total:.3f}** | 100% | |",
        f"| {result.command.name} (model load and embedding pass overlapped) | "
        f"{result.command.cpu:.3f} | | {result.command.wall:.2f} |",
        "",
        "Grouped (CPU s): "
        + ", ".join(
            f"{name} {cpu:.2f}" for name, cpu in sorted(groups.items(), key=lambda g: -g[1])
        )
        + f". Everything but the embedding pass: {total - embedding:.2f} s.",
        "",
        f"The embedding pass: {result.texts} distinct texts, {result.tokens} real tokens "
        f"({result.padded} fed with padding, {result.padded / max(1, result.tokens) - 1:.1%}), "
        f"{result.batches} batches; {embedding / max(1, result.tokens) * 1000:.2f} ms of CPU "
        "per real token.",
        "",
    ]
    if extra:
        base = extra[0]
        lines += [
            "Adding texts to the call's shared embedding pass (`CallEmbeddings`, what learned "
            "heads reading sentence vectors add): the pass of the same call with the texts "
            "the detectors declare, the same texts declared twice, and more distinct "
            "sentences of the call (not yet declared) added, best of 2, this process, "
            "model warm, one pass each:",
            "",
            "| texts asked for | texts embedded | model passes | real tokens | CPU s | "
            "extra CPU s per added text | per added token (ms) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in extra:
            added = row.texts - base.texts
            tokens = row.tokens - base.tokens
            per_text = f"{(row.cpu - base.cpu) / added:.4f}" if added else "—"
            per_token = f"{(row.cpu - base.cpu) / tokens * 1000:.2f}" if tokens else "—"
            lines.append(
                f"| {row.label} | {row.texts} | {row.passes} | {row.tokens} | {row.cpu:.3f} | "
                f"{per_text} | {per_token} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (median)")
    parser.add_argument("--no-marginal", action="store_true", help="skip the extra-texts table")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    from benchmarks.ingest_metrics import machine, write_section

    result = profile(args.runs)
    extra = [] if args.no_marginal else marginal()
    section = markdown(result, extra, machine(), args.runs)
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote the {SECTION!r} section of {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
