"""SRT variants: tolerant of exporter habits, strict about corruption."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.errors import IngestError
from callcoach.ingest import load_call, load_text
from callcoach.ingest.subrip import parse

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "srt"


def test_name_prefixes_merge_into_turns() -> None:
    call = load_call(DATA / "named.srt")
    assert [(u.speaker, u.text) for u in call.utterances] == [
        ("Dana Reyes", "How do you close the books today?"),
        ("Dr. Chen", "Manually. Here's the thing: it takes nine days. Every month."),
        ("Dana Reyes", "What does that cost you?"),
        ("Dr. Chen", "About forty hours of overtime."),
    ]
    assert call.utterances[2].end == call.utterances[3].start


def test_bracket_labels_and_sound_annotations() -> None:
    call = load_call(DATA / "brackets.srt")
    assert [(u.speaker, u.text) for u in call.utterances] == [
        ("Alice", "Good morning."),
        ("SPEAKER_01", "Morning, Alice."),
    ]


def test_no_speakers_periods_and_no_trailing_blank_line() -> None:
    call = load_call(DATA / "plain.srt")
    # Unlabelled segments that end a sentence stay separate utterances.
    assert [(u.speaker, u.text) for u in call.utterances] == [
        (None, "Plain captions with no speakers."),
        (None, "Periods in times, no trailing blank line."),
    ]
    assert (call.utterances[0].start, call.utterances[-1].end) == (1.0, 4.0)


def test_loose_indexes_times_and_payloads() -> None:
    call = load_call(DATA / "loose.srt")
    segments = [s for u in call.utterances for s in u.segments]
    assert [s.text for s in segments] == [
        "Zero-based index.",
        "No index at all.",
        "No milliseconds.",
        "No blank line after this cue.",
        "Coordinates after the times.",
        "Short fields.",
    ]
    assert [(s.start, s.end) for s in segments][2] == (2.0, 3.0)
    assert (segments[-1].start, segments[-1].end) == (8.5, 9.25)
    assert [str(w) for w in call.warnings] == ["line 22: 1 cue(s) end before they start; skipped"]


def test_bom_before_the_first_index_and_crlf() -> None:
    call = load_call(DATA / "bom_crlf.srt")
    assert [u.speaker for u in call.utterances] == ["Alice", "Bob"]
    assert call.utterances[0].line == 3


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("malformed_timing.srt", 6, "malformed timing line '00:00:02,000 --> banana'"),
        ("malformed_index.srt", 6, "malformed timing line 'this is not a timing line'"),
        ("garbage.srt", 1, "expected a cue number or a timing line"),
    ],
)
def test_corruption_names_file_and_line(name: str, line: int, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        load_call(DATA / name, format="srt")
    assert (info.value.path, info.value.line) == (str(DATA / name), line)
    assert reason in info.value.reason


def test_index_at_end_of_file_without_timing() -> None:
    with pytest.raises(IngestError, match="cue number 2 is not followed by a timing line"):
        parse("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n", source="t")


def test_numeric_payload_line_is_text_not_an_index() -> None:
    segments = parse("1\n00:00:01,000 --> 00:00:02,000\nHow many?\n42\n", source="t").segments
    assert [s.text for s in segments] == ["How many? 42"]


def test_formatting_tags_are_stripped() -> None:
    text = '1\n00:00:01,000 --> 00:00:02,000\n<i>Ana:</i> <FONT color="red">hi</FONT> {\\an8}\n'
    assert [(s.speaker, s.text) for s in parse(text, source="t").segments] == [("Ana", "hi")]


def test_notes_after_the_last_cue_are_left_out_with_a_warning() -> None:
    # Changed: this used to refuse the whole file ("expected a cue number or a timing line").
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAna: Hi.\n\n2\n00:00:03,000 --> 00:00:04,000\n"
        "Bo: Hello.\n\nSummary\nThe call went well.\n"
    )
    call = load_text(text, source="x.srt")
    assert [u.text for u in call.utterances] == ["Hi.", "Hello."]
    assert [str(w) for w in call.warnings] == [
        "line 9: 2 line(s) after the last cue are not subtitles (notes?); left out"
    ]
