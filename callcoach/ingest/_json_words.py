"""Word-level vendor output (AWS, Deepgram, AssemblyAI, Rev) → sentence-sized raw segments."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from callcoach.ingest._json_access import (
    MAX_TIME_S,
    as_object,
    get_str,
    get_time,
    join,
    speaker_name,
)
from callcoach.ingest.base import RawSegment

# A pause this long between two words of one speaker starts a new segment, so that
# transcripts without punctuation still get segments of sentence size with their own times.
PAUSE_SPLIT_S = 1.5
_SENTENCE_END = (".", "?", "!", "…")


class Word(NamedTuple):
    """One recognised token. ``glued`` tokens (punctuation) attach to the previous word.

    A NamedTuple rather than a dataclass: an hour-long call has ~9,000 of them.
    """

    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    glued: bool = False


@dataclass(frozen=True, slots=True)
class WordKeys:
    """Where a vendor keeps a word's fields; ``text`` keys are tried in order, first non-empty."""

    text: tuple[str, ...]
    start: str = "start"
    end: str = "end"
    speaker: str = "speaker"
    per_second: int = 1


def read_words(
    items: list[Any], path: str, keys: WordKeys, default_speaker: str | None = None
) -> list[Word]:
    """Word records → ``Word``s. A fast path handles well-formed records; anything unusual
    goes through the checked path, which raises ``ShapeError`` naming ``path[i].field``."""
    names: dict[object, str | None] = {}
    words = []
    for i, item in enumerate(items):
        word = _fast_word(item, keys, names, default_speaker)
        if word is None:
            word = _checked_word(item, join(path, i), keys, names, default_speaker)
        words.append(word)
    return words


def group_words(words: Iterable[Word]) -> list[RawSegment]:
    """Words → segments, split on a speaker change, after a sentence end, or at a long pause.

    Glued tokens never start a segment and never change its speaker: AWS punctuation
    items, for instance, carry no speaker and no times.
    """
    segments: list[RawSegment] = []
    parts: list[str] = []
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    for text, word_speaker, word_start, word_end, glued in words:
        if glued and parts:
            parts[-1] += text
            end = word_end if word_end is not None else end
            continue
        if parts and (
            word_speaker != speaker
            or parts[-1].endswith(_SENTENCE_END)
            or (end is not None and word_start is not None and word_start - end >= PAUSE_SPLIT_S)
        ):
            segments.append(RawSegment(" ".join(parts), speaker, start, end))
            parts = []
        if not parts:
            speaker, start, end = word_speaker, word_start, None
        parts.append(text)
        end = word_end if word_end is not None else end
    if parts:
        segments.append(RawSegment(" ".join(parts), speaker, start, end))
    return segments


def _fast_word(
    item: Any, keys: WordKeys, names: dict[object, str | None], default: str | None
) -> Word | None:
    if type(item) is not dict:
        return None
    text = None
    for key in keys.text:
        text = item.get(key)
        if text:
            break
    start, end = item.get(keys.start), item.get(keys.end)
    if type(text) is not str or not (_plain_time(start) and _plain_time(end)):
        return None
    label = item.get(keys.speaker)
    if type(label) not in (str, int, type(None)) or label not in names:
        return None
    if start is not None:
        start /= keys.per_second
        if abs(start) > MAX_TIME_S:
            return None  # the checked path names the JSON path
    if end is not None:
        end /= keys.per_second
        if abs(end) > MAX_TIME_S:
            return None
    return Word(text.strip(), names[label] or default, start, end)


def _plain_time(value: object) -> bool:
    # type() rather than isinstance(): True is an int but never a time.
    if type(value) is float:
        return math.isfinite(value)
    return value is None or type(value) is int


def _checked_word(
    item: Any, path: str, keys: WordKeys, names: dict[object, str | None], default: str | None
) -> Word:
    record = as_object(item, path)
    text: str | None = None
    for key in keys.text:
        text = get_str(record, key, path)
        if text:
            break
    if text is None:
        text = get_str(record, keys.text[-1], path, required=True) or ""
    label = record.get(keys.speaker)
    name = speaker_name(label, join(path, keys.speaker))
    names[label] = name
    start = get_time(record, keys.start, path, per_second=keys.per_second)
    end = get_time(record, keys.end, path, per_second=keys.per_second)
    return Word(text.strip(), name or default, start, end)
