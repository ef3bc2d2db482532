"""The upload page's progress: an upload job as the page (and its polling script) shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["UploadJobLike", "UploadView", "status_message", "upload_view"]


class UploadJobLike(Protocol):
    """An upload job as stored (``callcoach.storage.accounts.UploadJob``)."""

    @property
    def id(self) -> str: ...
    @property
    def call_id(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def progress(self) -> float: ...
    @property
    def error(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class UploadView:
    id: str
    filename: str
    status: str  # queued | running | done | failed
    percent: int
    message: str
    error: str | None
    call_id: str | None  # set once the call is stored
    created: datetime | None = None

    @property
    def when(self) -> str:
        return self.created.strftime("%Y-%m-%d %H:%M") if self.created else ""


def status_message(status: str, stage: str) -> str:
    """The line under the progress bar (pages.js writes the same words while polling)."""
    if status == "queued":
        return "Waiting for the analysis to start…"
    if status == "running":
        return f"Analysing: {stage}…" if stage else "Analysing…"
    if status == "done":
        return "Analysed and stored."
    return "The analysis failed."


def upload_view(job: UploadJobLike) -> UploadView:
    done = job.status == "done"
    return UploadView(
        id=job.id,
        filename=job.filename,
        status=job.status,
        percent=100 if done else max(0, min(100, round(job.progress * 100))),
        message=status_message(job.status, job.stage),
        error=job.error if job.status == "failed" else None,
        call_id=job.call_id if done else None,
        created=job.created_at,
    )
