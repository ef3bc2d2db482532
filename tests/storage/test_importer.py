"""``callcoach import``: idempotent, one transaction per call, safe to kill, safe to race."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from callcoach.api import analyze
from callcoach.app.database import export_dump, upgrade
from callcoach.app.imports import TEST_DELAY_ENV, ImportOutcome, import_paths
from callcoach.errors import IngestError
from callcoach.ingest import load_call
from callcoach.report import build_report
from callcoach.storage import Repository, make_engine
from callcoach.storage import repository as repository_module
from callcoach.storage.database import write_session
from callcoach.storage.models import ImportRun
from tests.storage.conftest import REP, ROOT, write_calls

FAST = ["question"]  # analysis speed is not what these tests are about


def _check_complete_or_absent(engine: Engine, files: list[Path]) -> int:
    """Assert each file's call is fully stored or absent; return how many are stored."""
    repository = Repository(engine)
    stored = 0
    for file in files:
        call = load_call(file)
        if repository.has_call(call.id):
            record = repository.record(call.id)
            assert len(record["utterances"]) == len(call.utterances), file
            assert len(record["speakers"]) == len(call.speakers), file
            assert record["metrics"], file
            stored += 1
        else:
            assert repository.utterance_count(call.id) == 0, file
    return stored


def _importer(db_url: str, folder: Path, delay: float | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if delay is not None:
        env[TEST_DELAY_ENV] = str(delay)
    command = [sys.executable, "-m", "callcoach.app.imports", "--db", db_url]
    command += ["--detectors", ",".join(FAST), "--rep", REP, str(folder)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_import_is_idempotent_and_reports_progress(db_url: str, tmp_path: Path) -> None:
    files = write_calls(tmp_path / "calls", 4)
    (tmp_path / "calls" / "empty.vtt").write_text("WEBVTT\n\n", encoding="utf-8")
    seen: list[tuple[ImportOutcome, int, int]] = []
    summary = import_paths(
        [tmp_path / "calls"], db_url, rep=[REP], detectors=FAST,
        progress=lambda o, done, total: seen.append((o, done, total)),
    )  # fmt: skip
    assert len(summary.added) == 4 and not summary.skipped
    [failed] = summary.failed
    assert failed.source.endswith("empty.vtt") and failed.reason
    assert [(done, total) for _, done, total in seen] == [(i, 5) for i in range(1, 6)]
    before = export_dump(db_url, tmp_path / "before.jsonl")
    again = import_paths([tmp_path / "calls"], db_url, rep=[REP], detectors=FAST)
    assert not again.added and len(again.skipped) == 4 and len(again.failed) == 1
    assert export_dump(db_url, tmp_path / "after.jsonl") == before == 4
    assert (tmp_path / "before.jsonl").read_bytes() == (tmp_path / "after.jsonl").read_bytes()
    engine = make_engine(db_url)
    try:
        assert _check_complete_or_absent(engine, files) == 4
        with Session(engine) as session:
            runs = session.scalars(select(ImportRun).order_by(ImportRun.id)).all()
            counts = [(r.status, r.added, r.skipped, r.failed) for r in runs]
        assert counts == [("finished", 4, 0, 1), ("finished", 0, 4, 1)]
    finally:
        engine.dispose()


def test_a_failing_call_is_rolled_back_and_the_batch_goes_on(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_calls(tmp_path / "calls", 3)
    real = repository_module._insert_findings
    victim = load_call(files[1]).id

    def fail_on_victim(session: object, call_id: str, findings: object) -> None:
        if call_id == victim:
            raise ValueError("injected failure after the utterances were written")
        real(session, call_id, findings)  # type: ignore[arg-type]

    monkeypatch.setattr(repository_module, "_insert_findings", fail_on_victim)
    summary = import_paths([tmp_path / "calls"], db_url, rep=[REP], detectors=FAST)
    assert len(summary.added) == 2
    assert [o.source for o in summary.failed] == [str(files[1])]
    engine = make_engine(db_url)
    try:
        assert not Repository(engine).has_call(victim)
        assert Repository(engine).utterance_count(victim) == 0
        assert _check_complete_or_absent(engine, files) == 2
    finally:
        engine.dispose()


def test_missing_path_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        import_paths([tmp_path / "nope"], f"sqlite:///{tmp_path}/x.db")


def test_sigkill_mid_import_leaves_each_call_complete_or_absent(
    db_url: str, tmp_path: Path
) -> None:
    files = write_calls(tmp_path / "calls", 30)
    engine = make_engine(db_url)
    try:
        process = _importer(db_url, tmp_path / "calls", delay=0.15)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if len(Repository(engine).call_ids()) >= 5:
                    break
            except Exception:  # schema not created yet
                pass
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stored = _check_complete_or_absent(engine, files)
        assert 5 <= stored < 30
        rerun = import_paths([tmp_path / "calls"], db_url, rep=[REP], detectors=FAST)
        assert (len(rerun.added), len(rerun.skipped), len(rerun.failed)) == (30 - stored, stored, 0)
        assert _check_complete_or_absent(engine, files) == 30
    finally:
        engine.dispose()


def test_two_processes_importing_the_same_folder(db_url: str, tmp_path: Path) -> None:
    files = write_calls(tmp_path / "calls", 10)  # into an empty database: both create it
    # A short pause inside each transaction makes the two overlap on uncommitted calls.
    first = _importer(db_url, tmp_path / "calls", delay=0.05)
    second = _importer(db_url, tmp_path / "calls", delay=0.05)
    results = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    added = sum(int(out.split("added ")[1].split(",")[0]) for out, _ in results)
    skipped = sum(int(out.split("skipped ")[1].split(",")[0]) for out, _ in results)
    assert (added, skipped) == (10, 10)
    engine = make_engine(db_url)
    try:
        assert _check_complete_or_absent(engine, files) == 10
        assert len(Repository(engine).call_ids()) == 10
    finally:
        engine.dispose()


def test_a_concurrent_insert_of_the_same_call_waits_and_skips(db_url: str, tmp_path: Path) -> None:
    [path] = write_calls(tmp_path, 1)
    analysis = analyze(load_call(path), rep=REP, detectors=FAST)
    report = build_report(analysis.call, analysis.roles, analysis.metrics, analysis.findings)
    upgrade(db_url)
    engine = make_engine(db_url)
    results: list[bool] = []
    try:
        with write_session(engine) as session:
            assert Repository(session).add_analysis(analysis, report)
            other = threading.Thread(
                target=lambda: results.append(Repository(engine).add_analysis(analysis, report))
            )
            other.start()
            other.join(timeout=0.5)
            assert other.is_alive()  # blocked by our uncommitted insert of the same call
        other.join(timeout=30)
        assert results == [False]
        assert _check_complete_or_absent(engine, [path]) == 1
    finally:
        engine.dispose()
