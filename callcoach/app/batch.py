"""Many calls into the database (``batch``, ``import``), through the one loop (``loop.drive``).

Calls already stored are skipped before they are analysed (same content hash; for
``batch`` also the same detector versions and rubric, else the call is re-analysed and
replaced). Each worker turns a transcript into a storage record and the parent writes it
in its own transaction as soon as it arrives, so a killed run loses nothing finished and a
rerun goes on where it stopped; only failures are kept. Dumps (``callcoach export``) are
imported record by record. Any ``concurrent.futures.Executor`` runs the loop
(``executors``): in this process, a spawn-safe process pool, or ``dask.distributed``
(``executors_dask``).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callcoach.app.executors import (
    InlineExecutor,
    default_workers,
    embedder_for,
    local_executor,
    needs_embeddings,
)
from callcoach.app.heap import end_start_up
from callcoach.app.loop import TaskResult, drive, failure
from callcoach.app.options import AnalysisOptions
from callcoach.errors import CallcoachError, StorageError
from callcoach.storage.database import write_session
from callcoach.storage.dump import is_dump, read_dump
from callcoach.storage.models import CallRow, DealLinkRow, FindingRow, ImportRun, ScorecardRow
from callcoach.storage.records import CallRecord
from callcoach.storage.repository import Repository
from callcoach.storage.schema import ensure_schema

if TYPE_CHECKING:
    from callcoach.manifest import CallInfo
    from callcoach.scoring import Rubric

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "ImportOutcome",
    "InlineExecutor",
    "Rerun",
    "TaskResult",
    "analyse_file",
    "default_workers",
    "local_executor",
    "pipeline_versions",
    "run_batch",
    "store_record",
    "stored_state",
]

# What ``batch`` has always called its options: the one ``AnalysisOptions``.
BatchOptions = AnalysisOptions

# Tests only: seconds to sleep inside each call's transaction, before its commit, so that a
# test can kill the process while a call is half-written.
TEST_DELAY_ENV = "CALLCOACH_TEST_IMPORT_DELAY"

State = Literal["absent", "current", "stale"]
Status = Literal["added", "skipped", "failed"]
# What a rerun does with a stored call: skip it whatever analysed it (``import``), or
# re-analyse it when the detectors or the rubric changed (``batch``).
Rerun = Literal["skip-stored", "reanalyse-stale"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one call. ``source`` is the file, or ``dump.jsonl:LINE``."""

    source: str
    status: Status
    call_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts of one storage run; only the failures are kept (with their reasons)."""

    import_id: int
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: tuple[ImportOutcome, ...] = field(default_factory=tuple)
    status: str = "finished"
    # From dumps: deals added and updated, call-deal links stored.
    deals_added: int = 0
    deals_updated: int = 0
    links: int = 0


# -- worker side -----------------------------------------------------------------------------


def _embedder(options: AnalysisOptions) -> Any:
    return embedder_for(options) if needs_embeddings(options) else None


def analyse_file(source: str, options: AnalysisOptions, info: CallInfo | None = None) -> TaskResult:
    """Load, analyse and report one transcript as a storage record; never raises (a failure
    is a result). ``info`` is the file's call-sheet entry (looked up by the parent, so the
    call sheet is not sent with every task); without it, ``options.manifest`` is consulted.
    """
    from callcoach.app.analyze import report_file
    from callcoach.app.heap import settle
    from callcoach.storage.records import record_from_analysis

    try:
        analysis, report = report_file(
            Path(source), options, info=info, embedder=_embedder(options)
        )
        return TaskResult(source, record_from_analysis(analysis, report))
    except Exception as exc:  # one broken file must never stop the batch
        return TaskResult(source, error=failure(source, exc))
    finally:
        settle()  # once per worker process: what its first call left alive, frozen


# -- storage ---------------------------------------------------------------------------------


def pipeline_versions(detectors: Sequence[str] | None) -> dict[str, str]:
    """Detector name -> version for the detectors a batch runs (required ones included)."""
    from callcoach import pipeline

    chain = pipeline.build(detectors)
    end_start_up()  # the command line's start-up window (app/heap.py), if one is open
    return {d.name: d.version for d in chain}


def stored_state(
    engine: Engine, call_id: str, versions: dict[str, str], rubric: Rubric | None
) -> State:
    """Is the call stored, and by the same detectors (names and versions) and rubric?

    A call is current when it ran exactly these detectors, every stored finding carries
    the detector's current version, and (with a rubric) its scorecard is of this rubric
    version. A detector that found nothing on a call leaves no version behind, so a new
    version of it alone is not noticed on that call.
    """
    try:
        return _state_of(engine, call_id, versions, rubric)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read the database: {exc}") from None


def _state_of(
    engine: Engine, call_id: str, versions: dict[str, str], rubric: Rubric | None
) -> State:
    with Session(engine) as session:  # a read: no write lock while workers' results wait
        detectors = session.scalar(select(CallRow.detectors).where(CallRow.id == call_id))
        if detectors is None:
            return "absent"
        if set(detectors) != set(versions):
            return "stale"
        found = session.execute(
            select(FindingRow.detector, FindingRow.version)
            .where(FindingRow.call_id == call_id)
            .distinct()
        )
        if any(versions.get(name) != version for name, version in found):
            return "stale"
        if rubric is not None:
            card = session.scalar(
                select(ScorecardRow.rubric_version).where(
                    ScorecardRow.call_id == call_id, ScorecardRow.rubric_id == rubric.id
                )
            )
            if card != rubric.version:
                return "stale"
    return "current"


def store_record(
    engine: Engine, record: CallRecord, run_id: int | None = None, replace: bool = False
) -> bool:
    """One transaction: (drop the stale version, keeping its deal links, then) add ``record``."""
    with write_session(engine) as session:
        links: list[dict[str, Any]] = []
        if replace:
            rows = session.scalars(select(DealLinkRow).where(DealLinkRow.call_id == record.id))
            links = [
                {c.name: getattr(row, c.name) for c in DealLinkRow.__table__.columns}
                for row in rows
            ]
            session.execute(delete(CallRow).where(CallRow.id == record.id))
        added = Repository(session).add_record(record, run_id)
        if links:
            session.execute(insert(DealLinkRow), links)
        _test_delay()
    return added


def _test_delay() -> None:
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


def _content_hash(file: Path) -> str | None:
    # Call.id is the SHA-256 of the source bytes: knowing it avoids analysing stored calls.
    try:
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None  # the worker's load_call reports the problem with the file


@dataclass(frozen=True, slots=True)
class _Done:
    """An outcome and how it counts (``replaced`` is an added call that replaced another)."""

    outcome: ImportOutcome
    kind: Literal["added", "replaced", "skipped", "failed"]


def run_batch(
    engine: Engine,
    files: Sequence[Path],
    options: AnalysisOptions,
    executor: Executor,
    *,
    window: int = 8,
    progress: Callable[[ImportOutcome, int, int], None] | None = None,
    rerun: Rerun = "reanalyse-stale",
) -> BatchSummary:
    """Analyse ``files`` on ``executor`` and store each call as soon as it is done.

    At most ``window`` calls are in flight. Dumps (``callcoach export``) are imported after
    the transcripts, record by record. ``progress`` is called after each call with its
    outcome, how many are done and how many there are. Returns counts and the failures;
    raises ``StorageError`` only when the database itself cannot be written.
    """
    ensure_schema(engine)
    transcripts = [f for f in files if not is_dump(f)]
    dumps = [f for f in files if is_dump(f)]
    versions = pipeline_versions(options.detectors) if rerun == "reanalyse-stale" else {}
    task_options = replace(options, manifest=None)  # each task gets its own entry
    replacing: set[Path] = set()
    run_id = _start_run(engine, files)
    counts = {"added": 0, "replaced": 0, "skipped": 0}
    deals = {"deals_added": 0, "deals_updated": 0, "links": 0}
    failed: list[ImportOutcome] = []
    total = len(transcripts) + sum(_dump_size(f) for f in dumps)
    done = 0

    def start(file: Path) -> Future[TaskResult] | _Done:
        known = _content_hash(file)
        if known is not None:
            if rerun == "skip-stored":
                state: State = "current" if Repository(engine).has_call(known) else "absent"
            else:
                state = stored_state(engine, known, versions, options.rubric)
            if state == "current":
                return _Done(
                    ImportOutcome(str(file), "skipped", known, "already stored"), "skipped"
                )
            if state == "stale":
                replacing.add(file)
        return executor.submit(analyse_file, str(file), task_options, options.entry(file))

    def finish(file: Path, future: Future[TaskResult]) -> _Done:
        stale = file in replacing
        replacing.discard(file)
        return _stored(engine, future, str(file), run_id, stale)

    def count(item: _Done) -> None:
        nonlocal done
        done += 1
        if item.kind == "failed":
            failed.append(item.outcome)
        else:
            counts[item.kind] += 1
        if progress is not None:
            progress(item.outcome, done, total)

    status = "interrupted"  # stays so on Ctrl-C
    try:
        for item in drive(transcripts, executor, start, finish, window=window):
            count(item)
        for dump in dumps:
            for item in _import_dump(engine, dump, run_id, deals):
                count(item)
        status = "finished"
    except BaseException:
        status = "interrupted" if status == "interrupted" else "failed"
        raise
    finally:
        _finish(engine, run_id, status, counts, len(failed))
    return BatchSummary(
        run_id,
        counts["added"],
        counts["replaced"],
        counts["skipped"],
        tuple(failed),
        status,
        **deals,
    )


def _stored(
    engine: Engine, future: Future[TaskResult], source: str, run_id: int, replace: bool
) -> _Done:
    try:
        result = future.result()
    except Exception as exc:  # a worker died (killed, out of memory) or the cluster failed
        return _Done(ImportOutcome(source, "failed", None, f"worker failed: {exc!r}"), "failed")
    if result.record is None:
        return _Done(ImportOutcome(result.source, "failed", None, result.error), "failed")
    call_id = result.record.id
    try:
        added = store_record(engine, result.record, run_id, replace)
    except (SQLAlchemyError, CallcoachError, ValueError) as exc:
        reason = f"cannot store the call: {exc}"
        return _Done(ImportOutcome(result.source, "failed", call_id, reason), "failed")
    if not added:
        reason = "already stored (imported concurrently)"
        return _Done(ImportOutcome(result.source, "skipped", call_id, reason), "skipped")
    return _Done(ImportOutcome(result.source, "added", call_id), "replaced" if replace else "added")


# -- dumps -----------------------------------------------------------------------------------


def _dump_size(file: Path) -> int:
    dump = read_dump(file)
    return len(dump.calls) + len(dump.errors)


def _import_dump(engine: Engine, file: Path, run_id: int, deals: dict[str, int]) -> Iterator[_Done]:
    """A dump's calls (each in its own transaction), then its deals and links (counted in
    ``deals``)."""
    dump = read_dump(file)
    for number, reason in dump.errors:
        yield _Done(ImportOutcome(f"{file}:{number}", "failed", None, reason), "failed")
    for number, call in dump.calls:
        outcome = _import_record(engine, f"{file}:{number}", call, run_id)
        yield _Done(outcome, "failed" if outcome.status == "failed" else outcome.status)
    repository = Repository(engine)
    added, updated = repository.save_deals(dump.deals)
    stored = set(repository.call_ids())
    kept = [link for link in dump.links if link.call_id in stored]
    repository.save_links(kept)
    deals["deals_added"] += added
    deals["deals_updated"] += updated
    deals["links"] += len(kept)


def _import_record(engine: Engine, source: str, call: CallRecord, run_id: int) -> ImportOutcome:
    call_id = call.id
    try:
        with write_session(engine) as session:
            added = Repository(session).add_record(call, run_id)
            _test_delay()
    except CallcoachError as exc:
        return ImportOutcome(source, "failed", call_id, str(exc))
    except (SQLAlchemyError, KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
        reason = f"malformed or unstorable call: {type(exc).__name__}: {str(exc)[:300]}"
        return ImportOutcome(source, "failed", call_id, reason)
    return ImportOutcome(source, "added" if added else "skipped", call_id)


# -- the run's bookkeeping -------------------------------------------------------------------


def _start_run(engine: Engine, files: Sequence[Path]) -> int:
    try:
        with write_session(engine) as session:
            run_id = session.scalar(
                insert(ImportRun)
                .values(
                    started_at=datetime.now(UTC),
                    status="running",
                    paths=[str(f) for f in files],
                    added=0,
                    skipped=0,
                    failed=0,
                )
                .returning(ImportRun.id)
            )
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot start the import: {exc}") from None
    assert isinstance(run_id, int)
    return run_id


def _finish(engine: Engine, run_id: int, status: str, counts: dict[str, int], failed: int) -> None:
    try:
        with write_session(engine) as session:
            session.execute(
                update(ImportRun)
                .where(ImportRun.id == run_id)
                .values(
                    finished_at=datetime.now(UTC),
                    status=status,
                    added=counts["added"] + counts["replaced"],
                    skipped=counts["skipped"],
                    failed=failed,
                )
            )
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot record the end of import {run_id}: {exc}") from None
