"""The exception tree and the one place for error texts that users see.

Every error a user can meet is a ``CallcoachError``; the CLI prints its message and
exits non-zero without a traceback (2 for a ``UsageError``, else 1), and the web app answers
with the message (400 for a ``UsageError``). Modules re-export the errors they raise
(``callcoach.roster.RosterError`` …), but each class is defined here, once.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CallcoachError",
    "CrmError",
    "DaskError",
    "DetectorConfigError",
    "DetectorError",
    "EvalError",
    "FormatError",
    "IngestError",
    "ManifestError",
    "OutputError",
    "RoleError",
    "RosterError",
    "RubricError",
    "StorageError",
    "UsageError",
]


class CallcoachError(Exception):
    """Base class of every error callcoach raises on purpose."""


class IngestError(CallcoachError):
    """A transcript file could not be read. Names the file, the line (when known) and why."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class FormatError(CallcoachError):
    """A transcript format is declared wrongly, unknown, or claims another's name or suffix."""


class UsageError(CallcoachError):
    """A use case was asked for something that cannot work: a bad option or argument value,
    an unknown corpus, a missing database (exit code 2 on the command line)."""


class RoleError(CallcoachError):
    """The rep could not be told apart from the prospect with enough confidence."""


class RosterError(RoleError):
    """A roster file is unreadable or holds an invalid entry; names the file, line and entry."""

    def __init__(
        self, path: str | Path, reason: str, line: int | None = None, entry: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.entry = entry
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        what = f"entry {entry}: " if entry is not None else ""
        super().__init__(f"{where}: {what}{reason}")


class ManifestError(CallcoachError):
    """The manifest file (call sheet) is unreadable or invalid."""


class DetectorError(CallcoachError):
    """A detector is unknown, misconfigured, or its model files are missing or altered."""


class DetectorConfigError(DetectorError, TypeError):
    """A detector was given a parameter it does not take; the message lists the valid ones.

    Also a ``TypeError`` (what an unknown keyword argument raised before), so code that
    caught that keeps working.
    """


class EvalError(CallcoachError):
    """An evaluation corpus could not be found or read."""


class RubricError(CallcoachError):
    """A rubric file is invalid."""


class StorageError(CallcoachError):
    """The database could not be read or written."""


class CrmError(CallcoachError):
    """A deal export or mapping file could not be used; the message names the file and why."""


class OutputError(CallcoachError):
    """A report or export could not be written; the message names the file and why."""


class DaskError(CallcoachError):
    """dask is missing or the cluster cannot be reached."""
