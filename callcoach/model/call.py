"""A call read from a transcript: speakers, utterances (merged turns) and source segments."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

_WORD = re.compile(r"[\w']+", re.UNICODE)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _frozen_mapping(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Segment:
    """One cue / line / vendor segment exactly as the source file had it."""

    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None  # 1-based line in the source file (None for JSON without lines)


@dataclass(frozen=True, slots=True)
class Utterance:
    """One speaker turn: consecutive segments of the same speaker, merged.

    ``segments`` keeps the original pieces so evidence can point back at the source line.
    """

    id: str
    index: int
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    segments: tuple[Segment, ...] = ()

    @property
    def line(self) -> int | None:
        return self.segments[0].line if self.segments else None

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """Something odd but recoverable in the source (reversed times, legacy encoding, …)."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True, slots=True)
class Call:
    """A whole conversation. ``id`` is the SHA-256 of the source bytes (stable on re-import)."""

    id: str
    source: str
    format: str
    utterances: tuple[Utterance, ...]
    speakers: tuple[Speaker, ...]
    date: date | None = None
    title: str | None = None
    warnings: tuple[IngestWarning, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=_frozen_mapping)

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, MappingProxyType):
            object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))

    @property
    def has_timestamps(self) -> bool:
        return bool(self.utterances) and all(
            u.start is not None and u.end is not None for u in self.utterances
        )

    @property
    def has_speakers(self) -> bool:
        return any(u.speaker is not None for u in self.utterances)

    @property
    def duration(self) -> float | None:
        """Seconds from the first start to the last end, or None without timestamps."""
        if not self.has_timestamps:
            return None
        starts = [u.start for u in self.utterances if u.start is not None]
        ends = [u.end for u in self.utterances if u.end is not None]
        return max(ends) - min(starts)

    def utterance(self, utterance_id: str) -> Utterance:
        for u in self.utterances:
            if u.id == utterance_id:
                return u
        raise KeyError(utterance_id)
