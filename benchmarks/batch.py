"""Batch benchmark: calls per minute, CPU use and peak memory of ``callcoach batch`` loops.

N generated calls (``benchmarks/generate.py``, WebVTT) are analysed with every detector
and stored in a fresh SQLite database by each executor in turn: one process (the inline
executor, model loaded once), the local process pool, and a Dask LocalCluster (when dask
is installed). Each run starts cold (new processes, no embedding cache), so start-up is
counted, as a user's run would count it. A last run repeats the pool with the embedding
cache warmed by an earlier run into a new database (a re-analysis after a rubric change).
A sampler thread follows this process and all its descendants (psutil) for CPU seconds and
the peak of their summed resident memory.

    python -m benchmarks.batch --calls 4            # → docs/benchmarks.md
    python -m benchmarks.batch --calls 2 --no-write
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import write_calls
from benchmarks.ingest_metrics import machine, write_section
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


def run(calls: int, minutes: float, workers: int, workdir: Path) -> list[Result]:
    generated = write_calls(workdir / "calls", calls, formats=("vtt",), minutes=minutes)
    files = [g.paths["vtt"] for g in generated]
    manifest = Manifest(
        calls=tuple(CallInfo(file=g.paths["vtt"].name, reps=g.reps["vtt"]) for g in generated)
    )
    base = BatchOptions(manifest=manifest)

    def pool(options: BatchOptions) -> AbstractContextManager[Executor]:
        return local_executor(options, workers)

    runs: list[tuple[str, Callable[[BatchOptions], AbstractContextManager[Executor]], bool]] = [
        ("one process", lambda o: local_executor(o, 1), False),
        (f"local pool, {workers} workers", pool, False),
    ]
    dask = _dask(workers)
    if dask is not None:
        runs.append((f"Dask LocalCluster, {workers} workers", dask, False))
    runs.append((f"local pool, {workers} workers, warm embedding cache", pool, True))
    cache = workdir / "vectors.sqlite"
    results = []
    for number, (name, factory, cached) in enumerate(runs):
        if cached:  # fill the cache first, untimed, into a database thrown away
            warm = BatchOptions(manifest=manifest, embedding_cache=cache)
            with factory(warm) as executor:
                run_batch(make_engine(workdir / "warm.sqlite"), files, warm, executor)
        options = BatchOptions(manifest=manifest, embedding_cache=cache) if cached else base
        engine = make_engine(workdir / f"run{number}.sqlite")
        with Sampler() as sampler:
            start = time.perf_counter()
            with factory(options) as executor:
                summary = run_batch(engine, files, options, executor, window=2 * workers)
            wall = time.perf_counter() - start
        engine.dispose()
        stored = summary.added + summary.replaced
        results.append(
            Result(name, stored, len(summary.failed), wall, sampler.cpu_s, sampler.peak / 2**20)
        )
        print(f"{name}: {stored} calls, {wall:.1f} s", file=sys.stderr)
    return results


def markdown(results: list[Result], calls: int, minutes: float, workers: int) -> str:
    info = machine()
    cores = default_workers()
    rows = [
        f"| {r.name} | {r.calls} | {r.failed} | {r.wall_s:.1f} | {r.cpu_s:.1f} | "
        f"{r.per_minute:.1f} | {100 * r.utilisation(cores):.0f}% | {r.peak_mib:.0f} |"
        for r in results
    ]
    single = results[0].per_minute
    speedups = ", ".join(f"{r.name}: {r.per_minute / single:.2f}×" for r in results[1:])
    return "\n".join(
        [
            SECTION,
            "",
            f"`python -m benchmarks.batch --calls {calls} --minutes {minutes:g} "
            f"--workers {workers}`: {calls} generated {minutes:g}-minute calls (WebVTT, "
            "`benchmarks/generate.py`), every detector, each stored in a fresh SQLite "
            "database by `callcoach.app.batch.run_batch`. Every run starts cold (new worker "
            "processes, model loaded in each), so start-up is included. CPU seconds and peak "
            "memory are summed over this process and all its children (psutil, sampled every "
            "0.1 s); utilisation is CPU seconds / (wall seconds × cores).",
            "",
            f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
            f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min). "
            "**The machine was shared with other jobs while this ran: wall-clock numbers are "
            "noisy and understate what a quiet machine does; CPU seconds are the steadier "
            "measure.** A run this small is dominated by start-up; the issue's 100/1,000-call "
            "sizes were not run here.",
            "",
            "| executor | calls stored | failed | wall s | CPU s | calls/min | CPU use | "
            "peak MiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Against one process: {speedups}. The one-process row runs in the "
            "benchmark's own interpreter (callcoach partly imported already); the pool and "
            "Dask rows start fresh worker interpreters that each import callcoach and load "
            "the model (a few CPU seconds each), which a run of a few calls does not "
            "amortise, and on a loaded 2-core machine the two workers do not get two cores.",
            "",
            "GPU path: not built and untested (no `[gpu]` extra, no onnxruntime-gpu provider "
            "selection); the batch loop runs on CPUs only.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.workers < 1:
        parser.error("--calls and --workers must be at least 1")
    with tempfile.TemporaryDirectory(prefix="callcoach-batch-bench-") as workdir:
        results = run(args.calls, args.minutes, args.workers, Path(workdir))
    section = markdown(results, args.calls, args.minutes, args.workers)
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
