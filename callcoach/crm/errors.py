"""The error a CRM import or deal link raises (a ``CallcoachError``, so the CLI prints it)."""

from __future__ import annotations

from callcoach.errors import CallcoachError

__all__ = ["CrmError"]


class CrmError(CallcoachError):
    """A deal export or mapping file could not be used; the message names the file and why."""
