"""Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252 with a warning."""

from __future__ import annotations

import codecs

from callcoach.errors import IngestError
from callcoach.model import IngestWarning

# Control characters other than tab/newline/CR/form feed mean we are looking at a binary file.
_BINARY_BYTES = set(range(0, 9)) | {11} | set(range(14, 32))


def decode(data: bytes, source: str) -> tuple[str, tuple[IngestWarning, ...]]:
    """Decode a transcript file, normalising line endings (CRLF and bare CR become LF)."""
    if not data.strip():
        raise IngestError(source, "file is empty")
    text, warnings = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _decode(data: bytes, source: str) -> tuple[str, tuple[IngestWarning, ...]]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source), ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source), ()
    _reject_binary(data, source)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise IngestError(
                source, "not valid UTF-8, UTF-16 or Windows-1252 text", line
            ) from None
        warning = IngestWarning(
            "file is not valid UTF-8; decoded as Windows-1252 (check accented names)", line
        )
        return text, (warning,)


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"invalid {encoding} text at byte {exc.start}") from None
    return text.lstrip("\ufeff")


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:8192]
    if b"\x00" in head or sum(b in _BINARY_BYTES for b in head) > len(head) // 100 + 1:
        raise IngestError(source, "looks like a binary file, not a transcript")
