"""Deepgram, AssemblyAI and Rev: one small function per vendor's JSON shape."""

from __future__ import annotations

from typing import Any

from callcoach.ingest._json_access import (
    JsonObject,
    as_object,
    get_array,
    get_object,
    get_span,
    get_str,
    get_time,
    join,
    speaker_name,
)
from callcoach.ingest._json_words import Word, WordKeys, group_words, read_words
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import IngestWarning

_DEEPGRAM = WordKeys(text=("punctuated_word", "word"))
_ASSEMBLYAI = WordKeys(text=("text",), per_second=1000)


def parse_deepgram(doc: JsonObject) -> ParsedTranscript:
    """``results.utterances`` when requested, else the words of every channel.

    Words prefer ``punctuated_word`` (set when ``smart_format``/``punctuate`` was on) over
    ``word``. Without diarization a multichannel file names each channel as its speaker.
    """
    results = as_object(doc.get("results"), "results")
    warnings: list[IngestWarning] = []
    channels = get_array(results, "channels", "results")
    multichannel = len(channels) > 1
    utterances = get_array(results, "utterances", "results")
    if utterances:
        segments = [
            _deepgram_utterance(item, join("results.utterances", i), multichannel, warnings)
            for i, item in enumerate(utterances)
        ]
    else:
        segments = []
        for i, channel in enumerate(channels):
            segments.extend(_deepgram_channel(channel, i, multichannel))
        segments.sort(key=lambda s: s.start if s.start is not None else float("inf"))
    metadata = {"vendor": "deepgram"}
    info = get_object(doc, "metadata", "")
    created = get_str(info, "created", "metadata") if info is not None else None
    if created:
        metadata["date"] = created
    if channels:
        first = as_object(channels[0], "results.channels[0]")
        language = get_str(first, "detected_language", "results.channels[0]")
        if language:
            metadata["language"] = language
    return ParsedTranscript(tuple(segments), tuple(warnings), metadata)


def _deepgram_utterance(
    item: Any, path: str, multichannel: bool, warnings: list[IngestWarning]
) -> RawSegment:
    record = as_object(item, path)
    text = get_str(record, "transcript", path, required=True) or ""
    start, end = get_span(record, path, warnings)
    speaker = speaker_name(record.get("speaker"), join(path, "speaker"))
    if speaker is None and multichannel:
        speaker = speaker_name(f"Channel {record.get('channel', 0)}", path)
    return RawSegment(text.strip(), speaker, start, end)


def _deepgram_channel(channel: Any, index: int, multichannel: bool) -> list[RawSegment]:
    path = join("results.channels", index)
    alternatives = get_array(as_object(channel, path), "alternatives", path)
    if not alternatives:
        return []
    path = join(join(path, "alternatives"), 0)
    best = as_object(alternatives[0], path)
    default = f"Channel {index}" if multichannel else None
    words = read_words(get_array(best, "words", path), join(path, "words"), _DEEPGRAM, default)
    if words:
        return group_words(words)
    transcript = (get_str(best, "transcript", path) or "").strip()
    return [RawSegment(transcript, default)] if transcript else []


def parse_assemblyai(doc: JsonObject) -> ParsedTranscript:
    """AssemblyAI transcript: ``utterances`` (speaker ``"A"``), else ``words``, else ``text``.

    Every AssemblyAI time is in milliseconds.
    """
    warnings: list[IngestWarning] = []
    segments: list[RawSegment] = []
    for i, item in enumerate(get_array(doc, "utterances", "")):
        path = join("utterances", i)
        record = as_object(item, path)
        text = get_str(record, "text", path, required=True) or ""
        start, end = get_span(record, path, warnings, per_second=1000)
        speaker = speaker_name(record.get("speaker"), join(path, "speaker"))
        segments.append(RawSegment(text.strip(), speaker, start, end))
    if not segments:
        segments = group_words(read_words(get_array(doc, "words", ""), "words", _ASSEMBLYAI))
    if not segments:
        text = (get_str(doc, "text", "") or "").strip()
        segments = [RawSegment(text)] if text else []
    metadata = {"vendor": "assemblyai"}
    language = get_str(doc, "language_code", "")
    if language:
        metadata["language"] = language
    return ParsedTranscript(tuple(segments), tuple(warnings), metadata)


def parse_rev(doc: JsonObject) -> ParsedTranscript:
    """Rev.ai / Rev.com ``monologues[].elements[]``: ``text`` elements carry ``ts``/``end_ts``.

    ``punct`` elements (including the spaces Rev writes as separate elements) carry no
    times and glue to the previous word; ``unknown`` elements (tags such as
    ``<inaudible>``) are dropped. The speaker is ``speaker_name`` when set, else
    ``Speaker <n>`` from the integer ``speaker``.
    """
    words: list[Word] = []
    for i, item in enumerate(get_array(doc, "monologues", "")):
        path = join("monologues", i)
        record = as_object(item, path)
        speaker = speaker_name(record.get("speaker_name"), join(path, "speaker_name"))
        speaker = speaker or speaker_name(record.get("speaker"), join(path, "speaker"))
        words.extend(_rev_elements(record, path, speaker))
    return ParsedTranscript(tuple(group_words(words)), (), {"vendor": "rev"})


def _rev_elements(monologue: JsonObject, path: str, speaker: str | None) -> list[Word]:
    words = []
    base = join(path, "elements")
    for i, item in enumerate(get_array(monologue, "elements", path)):
        element_path = join(base, i)
        record = as_object(item, element_path)
        value = get_str(record, "value", element_path) or ""
        if record.get("type") == "text":
            start = get_time(record, "ts", element_path)
            end = get_time(record, "end_ts", element_path)
            words.append(Word(value.strip(), speaker, start, end))
        elif record.get("type") == "punct" and value.strip():
            words.append(Word(value.strip(), speaker, glued=True))
    return words
