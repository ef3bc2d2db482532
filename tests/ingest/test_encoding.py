"""Bytes → text: every encoding we meet, and the ones we refuse."""

from __future__ import annotations

import codecs

import pytest

from callcoach.errors import IngestError
from callcoach.ingest.encoding import decode

TEXT = "José: Olá — ça va?\nZoë: Très bien.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_unicode_encodings_decode_silently(data: bytes) -> None:
    assert decode(data, "f") == (TEXT, ())


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_with_a_warning(encoding: str) -> None:
    text, warnings = decode(TEXT.encode(encoding), "f")
    assert text == TEXT
    assert encoding.upper() in warnings[0].message


def test_windows_1252_fallback_warns_with_the_first_bad_line() -> None:
    text, warnings = decode("Hi\nJosé said “no”\n".encode("cp1252"), "f")
    assert text == "Hi\nJosé said “no”\n"
    assert warnings[0].line == 2
    assert "Windows-1252" in warnings[0].message


def test_bytes_undefined_in_windows_1252_are_replaced_not_fatal() -> None:
    text, warnings = decode(b"caf\xe9 \x81 ok\n", "f")
    assert text == "café \ufffd ok\n"
    assert len(warnings) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\r\nb\rc\nd\r\n\r\ne", "a\nb\nc\nd\n\ne"),
        (b"\r\r\nx", "\n\nx"),
    ],
)
def test_line_endings_are_normalised(data: bytes, expected: str) -> None:
    assert decode(data, "f")[0] == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "file is empty"),
        (b"  \r\n\t\n", "file is empty (only whitespace)"),
        (codecs.BOM_UTF8, "file is empty (only whitespace)"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "file is empty (only whitespace)"),
        (bytes(range(256)) * 8, "looks like a binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        (b"text\x00with\x00nul", "looks like a binary file"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "looks like a binary file"),
        (codecs.BOM_UTF8 + b"ok \xff", "invalid UTF-8 at byte 3"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a", "invalid UTF-16-LE"),
    ],
)
def test_refused_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        decode(data, "calls/x.vtt")
    assert info.value.path == "calls/x.vtt"
    assert reason in info.value.reason


def test_invalid_utf8_after_bom_names_the_line() -> None:
    with pytest.raises(IngestError) as info:
        decode(codecs.BOM_UTF8 + b"line one\nline two \xff\n", "f")
    assert info.value.line == 2
