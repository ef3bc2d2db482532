"""Plain-text transcripts: every speaker style, hard wraps, false labels, times, lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.errors import IngestError
from callcoach.ingest import load_text
from callcoach.ingest._text_labels import looks_like_speaker, opening, parse_timestamp
from callcoach.ingest.base import RawSegment
from callcoach.ingest.plaintext import parse
from callcoach.model import Call

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "text"

Row = tuple[int | None, str | None, float | None, float | None]


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def rows(segments: tuple[RawSegment, ...]) -> list[Row]:
    return [(s.line, s.speaker, s.start, s.end) for s in segments]


def load(name: str) -> Call:
    return load_text(read(name), source=name, format="text")


def test_colon_style_keeps_hard_wraps_and_false_labels_in_the_turn() -> None:
    parsed = parse(read("colon.txt"), source="colon.txt")
    assert [s.speaker for s in parsed.segments] == ["Maria Lopez", "Tom Becker"] * 3
    assert [s.line for s in parsed.segments] == [1, 3, 5, 6, 8, 9]
    assert parsed.segments[0].text.endswith("handling invoice approvals right now?")
    assert "Note: the price is not the issue for us, it's the nine days" in parsed.segments[1].text
    assert "https://ap.northwind.example" in parsed.segments[3].text
    assert "10:30 on Tuesday" in parsed.segments[4].text
    assert parsed.warnings == ()


def test_bracket_timestamps_end_each_turn_at_the_next_start() -> None:
    parsed = parse(read("bracket_timestamps.txt"), source="b.txt")
    assert rows(parsed.segments) == [
        (1, "Maria Lopez", 2.0, 5.0),
        (2, "Tom Becker", 5.0, 9.0),
        (3, "Maria Lopez", 9.0, 15.0),
        (4, "Tom Becker", 15.0, 27.0),
        (6, "Maria Lopez", 27.0, 31.0),
        (7, "Tom Becker", 31.0, 33.8),  # 7 words at 150 wpm: the last end is estimated
    ]
    assert parsed.segments[3].text.endswith("full time. Overall: it's a mess, honestly.")
    assert [w.line for w in parsed.warnings] == [5, 7]
    assert "'Overall' looks like a speaker label" in parsed.warnings[0].message
    assert "end is estimated" in parsed.warnings[1].message


def test_name_with_parenthesised_timestamp() -> None:
    parsed = parse(read("name_paren_timestamps.txt"), source="p.txt")
    assert rows(parsed.segments) == [
        (1, "Maria Lopez", 2.0, 5.0),
        (2, "Tom Becker", 5.0, 69.0),
        (3, "Maria Lopez", 69.0, 80.0),
        (5, "Tom Becker", 80.0, 81.0),
    ]
    assert parsed.segments[2].text.endswith(
        "nine days and cost you about forty hours of overtime a month?"
    )


def test_otter_headers_with_hard_wrapped_text_and_hours() -> None:
    parsed = parse(read("otter.txt"), source="otter.txt")
    assert rows(parsed.segments) == [
        (1, "Maria Lopez", 2.0, 9.0),
        (5, "Tom Becker", 9.0, 21.0),
        (9, "Maria Lopez", 21.0, 24.0),
        (12, "Tom Becker", 24.0, 3723.0),
        (15, "Maria Lopez", 3723.0, 3728.6),
    ]
    assert parsed.segments[0].text == (
        "Thanks for making time today, Tom. Before we dive in, how are you handling invoice "
        "approvals right now?"
    )


@pytest.mark.parametrize("name", ["timestamp_headers.txt", "name_timestamp_headers.txt"])
def test_timestamp_header_lines(name: str) -> None:
    segments = parse(read(name), source=name).segments
    assert [(s.speaker, s.start, s.text) for s in segments[:2]] == [
        ("Maria Lopez", 2.0, "Thanks for making time today, Tom."),
        ("Tom Becker", 5.0, "Happy to. We have about thirty minutes."),
    ]


def test_diarization_labels_are_speakers_even_once() -> None:
    parsed = parse(read("diarization.txt"), source="d.txt")
    assert [s.speaker for s in parsed.segments] == [
        "SPEAKER_00",
        "SPEAKER_01",
        "SPEAKER_00",
        "SPEAKER_01",
        "spk_2",
    ]


def test_no_speakers_gives_one_segment_per_paragraph() -> None:
    parsed = parse(read("no_speakers.txt"), source="n.txt")
    assert rows(parsed.segments) == [
        (1, None, None, None),
        (3, None, None, None),
        (6, None, None, None),
    ]
    assert parsed.segments[1].text.endswith("a month, and approvals take nine days on average.")
    assert parsed.segments[2].text == "Note: the price is not the issue."


def test_no_speakers_and_no_blank_lines_gives_one_segment_per_line() -> None:
    parsed = parse(read("no_speakers_lines.txt"), source="n.txt")
    assert [(s.line, s.text) for s in parsed.segments] == [
        (1, "Thanks for making time today."),
        (2, "How are you handling invoice approvals right now?"),
        (3, "Honestly, it's mostly email."),
    ]


def test_styles_mix_in_one_file() -> None:
    parsed = parse(read("mixed.txt"), source="m.txt")
    assert rows(parsed.segments) == [
        (1, None, None, 2.0),  # a title line before the first speaker
        (2, "Maria Lopez", 2.0, 5.0),
        (3, "Tom Becker", 5.0, None),
        (4, "Maria Lopez", None, 12.0),
        (5, "Maria Lopez", 12.0, None),  # "[00:00:12] text" goes on with the current speaker
        (6, "Tom Becker", None, None),
    ]


def test_a_lone_label_in_an_unlabelled_file_is_text() -> None:
    parsed = parse("We looked at three vendors.\nOverall: yours was the cheapest.\n", source="x")
    assert [s.speaker for s in parsed.segments] == [None, None]
    assert parsed.segments[1].text == "Overall: yours was the cheapest."
    assert len(parsed.warnings) == 1


def test_two_speakers_that_speak_once_each_are_speakers() -> None:
    parsed = parse("Ana: Can we sign this week?\nTom: Legal needs two more days.", source="x")
    assert [s.speaker for s in parsed.segments] == ["Ana", "Tom"]


def test_paragraphs_inside_a_turn_stay_with_the_speaker() -> None:
    text = "Ana: First point.\n\nSecond point.\nTom: Agreed.\nAna: Good.\nTom: Bye."
    segments = parse(text, source="x").segments
    assert [(s.line, s.speaker) for s in segments] == [
        (1, "Ana"),
        (3, "Ana"),
        (4, "Tom"),
        (5, "Ana"),
        (6, "Tom"),
    ]


@pytest.mark.parametrize(
    "label",
    ["Maria Lopez", "Dr. Chen", "Jan de Vries", "Mary-Jane O'Neil", "SPEAKER_00", "spk_1",
     "Speaker 2", "Caller 2", "A", "Zoë Müller"],
)  # fmt: skip
def test_speaker_labels(label: str) -> None:
    assert looks_like_speaker(label)


@pytest.mark.parametrize(
    "label",
    ["Note", "Next steps", "https", "the price", "So here's the thing", "Action Items",
     "Meeting at the office on Monday morning", "PS", "price", "季度.", "תקציב!"],
)  # fmt: skip
def test_not_speaker_labels(label: str) -> None:
    assert not looks_like_speaker(label)


@pytest.mark.parametrize(
    "line",
    ["https://ap.northwind.example/login", "10:30 works for me", "Meeting at 10:30: confirmed",
     "We can do 9:00 or 10:30", "- bullet point", "10:30 季度."],
)  # fmt: skip
def test_lines_that_open_no_turn(line: str) -> None:
    assert opening(line) is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("0:01", 1.0), ("00:01:02", 62.0), ("1:02:03", 3723.0), ("75:10", 4510.0), ("0:05.5", 5.5),
     ("00:00:01,250", 1.25), ("0:61", None), ("1:60:00", None)],
)  # fmt: skip
def test_parse_timestamp(value: str, seconds: float | None) -> None:
    assert parse_timestamp(value) == seconds


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_no_text_is_an_ingest_error(text: str) -> None:
    with pytest.raises(IngestError, match="no text found"):
        parse(text, source="empty.txt")


def test_load_text_merges_turns_and_sniffs_plain_text(timed_call_text: str) -> None:
    call = load_text(timed_call_text, source="call.txt")
    assert call.format == "text"
    assert [s.name for s in call.speakers] == ["Dana Reyes", "Sam Patel"]
    assert len(call.utterances) == 8
    assert call.utterances[0].end == 4.0
    assert all(u.line is not None for u in call.utterances)


def test_load_text_otter_file() -> None:
    call = load("otter.txt")
    assert [u.speaker for u in call.utterances] == ["Maria Lopez", "Tom Becker"] * 2 + [
        "Maria Lopez"
    ]
    assert call.utterances[1].line == 5
    assert call.has_timestamps
    assert [w.line for w in call.warnings] == [15]


def test_an_hour_long_transcript_parses_whole() -> None:
    turns = [
        f"[{i * 5 // 3600:02d}:{i * 5 // 60 % 60:02d}:{i * 5 % 60:02d}] "
        f"{('Maria Lopez', 'Tom Becker')[i % 2]}: " + "we talked about pricing and timelines " * 3
        for i in range(700)
    ]
    text = "\n".join(turns)
    # Speed is measured by benchmarks/ingest_metrics.py, not asserted here (machine load).
    parsed = parse(text, source="hour.txt")
    assert len(parsed.segments) == 700
    assert parsed.segments[-1].start == 699 * 5


LINE_PIECES = st.sampled_from(
    ["Maria Lopez:", "[00:01:02]", "(0:05)", "Tom  0:01", "SPEAKER_00:", "Note:", "https://x",
     "10:30", "so", "the price", "\n", "\n\n", " ", ":", "[", ")", "99:99", "Zoë:", "\t"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE_PIECES | st.text(max_size=6), max_size=30))
def test_any_text_gives_numbered_segments_or_an_ingest_error(pieces: list[str]) -> None:
    text = " ".join(pieces)
    try:
        parsed = parse(text, source="fuzz.txt")
    except IngestError as error:
        # Only blank text or bare headers/timestamps ("[00:01:02]") have nothing to say.
        assert error.reason == "no text found"
        return
    lines = text.split("\n")
    for segment in parsed.segments:
        assert segment.text.strip()
        assert segment.line is not None and lines[segment.line - 1].strip()
