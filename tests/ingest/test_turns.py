"""Segments → turns: merging, gaps, and timing warnings."""

from __future__ import annotations

from callcoach.ingest.base import RawSegment
from callcoach.ingest.turns import merge_turns, speakers_of
from callcoach.model import Segment


def test_consecutive_same_speaker_segments_merge_and_keep_their_pieces() -> None:
    utterances, warnings = merge_turns(
        [
            RawSegment("Hi  there.", "Ana", 0.0, 1.0, 3),
            RawSegment("How are\nyou?", "Ana", 1.5, 2.0, 7),
            RawSegment("Fine.", "Bo", 2.0, 3.0, 11),
        ]
    )
    assert warnings == ()
    first, second = utterances
    assert (first.id, first.index, first.speaker) == ("u0000", 0, "Ana")
    assert first.text == "Hi there. How are you?"
    assert (first.start, first.end, first.line) == (0.0, 2.0, 3)
    assert first.segments == (
        Segment("Hi there.", 0.0, 1.0, 3),
        Segment("How are you?", 1.5, 2.0, 7),
    )
    assert (second.id, second.speaker, second.text) == ("u0001", "Bo", "Fine.")


def test_a_long_silence_splits_one_speakers_turn() -> None:
    utterances, _ = merge_turns(
        [RawSegment("One.", "Ana", 0.0, 1.0), RawSegment("Two.", "Ana", 6.5, 7.0)], max_gap=5.0
    )
    assert [u.text for u in utterances] == ["One.", "Two."]


def test_untimed_segments_merge_by_speaker_only() -> None:
    utterances, _ = merge_turns([RawSegment("One.", "Ana"), RawSegment("Two.", "Ana")])
    assert [(u.text, u.start, u.end) for u in utterances] == [("One. Two.", None, None)]


def test_empty_text_is_dropped_and_blank_speakers_are_unknown() -> None:
    utterances, _ = merge_turns(
        [RawSegment("  ", "Ana"), RawSegment("Hi.", "  "), RawSegment("Yo.", " Bo  Li ")]
    )
    assert [(u.speaker, u.text) for u in utterances] == [(None, "Hi."), ("Bo Li", "Yo.")]


def test_timing_problems_are_summarised_once_per_kind() -> None:
    _, warnings = merge_turns(
        [
            RawSegment("a", "A", 5.0, 6.0, 1),
            RawSegment("b", "B", 4.0, 3.0, 2),
            RawSegment("c", "A", 2.0, 1.0, 3),
            RawSegment("d", "B", 7.0, 8.0, 4),
        ]
    )
    assert [str(w) for w in warnings] == [
        "line 2: 2 segment(s) end before they start; kept as is",
        "line 2: 2 segment(s) start before the previous one; kept in file order",
    ]


def test_overlapping_speakers_are_crosstalk_not_a_warning() -> None:
    _, warnings = merge_turns([RawSegment("a", "A", 0.0, 3.0), RawSegment("b", "B", 2.0, 4.0)])
    assert warnings == ()


def test_speakers_in_order_of_first_appearance() -> None:
    utterances, _ = merge_turns(
        [
            RawSegment("a", "Bo"),
            RawSegment("b", None),
            RawSegment("c", "Ana"),
            RawSegment("d", "Bo"),
        ]
    )
    assert [s.name for s in speakers_of(utterances)] == ["Bo", "Ana"]
