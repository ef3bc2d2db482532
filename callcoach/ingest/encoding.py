"""Bytes → text: a BOM decides; else UTF-8, UTF-16 without BOM, then Windows-1252 with a warning.

Line endings are normalised here (CRLF, bare CR and mixtures become LF) so that every parser
splits on ``"\\n"`` only and line numbers mean the same thing in every format.
"""

from __future__ import annotations

import codecs

from callcoach.errors import IngestError
from callcoach.model import IngestWarning

# Control characters other than tab/newline/CR/form feed/escape mean a binary file.
_BINARY_BYTES = frozenset(range(0, 9)) | {11} | frozenset(range(14, 27)) | frozenset(range(28, 32))
_SNIFF_BYTES = 8192
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, source: str) -> tuple[str, tuple[IngestWarning, ...]]:
    """Decode a transcript file and normalise its line endings to LF.

    Raises ``IngestError`` for an empty file, a binary file, or bytes that contradict the
    file's byte-order mark. Never raises anything else, whatever the bytes.
    """
    if not data:
        raise IngestError(source, "file is empty")
    text, warnings = _decode(data, source)
    if not text.strip():
        raise IngestError(source, "file is empty (only whitespace)")
    if "\r" in text:  # copies of a large file only when there is something to change
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _decode(data: bytes, source: str) -> tuple[str, tuple[IngestWarning, ...]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, source), ()
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _strict(data, utf16, source), (
            IngestWarning(f"no byte-order mark; decoded as {utf16.upper()} from its zero bytes"),
        )
    _reject_binary(data, source)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
    # Windows-1252 leaves five byte values undefined; replacing them beats refusing the file.
    text = data.decode("cp1252", errors="replace")
    return text, (
        IngestWarning(
            "file is not valid UTF-8; decoded as Windows-1252 (check accented names)", line
        ),
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when mostly-ASCII text has a zero byte in every other place."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1 if encoding.startswith("utf-8") else None
        raise IngestError(
            source,
            f"invalid {encoding.upper()} at byte {exc.start} although the file says it is "
            f"{encoding.upper()}",
            line,
        ) from None
    if "\x00" in text:
        raise IngestError(source, "looks like a binary file, not a transcript")
    return text.lstrip("\ufeff")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or more than 1 % control characters in the first 8 KiB (BOMs aside)."""
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return False
    if _utf16_without_bom(data) is not None:
        return False
    head = data[:_SNIFF_BYTES]
    return b"\x00" in head or sum(b in _BINARY_BYTES for b in head) > len(head) // 100 + 1


def _reject_binary(data: bytes, source: str) -> None:
    if looks_binary(data):
        raise IngestError(source, "looks like a binary file, not a transcript")
