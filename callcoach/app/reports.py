"""Report files for many calls (``analyze DIR``, ``report``), through the one loop.

Each worker analyses a call and writes its files at once, and sends back only the file
names, a one-line summary and a summary-sized copy of the report (``outputs.team_entry``)
for the team files: memory stays small however many calls there are. No database here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcoach.app.executors import (
    InlineExecutor,
    embedder_for,
    local_executor,
    needs_embeddings,
)
from callcoach.app.loop import TaskResult, drive, failure
from callcoach.app.options import AnalysisOptions
from callcoach.app.outputs import OutputFormat

if TYPE_CHECKING:
    from callcoach.manifest import CallInfo
    from callcoach.report import AnalysisReport

__all__ = ["CallReport", "ReportRun", "report_calls", "write_call_reports", "write_file_reports"]


def _embedder(options: AnalysisOptions) -> Any:
    return embedder_for(options) if needs_embeddings(options) else None


@dataclass(frozen=True, slots=True)
class CallReport:
    """One call of ``analyze``/``report``: the files written and a one-line summary, or the
    error; ``entry`` is the summary-sized report the team files need."""

    file: Path
    written: tuple[Path, ...]
    summary: str
    error: str | None = None
    entry: AnalysisReport | None = None


def write_file_reports(
    source: str,
    options: AnalysisOptions,
    info: CallInfo | None,
    formats: tuple[OutputFormat, ...],
    target: Path | None,
    stem: str,
) -> TaskResult:
    """Analyse one transcript and write its report files (``target`` None: none); never
    raises. Sends back the files, a one-line summary and the team entry."""
    from callcoach.app.analyze import report_file
    from callcoach.app.heap import settle
    from callcoach.app.outputs import one_line, team_entry, write_reports

    try:
        _, report = report_file(
            Path(source),
            options,
            info=info,
            embedder=embedder_for(options) if needs_embeddings(options) else None,
        )
        written = write_reports(report, formats, target, stem) if target is not None else ()
    except Exception as exc:  # e.g. OutputError: disk full, a folder in the way
        return TaskResult(source, error=failure(source, exc))
    finally:
        settle()  # once per worker process: what its first call left alive, frozen
    return TaskResult(source, written=written, summary=one_line(report), entry=team_entry(report))


def write_call_reports(
    files: Sequence[Path],
    options: AnalysisOptions,
    formats: Sequence[OutputFormat],
    target: Path | None,
    executor: Executor | None = None,
    *,
    window: int = 2,
    progress: Callable[[CallReport, int, int], None] | None = None,
) -> list[CallReport]:
    """Analyse ``files`` and write each call's report files into the folder ``target``
    (named after the file; ``team`` is kept free for the team summary). Returns one
    ``CallReport`` per file, in the order the calls finished."""
    from callcoach.report.output import unique_stems

    stems = unique_stems(files, reserved=("team",))
    executor = executor or InlineExecutor(options, preload=False)
    task_options = replace(options, manifest=None)  # each task gets its own entry

    def start(file: Path) -> Future[TaskResult]:
        return executor.submit(
            write_file_reports,
            str(file),
            task_options,
            options.entry(file),
            tuple(formats),
            target,
            stems[file],
        )

    def finish(file: Path, future: Future[TaskResult]) -> CallReport:
        try:
            result = future.result()
        except Exception as exc:  # a worker died (killed, out of memory)
            return CallReport(file, (), "", f"{file}: worker failed: {exc!r}")
        if result.error is not None:
            error = result.error
            if error.startswith("internal error"):
                error = f"{file}: {error}"
            return CallReport(file, (), "", error)
        return CallReport(file, result.written, result.summary, entry=result.entry)

    reports: list[CallReport] = []
    for report in drive(files, executor, start, finish, window=window):
        reports.append(report)
        if progress is not None:
            progress(report, len(reports), len(files))
    return reports


@dataclass(frozen=True, slots=True)
class ReportRun:
    """What ``report_calls`` did: each call's outcome (in the order of the files) and the
    team files written."""

    calls: tuple[CallReport, ...]
    team: tuple[Path, ...] = ()


def report_calls(
    files: Sequence[Path],
    options: AnalysisOptions,
    formats: Sequence[OutputFormat],
    target: Path | None,
    *,
    team: bool | None = None,
    insights_db: str | None = None,
    workers: int = 1,
    progress: Callable[[CallReport, int, int], None] | None = None,
) -> ReportRun:
    """``analyze DIR`` and ``report``: each call's report files, then the team files when
    the calls were scored with a rubric and written to a folder (``team``: True always,
    None for two scored calls or more, False never), with the behaviour-vs-revenue insights
    of ``insights_db`` on the team page; ``workers`` > 1 analyses on a process pool. Raises
    ``OutputError`` when a team file cannot be written and the insights' errors; a failing
    call is an outcome, not an error."""
    if workers <= 1:
        calls = tuple(write_call_reports(files, options, formats, target, progress=progress))
    else:
        with local_executor(options, workers) as pool:
            calls = tuple(
                write_call_reports(
                    files, options, formats, target, pool, window=2 * workers, progress=progress
                )
            )
    # In the order the files were given, however the workers finished (team files and
    # summaries stay the same from run to run).
    order = {file: index for index, file in enumerate(files)}
    calls = tuple(sorted(calls, key=lambda c: order[c.file]))
    entries = [c.entry for c in calls if c.entry is not None]
    wanted = len(entries) >= (1 if team else 2) and team is not False
    if options.rubric is None or target is None or not wanted:
        return ReportRun(calls)
    from callcoach.app.outputs import write_team

    links = {
        c.entry.call.source: p.name
        for c in calls
        if c.entry is not None
        for p in c.written
        if p.suffix == ".html"
    }
    insights = None
    if insights_db is not None:
        from callcoach.app.insights import load_insights

        insights = load_insights(insights_db, options.rubric.id)
    return ReportRun(calls, write_team(entries, links, formats, target, insights))
