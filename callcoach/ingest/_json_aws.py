"""AWS Transcribe job output: times are strings, punctuation items carry no times."""

from __future__ import annotations

import bisect
from typing import Any

from callcoach.ingest._json_access import (
    MAX_TIME_S,
    JsonObject,
    as_array,
    as_object,
    get_array,
    get_object,
    get_span,
    get_str,
    get_time,
    join,
    speaker_name,
)
from callcoach.ingest._json_words import Word, group_words
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import IngestWarning


def parse_aws(doc: JsonObject) -> ParsedTranscript:
    """``results.audio_segments`` when present (newer jobs), else words from ``results.items``.

    Speakers come from each item's ``speaker_label`` (newer jobs), else from
    ``results.speaker_labels.segments[].items`` matched on ``start_time`` (as a number, so
    ``"0.5"`` matches ``"0.500"``), else from the ``speaker_labels`` segment whose time span
    holds the word; channel identification jobs (``results.channel_labels``) use the channel
    label as speaker.
    """
    results = as_object(doc.get("results"), "results")
    warnings: list[IngestWarning] = []
    audio_segments = get_array(results, "audio_segments", "results")
    channels = get_object(results, "channel_labels", "results")
    if audio_segments:
        segments = _audio_segments(results, audio_segments, warnings, _speaker_map(results))
    elif channels is not None:
        segments = _channel_segments(channels)
    else:
        items = get_array(results, "items", "results")
        words = _words(items, "results.items", _speaker_map(results), None)
        segments = group_words(words) or _transcript_only(results)
    metadata = {"vendor": "aws-transcribe"}
    language = get_str(results, "language_code", "results")
    if language:
        metadata["language"] = language
    job = get_str(doc, "jobName", "")
    if job:
        metadata["title"] = job
    return ParsedTranscript(tuple(segments), tuple(warnings), metadata)


class _SpeakerMap:
    """Who spoke at a time, from ``results.speaker_labels`` (older jobs keep speakers only
    there): the word-level entries by start time in milliseconds, then segment spans."""

    def __init__(self) -> None:
        self.by_start: dict[int, str] = {}
        self.spans: list[tuple[float, float, str]] = []
        self._starts: list[float] = []

    def add_word(self, start: float | None, speaker: str) -> None:
        if start is not None:
            self.by_start[round(start * 1000)] = speaker

    def add_span(self, start: float | None, end: float | None, speaker: str) -> None:
        if start is not None and end is not None and end >= start:
            self.spans.append((start, end, speaker))

    def finish(self) -> _SpeakerMap:
        self.spans.sort()
        self._starts = [span[0] for span in self.spans]
        return self

    def at(self, start: float | None) -> str | None:
        if start is None:
            return None
        speaker = self.by_start.get(round(start * 1000))
        if speaker is not None or not self.spans:
            return speaker
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0 and self.spans[index][0] <= start <= self.spans[index][1]:
            return self.spans[index][2]
        return None


def _words(items: list[Any], path: str, speakers: _SpeakerMap, default: str | None) -> list[Word]:
    # Labels repeat thousands of times; name each once. The fast path reads well-formed
    # items; anything unusual goes through the checked path, which names the JSON path.
    names: dict[str | None, str | None] = {None: None}
    words = []
    for i, item in enumerate(items):
        word = _fast_item(item, speakers, names, default)
        if word is None:
            word = _checked_item(as_object(item, join(path, i)), join(path, i), speakers, default)
        words.append(word)
    return words


def _fast_item(
    item: Any, speakers: _SpeakerMap, names: dict[str | None, str | None], default: str | None
) -> Word | None:
    if type(item) is not dict:
        return None
    alternatives = item.get("alternatives")
    if type(alternatives) is not list or not alternatives or type(alternatives[0]) is not dict:
        return None
    content = alternatives[0].get("content")
    if type(content) is not str:
        return None
    if item.get("type") == "punctuation":
        return Word(content, glued=True)
    start_text, end_text, label = (
        item.get("start_time"),
        item.get("end_time"),
        item.get("speaker_label"),
    )
    if type(start_text) is not str or type(end_text) is not str:
        return None
    if label not in names:
        if type(label) is not str:
            return None
        names[label] = speaker_name(label, "")  # a string label never fails
    try:
        start, end = float(start_text), float(end_text)
    except ValueError:
        return None
    if not (abs(start) <= MAX_TIME_S and abs(end) <= MAX_TIME_S):
        return None  # inf, nan or absurd: the checked path names the item
    return Word(content, names[label] or speakers.at(start) or default, start, end)


def _checked_item(
    record: JsonObject, path: str, speakers: _SpeakerMap, default: str | None
) -> Word:
    content = _content(record, path)
    if record.get("type") == "punctuation":
        return Word(content, glued=True)
    speaker = speaker_name(record.get("speaker_label"), join(path, "speaker_label"))
    start = get_time(record, "start_time", path, strings=True)
    end = get_time(record, "end_time", path, strings=True)
    speaker = speaker or speakers.at(start) or default
    return Word(content, speaker, start, end)


def _content(record: JsonObject, path: str) -> str:
    alternatives = get_array(record, "alternatives", path)
    if not alternatives:
        return ""
    first_path = join(join(path, "alternatives"), 0)
    return get_str(as_object(alternatives[0], first_path), "content", first_path) or ""


def _speaker_map(results: JsonObject) -> _SpeakerMap:
    """Older jobs: the speaker of each word lives in ``speaker_labels``, not on the item."""
    speakers = _SpeakerMap()
    labels = get_object(results, "speaker_labels", "results")
    if labels is None:
        return speakers
    base = "results.speaker_labels.segments"
    for i, segment in enumerate(get_array(labels, "segments", "results.speaker_labels")):
        path = join(base, i)
        record = as_object(segment, path)
        segment_label = record.get("speaker_label")
        speaker = speaker_name(segment_label, join(path, "speaker_label"))
        if speaker is not None:
            speakers.add_span(
                get_time(record, "start_time", path, strings=True),
                get_time(record, "end_time", path, strings=True),
                speaker,
            )
        for j, item in enumerate(get_array(record, "items", path)):
            item_path = join(join(path, "items"), j)
            word = item if type(item) is dict else as_object(item, item_path)
            label = word.get("speaker_label")
            word_speaker = speaker
            if label is not None and label != segment_label:
                word_speaker = speaker_name(label, join(item_path, "speaker_label"))
            if word_speaker is not None:
                speakers.add_word(
                    get_time(word, "start_time", item_path, strings=True), word_speaker
                )
    return speakers.finish()


def _audio_segments(
    results: JsonObject,
    audio_segments: list[Any],
    warnings: list[IngestWarning],
    speakers: _SpeakerMap,
) -> list[RawSegment]:
    speaker_of_item: dict[object, object] = {
        item.get("id"): item.get("speaker_label")
        for item in get_array(results, "items", "results")
        if isinstance(item, dict) and isinstance(item.get("id"), int | str)
    }
    segments = []
    for i, segment in enumerate(audio_segments):
        path = join("results.audio_segments", i)
        record = as_object(segment, path)
        text = get_str(record, "transcript", path, required=True) or ""
        start, end = get_span(record, path, warnings, keys=("start_time", "end_time"), strings=True)
        label = record.get("speaker_label")
        if label is None:
            item_ids = get_array(record, "items", path)
            first = item_ids[0] if item_ids else None
            label = speaker_of_item.get(first) if isinstance(first, int | str) else None
        speaker = speaker_name(label, join(path, "speaker_label")) or speakers.at(start)
        if speaker is None and start is not None and end is not None:
            speaker = speakers.at((start + end) / 2)
        segments.append(RawSegment(text.strip(), speaker, start, end))
    return segments


def _channel_segments(channel_labels: JsonObject) -> list[RawSegment]:
    segments: list[RawSegment] = []
    base = "results.channel_labels.channels"
    for i, channel in enumerate(get_array(channel_labels, "channels", "results.channel_labels")):
        path = join(base, i)
        record = as_object(channel, path)
        label = speaker_name(record.get("channel_label"), join(path, "channel_label"))
        items = as_array(record.get("items", []), join(path, "items"))
        segments.extend(group_words(_words(items, join(path, "items"), _SpeakerMap(), label)))
    # Each channel is one person; interleave their segments back into time order.
    return sorted(segments, key=lambda s: s.start if s.start is not None else float("inf"))


def _transcript_only(results: JsonObject) -> list[RawSegment]:
    transcripts = get_array(results, "transcripts", "results")
    texts = []
    for i, item in enumerate(transcripts):
        path = join("results.transcripts", i)
        texts.append(get_str(as_object(item, path), "transcript", path) or "")
    text = " ".join(t.strip() for t in texts if t.strip())
    return [RawSegment(text)] if text else []
