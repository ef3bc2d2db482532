"""The exception tree and the one place for error texts that users see.

Every error a user can meet is a ``CallcoachError``; the CLI prints its message and
exits non-zero without a traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CallcoachError",
    "CrmError",
    "DetectorConfigError",
    "DetectorError",
    "EvalError",
    "FormatError",
    "IngestError",
    "OutputError",
    "RoleError",
    "RubricError",
    "StorageError",
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


class RoleError(CallcoachError):
    """The rep could not be told apart from the prospect with enough confidence."""


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
