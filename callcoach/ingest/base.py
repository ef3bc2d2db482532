"""What every format parser returns, and the cue helpers shared by the WebVTT and SRT parsers.

A parser turns decoded text into ``RawSegment`` objects (one per cue, line or vendor
segment); ``turns.merge_turns`` later groups them into utterances.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from callcoach.errors import IngestError
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
    """What a parser hands the loader: segments in file order, warnings, header metadata."""

    segments: tuple[RawSegment, ...]
    warnings: tuple[IngestWarning, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)


class TimingRangeError(IngestError):
    """A timing line whose minutes or seconds are 60 or more: the cue is skipped, not the file."""


class Parser(Protocol):
    """A format module's ``parse``: raises ``IngestError(source, reason, line)`` on corruption."""

    def __call__(self, text: str, *, source: str) -> ParsedTranscript: ...


# --- cue timing (WebVTT and SRT share one tolerant grammar) ---------------------------------

# Hours optional (WebVTT allows mm:ss.ttt), fraction optional and separated by "." or ","
# (SRT uses ",", WebVTT ".", and sloppy exporters mix them up).
_TIMESTAMP = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^[ \t]*{_TIMESTAMP}[ \t]*-->[ \t]*{_TIMESTAMP}(?:[ \t]+[^\n]*)?[ \t]*$")
# A line that starts like a timing line but has a wrong arrow: corruption, not text.
_TIMING_ATTEMPT = re.compile(rf"^[ \t]*{_TIMESTAMP}[ \t]*(?:-{{1,2}}>?|–|—|=+>|->>|>)[ \t]*\d")


def is_timing_line(line: str) -> bool:
    """True if ``line`` is a well-formed ``start --> end`` line (ranges not checked)."""
    return "-->" in line and _TIMING.match(line) is not None


def looks_like_timing(line: str) -> bool:
    """True if ``line`` was meant as a timing line: it has ``-->`` or starts ``time - time``."""
    return "-->" in line or _TIMING_ATTEMPT.match(line) is not None


def parse_timing(line: str, *, source: str, line_number: int) -> tuple[float, float]:
    """Parse ``start --> end [settings]`` into seconds; ``IngestError`` if it is malformed."""
    match = _TIMING.match(line)
    if match is None:
        raise IngestError(
            source,
            f"malformed timing line {line.strip()[:60]!r} "
            "(expected e.g. '00:00:01.000 --> 00:00:04.000')",
            line_number,
        )
    groups = match.groups()
    return (
        _seconds(groups[0:4], source, line_number),
        _seconds(groups[4:8], source, line_number),
    )


def _seconds(parts: Sequence[str | None], source: str, line_number: int) -> float:
    hours, minutes, seconds, fraction = parts
    if int(minutes or 0) >= 60 or int(seconds or 0) >= 60:
        raise TimingRangeError(
            source, "timestamp has minutes or seconds of 60 or more", line_number
        )
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return value + (float(f"0.{fraction}") if fraction else 0.0)


# --- speaker labels inside cue text ---------------------------------------------------------

# "Name: text" where Name is short and has no colon; "[Name] text".
_COLON_PREFIX = re.compile(r"^[ \t]*(?:-[ \t]*)?([^:\n]{1,40}?)[ \t]*:(?:[ \t]+|$)")
_BRACKET_PREFIX = re.compile(r"^[ \t]*\[([^\]\n]{1,40})\][ \t]*:?[ \t]*")
_ANNOTATION = re.compile(r"^[ \t]*(?:\[[^\]\n]*\]|\([^)\n]*\)|♪[^\n]*)[ \t]*$")
# "- Hi" / "- Hello": a subtitle's mark for a change of (unnamed) speaker, not speech.
_DIALOGUE_DASH = re.compile(r"^[ \t]*-[ \t]+")
_DIARIZATION = re.compile(r"^(?:spk|speaker|spkr)[ _-]?\d+$", re.IGNORECASE)
_SENTENCE_PUNCT = frozenset('?!,;:"“”…<>=/\\*#@&%$[]{}')
# Lower-case words allowed inside a name ("Jan de Vries", "Ali bin Omar").
# fmt: off
_NAME_PARTICLES = frozenset(
    {
        "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos",
        "das", "bin", "al", "ibn", "y", "of",
    }
)
# Capitalised words that open sentences or label notes/sounds far more often than they name
# a person; "Note: the price…" is not a speaker called Note.
_NOT_NAMES = frozenset(
    {
        "note", "notes", "example", "examples", "also", "so", "well", "yes", "no", "okay", "ok",
        "question", "questions", "answer", "step", "update", "agenda", "re", "summary", "result",
        "results", "because", "but", "and", "basically", "honestly", "look", "listen", "remember",
        "reminder", "warning", "tip", "next", "then", "first", "second", "third", "finally", "plus",
        "here", "there", "now", "today", "tomorrow", "yesterday", "important", "problem",
        "solution", "goal", "goals", "why", "what", "how", "when", "where", "who", "which",
        "translation", "ps", "fyi", "edit", "subject", "title", "topic", "date", "time", "music",
        "laughter", "laughs", "laughing", "applause", "inaudible", "crosstalk", "silence", "noise",
        "coughs", "cough", "unintelligible", "foreign", "sighs", "pause", "blank_audio",
        "background", "chuckles",
    }
)
# fmt: on
_MAX_NAME_WORDS = 5
_RECURRING_LABEL_LINES = 3
# A label is at most 40 characters, after optional indentation and a dialogue dash.
_PREFIX_SCAN = 48


@lru_cache(maxsize=4096)
def looks_like_name(label: str) -> bool:
    """Could ``label`` be a speaker: a person's name or a diarization label (SPEAKER_00, A, 1)?

    Short, no sentence punctuation, every word capitalised (bar name particles), and not a
    word that usually opens a sentence ("So", "Note", "Example").
    """
    words = label.split()
    if not words or len(words) > _MAX_NAME_WORDS or any(ch in _SENTENCE_PUNCT for ch in label):
        return False
    if _DIARIZATION.match(" ".join(words)):
        return True
    if words[0].lower().rstrip(".") in _NOT_NAMES or label.lower() in _NOT_NAMES:
        return False
    if len(words) == 1 and words[0].isdigit():
        return len(words[0]) <= 2
    return all(_name_word(word, i) for i, word in enumerate(words))


def _name_word(word: str, position: int) -> bool:
    if word.endswith(".") and len(word) > 5:
        # A period is fine after an initial or a title ("J.", "Dr.", "Prof."), not a sentence.
        return False
    if "." in word[:-1] and not re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", word):
        return False
    first = word.lstrip("('")[:1]
    if first.isupper() or first.isdigit() or not word.islower():
        return True  # "Chen", "2", and device names such as "iPhone"
    return position > 0 and word in _NAME_PARTICLES


def recurring_labels(lines: Iterable[str]) -> frozenset[str]:
    """``Name:`` labels that open at least three lines although they fail the name shape.

    Display names such as "jsmith" or "maria lopez" are lower case; a label that starts line
    after line is a speaker, where a one-off "here's the thing:" is a sentence.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if ":" in line[:_PREFIX_SCAN]:
            match = _COLON_PREFIX.match(line)
            if match is not None:
                counts[" ".join(match.group(1).split())] += 1
    return frozenset(
        label
        for label, count in counts.items()
        if count >= _RECURRING_LABEL_LINES and _loose_label(label)
    )


def _loose_label(label: str) -> bool:
    words = label.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and not any(ch in _SENTENCE_PUNCT for ch in label)
        and words[0].lower() not in _NOT_NAMES
        and not label.isdigit()
    )


def split_speaker(line: str, known: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """Split a ``Name: text`` or ``[Name] text`` prefix off ``line``.

    ``known`` holds labels accepted even though they do not look like names (see
    ``recurring_labels``).

    >>> split_speaker("Dr. Chen: here's the thing: it broke")
    ('Dr. Chen', "here's the thing: it broke")
    >>> split_speaker("So here's the thing: it broke")
    (None, "So here's the thing: it broke")
    """
    if ":" not in line[:_PREFIX_SCAN] and "[" not in line[:_PREFIX_SCAN]:
        return None, line  # the common case, decided without a regex
    for pattern in (_COLON_PREFIX, _BRACKET_PREFIX):
        match = pattern.match(line)
        if match is not None:
            label = " ".join(match.group(1).split())
            if looks_like_name(label) or label in known:
                return label, line[match.end() :]
    return None, line


@dataclass(frozen=True, slots=True)
class CuePart:
    """Text of one speaker inside a cue, before the cue's times are shared out."""

    speaker: str | None
    text: str
    line: int


def prefix_parts(
    lines: Iterable[tuple[int, str]], known: frozenset[str] = frozenset()
) -> list[CuePart]:
    """Group a cue's ``(line number, text)`` lines into parts at each ``Name:`` prefix.

    A line without a prefix continues the part above it; a leading dialogue dash ("- Hi") is
    dropped. A line that is only a bracketed
    annotation ("[Music]", "(laughs)", "♪ ♪") is not speech and is dropped, as are parts
    left with no text.
    """
    parts: list[tuple[str | None, int, list[str]]] = []
    for number, text in lines:
        speaker, rest = split_speaker(text, known)
        if speaker is None and _ANNOTATION.match(text):
            continue
        if speaker is not None or not parts:
            parts.append((speaker, number, []))
        rest = _DIALOGUE_DASH.sub("", rest).strip()
        if rest:
            parts[-1][2].append(rest)
    return [CuePart(speaker, " ".join(texts), number) for speaker, number, texts in parts if texts]


def line_list(lines: Sequence[int], limit: int = 5) -> str:
    """``"lines 3, 9 and 14"`` (the first ``limit``, then "…") for warnings about many lines."""
    shown = [str(n) for n in lines[:limit]]
    if len(lines) > limit:
        return f"lines {', '.join(shown)}, …"
    if len(shown) == 1:
        return f"line {shown[0]}"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"


def timed_segments(parts: Sequence[CuePart], start: float, end: float) -> list[RawSegment]:
    """Give each part of a cue a share of the cue's time, in proportion to its characters.

    One cue spoken by two people must not count its whole duration for both, or talk time
    would add up to more than the call.
    """
    total = sum(len(p.text) for p in parts) or 1
    out: list[RawSegment] = []
    cursor = start
    for i, part in enumerate(parts):
        stop = end if i == len(parts) - 1 else cursor + (end - start) * len(part.text) / total
        out.append(RawSegment(part.text, part.speaker, cursor, stop, part.line))
        cursor = stop
    return out
