"""Uploads and their analysis in the background.

``accept_upload`` checks an uploaded transcript (size, type sniffed from its content), saves
its bytes under the upload folder as ``<job id>.upload`` (the client's filename is kept for
display only, never used as a path) and queues a job. ``JobRunner`` analyses queued jobs one
at a time on a worker thread: load → analyse → store, with the stage and progress written to
the job so the page and ``GET /api/v1/uploads/{id}`` can show them, and a failure kept with
the ingest (or roles) error message. A restarted server picks up jobs left queued or running.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import secrets
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from callcoach.errors import CallcoachError
from callcoach.storage.accounts import Accounts, UploadJob
from callcoach.web.settings import WebSettings

if TYPE_CHECKING:
    from callcoach.scoring import Rubric

__all__ = ["JobRunner", "UploadRejected", "accept_upload", "display_name"]

log = logging.getLogger("callcoach.web")
_UPLOAD_SUFFIX = ".upload"


class UploadRejected(CallcoachError):
    """An upload refused before analysis; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def display_name(filename: str | None) -> str:
    """The last component of a client's filename, without control characters, for display."""
    if not filename:
        return "upload"
    base = PurePath(filename.replace("\\", "/")).name
    cleaned = "".join(c for c in base if c.isprintable()).strip()
    return "upload" if cleaned in ("", ".", "..") else cleaned[:200]


@dataclass(frozen=True, slots=True)
class UploadRequest:
    data: bytes
    filename: str | None
    rep: str | None
    call_type: str | None
    call_date: date | None


def accept_upload(
    accounts: Accounts,
    settings: WebSettings,
    user_id: int,
    upload: UploadRequest,
) -> UploadJob:
    """Check, save and queue an upload (see the module docstring); returns the new job.

    ``UploadRejected`` (413 too large, 415 not a transcript, 422 empty) leaves nothing behind.
    """
    from callcoach.ingest import sniff
    from callcoach.ingest.encoding import decode
    from callcoach.ingest.loader import read_transcript_bytes

    if len(upload.data) > settings.max_upload_bytes:
        raise UploadRejected(_too_large(settings), 413)
    name = display_name(upload.filename)
    if not upload.data.strip():
        raise UploadRejected(f"{name}: the file is empty", 422)
    job_id = secrets.token_hex(16)
    folder = settings.resolved_upload_dir()
    path = folder / f"{job_id}{_UPLOAD_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(upload.data)
    except OSError as exc:
        raise UploadRejected(f"cannot keep the upload on the server: {exc.strerror}", 507) from None
    try:
        # The same checks as a file on disk: audio, video and documents are refused with a hint.
        read_transcript_bytes(path)
        text, _warnings = decode(upload.data, name)
        fmt = sniff(text, name)
    except CallcoachError as exc:
        path.unlink(missing_ok=True)
        raise UploadRejected(str(exc).replace(str(path), name), 415) from None
    try:
        return accounts.add_job(
            job_id,
            user_id,
            hashlib.sha256(upload.data).hexdigest(),
            filename=name,
            size=len(upload.data),
            format=fmt,
            rep=upload.rep,
            call_type=upload.call_type,
            call_date=upload.call_date,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _too_large(settings: WebSettings) -> str:
    limit = settings.max_upload_bytes
    size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
    return f"the file is larger than the upload limit of {size}"


class JobRunner:
    """One worker thread that analyses queued uploads in order."""

    def __init__(self, engine: Engine, accounts: Accounts, settings: WebSettings) -> None:
        self._engine = engine
        self._accounts = accounts
        self._settings = settings
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._rubric: Rubric | None = None  # the upload rubric, loaded on the first upload

    def path(self, job_id: str) -> Path:
        return self._settings.resolved_upload_dir() / f"{job_id}{_UPLOAD_SUFFIX}"

    def start(self) -> None:
        """Start the worker and requeue the jobs a previous server left unfinished."""
        for job in self._accounts.unfinished_jobs():
            if self.path(job.id).is_file():
                self._accounts.update_job(
                    job.id, status="queued", stage="waiting for the analyser", progress=0.0
                )
                self.submit(job.id)
            else:
                self._accounts.update_job(
                    job.id, status="failed", stage="failed", error="the upload was lost"
                )
        self._ensure_thread()

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="callcoach-uploads", daemon=True
                )
                self._thread.start()

    def submit(self, job_id: str) -> None:
        self._queue.put(job_id)
        self._ensure_thread()

    def stop(self) -> None:
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout=30)

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """Block until every queued job is finished (tests); False on timeout."""
        done = threading.Event()

        def waiter() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=waiter, daemon=True).start()
        return done.wait(timeout)

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            try:
                if job_id is None:
                    return
                self.run(job_id)
            except Exception:  # never let one job stop the worker
                log.exception("upload job %s failed", job_id)
            finally:
                self._queue.task_done()

    def run(self, job_id: str) -> None:
        """Analyse and store one job; its outcome is written to the job, never raised."""
        accounts = self._accounts
        job = accounts.job(job_id)
        if job is None or job.status not in ("queued", "running"):
            return
        path = self.path(job_id)
        try:
            accounts.update_job(
                job_id, status="running", stage="reading the transcript", progress=0.1
            )
            message = self._analyse_and_store(job, path)
        except CallcoachError as exc:
            error = str(exc).replace(str(path), job.filename)
            accounts.update_job(job_id, status="failed", stage="failed", progress=1.0, error=error)
        except Exception as exc:
            if os.environ.get("CALLCOACH_DEBUG"):
                raise
            log.exception("upload job %s: internal error", job_id)
            accounts.update_job(
                job_id,
                status="failed",
                stage="failed",
                progress=1.0,
                error=f"internal error while analysing the call: {type(exc).__name__}",
            )
        else:
            accounts.update_job(job_id, status="done", stage=message, progress=1.0)
        finally:
            path.unlink(missing_ok=True)

    def _analyse_and_store(self, job: UploadJob, path: Path) -> str:
        from callcoach.app.imports import store_transcript
        from callcoach.app.options import AnalysisOptions, resolve_rubric

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CallcoachError(f"{job.filename}: the upload was lost: {exc.strerror}") from None
        if self._rubric is None and self._settings.rubric is not None:
            self._rubric = resolve_rubric(self._settings.rubric)
        options = AnalysisOptions(
            rep=(job.rep,) if job.rep else (),
            rubric=self._rubric,
            detectors=self._settings.detectors,
            call_type=job.call_type,
            input_format=job.format,
            call_date=job.call_date,
        )

        def stage(name: str, progress: float) -> None:
            self._accounts.update_job(job.id, stage=name, progress=progress)

        outcome = store_transcript(self._engine, data, job.filename, options, stage=stage)
        return "analysed" if outcome.status == "added" else "already stored"
