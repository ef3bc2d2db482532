"""The one entry point from a file (or text) to a ``Call``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from importlib import import_module
from pathlib import Path
from types import MappingProxyType

from callcoach.errors import IngestError
from callcoach.ingest._json_participants import participants_from_metadata
from callcoach.ingest.base import ParsedTranscript
from callcoach.ingest.detect import FORMATS, sniff
from callcoach.ingest.encoding import decode
from callcoach.ingest.turns import MAX_MERGE_GAP_S, merge_turns, speakers_of
from callcoach.model import Call, IngestWarning

# format → module with ``parse(text, *, source) -> ParsedTranscript``; imported on first use
# so that reading one SRT file never imports the JSON machinery.
PARSER_MODULES: Mapping[str, str] = MappingProxyType(
    {
        "vtt": "callcoach.ingest.vtt",
        "srt": "callcoach.ingest.subrip",
        "json": "callcoach.ingest.vendor_json",
        "text": "callcoach.ingest.plaintext",
        "markdown": "callcoach.ingest.markdown",
    }
)
# Names people type for a format (``--format webvtt``) → our format name.
_ALIASES = {
    "webvtt": "vtt",
    "subrip": "srt",
    "txt": "text",
    "plain": "text",
    "plaintext": "text",
    "md": "markdown",
}

MAX_FILE_BYTES = 200 * 1024 * 1024


def load_call(
    path: str | Path,
    *,
    format: str | None = None,
    call_date: date | None = None,
    title: str | None = None,
    speaker_names: Mapping[str, str] | None = None,
) -> Call:
    """Read a transcript file into a ``Call``.

    >>> call = load_call("examples/01-northwind-discovery-expert.vtt")  # doctest: +SKIP

    ``speaker_names`` renames speakers as labelled in the file (``{"SPEAKER_00": "Dana"}``).
    Raises ``IngestError`` naming the file, line and reason when the file can't be read.
    """
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise IngestError(file, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = file.read_bytes()
    except IsADirectoryError:
        raise IngestError(file, "is a directory, not a transcript file") from None
    except FileNotFoundError:
        raise IngestError(file, "no such file") from None
    except OSError as exc:
        raise IngestError(file, f"cannot read file: {exc.strerror or exc}") from None
    return load_text(
        data,
        source=str(file),
        format=format,
        call_date=call_date,
        title=title,
        speaker_names=speaker_names,
    )


def load_text(
    data: bytes | str,
    *,
    source: str = "<text>",
    format: str | None = None,
    call_date: date | None = None,
    title: str | None = None,
    speaker_names: Mapping[str, str] | None = None,
) -> Call:
    """Like ``load_call`` but from bytes or text already in memory.

    ``format`` is one of ``FORMATS`` (or an alias such as "webvtt"); None sniffs the content.
    Raises only ``IngestError``, naming ``source``, the line when known, and the reason.

    >>> load_text("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nAna: Hi!\\n").utterances[0].speaker
    'Ana'
    """
    # A str may hold lone surrogates (from a lenient decoder upstream); never crash on them.
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    text, decode_warnings = decode(raw, source)
    fmt = _format_name(format, source) if format is not None else sniff(text, source)
    parsed = parse_text(text, fmt, source)
    segments = parsed.segments
    if speaker_names:
        # Diarization labels ("SPEAKER_00") renamed to people before turns are merged.
        names = _with_letter_aliases(speaker_names)
        segments = tuple(
            replace(s, speaker=names.get(s.speaker, s.speaker)) if s.speaker else s
            for s in segments
        )
    utterances, turn_warnings = merge_turns(segments, MAX_MERGE_GAP_S)
    if not utterances:
        raise IngestError(source, f"no spoken text found ({fmt} format)")
    metadata = dict(parsed.metadata)
    return Call(
        id=hashlib.sha256(raw).hexdigest(),
        source=source,
        format=fmt,
        utterances=utterances,
        speakers=speakers_of(utterances, _participant_emails(metadata)),
        date=call_date or _metadata_date(metadata),
        title=title or metadata.get("title"),
        warnings=(*decode_warnings, *parsed.warnings, *turn_warnings),
        metadata=metadata,
    )


def parse_text(text: str, fmt: str, source: str) -> ParsedTranscript:
    """Run the parser of format ``fmt`` on decoded text (no turn merging)."""
    module = import_module(PARSER_MODULES[_format_name(fmt, source)])
    parsed: ParsedTranscript = module.parse(text, source=source)
    return parsed


def _format_name(fmt: str, source: str) -> str:
    name = fmt.strip().lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise IngestError(source, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return name


def _with_letter_aliases(names: Mapping[str, str]) -> dict[str, str]:
    """Earlier releases read AssemblyAI's ``A`` as ``Speaker A``, and manifests written for
    them say so: ``Speaker A`` also renames a file's ``A``."""
    out = dict(names)
    for label, name in names.items():
        letter = label.removeprefix("Speaker ")
        if letter != label and len(letter) == 1 and letter.isupper():
            out.setdefault(letter, name)
    return out


def _participant_emails(metadata: Mapping[str, str]) -> dict[str, str]:
    people = participants_from_metadata(metadata)
    return {p["name"]: p["email"] for p in people if p.get("email")}


def _metadata_date(metadata: dict[str, str]) -> date | None:
    value = metadata.get("date")
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


__all__ = [
    "MAX_FILE_BYTES",
    "PARSER_MODULES",
    "IngestWarning",
    "load_call",
    "load_text",
    "parse_text",
]
