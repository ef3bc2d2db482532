"""The one entry point from a file (or text) to a ``Call``."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from callcoach.errors import IngestError
from callcoach.ingest import registry
from callcoach.ingest._json_participants import participants_from_metadata
from callcoach.ingest._text_labels import normalize_label
from callcoach.ingest.base import ParsedTranscript
from callcoach.ingest.detect import sniff
from callcoach.ingest.encoding import decode, looks_binary
from callcoach.ingest.files import AUDIO_HINT, AUDIO_SUFFIXES, DOCUMENT_HINT, DOCUMENT_SUFFIXES
from callcoach.ingest.turns import MAX_MERGE_GAP_S, complete_times, merge_turns, speakers_of
from callcoach.model import Call, IngestWarning

# The largest transcript read: about 500 hours of captions, or a 20-hour word-level JSON.
# A call is held in memory whole (its utterances, segments and evidence), at about ten times
# the size of a text file, so the limit is what bounds memory: 64 MiB → well under 1 GB.
MAX_FILE_BYTES = 64 * 1024 * 1024
_READ_CHUNK = 1024 * 1024


def load_call(
    path: str | Path,
    *,
    format: str | None = None,
    call_date: date | None = None,
    title: str | None = None,
    speaker_names: Mapping[str, str] | None = None,
) -> Call:
    """Read a transcript file into a ``Call``.

    >>> call = load_call("examples/01-northwind-discovery-expert.vtt")
    >>> call.format, [speaker.name for speaker in call.speakers]
    ('vtt', ['Dana Whitfield', 'Mark Chen'])

    ``speaker_names`` renames speakers as labelled in the file (``{"SPEAKER_00": "Dana"}``).
    Raises ``IngestError`` naming the file, line and reason when the file can't be read.
    """
    file = Path(path).expanduser()
    data = read_transcript_bytes(file)
    return load_text(
        data,
        source=str(file),
        format=format,
        call_date=call_date,
        title=title,
        speaker_names=speaker_names,
    )


def read_transcript_bytes(file: Path) -> bytes:
    """The bytes of a transcript file, refusing what is not one before reading it.

    The size limit applies to the bytes actually read (at most ``MAX_FILE_BYTES + 1``), not
    to what ``stat`` says: ``/dev/zero`` and FIFOs report a size of 0. Anything but a
    regular file (a folder, FIFO, device or socket) is refused before it is opened, so
    nothing blocks. Audio, video and office documents get a message saying what to do.
    """
    try:
        info = file.stat()
    except FileNotFoundError:
        raise IngestError(file, "no such file") from None
    except OSError as exc:
        raise IngestError(file, f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(file, "is a directory, not a transcript file")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(
            file,
            f"is a {_file_kind(info.st_mode)}, not a regular file; callcoach reads transcript "
            "files (save the stream to a file first)",
        )
    if info.st_size > MAX_FILE_BYTES:
        raise IngestError(file, _too_large())
    try:
        with file.open("rb") as handle:
            data = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise IngestError(file, "is a directory, not a transcript file") from None
    except OSError as exc:
        raise IngestError(file, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(file, _too_large())
    hint = _not_a_transcript(file, data)
    if hint is not None:
        raise IngestError(file, hint)
    return data


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    # In chunks: read(limit) would allocate the whole limit up front for a 1 KB file.
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = handle.read(min(_READ_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_large() -> str:
    return (
        f"file is larger than {MAX_FILE_BYTES // 2**20} MiB, far more than one call "
        "(a one-hour call is about 0.1 MiB of captions); split it into calls"
    )


# Magic numbers of the binary files people most often hand a transcript reader by mistake.
_AUDIO_MAGIC = (b"ID3", b"RIFF", b"OggS", b"fLaC", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
_VIDEO_MAGIC_AT_4 = (b"ftyp",)
_PDF_MAGIC = b"%PDF"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _not_a_transcript(file: Path, data: bytes) -> str | None:
    """A helpful refusal for audio, video and office files; None for anything else."""
    suffix = file.suffix.lower()
    head = data[:16]
    audio = suffix in AUDIO_SUFFIXES or head.startswith(_AUDIO_MAGIC)
    document = suffix in DOCUMENT_SUFFIXES or head.startswith((_PDF_MAGIC, _ZIP_MAGIC, _OLE_MAGIC))
    if not (audio or document or head[4:8] in _VIDEO_MAGIC_AT_4) or not looks_binary(data):
        return None
    if document and not audio:
        kind = suffix.lstrip(".").upper() if suffix in DOCUMENT_SUFFIXES else "document"
        return f"is a {kind} file, which callcoach cannot read: {DOCUMENT_HINT}"
    return f"is an audio or video file: {AUDIO_HINT}"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


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

    ``format`` is a registered format's name (``registry.names()``), an alias such as "webvtt"
    or a suffix such as ".md"; None sniffs the content.
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
        # Compared as shown: NFC, no invisible characters ("Zoe\u0308" is "Zoë").
        names = {normalize_label(k): v for k, v in _with_letter_aliases(speaker_names).items()}
        segments = tuple(
            replace(s, speaker=names.get(normalize_label(s.speaker), s.speaker)) if s.speaker else s
            for s in segments
        )
    segments, time_warnings = complete_times(segments)
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
        warnings=(*decode_warnings, *parsed.warnings, *time_warnings, *turn_warnings),
        metadata=metadata,
    )


def parse_text(text: str, fmt: str, source: str) -> ParsedTranscript:
    """Run the parser of format ``fmt`` on decoded text (no turn merging).

    >>> [s.speaker for s in parse_text("Ana: Hi\\nAna: again\\n", "txt", "t").segments]
    ['Ana', 'Ana']
    """
    return registry.get(_format_name(fmt, source)).parse(text, source=source)


def _format_name(fmt: str, source: str) -> str:
    """A format's name from what a user typed: a name, an alias or a suffix, any case."""
    found = registry.resolve(fmt)
    if found is None:
        choices = ", ".join(registry.names())
        raise IngestError(source, f"unknown format {fmt!r}; choose one of {choices}")
    return found.name


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
    "IngestWarning",
    "load_call",
    "load_text",
    "parse_text",
    "read_transcript_bytes",
]
