"""Shared cue helpers: timing grammar, speaker-label heuristics, time sharing."""

from __future__ import annotations

import itertools

import pytest

from callcoach.errors import IngestError
from callcoach.ingest.base import (
    CuePart,
    is_timing_line,
    looks_like_timing,
    parse_timing,
    prefix_parts,
    recurring_labels,
    split_speaker,
    timed_segments,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("00:00:01.000 --> 00:00:02.500", (1.0, 2.5)),
        ("00:01.000 --> 00:02.000 align:start line:0", (1.0, 2.0)),
        ("01:02:03,004 --> 01:02:04,5", (3723.004, 3724.5)),
        ("00:00:01 --> 00:00:02", (1.0, 2.0)),
        ("100:00:00.000 --> 100:00:01.000", (360000.0, 360001.0)),
        ("  0:00:08,5-->0:00:09,25 X1:40", (8.5, 9.25)),
    ],
)
def test_parse_timing_accepts(line: str, expected: tuple[float, float]) -> None:
    assert parse_timing(line, source="t", line_number=1) == pytest.approx(expected)
    assert is_timing_line(line)


@pytest.mark.parametrize(
    "line",
    ["00:00:01.000 --> later", "00:00:01.000 -->", "1 --> 2", "00:00:01.000 --> 00:00:02.000x"],
)
def test_parse_timing_rejects_with_line(line: str) -> None:
    with pytest.raises(IngestError) as info:
        parse_timing(line, source="f.vtt", line_number=7)
    assert (info.value.path, info.value.line) == ("f.vtt", 7)
    assert not is_timing_line(line)


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("00:00:01.000 - 00:00:02.000", True),
        ("00:01.000 -> 00:02.000", True),
        ("00:01.000 — 00:02.000", True),
        ("The meeting is at 10:30 -- a dash is fine.", False),
        ("10:30 we met", False),
    ],
)
def test_looks_like_timing(line: str, meant: bool) -> None:
    assert looks_like_timing(line) is meant


@pytest.mark.parametrize(
    ("line", "speaker", "rest"),
    [
        ("Dr. Chen: here's the thing: it broke", "Dr. Chen", "here's the thing: it broke"),
        ("Dana Reyes: Hi", "Dana Reyes", "Hi"),
        ("SPEAKER_00: Hi", "SPEAKER_00", "Hi"),
        ("spk_0: Hi", "spk_0", "Hi"),
        ("speaker 2: Hi", "speaker 2", "Hi"),
        ("A: Hi", "A", "Hi"),
        ("1: Hi", "1", "Hi"),
        ("Jan de Vries: Hoi", "Jan de Vries", "Hoi"),
        ("J.R. Smith: Yes", "J.R. Smith", "Yes"),
        ("Tom O'Neil (Acme): Yes", "Tom O'Neil (Acme)", "Yes"),
        ("[Alice] Good morning", "Alice", "Good morning"),
        ("[SPEAKER_01]: Morning", "SPEAKER_01", "Morning"),
        ("- Bo: Hey", "Bo", "Hey"),
        ("Ana:", "Ana", ""),
        ("John's iPhone: Can you hear me?", "John's iPhone", "Can you hear me?"),
    ],
)
def test_speaker_prefixes(line: str, speaker: str, rest: str) -> None:
    assert split_speaker(line) == (speaker, rest)


@pytest.mark.parametrize(
    "line",
    [
        "So here's the thing: it broke",
        "here's the thing: it broke",
        "Note: the price went up",
        "Example: month-end close",
        "Wait, what: really?",
        "Why? Because: reasons",
        "2023: a good year",
        "At 10:30 we met",
        "https://example.com is the link",
        "[Music]",
        "[00:01] Ana: hi",
        "This sentence is far too long to be anybody's name at all: really",
        "Okay: understood",
    ],
)
def test_text_with_colons_is_not_a_speaker(line: str) -> None:
    assert split_speaker(line) == (None, line)


def test_prefix_parts_continue_and_drop_annotations() -> None:
    parts = prefix_parts([(1, "Ana: one"), (2, "two"), (3, "(laughs)"), (4, "Bo: three")])
    assert parts == [CuePart("Ana", "one two", 1), CuePart("Bo", "three", 4)]


def test_prefix_parts_line_is_the_label_line() -> None:
    assert prefix_parts([(5, "Ana:"), (6, "text below")]) == [CuePart("Ana", "text below", 5)]


def test_timed_segments_share_time_and_end_exactly() -> None:
    parts = [CuePart("A", "x" * 1, 1), CuePart("B", "y" * 2, 1), CuePart("C", "z" * 7, 2)]
    segments = timed_segments(parts, 0.1, 0.4)
    assert [s.start for s in segments] == pytest.approx([0.1, 0.13, 0.19])
    assert segments[-1].end == 0.4
    assert all(a.end == b.start for a, b in itertools.pairwise(segments))


def test_recurring_lower_case_labels_are_speakers() -> None:
    lines = [
        "jsmith: hi",
        "here's the thing: no",
        "jsmith: so",
        "00:00:01.000 --> 00:00:02.000",
        "jsmith: ok",
        "here's the thing: again",
        "so: three",
        "so: times",
        "so: over",
    ]
    known = recurring_labels(lines)
    assert known == frozenset({"jsmith"})
    assert split_speaker("jsmith: hello", known) == ("jsmith", "hello")
    assert split_speaker("jsmith: hello") == (None, "jsmith: hello")


def test_dialogue_dashes_are_dropped_but_negative_numbers_stay() -> None:
    parts = prefix_parts([(1, "- Hi there."), (2, "-  Hello."), (3, "-5 degrees")])
    assert parts == [CuePart(None, "Hi there. Hello. -5 degrees", 1)]
