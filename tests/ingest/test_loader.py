"""The loader: every way a file can fail names the file and the reason."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from callcoach.errors import IngestError
from callcoach.ingest import FORMATS, load_call, load_text, parse_text, registry
from callcoach.ingest import loader as loader_module

MISC = Path(__file__).resolve().parents[1] / "data" / "ingest" / "misc"
VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: Hi!\n\n00:02.000 --> 00:03.000\nBo: Hello.\n"


@pytest.mark.parametrize(
    ("name", "reason", "line"),
    [
        ("does-not-exist.vtt", "no such file", None),
        ("empty.vtt", "file is empty", None),
        ("whitespace.srt", "file is empty (only whitespace)", None),
        ("bom_only.vtt", "file is empty (only whitespace)", None),
        ("binary.vtt", "looks like a binary file, not a transcript", None),
        ("bad_utf8_after_bom.vtt", "invalid UTF-8 at byte 42", 4),
        ("header_only.vtt", "no spoken text found (vtt format)", None),
    ],
)
def test_each_failure_names_file_and_reason(name: str, reason: str, line: int | None) -> None:
    path = MISC / name
    with pytest.raises(IngestError) as info:
        load_call(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert info.value.reason.startswith(reason)
    assert str(info.value).startswith(str(path))


def test_a_directory_is_not_a_transcript(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="is a directory") as info:
        load_call(tmp_path)
    assert info.value.path == str(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.vtt"
    path.write_text(VTT)

    def refuse(self: Path, *args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(IngestError, match="cannot read file: Permission denied"):
        load_call(path)


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.vtt"
    path.write_text(VTT)
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 10)
    with pytest.raises(IngestError, match="larger than"):
        load_call(path)


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(IngestError, match="unknown format 'docx'; choose one of vtt, srt"):
        load_text(VTT, format="docx")


@pytest.mark.parametrize("alias", ["vtt", "VTT", "webvtt", ".vtt"])
def test_format_names_and_aliases(alias: str) -> None:
    assert load_text(VTT, format=alias).format == "vtt"


def test_call_fields(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_bytes(VTT.encode())
    call = load_call(path, call_date=date(2026, 11, 2), title="Acme discovery")
    assert call.id == hashlib.sha256(VTT.encode()).hexdigest()
    assert (call.source, call.format) == (str(path), "vtt")
    assert (call.date, call.title) == (date(2026, 11, 2), "Acme discovery")
    assert [s.name for s in call.speakers] == ["Ana", "Bo"]
    assert call.has_timestamps and call.has_speakers
    assert call.duration == 2.0


def test_header_fields_give_title_and_date_when_not_passed() -> None:
    text = "WEBVTT\nTitle: Acme\nDate: 2026-11-02T10:00\n\n00:01.000 --> 00:02.000\nHi\n"
    call = load_text(text)
    assert (call.title, call.date) == ("Acme", date(2026, 11, 2))


def test_bad_metadata_date_is_ignored() -> None:
    assert load_text("WEBVTT\nDate: someday\n\n00:01.000 --> 00:02.000\nHi\n").date is None


@pytest.mark.parametrize(
    ("name", "fmt", "warned"),
    [
        ("utf16le.vtt", "vtt", False),
        ("utf16be.srt", "srt", False),
        ("utf16le_nobom.vtt", "vtt", True),
        ("cp1252.srt", "srt", True),
        ("mixed_endings.srt", "srt", False),
        ("leading_blank.srt", "srt", False),
    ],
)
def test_encodings_and_line_endings_end_to_end(name: str, fmt: str, warned: bool) -> None:
    call = load_call(MISC / name)
    assert call.format == fmt
    assert bool(call.warnings) is warned
    assert all(u.speaker is not None for u in call.utterances)
    assert call.utterances[0].speaker in {"José", "Alice"}


def test_cp1252_accents_survive() -> None:
    call = load_call(MISC / "cp1252.srt")
    assert [(u.speaker, u.text) for u in call.utterances] == [
        ("José", "Olá, ça va?"),
        ("Zoë", "Très bien – merci."),
    ]


def test_str_with_lone_surrogate_does_not_crash() -> None:
    call = load_text("WEBVTT\n\n00:01.000 --> 00:02.000\nAna: bad \ud800 char\n")
    assert call.utterances[0].text == "bad ? char"


def test_parse_text_runs_one_parser_without_merging() -> None:
    parsed = parse_text("WEBVTT\n\n00:01.000 --> 00:02.000\nA: x\n", "webvtt", "t")
    assert [(s.speaker, s.text) for s in parsed.segments] == [("A", "x")]


def test_every_format_is_registered() -> None:
    assert set(FORMATS) <= set(registry.names())


def test_home_directory_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "call.vtt").write_text(VTT)
    assert load_call("~/call.vtt").source == str(tmp_path / "call.vtt")


EXAMPLES = sorted(
    path
    for pattern in ("*.vtt", "*.srt")
    for path in (Path(__file__).resolve().parents[2] / "examples").glob(pattern)
)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_shipped_subtitle_examples_load_cleanly(path: Path) -> None:
    call = load_call(path)
    assert call.format == path.suffix[1:]
    assert call.warnings == ()
    assert call.has_timestamps
    assert len(call.speakers) >= 2
    assert all(u.speaker is not None for u in call.utterances)
