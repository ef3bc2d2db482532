"""Import transcripts (and dumps) into the database: one transaction per call.

Each transcript is read, its roles resolved, analysed and stored in a single transaction,
so a crash or Ctrl-C leaves every call either fully stored or absent. A call already stored
(same content hash) is skipped before it is analysed; two processes importing the same
files race on the primary key and one of them skips. ``python -m callcoach.storage.importer``
runs an import without the CLI (the storage tests kill it mid-batch).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import SQLAlchemyError

from callcoach.errors import CallcoachError, StorageError
from callcoach.ingest.files import find_transcripts
from callcoach.roster import Roster
from callcoach.scoring import Rubric
from callcoach.storage.database import make_engine, write_session
from callcoach.storage.dump import is_dump, read_dump
from callcoach.storage.models import ImportRun
from callcoach.storage.records import CallRecord
from callcoach.storage.repository import Repository
from callcoach.storage.schema import ensure_schema

__all__ = [
    "ImportOptions",
    "ImportOutcome",
    "ImportSummary",
    "ProgressCallback",
    "collect_files",
    "import_files",
]

# Tests only: seconds to sleep inside each call's transaction, before its commit, so that a
# test can kill the process while a call is half-written.
TEST_DELAY_ENV = "CALLCOACH_TEST_IMPORT_DELAY"

Status = Literal["added", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one call. ``source`` is the file, or ``dump.jsonl:LINE``."""

    source: str
    status: Status
    call_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ImportSummary:
    outcomes: tuple[ImportOutcome, ...]
    import_id: int
    deals_added: int = 0
    deals_updated: int = 0
    links: int = 0

    def _with(self, status: Status) -> tuple[ImportOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == status)

    @property
    def added(self) -> tuple[ImportOutcome, ...]:
        return self._with("added")

    @property
    def skipped(self) -> tuple[ImportOutcome, ...]:
        return self._with("skipped")

    @property
    def failed(self) -> tuple[ImportOutcome, ...]:
        return self._with("failed")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to analyse imported transcripts (as for ``callcoach analyze``)."""

    rep: tuple[str, ...] = ()
    roster: Roster | None = None
    rubric: Rubric | str | None = None
    detectors: tuple[str, ...] | None = None
    min_confidence: float = 0.6
    call_type: str | None = None


# Called after each call with its outcome, how many are done and how many there are.
ProgressCallback = Callable[[ImportOutcome, int, int], None]


def collect_files(paths: Sequence[Path], recursive: bool = False) -> list[Path]:
    """Absolute paths of the transcripts (and dumps) to import; see ``find_transcripts``."""
    return find_transcripts([p.expanduser().absolute() for p in paths], recursive)


def import_files(
    engine: Engine,
    files: Sequence[Path],
    options: ImportOptions | None = None,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import transcripts and dumps; one failing call never stops the others."""
    options = options or ImportOptions()
    ensure_schema(engine)
    dumps = {f: read_dump(f) for f in files if is_dump(f)}
    total = sum(len(dumps[f].calls) + len(dumps[f].errors) if f in dumps else 1 for f in files)
    run_id = _start_run(engine, files)
    outcomes: list[ImportOutcome] = []
    deals_added = deals_updated = links = 0

    def record(outcome: ImportOutcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(outcomes), total)

    status = "interrupted"  # stays so on Ctrl-C
    try:
        for file in files:
            dump = dumps.get(file)
            if dump is None:
                record(_import_transcript(engine, file, options, run_id))
                continue
            for number, reason in dump.errors:
                record(ImportOutcome(f"{file}:{number}", "failed", None, reason))
            for number, call in dump.calls:
                record(_import_record(engine, f"{file}:{number}", call, run_id))
            repository = Repository(engine)
            added, updated = repository.save_deals(dump.deals)
            stored = set(repository.call_ids())
            kept = [link for link in dump.links if link.call_id in stored]
            repository.save_links(kept)
            deals_added, deals_updated = deals_added + added, deals_updated + updated
            links += len(kept)
        status = "finished"
    except Exception:
        status = "failed"
        raise
    finally:
        _finish_run(engine, run_id, status, outcomes)
    return ImportSummary(tuple(outcomes), run_id, deals_added, deals_updated, links)


def _import_transcript(
    engine: Engine, file: Path, options: ImportOptions, run_id: int
) -> ImportOutcome:
    from callcoach.api import analyze
    from callcoach.ingest import load_call
    from callcoach.report import build_report

    source = str(file)
    try:
        known = _content_hash(file)
        if known is not None and Repository(engine).has_call(known):
            return ImportOutcome(source, "skipped", known, "already stored")
        call = load_call(file)
        analysis = analyze(
            call,
            rep=list(options.rep) or None,
            roster=options.roster,
            detectors=options.detectors,
            min_confidence=options.min_confidence,
            rubric=options.rubric,
            call_type=options.call_type,
        )
        report = build_report(
            analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
        )
        with write_session(engine) as session:
            added = Repository(session).add_analysis(analysis, report, run_id)
            _test_delay()
    except CallcoachError as exc:
        return ImportOutcome(source, "failed", None, str(exc))
    except (SQLAlchemyError, ValueError) as exc:
        return ImportOutcome(source, "failed", None, f"cannot store the call: {exc}")
    except Exception as exc:  # one broken file must never stop the batch
        if os.environ.get("CALLCOACH_DEBUG"):
            raise
        return ImportOutcome(source, "failed", None, f"internal error: {exc!r}")
    if not added:
        return ImportOutcome(source, "skipped", call.id, "already stored (imported concurrently)")
    return ImportOutcome(source, "added", call.id)


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


def _content_hash(file: Path) -> str | None:
    # Call.id is the SHA-256 of the source bytes: knowing it avoids analysing stored calls.
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return None  # load_call reports the problem with the file


def _test_delay() -> None:
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


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


def _finish_run(
    engine: Engine, run_id: int, status: str, outcomes: Sequence[ImportOutcome]
) -> None:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "skipped", "failed")}
    try:
        with write_session(engine) as session:
            session.execute(
                update(ImportRun)
                .where(ImportRun.id == run_id)
                .values(finished_at=datetime.now(UTC), status=status, **counts)
            )
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot record the end of import {run_id}: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m callcoach.storage.importer [--db URL] [--detectors a,b] PATH...``"""
    parser = argparse.ArgumentParser(prog="python -m callcoach.storage.importer")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--db", default=None)
    parser.add_argument("--detectors", default=None, help="comma-separated detector names")
    parser.add_argument("--rep", action="append", default=[])
    args = parser.parse_args(argv)
    detectors = tuple(args.detectors.split(",")) if args.detectors else None
    try:
        engine = make_engine(args.db)
        summary = import_files(
            engine,
            collect_files(args.paths),
            ImportOptions(rep=tuple(args.rep), detectors=detectors),
        )
    except CallcoachError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for outcome in summary.failed:
        print(f"failed: {outcome.source}: {outcome.reason}", file=sys.stderr)
    print(
        f"added {len(summary.added)}, skipped {len(summary.skipped)}, failed {len(summary.failed)}"
    )
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
