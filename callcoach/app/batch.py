"""Analyse many calls on every core (or a Dask cluster) and store each as it finishes.

The parent process lists the files, skips those already stored with the same content hash
and the same detector versions, and hands the rest to an executor a few at a time (a
bounded in-flight window, so 100,000 files never sit in memory). Each worker loads the
model once and turns one transcript into a storage record; the parent writes each record
in its own transaction (``Repository.add_record``, as ``callcoach import`` does), so a
killed run loses nothing finished and a rerun goes on where it stopped. Reports are not
kept once stored.

Any ``concurrent.futures.Executor`` runs the loop: a spawn-safe process pool here, an
in-process one for ``--workers 1``, or ``dask.distributed`` (``executors_dask``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callcoach.errors import CallcoachError, StorageError
from callcoach.manifest import CallInfo, Manifest
from callcoach.roster import Roster
from callcoach.scoring import Rubric
from callcoach.storage.database import write_session
from callcoach.storage.dump import is_dump
from callcoach.storage.importer import (
    ImportOptions,
    ImportOutcome,
    _start_run,  # the import's own bookkeeping: a batch is an import run too
    import_files,
)
from callcoach.storage.models import CallRow, DealLinkRow, FindingRow, ImportRun, ScorecardRow
from callcoach.storage.records import CallRecord
from callcoach.storage.repository import Repository
from callcoach.storage.schema import ensure_schema

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "InlineExecutor",
    "TaskResult",
    "analyse_file",
    "default_workers",
    "local_executor",
    "pipeline_versions",
    "run_batch",
]

State = Literal["absent", "current", "stale"]
Progress = Callable[[ImportOutcome, int, int], None]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How each call is analysed (as for ``callcoach analyze``) and where vectors are cached."""

    rep: tuple[str, ...] = ()
    roster: Roster | None = None
    rubric: Rubric | None = None
    detectors: tuple[str, ...] | None = None
    min_confidence: float = 0.6
    call_type: str | None = None
    manifest: Manifest | None = None
    embedding_cache: Path | None = None
    # onnxruntime threads per worker; None = the cores divided among the workers.
    threads: int | None = None


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a worker sends back: a storage record, or why the file failed."""

    source: str
    record: CallRecord | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts of one batch run; only the failures are kept (with their reasons)."""

    import_id: int
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: tuple[ImportOutcome, ...] = field(default_factory=tuple)
    status: str = "finished"


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- worker side -----------------------------------------------------------------------------

_WORKER: tuple[BatchOptions, Any] | None = None


def _embedder(options: BatchOptions) -> Any:
    """This process's embedder for ``options``: created once, then reused for every call."""
    global _WORKER
    if _WORKER is not None and _WORKER[0] == options:
        return _WORKER[1]
    from callcoach.nlp.embeddings import MODEL_SHA256, MiniLMEmbedder

    embedder: Any = MiniLMEmbedder(threads=options.threads)
    if options.embedding_cache is not None:
        from callcoach.nlp.embedding_cache import CachedEmbedder

        embedder = CachedEmbedder(embedder, options.embedding_cache, MODEL_SHA256)
    _WORKER = (options, embedder)
    return embedder


def init_worker(options: BatchOptions) -> None:
    """Process-pool initializer: load the model (and open the cache) before the first call."""
    from callcoach import pipeline

    if any(d.needs_embeddings for d in pipeline.build(options.detectors)):
        _embedder(options)


def analyse_file(source: str, options: BatchOptions, info: CallInfo | None = None) -> TaskResult:
    """Load, analyse and report one transcript; never raises (a failure is a result).

    ``info`` is the file's manifest entry (looked up by the parent, so the manifest is not
    sent with every task); without it, ``options.manifest`` is consulted.
    """
    from callcoach import pipeline
    from callcoach.app.analyze_file import analyze_file
    from callcoach.report import build_report
    from callcoach.storage.records import record_from_analysis

    file = Path(source)
    if info is None and options.manifest is not None:
        info = options.manifest.for_file(file)
    try:
        chain = pipeline.build(options.detectors)
        embedder = _embedder(options) if any(d.needs_embeddings for d in chain) else None
        analysis = analyze_file(
            file,
            info=info,
            rep=options.rep,
            roster=options.roster,
            detectors=options.detectors,
            min_confidence=options.min_confidence,
            rubric=options.rubric,
            call_type=options.call_type,
            embedder=embedder,
        )
        report = build_report(
            analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
        )
        return TaskResult(source, record_from_analysis(analysis, report))
    except CallcoachError as exc:
        return TaskResult(source, error=str(exc))
    except Exception as exc:  # one broken file must never stop the batch
        if os.environ.get("CALLCOACH_DEBUG"):
            raise
        return TaskResult(source, error=f"internal error: {exc!r}")


# -- executors -------------------------------------------------------------------------------


class InlineExecutor(Executor):
    """Runs each task in this process when it is submitted (``--workers 1``)."""

    def __init__(self, options: BatchOptions) -> None:
        init_worker(options)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@contextmanager
def local_executor(options: BatchOptions, workers: int) -> Iterator[Executor]:
    """A spawn-started process pool of ``workers`` (each loads the model once), or inline."""
    if workers <= 1:
        yield InlineExecutor(options)
        return
    if options.threads is None:
        options = replace(options, threads=max(1, default_workers() // workers))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(options,),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- parent side -----------------------------------------------------------------------------


def pipeline_versions(detectors: Sequence[str] | None) -> dict[str, str]:
    """Detector name -> version for the detectors a batch runs (required ones included)."""
    from callcoach import pipeline

    return {d.name: d.version for d in pipeline.build(detectors)}


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


def _store(engine: Engine, record: CallRecord, run_id: int, replace: bool) -> bool:
    """One transaction: (drop the stale version, keeping its deal links, then) add ``record``."""
    with write_session(engine) as session:
        links: list[dict[str, Any]] = []
        if replace:
            rows = session.scalars(select(DealLinkRow).where(DealLinkRow.call_id == record["id"]))
            links = [
                {c.name: getattr(row, c.name) for c in DealLinkRow.__table__.columns}
                for row in rows
            ]
            session.execute(delete(CallRow).where(CallRow.id == record["id"]))
        added = Repository(session).add_record(record, run_id)
        if links:
            session.execute(insert(DealLinkRow), links)
    return added


def _content_hash(file: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None  # the worker's load_call reports the problem with the file


def run_batch(
    engine: Engine,
    files: Sequence[Path],
    options: BatchOptions,
    executor: Executor,
    *,
    window: int = 8,
    progress: Progress | None = None,
) -> BatchSummary:
    """Analyse ``files`` on ``executor`` and store each call as soon as it is done.

    At most ``window`` calls are in flight. Dumps (``callcoach export``) are imported as
    ``callcoach import`` does. Returns counts and the failures; raises ``StorageError``
    only when the database itself cannot be written.
    """
    ensure_schema(engine)
    transcripts = [f for f in files if not is_dump(f)]
    dumps = [f for f in files if is_dump(f)]
    versions = pipeline_versions(options.detectors)
    task_options = replace(options, manifest=None)  # each task gets its own entry
    total = len(files)
    run_id = _start_run(engine, transcripts)
    counts = {"added": 0, "replaced": 0, "skipped": 0}
    failed: list[ImportOutcome] = []
    done = 0
    # future -> (file, whether it replaces a stale stored version)
    pending: dict[Future[TaskResult], tuple[str, bool]] = {}
    queue = iter(transcripts)

    def record(outcome: ImportOutcome, status: str) -> None:
        nonlocal done
        done += 1
        if outcome.status == "failed":
            failed.append(outcome)
        else:
            counts[status] += 1
        if progress is not None:
            progress(outcome, done, total)

    def fill() -> None:
        while len(pending) < window:
            file = next(queue, None)
            if file is None:
                return
            known = _content_hash(file)
            state = (
                "absent" if known is None else stored_state(engine, known, versions, options.rubric)
            )
            if state == "current":
                record(ImportOutcome(str(file), "skipped", known, "already stored"), "skipped")
                continue
            info = options.manifest.for_file(file) if options.manifest else None
            future = executor.submit(analyse_file, str(file), task_options, info)
            pending[future] = (str(file), state == "stale")

    status = "interrupted"  # stays so on Ctrl-C
    try:
        fill()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in [f for f in pending if f in finished]:  # in submission order
                source, stale = pending.pop(future)
                outcome, kind = _outcome(engine, future, source, run_id, stale)
                record(outcome, kind)
            fill()
        if dumps:
            summary = import_files(engine, dumps, ImportOptions())
            for outcome in summary.outcomes:
                record(outcome, outcome.status)
        status = "finished"
    except BaseException:
        for future in pending:
            future.cancel()
        status = "interrupted" if status == "interrupted" else "failed"
        raise
    finally:
        _finish(engine, run_id, status, counts, len(failed))
    return BatchSummary(
        run_id, counts["added"], counts["replaced"], counts["skipped"], tuple(failed), status
    )


def _outcome(
    engine: Engine, future: Future[TaskResult], source: str, run_id: int, replace: bool
) -> tuple[ImportOutcome, str]:
    try:
        result = future.result()
    except Exception as exc:  # a worker died (killed, out of memory) or the cluster failed
        return ImportOutcome(source, "failed", None, f"worker failed: {exc!r}"), "failed"
    if result.record is None:
        return ImportOutcome(result.source, "failed", None, result.error), "failed"
    call_id = result.record["id"]
    try:
        added = _store(engine, result.record, run_id, replace)
    except (SQLAlchemyError, CallcoachError, ValueError) as exc:
        reason = f"cannot store the call: {exc}"
        return ImportOutcome(result.source, "failed", call_id, reason), "failed"
    if not added:
        reason = "already stored (imported concurrently)"
        return ImportOutcome(result.source, "skipped", call_id, reason), "skipped"
    return ImportOutcome(result.source, "added", call_id), "replaced" if replace else "added"


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
        raise StorageError(f"cannot record the end of batch {run_id}: {exc}") from None
