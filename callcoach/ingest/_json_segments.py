"""Segment-level JSON: Whisper, WhisperX and callcoach's generic form share one shape."""

from __future__ import annotations

from collections import Counter
from datetime import date

from callcoach.ingest._json_access import (
    JsonObject,
    ShapeError,
    as_object,
    get_array,
    get_span,
    get_str,
    join,
    speaker_name,
)
from callcoach.ingest._json_participants import participants_metadata
from callcoach.ingest._json_words import WordKeys, group_words, read_words
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import IngestWarning

# Keys that only openai-whisper output has on its segments or at the top level.
_WHISPER_SEGMENT_KEYS = ("seek", "tokens", "avg_logprob", "no_speech_prob", "compression_ratio")


def segments_vendor(doc: JsonObject) -> str:
    """Which tool wrote a ``{"segments": [...]}`` document: whisper, whisperx or callcoach."""
    segments = doc.get("segments")
    first = segments[0] if isinstance(segments, list) and segments else None
    first = first if isinstance(first, dict) else {}
    if "task" in doc or any(key in first for key in _WHISPER_SEGMENT_KEYS):
        return "whisper"
    if "word_segments" in doc or isinstance(first.get("words"), list):
        return "whisperx"
    return "callcoach"


def parse_segments(doc: JsonObject, vendor: str) -> ParsedTranscript:
    """Whisper ``verbose_json``, WhisperX or the generic form (see ``segments_vendor``)."""
    warnings: list[IngestWarning] = []
    segments = [
        _segment(as_object(item, join("segments", i)), join("segments", i), warnings)
        for i, item in enumerate(get_array(doc, "segments", ""))
    ]
    metadata = {"vendor": vendor}
    language = get_str(doc, "language", "")
    if language:
        metadata["language"] = language
    # A WhisperX file someone added a title to reads like the generic form it resembles.
    metadata.update(_generic_metadata(doc, warnings))
    return ParsedTranscript(tuple(segments), tuple(warnings), metadata)


def parse_whisper_words(doc: JsonObject) -> ParsedTranscript:
    """OpenAI ``verbose_json`` asked for word timestamps only: ``words[word, start, end]``."""
    words = read_words(get_array(doc, "words", ""), "words", WordKeys(text=("word",)))
    metadata = {"vendor": "whisper"}
    language = get_str(doc, "language", "")
    if language:
        metadata["language"] = language
    return ParsedTranscript(tuple(group_words(words)), (), metadata)


def parse_text_only(doc: JsonObject) -> ParsedTranscript:
    """Plain Whisper / OpenAI ``json`` output: ``{"text": "..."}`` and nothing to split on."""
    text = get_str(doc, "text", "", required=True) or ""
    return ParsedTranscript((RawSegment(text.strip()),), (), {"vendor": "whisper"})


def _segment(record: JsonObject, path: str, warnings: list[IngestWarning]) -> RawSegment:
    text = get_str(record, "text", path, required=True) or ""
    start, end = get_span(record, path, warnings)
    if "speaker" in record:
        speaker = speaker_name(record["speaker"], join(path, "speaker"))
    else:
        speaker = _majority_word_speaker(record, path)
    return RawSegment(text.strip(), speaker, start, end)


def _majority_word_speaker(record: JsonObject, path: str) -> str | None:
    """WhisperX leaves ``speaker`` off a segment it could not assign but may label its words."""
    votes: Counter[str] = Counter()
    for i, item in enumerate(get_array(record, "words", path)):
        word_path = join(join(path, "words"), i)
        label = speaker_name(as_object(item, word_path).get("speaker"), join(word_path, "speaker"))
        if label is not None:
            votes[label] += 1
    return votes.most_common(1)[0][0] if votes else None


def _generic_metadata(doc: JsonObject, warnings: list[IngestWarning]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    title = get_str(doc, "title", "")
    if title:
        metadata["title"] = title
    when = get_str(doc, "date", "")
    if when:
        try:
            date.fromisoformat(when[:10])
            metadata["date"] = when
        except ValueError:
            warnings.append(IngestWarning(f"date: {when!r} is not an ISO date; ignored"))
    participants = [
        _participant(as_object(item, join("participants", i)), join("participants", i))
        for i, item in enumerate(get_array(doc, "participants", ""))
    ]
    metadata.update(participants_metadata(participants))
    for key in ("deal_id", "account"):
        value = get_str(doc, key, "")
        if value and value.strip():
            metadata[key] = value.strip()
    extra = doc.get("metadata")
    if isinstance(extra, dict):
        # Free-form string metadata (CRM ids, meeting ids); explicit keys above win.
        for key, value in extra.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                metadata.setdefault(str(key), str(value))
    elif extra is not None:
        warnings.append(IngestWarning("metadata: expected an object of strings; ignored"))
    return metadata


def _participant(record: JsonObject, path: str) -> dict[str, str]:
    name = (get_str(record, "name", path, required=True) or "").strip()
    if not name or any(ch in name for ch in ",<>"):
        # Metadata lists participants as "Name <email>, …" (see _json_participants).
        raise ShapeError(join(path, "name"), "must be a non-blank name without ',', '<' or '>'")
    if len(name) > MAX_PARTICIPANT_CHARS:
        raise ShapeError(join(path, "name"), f"longer than {MAX_PARTICIPANT_CHARS} characters")
    person = {"name": " ".join(name.split())}
    for key in ("email", "role"):
        value = get_str(record, key, path)
        if value:
            if len(value) > MAX_PARTICIPANT_CHARS:
                raise ShapeError(join(path, key), f"longer than {MAX_PARTICIPANT_CHARS} characters")
            person[key] = value.strip()
    return person


# A name, e-mail or role longer than this is not one (and would slow every reader of the
# participants list down).
MAX_PARTICIPANT_CHARS = 200
