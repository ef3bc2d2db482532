"""A transcript format is one registered declaration: a new one works everywhere at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callcoach.errors import FormatError, IngestError
from callcoach.ingest import load_call, load_text, registry, sniff
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.ingest.files import scan_transcripts, skip_reason
from callcoach.ingest.registry import TranscriptFormat
from callcoach.testing import check_format

# An invented format: a "TOY" first line, then "speaker|seconds|text" rows.
TOY_EXAMPLE = "TOY\nDana|1|What made you look at this now?\nSam|4|Close takes nine days.\n"


def _sniff_toy(head: str, named: bool) -> float:
    return 0.9 if head.startswith("TOY\n") else 0.0


def _parse_toy(text: str, *, source: str) -> ParsedTranscript:
    segments = []
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].isdigit():
            raise IngestError(source, "expected speaker|seconds|text", number)
        speaker, seconds, words = parts
        segments.append(RawSegment(words.strip(), speaker.strip(), float(seconds)))
    return ParsedTranscript(tuple(segments), (), {})


TOY = TranscriptFormat(
    name="toy",
    description="speaker|seconds|text rows under a TOY line",
    suffixes=(".toy",),
    aliases=("toyformat",),
    sniff=_sniff_toy,
    parse=_parse_toy,
    example=TOY_EXAMPLE,
)


@pytest.fixture
def toy() -> Iterator[TranscriptFormat]:
    registry.register(TOY)
    yield TOY
    registry.unregister("toy")


def test_a_registered_format_is_read_by_name_by_sniffing_and_in_folders(
    toy: TranscriptFormat, tmp_path: Path
) -> None:
    assert "toy" in registry.names()
    assert sniff(TOY_EXAMPLE) == "toy"
    assert load_text(TOY_EXAMPLE, format="toyformat").format == "toy"
    (tmp_path / "call.toy").write_text(TOY_EXAMPLE)
    (tmp_path / "other.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nAna: Hi\n")
    scan = scan_transcripts([tmp_path])
    assert [p.name for p in scan.files] == ["call.toy", "other.vtt"]
    call = load_call(tmp_path / "call.toy")
    assert (call.format, [u.speaker for u in call.utterances]) == ("toy", ["Dana", "Sam"])
    assert call.utterances[1].start == 4.0
    check_format(toy)


def test_its_errors_name_the_line(toy: TranscriptFormat) -> None:
    with pytest.raises(IngestError, match=r"^t:3: expected speaker\|seconds\|text$"):
        load_text("TOY\nDana|1|Hi\nbroken\n", source="t")


def test_without_registration_it_is_unknown_and_skipped(tmp_path: Path) -> None:
    assert skip_reason(tmp_path / "call.toy") is not None
    with pytest.raises(IngestError, match="unknown format 'toy'; choose one of vtt, srt"):
        load_text(TOY_EXAMPLE, format="toy")


def test_a_format_claiming_another_ones_suffix_is_refused() -> None:
    clash = TranscriptFormat(
        name="captions",
        description="",
        suffixes=(".srt",),
        sniff=_sniff_toy,
        parse=_parse_toy,
        example=TOY_EXAMPLE,
    )
    registry.register(clash)
    try:
        with pytest.raises(FormatError, match=r"formats 'srt' and 'captions' both claim '\.srt'"):
            registry.formats()
    finally:
        registry.unregister("captions")
    assert "captions" not in registry.names()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Toy Format", "lower-case"),
        ("suffixes", ("toy",), "must look like '.ext'"),
        ("aliases", ("TOY",), "must be lower-case"),
        ("example", " ", "needs an example"),
    ],
)
def test_a_malformed_declaration_is_refused(field: str, value: object, message: str) -> None:
    fields = {
        "name": "toy",
        "description": "",
        "suffixes": (".toy",),
        "sniff": _sniff_toy,
        "parse": _parse_toy,
        "example": TOY_EXAMPLE,
        field: value,
    }
    with pytest.raises(FormatError, match=message):
        TranscriptFormat(**fields)  # type: ignore[arg-type]


def test_a_file_read_on_its_own_is_also_found_in_a_folder(tmp_path: Path) -> None:
    for suffix in registry.suffixes():
        (tmp_path / f"call{suffix}").write_text("Ana: Hi\nBo: Hello\n")
    found = scan_transcripts([tmp_path]).files
    assert sorted(p.suffix for p in found) == sorted(registry.suffixes())
    assert ".md" in registry.suffixes()
