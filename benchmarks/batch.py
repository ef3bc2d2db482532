"""Batch benchmark: calls per minute, CPU use and peak memory of ``callcoach batch`` loops.

Generated 1-hour calls (realistic ones from ``benchmarks/realistic.py`` by default, or the
templated ``benchmarks/generate.py`` ones; WebVTT) are analysed with every detector and
stored in a fresh SQLite database by each executor in turn: one process (the inline
executor, model loaded once), the local process pool, and a Dask LocalCluster (when dask
is installed), for each number of calls in ``--calls``. Each run starts cold (new
processes, no embedding cache), so start-up is counted, as a user's run would count it.
The stored findings of the three executors are compared (a digest of every finding row).
A sampler thread follows this process and all its descendants (psutil) for CPU seconds
and the peak of their summed resident memory.

Then cost against call length: one call each of ``--lengths`` minutes in one process
(CPU seconds, least-squares line and R²).

    python -m benchmarks.batch --calls 1,10 --lengths 10,30,60,120,240   # → docs/benchmarks.md
    python -m benchmarks.batch --calls 2 --lengths 10,60 --no-write
    python -m benchmarks.batch --calls 20 --executors pool       # the pool alone
    python -m benchmarks.batch --quick     # issue 16's targets in one run (~3-4 min quiet)

``--quick`` checks issue 16's targets in one run and writes "## Issue 16 targets: quick
run" (see ``quick``): the start-up split, a one-call ``analyze → html`` of a realistic
1-hour call, 100 one-hour calls through the local pool and through a Dask LocalCluster
(same findings?), and the two embedding baselines, each with wall clock and CPU seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import write_calls
from benchmarks.ingest_metrics import machine, write_section
from benchmarks.realistic import write_realistic_calls
from callcoach.app.batch import BatchOptions, default_workers, local_executor, run_batch
from callcoach.manifest import CallInfo, Manifest
from callcoach.storage.database import make_engine

SECTION = "## Batch"


@dataclass(frozen=True)
class Result:
    name: str
    calls: int
    failed: int
    wall_s: float
    cpu_s: float
    peak_mib: float
    digest: str = ""
    minutes: float = 60.0
    # Peak summed RSS over the first and the second half of the run: equal halves mean
    # memory stays flat as calls go by (nothing kept per call).
    first_half_mib: float = 0.0
    second_half_mib: float = 0.0

    @property
    def per_minute(self) -> float:
        return self.calls * 60.0 / self.wall_s

    def utilisation(self, cores: int) -> float:
        return self.cpu_s / (self.wall_s * cores)


class Sampler:
    """CPU seconds and peak summed RSS of this process and its descendants."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._psutil: Any = psutil
        self._me = psutil.Process()
        self._interval = interval
        self._cpu: dict[int, float] = {}
        self.peak = 0
        self.timeline: list[tuple[float, int]] = []  # (seconds since start, summed RSS)
        self._started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Sampler:
        self._base = self._cpu_of(self._me)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_s(self) -> float:
        return sum(self._cpu.values()) - self._base

    def _cpu_of(self, process: Any) -> float:
        times = process.cpu_times()
        return float(times.user + times.system)

    def _sample(self) -> None:
        rss = 0
        try:
            processes = [self._me, *self._me.children(recursive=True)]
        except self._psutil.Error:
            return
        for process in processes:
            try:
                self._cpu[process.pid] = self._cpu_of(process)
                rss += process.memory_info().rss
            except self._psutil.Error:
                continue  # exited between listing and reading: its last sample stays
        self.peak = max(self.peak, rss)
        self.timeline.append((time.perf_counter() - self._started, rss))

    def halves_mib(self) -> tuple[float, float]:
        """Peak summed RSS (MiB) over the first and over the second half of the samples
        (taken every ``interval`` seconds, so halves of the run's time)."""
        if not self.timeline:
            return 0.0, 0.0
        half = max(1, len(self.timeline) // 2)
        first = [rss for _, rss in self.timeline[:half]]
        second = [rss for _, rss in self.timeline[half:]] or first
        return max(first) / 2**20, max(second) / 2**20

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()


def _dask(workers: int) -> Callable[[BatchOptions], AbstractContextManager[Executor]] | None:
    try:
        from callcoach.app.executors_dask import dask_executor
    except ImportError:  # pragma: no cover
        return None

    @contextmanager
    def start(options: BatchOptions) -> Iterator[Executor]:
        with dask_executor(None, workers) as cluster:
            yield cluster.executor

    return start


def findings_digest(database: Path) -> str:
    """SHA-256 over every stored finding (sorted), to compare executors' results."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT call_id, position, detector, version, label, confidence, evidence, "
            "attributes FROM findings ORDER BY call_id, position"
        ).fetchall()
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:12]


Factory = Callable[[BatchOptions], AbstractContextManager[Executor]]


def _calls(
    workdir: Path, count: int, minutes: float, generator: str
) -> tuple[list[Path], Manifest]:
    if generator == "realistic":
        written = write_realistic_calls(workdir, count, minutes=minutes)
    else:
        made = write_calls(workdir, count, formats=("vtt",), minutes=minutes)
        written = [(g.paths["vtt"], g.reps["vtt"]) for g in made]
    manifest = Manifest(calls=tuple(CallInfo(file=p.name, reps=r) for p, r in written))
    return [p for p, _ in written], manifest


def _timed_run(
    name: str,
    factory: Factory,
    files: list[Path],
    options: BatchOptions,
    database: Path,
    workers: int,
    minutes: float,
) -> Result:
    # The inline executor keeps its model between runs; forget it so that every run loads
    # its model, as the pool's and Dask's fresh workers do.
    import callcoach.app.batch as batch_module

    if hasattr(batch_module, "_WORKER"):
        batch_module._WORKER = None
    engine = make_engine(database)
    with Sampler() as sampler:
        start = time.perf_counter()
        with factory(options) as executor:
            summary = run_batch(engine, files, options, executor, window=2 * workers)
        wall = time.perf_counter() - start
    engine.dispose()
    stored = summary.added + summary.replaced
    first_half, second_half = sampler.halves_mib()
    result = Result(
        name,
        stored,
        len(summary.failed),
        wall,
        sampler.cpu_s,
        sampler.peak / 2**20,
        findings_digest(database),
        minutes,
        first_half,
        second_half,
    )
    print(
        f"{name}: {stored} calls of {minutes:g} min, {wall:.1f} s wall, {sampler.cpu_s:.1f} s CPU",
        file=sys.stderr,
    )
    return result


EXECUTORS = ("one", "pool", "dask")


def run(
    sizes: Sequence[int],
    minutes: float,
    workers: int,
    workdir: Path,
    generator: str,
    executors: Sequence[str] = EXECUTORS,
) -> list[Result]:
    """Each of ``executors`` (one process, local pool, Dask) over each number of calls."""
    runs: list[tuple[str, Factory]] = []
    if "one" in executors:
        runs.append(("one process", lambda o: local_executor(o, 1)))
    if "pool" in executors and workers > 1:
        runs.append((f"local pool, {workers} workers", lambda o: local_executor(o, workers)))
    dask = _dask(workers) if "dask" in executors else None
    if dask is not None:
        runs.append((f"Dask LocalCluster, {workers} workers", dask))
    results = []
    for size in sizes:
        files, manifest = _calls(workdir / f"calls-{size}", size, minutes, generator)
        options = BatchOptions(manifest=manifest)
        for number, (name, factory) in enumerate(runs):
            database = workdir / f"run-{size}-{number}.sqlite"
            results.append(_timed_run(name, factory, files, options, database, workers, minutes))
    return results


def run_lengths(lengths: Sequence[float], workdir: Path, generator: str) -> list[Result]:
    """One call of each length, one process (model load included, as for one call)."""
    results = []
    for minutes in lengths:
        files, manifest = _calls(workdir / f"len-{minutes:g}", 1, minutes, generator)
        options = BatchOptions(manifest=manifest)
        database = workdir / f"len-{minutes:g}.sqlite"
        results.append(
            _timed_run(
                "one process",
                lambda o: local_executor(o, 1),
                files,
                options,
                database,
                1,
                minutes,
            )
        )
    return results


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Intercept, slope and R² of the least-squares line through (xs, ys)."""
    if len(xs) < 2:
        return (ys[0] if ys else 0.0), 0.0, 1.0
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, 1.0 - residual / total if total else 1.0


def markdown(
    results: list[Result],
    calls: Sequence[int] | int,
    minutes: float,
    workers: int,
    lengths: Sequence[Result] = (),
    generator: str = "realistic",
    executors: Sequence[str] = EXECUTORS,
) -> str:
    info = machine()
    cores = default_workers()
    sizes = [calls] if isinstance(calls, int) else list(calls)
    rows = [
        f"| {r.calls} | {r.name} | {r.failed} | {r.wall_s:.1f} | {r.cpu_s:.1f} | "
        f"{r.cpu_s / max(r.calls, 1):.1f} | {r.per_minute:.1f} | "
        f"{100 * r.utilisation(cores):.0f}% | {r.peak_mib:.0f} | "
        f"{r.first_half_mib:.0f} / {r.second_half_mib:.0f} | {r.digest or '–'} |"
        for r in results
    ]
    same: list[str] = []
    for size in sizes:
        runs = [r for r in results if r.calls == size and r.digest]
        digests = {r.digest for r in runs}
        if len(runs) > 1:
            same.append(f"{size} call(s): {'identical' if len(digests) == 1 else 'DIFFERENT'}")
    one = [r for r in results if r.name == "one process" and r.calls > 0]
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.batch --calls {','.join(map(str, sizes))} --minutes "
        f"{minutes:g} --workers {workers}"
        + (f" --lengths {','.join(f'{r.minutes:g}' for r in lengths)}" if lengths else "")
        + (f" --executors {','.join(executors)}" if tuple(executors) != EXECUTORS else "")
        + f"`: generated {minutes:g}-minute calls ({generator}: "
        + ("`benchmarks/realistic.py`" if generator == "realistic" else "`benchmarks/generate.py`")
        + ", WebVTT), every detector, each stored in a fresh SQLite database by "
        "`callcoach.app.batch.run_batch`. Every run starts cold (new worker processes, model "
        "loaded in each), so start-up is included. CPU seconds and peak memory are summed "
        "over this process and all its children (psutil, sampled every 0.1 s); utilisation "
        "is CPU seconds / (wall seconds × cores). The digest is a hash of every stored "
        "finding: equal digests mean the executors stored the same results.",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min). "
        "**The machine was shared with other jobs while this ran: wall-clock numbers and "
        "calls/min are noisy and understate what a quiet machine does; CPU seconds are the "
        "primary measure.**",
        "",
        "| calls | executor | failed | wall s | CPU s | CPU s per call | calls/min | CPU use | "
        "peak MiB | peak MiB, 1st / 2nd half of the run | findings digest |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Same findings from every executor: {'; '.join(same) or 'not compared'}.",
        "",
    ]
    if len(one) >= 2:
        intercept, slope, r2 = linear_fit([r.calls for r in one], [r.cpu_s for r in one])
        lines += [
            f"Cost in the number of calls (one process): CPU ≈ {intercept:.1f} s + "
            f"{slope:.2f} s per call (R² {r2:.3f}).",
            "",
        ]
    if lengths:
        hours = [r.minutes / 60.0 for r in lengths]
        intercept, slope, r2 = linear_fit(hours, [r.cpu_s for r in lengths])
        lines += [
            "Cost in call length (one call per length, one process, model load included, "
            "imports not):",
            "",
            "| minutes | wall s | CPU s | peak MiB |",
            "|---:|---:|---:|---:|",
            *(
                f"| {r.minutes:g} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.peak_mib:.0f} |"
                for r in lengths
            ),
            "",
            f"CPU ≈ {intercept:.1f} s + {slope:.1f} s per call-hour (R² {r2:.3f}).",
            "",
        ]
    lines += [
        "GPU path: built (`pip install 'callcoach[gpu]'`: onnxruntime-gpu, chosen "
        "automatically when its CUDA provider is available) but **untested on a GPU** in "
        'this session (no GPU machine was lent); see "GPU" below for the command.',
        "",
    ]
    return "\n".join(lines)


QUICK_SECTION = "## Issue 16 targets: quick run"
QUICK_CALLS = 100


@dataclass(frozen=True)
class Cost:
    """Median wall-clock and CPU seconds of a step."""

    wall: float
    cpu: float


def _median_cost(samples: Sequence[tuple[float, float]]) -> Cost:
    return Cost(statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


@dataclass(frozen=True)
class Quick:
    """What ``quick`` measured (see ``quick_markdown`` for the targets)."""

    info: dict[str, str]
    info_after: dict[str, str]
    runs: int
    python: Cost
    phases: dict[str, Cost]
    one_call: Cost
    batch: list[Result]
    timing: Any  # benchmarks.detectors.CallTiming
    workers: int


def quick(workdir: Path, calls: int, workers: int, runs: int = 3) -> Quick:
    """Issue 16's targets in one run: start-up split, one-call ``analyze → html`` of a
    realistic 1-hour call (fresh processes, median of ``runs``), ``calls`` one-hour calls
    through the local pool and a Dask LocalCluster, and the two embedding baselines on one
    realistic call. Progress goes to stderr."""
    import json

    from benchmarks import detectors as bench
    from benchmarks import startup

    info = machine()
    python = sys.executable
    (workdir / "one").mkdir(parents=True, exist_ok=True)
    call, reps = write_realistic_calls(workdir / "one", 1)[0]
    analyze = [python, "-m", "callcoach", "analyze", str(call), "--rep", reps[0], "-f", "html"]
    analyze += ["-o", str(workdir / "one.html")]
    # Untimed: bytecode and the compiled-phrase caches, as an installed package has them
    # after its first use (benchmarks.startup does the same).
    startup._timed(analyze)
    startup._timed([python, "-c", startup.PHASES])
    print("start-up split …", file=sys.stderr)
    plain = _median_cost([startup._timed([python, "-c", "pass"])[:2] for _ in range(runs)])
    marks: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        out = startup._timed([python, "-c", startup.PHASES])[2]
        for name, (wall, cpu) in json.loads(out.strip().splitlines()[-1])["marks"].items():
            marks.setdefault(name, []).append((wall, cpu))
    phases = {name: _median_cost(samples) for name, samples in marks.items()}
    print("one-call analyze → html …", file=sys.stderr)
    one_call = _median_cost([startup._timed(analyze)[:2] for _ in range(runs)])
    files, manifest = _calls(workdir / "calls", calls, 60.0, "realistic")
    options = BatchOptions(manifest=manifest)
    batch = [
        _timed_run(
            f"local pool, {workers} workers",
            lambda o: local_executor(o, workers),
            files,
            options,
            workdir / "pool.sqlite",
            workers,
            60.0,
        )
    ]
    dask = _dask(workers)
    if dask is not None:
        batch.append(
            _timed_run(
                f"Dask LocalCluster, {workers} workers",
                dask,
                files,
                options,
                workdir / "dask.sqlite",
                workers,
                60.0,
            )
        )
    # Last, in this process, so that its model does not count in the batch runs' memory.
    print("pipeline and baselines on realistic call 0 …", file=sys.stderr)
    from benchmarks.realistic import realistic_call
    from callcoach import pipeline
    from callcoach.nlp.embeddings import default_embedder

    detectors = pipeline.build()
    embedder = default_embedder()
    transcript = realistic_call(0)
    pipeline.run(*bench._load(transcript), detectors, embedder=embedder)  # warm-up
    timing = bench.time_call("realistic", transcript, detectors, embedder)
    return Quick(info, machine(), runs, plain, phases, one_call, batch, timing, workers)


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def quick_markdown(result: Quick, calls: int) -> str:
    """The "## Issue 16 targets: quick run" section."""
    info, phases, timing = result.info, result.phases, result.timing
    critical = [phases[n] for n in ("imports", "pipeline build", "first-call setup") if n in phases]
    start = Cost(
        result.python.wall + sum(c.wall for c in critical),
        result.python.cpu + sum(c.cpu for c in critical),
    )
    model = phases.get("model load", Cost(0.0, 0.0))
    pool = result.batch[0]
    dask = result.batch[1] if len(result.batch) > 1 else None
    pipeline_cpu = timing.pipeline.cpu
    naive = timing.per_utterance.cpu
    naive_uncached = timing.per_utterance_all.cpu
    sentences = timing.sorted_sentences.cpu
    embedding = timing.per_detector_cpu.get("(embedding pass, all detectors)", 0.0)
    rules = max(pipeline_cpu - embedding, 0.0)
    rows = [
        (
            "start-up ≤ 0.5 s (critical path: python + imports + pipeline build + first-call "
            "set-up; the model loads on the other core)",
            f"{start.wall:.2f}",
            f"{start.cpu:.2f}",
            f"{_verdict(start.wall <= 0.5)} (model load {model.wall:.2f} s wall, "
            f"{model.cpu:.2f} s CPU, beside it)",
        ),
        (
            "one-call `analyze → html` of a realistic 1-hour call ≤ 1.5 s (whole command, "
            "fresh process)",
            f"{result.one_call.wall:.2f}",
            f"{result.one_call.cpu:.2f}",
            _verdict(result.one_call.wall <= 1.5),
        ),
        (
            "… its analysis ≤ 1 s (`pipeline.run`, warm process, embedding pass included)",
            f"{timing.pipeline.wall:.2f}",
            f"{pipeline_cpu:.2f}",
            _verdict(timing.pipeline.wall <= 1.0),
        ),
        (
            f"{calls} one-hour calls ≤ 1 min, both cores busy, memory flat ({pool.name})",
            f"{pool.wall_s:.1f}",
            f"{pool.cpu_s:.1f} ({pool.cpu_s / max(pool.calls, 1):.2f} per call)",
            f"{_verdict(pool.wall_s <= 60.0 * calls / QUICK_CALLS and pool.failed == 0)}: "
            f"{pool.per_minute:.0f} calls/min, CPU use "
            f"{100 * pool.utilisation(default_workers()):.0f} %, peak "
            f"{pool.first_half_mib:.0f} / {pool.second_half_mib:.0f} MiB over the two halves",
        ),
    ]
    if dask is not None:
        same = dask.digest == pool.digest and dask.calls == pool.calls
        rows.append(
            (
                f"Dask LocalCluster gives the same results as the local pool ({dask.name})",
                f"{dask.wall_s:.1f}",
                f"{dask.cpu_s:.1f} ({dask.cpu_s / max(dask.calls, 1):.2f} per call)",
                f"{_verdict(same)}: digests {pool.digest} / {dask.digest}; "
                f"{dask.per_minute:.0f} calls/min, peak {dask.first_half_mib:.0f} / "
                f"{dask.second_half_mib:.0f} MiB",
            )
        )
    else:
        rows.append(("Dask LocalCluster", "–", "–", "not run: dask is not installed"))
    rows += [
        (
            "≥ 10× the per-utterance baseline (every utterance embedded alone, one `encode` "
            "each, repeats from the cache / every repeat embedded again)",
            "",
            f"{naive:.2f} / {naive_uncached:.2f} vs the pipeline's {pipeline_cpu:.2f}",
            f"{_verdict(naive_uncached / pipeline_cpu >= 10)}: {naive / pipeline_cpu:.1f}× / "
            f"{naive_uncached / pipeline_cpu:.1f}× (the embedding pass alone against the "
            f"baseline, which runs no rules: {naive / max(embedding, 1e-9):.1f}× / "
            f"{naive_uncached / max(embedding, 1e-9):.1f}×)",
        ),
        (
            "faster than sorted sentence batches (every distinct sentence once, sorted, "
            "padding-bounded batches)",
            "",
            f"{sentences:.2f} vs the pipeline's {pipeline_cpu:.2f}",
            f"{_verdict(sentences > pipeline_cpu)}: {sentences / pipeline_cpu:.2f}×",
        ),
    ]
    lines = [
        QUICK_SECTION,
        "",
        f"`python -m benchmarks.batch --quick`: each target of issue 16 measured once in one "
        f"run, wall clock and CPU seconds (user + sys of every process). Start-up and the "
        f"one-call command: fresh processes, median of {result.runs}, bytecode and compiled-"
        f"phrase caches warm (an installed package after its first use); the batch: {calls} "
        "realistic one-hour calls (`benchmarks/realistic.py`, WebVTT) stored in a fresh "
        "SQLite database, cold workers, start-up included; the pipeline and the two "
        "baselines: realistic call 0 in this process after a warm-up call (embedding cache "
        f"cleared before each). Rules: {rules:.2f} s CPU of the pipeline's {pipeline_cpu:.2f}, "
        f"the embedding pass {embedding:.2f} ({timing.embedded} texts, {timing.tokens} "
        "tokens).",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} at the start, "
        f"{result.info_after['load']} at the end (1/5/15 min). Wall-clock verdicts hold only "
        "on a quiet machine (load well under 1 at the start).",
        "",
        "| target | wall s | CPU s | verdict |",
        "|---|---:|---:|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
    ]
    return "\n".join(lines)


def _numbers(text: str) -> list[float]:
    """Comma-separated numbers; "" or "none" is none."""
    if text.strip().casefold() == "none":
        return []
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of numbers: {text!r}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--calls",
        default=None,
        help=f"numbers of calls, comma-separated (default 4; with --quick {QUICK_CALLS})",
    )
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument(
        "--lengths",
        default="",
        help="call lengths in minutes for the length run (empty or none: skip)",
    )
    parser.add_argument("--generator", choices=("realistic", "synthetic"), default="realistic")
    parser.add_argument(
        "--executors",
        default=",".join(EXECUTORS),
        help="which to run, comma-separated: one (one process), pool (local pool), dask",
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="issue 16's targets in one run (start-up, one call, the pool and Dask on "
        f"{QUICK_CALLS} calls, the baselines) → the {QUICK_SECTION[3:]!r} section",
    )
    args = parser.parse_args(argv)
    if args.quick:
        count = int(args.calls) if args.calls else QUICK_CALLS
        if count < 1 or args.workers < 1:
            parser.error("--calls and --workers must be at least 1")
        with tempfile.TemporaryDirectory(prefix="callcoach-quick-bench-") as workdir:
            section = quick_markdown(quick(Path(workdir), count, args.workers), count)
        if args.no_write:
            print(section)
        else:
            write_section(args.out, section)
            print(f"wrote {QUICK_SECTION!r} to {args.out}", file=sys.stderr)
        return 0
    args.calls = args.calls or "4"
    try:
        sizes = [int(x) for x in _numbers(args.calls)]
        lengths_minutes = _numbers(args.lengths)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if not sizes or min(sizes) < 1 or args.workers < 1:
        parser.error("--calls and --workers must be at least 1")
    executors = [e.strip() for e in args.executors.split(",") if e.strip()]
    if not executors or set(executors) - set(EXECUTORS):
        parser.error(f"--executors: choose from {', '.join(EXECUTORS)}")
    with tempfile.TemporaryDirectory(prefix="callcoach-batch-bench-") as workdir:
        results = run(sizes, args.minutes, args.workers, Path(workdir), args.generator, executors)
        lengths = run_lengths(lengths_minutes, Path(workdir), args.generator)
    section = markdown(
        results, sizes, args.minutes, args.workers, lengths, args.generator, executors
    )
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
