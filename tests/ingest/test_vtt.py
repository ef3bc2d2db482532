"""WebVTT variants: one fixture per exporter habit, and every malformed case."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.errors import IngestError
from callcoach.ingest import load_call, load_text
from callcoach.ingest.vtt import parse

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "vtt"


def _turns(name: str) -> list[tuple[str | None, str]]:
    return [(u.speaker, u.text) for u in load_call(DATA / name).utterances]


def test_zoom_speaker_prefixes_split_only_at_the_name() -> None:
    turns = _turns("zoom.vtt")
    assert turns[0] == ("Dana Reyes", "Thanks for making time today, Dr. Chen.")
    assert turns[1] == (
        "Dr. Chen",
        "Sure. So here's the thing: our month-end close takes nine days. "
        "And honestly: nobody trusts the numbers.",
    )
    assert turns[3] == ("SPEAKER_00", "Note: the auditors arrive then.")
    assert [speaker for speaker, _ in turns[4:]] == ["spk_1", "A", "0"]
    assert turns[5] == ("A", "Okay: understood.")


def test_zoom_segments_keep_cue_lines_and_times() -> None:
    chen = load_call(DATA / "zoom.vtt").utterances[1]
    assert [s.line for s in chen.segments] == [9, 13]
    assert (chen.start, chen.end) == (4.8, 12.0)


def test_teams_voice_tags_with_and_without_closing_tag() -> None:
    turns = _turns("teams.vtt")
    assert turns[0] == ("Priya Natarajan", "Hi Tom, can you hear me?")
    assert turns[1] == ("Tom O'Neil", "Loud and clear.")
    assert turns[-1] == ("Priya Natarajan", "Let's start with how invoices get approved today.")


def test_several_voices_in_one_cue_share_its_time_by_characters() -> None:
    call = load_call(DATA / "teams.vtt")
    great, question = call.utterances[2], call.utterances[3]
    assert (great.speaker, great.text) == ("Priya Natarajan", "Great.")
    assert (question.speaker, question.text) == ("Tom O'Neil", "So, where do we start?")
    assert great.start == 6.0 and question.end == 10.0
    assert great.end == question.start
    assert great.end == pytest.approx(
        6.0 + 4.0 * len("Great.") / len("Great.So, where do we start?")
    )


def test_header_blocks_settings_and_identifiers() -> None:
    call = load_call(DATA / "header_blocks.vtt")
    assert dict(call.metadata) == {
        "header": "Acme discovery call",
        "kind": "captions",
        "language": "en-US",
    }
    texts = [s.text for u in call.utterances for s in u.segments]
    assert texts == ["Welcome everyone.", "Today we look at onboarding.", "An hour later."]
    starts = [s.start for u in call.utterances for s in u.segments]
    assert starts == [1.0, 3.5, 3606.0]
    assert call.warnings == ()


def test_tags_karaoke_timestamps_and_entities() -> None:
    texts = [s.text for u in load_call(DATA / "tags_entities.vtt").utterances for s in u.segments]
    assert texts == [
        "we spend hours",
        "Bold and italic and under and merci",
        'Revenue < cost & margin > 0 — "ouch" really',
        "<b>not a tag</b> x < y",
    ]


def test_rolling_captions_are_not_counted_twice() -> None:
    call = load_call(DATA / "rolling_captions.vtt")
    assert [u.text for u in call.utterances] == [
        "so what we found is that approvals stall for about a week"
    ]
    assert call.utterances[0].end == 8.0


def test_a_repeated_line_after_a_pause_is_kept() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nYes.\n\n00:05.000 --> 00:06.000\nYes.\n"
    assert [s.text for s in parse(text, source="t").segments] == ["Yes.", "Yes."]


def test_edge_cues() -> None:
    call = load_call(DATA / "edge_cues.vtt")
    segments = [s for u in call.utterances for s in u.segments]
    assert [s.text for s in segments] == [
        "This cue's text spans two lines and a third.",
        "The next cue has no blank line before it.",
        "Right after.",
        "The meeting is at 10:30 -- a dash is fine.",
    ]
    assert [str(w) for w in call.warnings] == ["line 15: 1 cue(s) end before they start; skipped"]


def test_bom_and_crlf() -> None:
    assert _turns("bom_crlf.vtt") == [("Alice", "Hello from Windows."), ("Bob", "Hi back.")]


def test_missing_header_is_read_with_a_warning() -> None:
    call = load_call(DATA / "no_header.vtt")
    assert [u.speaker for u in call.utterances] == ["Alice", "Bob"]
    assert call.format == "vtt"
    assert "no 'WEBVTT' header" in call.warnings[0].message


def test_text_without_header_or_cues_is_not_webvtt() -> None:
    with pytest.raises(IngestError, match="not WebVTT") as info:
        load_text("just some words\n\nand more", format="vtt")
    assert info.value.line == 1


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("malformed_timing.vtt", 6, "malformed timing line '00:00:02.000 --> soon'"),
        ("malformed_arrow.vtt", 7, "malformed timing line '00:00:02.000 - 00:00:04.000'"),
    ],
)
def test_malformed_timing_names_file_and_line(name: str, line: int, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        load_call(DATA / name)
    assert info.value.line == line
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{DATA / name}:{line}: ")


def test_cues_with_minutes_or_seconds_of_60_are_skipped_with_a_warning() -> None:
    # Changed: such a cue used to refuse the whole file; WebVTT players skip just the cue.
    call = load_call(DATA / "malformed_range.vtt")
    assert [u.text for u in call.utterances] == ["Fine."]
    assert [str(w) for w in call.warnings] == [
        "line 6: 1 cue(s) with minutes or seconds of 60 or more skipped (line 6)"
    ]


def test_text_before_the_first_cue_is_kept_untimed_with_a_warning() -> None:
    # Changed: this text used to be ignored; now nothing is dropped without naming its line.
    text = "WEBVTT\n\nstray words\n\nmore stray\n\n00:01.000 --> 00:02.000\nHi.\n"
    parsed = parse(text, source="t")
    assert [(s.text, s.start, s.line) for s in parsed.segments] == [
        ("stray words", None, 3),
        ("more stray", None, 5),
        ("Hi.", 1.0, 8),
    ]
    assert [str(w) for w in parsed.warnings] == [
        "line 3: 2 block(s) without a timing line kept as text without times (lines 3 and 5)"
    ]


def test_a_cue_without_timing_between_cues_joins_the_cue_above() -> None:
    text = (
        "WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: Caption one.\n\n2\nCaption two.\n\n"
        "3\n00:03.000 --> 00:04.000\nBo: Caption three.\n\nBo: Still me.\n\nAna: Me again.\n\n"
        "00:05.000 --> 00:06.000\nAna: Last.\n"
    )
    parsed = parse(text, source="t")
    assert [(s.speaker, s.text, s.start, s.line) for s in parsed.segments] == [
        ("Ana", "Caption one. Caption two.", 1.0, 5),
        ("Bo", "Caption three. Still me.", 3.0, 12),
        ("Ana", "Me again.", None, 16),
        ("Ana", "Last.", 5.0, 19),
    ]
    assert [str(w) for w in parsed.warnings] == [
        "line 8: 2 block(s) without a timing line joined to the cue above (lines 8 and 14)",
        "line 16: 1 block(s) without a timing line kept as text without times (line 16)",
    ]


def test_text_after_the_last_cue_is_left_out_with_a_warning() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: Hi.\n\nAnalysis\nThe rep did well.\n"
    call = load_text(text, source="t.vtt")
    assert [u.text for u in call.utterances] == ["Hi."]
    assert [str(w) for w in call.warnings] == [
        "line 6: 1 block(s) without a timing line after the last cue left out "
        "(notes, not captions) (line 6)"
    ]


def test_voice_tag_without_name_and_text_after_closing_tag() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v>Unnamed</v> then <v.x Ana &amp; Bo>joint\n"
    segments = parse(text, source="t").segments
    assert [(s.speaker, s.text) for s in segments] == [
        (None, "Unnamed"),
        (None, "then"),
        ("Ana & Bo", "joint"),
    ]


def test_two_prefixed_lines_in_one_cue_become_two_speakers() -> None:
    text = "WEBVTT\n\n00:00.000 --> 00:04.000\nAna: Hi there.\nBo: Hello.\n"
    segments = parse(text, source="t").segments
    assert [(s.speaker, s.line) for s in segments] == [("Ana", 4), ("Bo", 5)]
    assert segments[0].end == segments[1].start


def test_lower_case_display_names_count_once_they_recur() -> None:
    cues = "".join(
        f"\n\n00:0{i}.000 --> 00:0{i}.900\n{name}: line {i}"
        for i, name in enumerate(["maria lopez", "bo", "maria lopez", "bo", "maria lopez", "bo"])
    )
    segments = parse("WEBVTT" + cues, source="t").segments
    assert [s.speaker for s in segments] == ["maria lopez", "bo"] * 3
