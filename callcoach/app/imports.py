"""``callcoach import``: store calls (analysed) and dumps, idempotent, one transaction per call.

Transcripts go through the batch loop (``batch.run_batch``) in this process, one at a
time: a call already stored (same content hash) is skipped before it is analysed, each
call is stored in its own transaction, so a crash or Ctrl-C leaves every call either fully
stored or absent, and two processes importing the same files race on the primary key and
one of them skips. ``python -m callcoach.app.imports`` runs an import without the CLI (the
storage tests kill it mid-batch).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from callcoach.app.batch import TEST_DELAY_ENV, ImportOutcome, Status, run_batch
from callcoach.app.database import open_engine
from callcoach.app.executors import InlineExecutor, local_executor
from callcoach.app.options import AnalysisOptions
from callcoach.errors import CallcoachError
from callcoach.ingest.files import find_transcripts

if TYPE_CHECKING:
    from callcoach.roster import Roster
    from callcoach.scoring import Rubric

__all__ = [
    "TEST_DELAY_ENV",
    "ImportOptions",
    "ImportOutcome",
    "ImportSummary",
    "ProgressCallback",
    "StageCallback",
    "collect_files",
    "import_calls",
    "import_files",
    "import_paths",
    "store_transcript",
]

# What ``import`` has always called its options: the one ``AnalysisOptions``.
ImportOptions = AnalysisOptions

# Called after each call with its outcome, how many are done and how many there are.
ProgressCallback = Callable[[ImportOutcome, int, int], None]
# Called as one call moves on: what it is doing now and the share done (0–1).
StageCallback = Callable[[str, float], None]


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


def collect_files(paths: Sequence[Path], recursive: bool = False) -> list[Path]:
    """Absolute paths of the transcripts (and dumps) to import; see ``find_transcripts``."""
    return find_transcripts([p.expanduser().absolute() for p in paths], recursive)


def import_files(
    engine: Engine,
    files: Sequence[Path],
    options: AnalysisOptions | None = None,
    progress: ProgressCallback | None = None,
    *,
    workers: int = 1,
) -> ImportSummary:
    """Import transcripts and dumps into ``engine``'s database; one failing call never stops
    the others. Calls already stored are skipped, whatever analysed them. ``workers`` > 1
    analyses on a process pool (the calls are still stored one transaction each, here)."""
    options = options or AnalysisOptions()
    outcomes: list[ImportOutcome] = []

    def record(outcome: ImportOutcome, done: int, total: int) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome, done, total)

    if workers <= 1:
        executor = InlineExecutor(options, preload=False)
        summary = run_batch(
            engine, files, options, executor, window=1, progress=record, rerun="skip-stored"
        )
    else:
        with local_executor(options, workers) as pool:
            summary = run_batch(
                engine, files, options, pool, window=2 * workers, progress=record,
                rerun="skip-stored",
            )  # fmt: skip
    return ImportSummary(
        tuple(outcomes),
        summary.import_id,
        summary.deals_added,
        summary.deals_updated,
        summary.links,
    )


def import_calls(
    paths: Sequence[Path],
    db_url: str | None,
    options: AnalysisOptions,
    progress: ProgressCallback | None = None,
    *,
    recursive: bool = False,
    workers: int = 1,
) -> ImportSummary:
    """Import transcript files, folders of them and ``callcoach export`` dumps into the
    database at ``db_url``, analysed with ``options`` (on ``workers`` processes)."""
    files = collect_files(paths, recursive)
    with open_engine(db_url) as engine:
        return import_files(engine, files, options, progress, workers=workers)


def import_paths(
    paths: Sequence[Path],
    db_url: str | None = None,
    rep: Sequence[str] | None = None,
    roster: Roster | None = None,
    rubric: Rubric | str | None = None,
    progress: ProgressCallback | None = None,
    *,
    detectors: Sequence[str] | None = None,
    min_confidence: float = 0.6,
    call_type: str | None = None,
) -> ImportSummary:
    """``import_calls`` with the options given one by one (a rubric by name or file).

    Already stored calls are skipped; a call that fails (unreadable, roles unresolved) is
    listed in the summary and the others go on.
    """
    if isinstance(rubric, (str, Path)):
        from callcoach.scoring import load_rubric

        rubric = load_rubric(rubric)  # once, not per call
    options = AnalysisOptions(
        rep=tuple(rep or ()),
        roster=roster,
        rubric=rubric,
        detectors=tuple(detectors) if detectors is not None else None,
        min_confidence=min_confidence,
        call_type=call_type,
    )
    return import_calls(paths, db_url, options, progress)


def store_transcript(
    engine: Engine,
    data: bytes,
    source: str,
    options: AnalysisOptions,
    *,
    stage: StageCallback | None = None,
) -> ImportOutcome:
    """Analyse one transcript held in memory (an upload named ``source``) and store it in one
    transaction; an already stored call (same bytes) is skipped before it is analysed.

    Raises ``CallcoachError`` for a transcript that cannot be read or analysed (the message
    names ``source``) and ``StorageError`` for the database; ``stage`` hears the progress.
    """
    from callcoach.app.analyze import analyze_text, report_of
    from callcoach.app.batch import store_record
    from callcoach.storage.records import record_from_analysis
    from callcoach.storage.repository import Repository

    call_id = hashlib.sha256(data).hexdigest()
    if Repository(engine).has_call(call_id):
        return ImportOutcome(source, "skipped", call_id, "already stored")
    if stage is not None:
        stage("analysing", 0.3)
    analysis = analyze_text(data, source, options)
    if stage is not None:
        stage("storing", 0.9)
    record = record_from_analysis(analysis, report_of(analysis))
    if not store_record(engine, record):
        return ImportOutcome(source, "skipped", analysis.call.id, "already stored")
    return ImportOutcome(source, "added", analysis.call.id)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m callcoach.app.imports [--db URL] [--detectors a,b] [--rep NAME] PATH...``"""
    parser = argparse.ArgumentParser(prog="python -m callcoach.app.imports")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--db", default=None)
    parser.add_argument("--detectors", default=None, help="comma-separated detector names")
    parser.add_argument("--rep", action="append", default=[])
    args = parser.parse_args(argv)
    detectors = tuple(args.detectors.split(",")) if args.detectors else None
    options = AnalysisOptions(rep=tuple(args.rep), detectors=detectors)
    try:
        summary = import_calls(args.paths, args.db, options)
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
