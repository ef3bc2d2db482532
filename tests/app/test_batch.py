"""callcoach batch: every call stored once, failures reported, reruns resume."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from callcoach.app.batch import (
    BatchOptions,
    BatchSummary,
    InlineExecutor,
    local_executor,
    run_batch,
)
from callcoach.app.imports import ImportOptions, import_files
from callcoach.cli import app
from callcoach.storage.database import make_engine
from callcoach.storage.records import CallRecord
from callcoach.storage.repository import Repository

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLES = [
    EXAMPLES / "01-northwind-discovery-expert.vtt",
    EXAMPLES / "03-cobalt-demo-expert.srt",
    EXAMPLES / "09-oakline-demo-friend.txt",
]
# Detectors without embeddings: fast, and enough to check the loop's bookkeeping.
LIGHT = ("small_talk", "next_step")


def _records(db: Path) -> dict[str, CallRecord]:
    repository = Repository(make_engine(db))
    return {call_id: repository.record(call_id) for call_id in repository.call_ids()}


def _batch(db: Path, files: list[Path], options: BatchOptions, workers: int = 1) -> BatchSummary:
    with local_executor(options, workers) as executor:
        return run_batch(make_engine(db), files, options, executor, window=2)


def test_batch_stores_what_import_stores_and_a_rerun_skips(tmp_path: Path) -> None:
    options = BatchOptions(detectors=LIGHT)
    summary = _batch(tmp_path / "batch.sqlite", SAMPLES, options)
    assert (summary.added, summary.skipped, summary.failed) == (3, 0, ())
    import_files(make_engine(tmp_path / "import.sqlite"), SAMPLES, ImportOptions(detectors=LIGHT))
    assert _records(tmp_path / "batch.sqlite") == _records(tmp_path / "import.sqlite")
    again = _batch(tmp_path / "batch.sqlite", SAMPLES, options)
    assert (again.added, again.replaced, again.skipped) == (0, 0, 3)


def test_other_detectors_or_rubric_re_analyse_the_stored_calls(tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite"
    _batch(db, SAMPLES[:2], BatchOptions(detectors=("small_talk",)))
    summary = _batch(db, SAMPLES, BatchOptions(detectors=LIGHT))
    assert (summary.added, summary.replaced, summary.skipped) == (1, 2, 0)
    assert all(set(r["detectors"]) == set(LIGHT) for r in _records(db).values())
    from callcoach.scoring import load_rubric

    rubric = load_rubric("expert-not-friend")
    scored = _batch(db, SAMPLES, BatchOptions(detectors=None, rubric=rubric))
    assert scored.replaced == 3
    assert all(r["scorecards"] for r in _records(db).values())


def test_a_bad_file_is_reported_and_the_others_are_stored(tmp_path: Path) -> None:
    bad = tmp_path / "broken.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> garbage\nhello\n", encoding="utf-8")
    missing = tmp_path / "gone.txt"
    summary = _batch(
        tmp_path / "calls.sqlite",
        [SAMPLES[0], bad, missing, SAMPLES[1]],
        BatchOptions(detectors=LIGHT),
    )
    assert summary.added == 2
    assert [f.source for f in summary.failed] == [str(bad), str(missing)]
    assert all(f.reason for f in summary.failed)
    assert str(bad) in summary.failed[0].reason or "line" in summary.failed[0].reason


@pytest.mark.slow
def test_process_pool_and_dask_store_the_same_results(tmp_path: Path) -> None:
    from callcoach.app.executors_dask import dask_executor

    options = BatchOptions(embedding_cache=tmp_path / "vectors.sqlite")
    pool = _batch(tmp_path / "pool.sqlite", SAMPLES, options, workers=2)
    assert (pool.added, pool.failed) == (3, ())
    with dask_executor(workers=1, processes=False) as cluster:
        engine = make_engine(tmp_path / "dask.sqlite")
        dask = run_batch(engine, SAMPLES, options, cluster.executor, window=2)
    assert (dask.added, dask.failed) == (3, ())
    assert _records(tmp_path / "pool.sqlite") == _records(tmp_path / "dask.sqlite")


def test_cli_batch_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "calls.sqlite")
    args = ["--db", db, "--workers", "1", "--detectors", ",".join(LIGHT), "--no-embedding-cache"]
    first = runner.invoke(app, ["batch", str(SAMPLES[0]), *args])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    again = runner.invoke(app, ["batch", str(SAMPLES[0]), *args])
    assert again.exit_code == 0 and "1 already stored" in again.output
    bad = tmp_path / "broken.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> garbage\nhello\n", encoding="utf-8")
    failed = runner.invoke(app, ["batch", str(bad), str(SAMPLES[1]), *args])
    assert failed.exit_code == 1
    assert f"FAILED {bad}" in failed.output and "1 added" in failed.output
    usage = runner.invoke(app, ["batch", str(SAMPLES[0]), "--db", db, "--executor", "spark"])
    assert usage.exit_code == 2


def test_manifest_entries_reach_the_workers(tmp_path: Path) -> None:
    from callcoach.manifest import load_manifest

    options = BatchOptions(detectors=LIGHT, manifest=load_manifest(EXAMPLES / "manifest.yaml"))
    summary = _batch(tmp_path / "calls.sqlite", SAMPLES[:1], options)
    assert summary.added == 1
    (record,) = _records(tmp_path / "calls.sqlite").values()
    assert record["date"] == "2026-10-06"


class _DyingExecutor(InlineExecutor):
    """Every task's worker 'dies': its future holds the exception a pool would give."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a worker was killed"))
        return future


def test_a_dead_worker_fails_its_call_and_the_run_records_it(tmp_path: Path) -> None:
    options = BatchOptions(detectors=LIGHT)
    engine = make_engine(tmp_path / "calls.sqlite")
    summary = run_batch(engine, SAMPLES[:2], options, _DyingExecutor(options))
    assert summary.added == 0
    assert [f.source for f in summary.failed] == [str(p) for p in SAMPLES[:2]]
    assert all("worker failed" in (f.reason or "") for f in summary.failed)
    assert summary.status == "finished"
