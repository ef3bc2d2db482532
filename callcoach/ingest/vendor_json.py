"""Transcripts from ASR vendors' JSON and callcoach's generic JSON form.

The vendor is told from the document's shape, never from the file name; see
``docs/formats.md`` for every shape and the generic form's schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from callcoach.errors import IngestError
from callcoach.ingest._json_access import JsonObject, ShapeError
from callcoach.ingest._json_aws import parse_aws
from callcoach.ingest._json_participants import participants_from_metadata
from callcoach.ingest._json_segments import (
    parse_segments,
    parse_text_only,
    parse_whisper_words,
    segments_vendor,
)
from callcoach.ingest._json_vendors import parse_assemblyai, parse_deepgram, parse_rev
from callcoach.ingest.base import ParsedTranscript
from callcoach.model import Call

__all__ = ["SUPPORTED_SHAPES", "VENDORS", "JsonVendor", "detect_vendor", "parse", "to_generic_json"]


@dataclass(frozen=True, slots=True)
class JsonVendor:
    """One JSON shape callcoach reads: how to recognise it, how to read it, what to call it.

    ``key`` is what ``detect_vendor`` returns and ``Call.metadata["vendor"]`` holds; ``name``
    opens error messages ("Deepgram JSON: …"); ``shape`` is listed when a JSON file matches
    no vendor (vendors sharing a shape are listed once).
    """

    key: str
    name: str
    shape: str
    matches: Callable[[JsonObject], bool]
    parse: Callable[[JsonObject], ParsedTranscript]


_GENERIC_SHAPE = 'callcoach generic ({"segments": [{"text", "start", "end", "speaker"}]})'
_WHISPER_SHAPE = "OpenAI Whisper verbose_json / json"
_AWS_RESULT_KEYS = ("transcripts", "items", "audio_segments", "speaker_labels", "channel_labels")


def _results(doc: JsonObject) -> JsonObject:
    results = doc.get("results")
    return results if isinstance(results, dict) else {}


def _segments_by(key: str) -> Callable[[JsonObject], bool]:
    return lambda doc: "segments" in doc and segments_vendor(doc) == key


# The one table of vendors, in the order they are tried: the first whose ``matches`` accepts
# a document reads it (Rev's ``monologues`` beat everything; Deepgram's ``results`` beat
# AWS's; both beat AssemblyAI's top-level ``utterances``; Whisper's ``words`` and ``text``
# are the last resort).
VENDORS: tuple[JsonVendor, ...] = (
    JsonVendor("rev", "Rev", "Rev", lambda doc: "monologues" in doc, parse_rev),
    JsonVendor(
        "deepgram",
        "Deepgram",
        "Deepgram",
        lambda doc: "channels" in _results(doc) or "utterances" in _results(doc),
        parse_deepgram,
    ),
    JsonVendor(
        "aws-transcribe",
        "AWS Transcribe",
        "AWS Transcribe",
        lambda doc: any(key in _results(doc) for key in _AWS_RESULT_KEYS),
        parse_aws,
    ),
    JsonVendor(
        "assemblyai",
        "AssemblyAI",
        "AssemblyAI",
        lambda doc: "utterances" in doc or _first_has_key(doc.get("words"), "text"),
        parse_assemblyai,
    ),
    JsonVendor(
        "whisper",
        "Whisper",
        _WHISPER_SHAPE,
        _segments_by("whisper"),
        lambda doc: parse_segments(doc, "whisper"),
    ),
    JsonVendor(
        "whisperx",
        "WhisperX",
        "WhisperX",
        _segments_by("whisperx"),
        lambda doc: parse_segments(doc, "whisperx"),
    ),
    JsonVendor(
        "callcoach",
        "generic",
        _GENERIC_SHAPE,
        _segments_by("callcoach"),
        lambda doc: parse_segments(doc, "callcoach"),
    ),
    JsonVendor(
        "whisper-words",
        "Whisper",
        _WHISPER_SHAPE,
        lambda doc: _first_has_key(doc.get("words"), "word"),
        parse_whisper_words,
    ),
    JsonVendor(
        "whisper-text",
        "Whisper",
        _WHISPER_SHAPE,
        lambda doc: isinstance(doc.get("text"), str),
        parse_text_only,
    ),
)
_BY_KEY = {vendor.key: vendor for vendor in VENDORS}

# Listed when nothing matches: the generic form first (the one to write by hand), then by name.
SUPPORTED_SHAPES: tuple[str, ...] = tuple(
    dict.fromkeys(sorted((v.shape for v in VENDORS), key=lambda s: (s != _GENERIC_SHAPE, s)))
)


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse a vendor or generic JSON transcript.

    >>> parse('{"segments": [{"speaker": 0, "text": "Hi"}]}', source="x").segments[0].speaker
    'Speaker 0'

    Raises ``IngestError`` for invalid JSON (with its line), an unknown shape (listing the
    supported ones) or a value of the wrong type (naming its JSON path).
    """
    try:
        doc = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise IngestError(
            source, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno
        ) from None
    except RecursionError:
        raise IngestError(source, "invalid JSON: nested too deeply") from None
    key = detect_vendor(doc)
    if key is None:
        raise IngestError(
            source,
            "JSON is not a transcript shape callcoach knows; supported: "
            + "; ".join(SUPPORTED_SHAPES),
        )
    vendor = _BY_KEY[key]
    try:
        parsed = vendor.parse(doc)
    except ShapeError as exc:
        raise IngestError(source, f"{vendor.name} JSON: {exc}") from None
    if _LONE_SURROGATE_ESCAPE.search(text):
        parsed = _without_lone_surrogates(parsed)
    return parsed


# "\ud800" escapes decode to lone surrogates, which no UTF-8 output (a report, a database)
# can write; escaped pairs (emoji) decode to one character and are left alone.
_LONE_SURROGATE_ESCAPE = re.compile(r"\\[uU][dD][89a-fA-F][0-9a-fA-F]{2}")


def _clean(value: str) -> str:
    return value.encode("utf-8", "replace").decode("utf-8")


def _without_lone_surrogates(parsed: ParsedTranscript) -> ParsedTranscript:
    """Lone surrogates become ``?``, as in every other text the loader reads."""
    segments = tuple(
        replace(s, text=_clean(s.text), speaker=_clean(s.speaker) if s.speaker else s.speaker)
        for s in parsed.segments
    )
    metadata = {_clean(k): _clean(v) for k, v in parsed.metadata.items()}
    return replace(parsed, segments=segments, metadata=metadata)


# Integers longer than this are read as floats: Python refuses int() of 4,300+ digits
# (ValueError) and float() of an int beyond 1e308 (OverflowError); as a float they become
# inf, which every reader rejects with the JSON path ("expected a finite number").
_MAX_INT_DIGITS = 18


def _parse_int(digits: str) -> int | float:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else float(digits)


def detect_vendor(doc: Any) -> str | None:
    """The vendor key of a decoded JSON document, or None when no known shape matches.

    >>> detect_vendor({"monologues": []}), detect_vendor({"segments": [{"text": "Hi"}]})
    ('rev', 'callcoach')
    """
    if not isinstance(doc, dict):
        return None
    return next((vendor.key for vendor in VENDORS if vendor.matches(doc)), None)


def to_generic_json(call: Call) -> str:
    """Write ``call`` in the generic JSON form, one entry per source segment.

    Reading the result back (``load_text(..., format="json")``) gives the same utterances.
    """
    segments = [
        _drop_none(
            {"speaker": u.speaker, "start": s.start, "end": s.end, "text": s.text},
        )
        for u in call.utterances
        for s in u.segments
    ]
    doc: dict[str, Any] = _drop_none(
        {"title": call.title, "date": call.date.isoformat() if call.date else None}
    )
    participants = participants_from_metadata(call.metadata) or [
        {"name": s.name, "email": s.email} for s in call.speakers if s.email
    ]
    if participants:
        doc["participants"] = participants
    doc["segments"] = segments
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _first_has_key(value: object, key: str) -> bool:
    return (
        isinstance(value, list) and bool(value) and isinstance(value[0], dict) and key in value[0]
    )


def _drop_none(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}
