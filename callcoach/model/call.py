"""A call read from a transcript: speakers, utterances (merged turns) and source segments."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

_WORD = re.compile(r"[\w']+", re.UNICODE)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


# A time beyond this many seconds (about 317 years) is no call timestamp; it is dropped (the
# utterance counts as untimed) so no later arithmetic can overflow. Epoch seconds still fit.
MAX_ABS_SECONDS = 1e10


def usable_time(value: float | None) -> float | None:
    """``value`` as a float when it is a finite time within ±``MAX_ABS_SECONDS``, else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(seconds) or abs(seconds) > MAX_ABS_SECONDS:
        return None
    return seconds


_LONE_SURROGATE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (JSON "\\udcff", undecodable bytes) and NUL replaced by
    U+FFFD, so every report can encode it as UTF-8 and SQLite and PostgreSQL (which refuses
    NUL in text) store the same string."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def _clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _frozen_mapping(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Segment:
    """One cue / line / vendor segment exactly as the source file had it."""

    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None  # 1-based line in the source file (None for JSON without lines)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))
        object.__setattr__(self, "start", usable_time(self.start))
        object.__setattr__(self, "end", usable_time(self.end))


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "speaker", _clean_optional(self.speaker))
        object.__setattr__(self, "text", clean_text(self.text))
        object.__setattr__(self, "start", usable_time(self.start))
        object.__setattr__(self, "end", usable_time(self.end))

    @property
    def timed(self) -> bool:
        """Both start and end are known."""
        return self.start is not None and self.end is not None

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text(self.name))
        object.__setattr__(self, "email", _clean_optional(self.email))


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """Something odd but recoverable in the source (reversed times, legacy encoding, …)."""

    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clean_text(self.message))

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
        object.__setattr__(self, "source", clean_text(self.source))
        object.__setattr__(self, "title", _clean_optional(self.title))
        metadata = {
            clean_text(str(k)): clean_text(v) if isinstance(v, str) else v
            for k, v in dict(self.metadata).items()
        }
        object.__setattr__(self, "metadata", _frozen_mapping(metadata))

    @property
    def has_timestamps(self) -> bool:
        """Every utterance has a start and an end."""
        return bool(self.utterances) and all(u.timed for u in self.utterances)

    @property
    def timed_utterances(self) -> tuple[Utterance, ...]:
        """The utterances with a start and an end (all of them when ``has_timestamps``)."""
        return tuple(u for u in self.utterances if u.timed)

    @property
    def timed_duration(self) -> float | None:
        """Seconds from the first start to the last end of the timed utterances (the whole call
        when every utterance is timed, the timed part when only some are), None when none is."""
        timed = self.timed_utterances
        if not timed:
            return None
        return max(u.end or 0.0 for u in timed) - min(u.start or 0.0 for u in timed)

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
