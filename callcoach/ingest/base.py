"""What every format parser returns: raw segments before turns are merged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from callcoach.model import IngestWarning


@dataclass(frozen=True, slots=True)
class RawSegment:
    """One piece of text as the format had it. ``speaker`` None means the source had no label."""

    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    segments: tuple[RawSegment, ...]
    warnings: tuple[IngestWarning, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)


class Parser(Protocol):
    """A format module's ``parse``: raises ``IngestError(source, reason, line)`` on corruption."""

    def __call__(self, text: str, *, source: str) -> ParsedTranscript: ...
