"""The one loop over many calls, shared by ``analyze DIR``, ``report``, ``import`` and ``batch``.

``drive`` hands files to any ``concurrent.futures.Executor`` a few at a time (a bounded
in-flight window, so 100,000 files never sit in memory) and yields each file's outcome as
its call finishes; a failing file is an outcome with its reason, never the end of the run.
What a finished call becomes is the caller's: a stored call (``batch.run_batch``) or
report files (``reports.write_call_reports``). Nothing heavy is imported here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from callcoach.errors import CallcoachError

if TYPE_CHECKING:
    from callcoach.report import AnalysisReport
    from callcoach.storage.records import CallRecord

__all__ = ["TaskResult", "drive", "failure"]

Outcome = TypeVar("Outcome")


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a worker sends back: a storage record or written report files, or why the file
    failed."""

    source: str
    record: CallRecord | None = None
    error: str | None = None
    written: tuple[Path, ...] = ()
    summary: str = ""
    entry: AnalysisReport | None = None


def drive(
    files: Iterable[Path],
    executor: Executor,
    start: Callable[[Path], Future[TaskResult] | Outcome],
    finish: Callable[[Path, Future[TaskResult]], Outcome],
    *,
    window: int,
) -> Iterator[Outcome]:
    """Each file's outcome, as calls finish: ``start`` submits a file's task to ``executor``
    (or returns its outcome at once, e.g. already stored), ``finish`` turns a finished task
    into an outcome. At most ``window`` tasks are in flight; outcomes of the tasks that
    finished together come in submission order. Stopping early cancels what is pending."""
    pending: dict[Future[TaskResult], Path] = {}
    queue = iter(files)
    ready: list[Outcome] = []

    def fill() -> None:
        while len(pending) < max(1, window):
            file = next(queue, None)
            if file is None:
                return
            started = start(file)
            if isinstance(started, Future):
                pending[started] = file
            else:
                ready.append(started)

    try:
        fill()
        yield from _drain(ready)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in [f for f in pending if f in finished]:  # in submission order
                ready.append(finish(pending.pop(future), future))
            fill()
            yield from _drain(ready)
    finally:
        for future in pending:
            future.cancel()


def _drain(ready: list[Outcome]) -> Iterator[Outcome]:
    while ready:
        yield ready.pop(0)


def failure(source: str, exc: Exception) -> str:
    """The reason a file failed: the library's message, or an internal error."""
    if isinstance(exc, CallcoachError):
        return str(exc)
    if os.environ.get("CALLCOACH_DEBUG"):
        raise exc
    return f"internal error: {exc!r}"
