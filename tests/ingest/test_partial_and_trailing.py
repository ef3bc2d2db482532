"""Partly timed calls keep their times; notes after the last turn never join the last speaker;
speaker labels in any script and normalisation form. All transcripts are invented."""

from __future__ import annotations

import json

import pytest

from callcoach.ingest import load_text
from callcoach.ingest.plaintext import parse

TURNS = (
    "Ana Ruiz: Did the pilot go the way you hoped?\n"
    "Tom Berg: Mostly. Onboarding took longer than planned.\n"
    "Ana Ruiz: How much longer?\n"
    "Tom Berg: Two weeks, which pushed the rollout into the holidays.\n"
)
NOTES = (
    "The rep opened well and asked about the pilot outcome. She could have quantified the "
    "delay in money. The prospect mentioned the holidays as a hard constraint, which is a "
    "need, not a stall. Suggested next step: a dated follow-up with the operations lead.\n"
)


@pytest.mark.parametrize(
    ("separator", "cut_line"),
    [("\nAnalysis\n", 6), ("\n## Summary\n\n", 6), ("\n---\n\n", 6), ("Summary: ", 5),
     ("\nCall analysis\n", 6), ("\n", 6), ("\n**Notes**\n", 6), ("\nNext steps:\n", 6)],
)  # fmt: skip
def test_notes_after_the_last_turn_are_left_out_with_a_warning(
    separator: str, cut_line: int
) -> None:
    call = load_text(TURNS + separator + NOTES, source="call.txt", format="text")
    assert call.utterances[-1].text == "Two weeks, which pushed the rollout into the holidays."
    assert len(call.utterances) == 4
    notes = [w for w in call.warnings if "look like notes" in w.message]
    assert len(notes) == 1 and notes[0].line == cut_line


def test_markdown_heading_after_the_last_turn_starts_notes() -> None:
    turns = "".join(f"**{line.replace(': ', ':** ', 1)}\n\n" for line in TURNS.splitlines())
    call = load_text("# Pilot\n\n" + turns + "## Coaching\n\n" + NOTES, source="c.md")
    assert call.utterances[-1].speaker == "Tom Berg"
    assert call.utterances[-1].text.endswith("into the holidays.")
    assert [w.line for w in call.warnings] == [11]


def test_a_last_turn_that_goes_on_over_several_lines_is_kept() -> None:
    text = (
        "Ana Ruiz  0:01\nDid the pilot go well?\n\nTom Berg  0:04\nMostly.\n\n"
        "Ana Ruiz  0:06\nHow long?\n\nTom Berg  0:08\nTwo weeks.\n\nAnd the holidays on top.\n"
    )
    call = load_text(text, source="otter.txt")
    assert call.utterances[-1].text == "Two weeks. And the holidays on top."
    assert not any("notes" in w.message for w in call.warnings)


def test_a_heading_inside_the_transcript_is_not_notes() -> None:
    text = (
        "# Call\n\n## Part one\n\n**Ana:** Hi.\n\n**Bo:** Hello.\n\n## Part two\n\n**Ana:** Bye.\n"
    )
    call = load_text(text, source="x.md")
    assert [u.text for u in call.utterances] == ["Hi.", "Hello.", "Bye."]
    assert call.warnings == ()


def test_partly_timed_generic_json_keeps_its_times_and_warns() -> None:
    doc = {
        "segments": [
            {"speaker": "Ana", "text": "Hello.", "start": 0.0, "end": 1.5},
            {"speaker": "Bo", "text": "Hi there.", "start": 2.0},
            {"speaker": "Ana", "text": "An untimed aside."},
            {"speaker": "Bo", "text": "And a last remark here.", "start": 6.0},
        ]
    }
    call = load_text(json.dumps(doc), source="p.json")
    assert [(u.start, u.end) for u in call.utterances] == [
        (0.0, 1.5),
        (2.0, 6.0),
        (None, None),
        (6.0, 8.0),
    ]
    messages = [w.message for w in call.warnings]
    assert messages[0].startswith("2 segment(s) have a start but no end (segment 2)")
    assert messages[1].startswith("1 of 4 segment(s) have no times (first: segment 3)")


def test_an_untimed_preamble_does_not_untime_the_call() -> None:
    text = "Recorded on the new phone system\n[00:00:03] Ana: Hello.\n[00:00:06] Bo: Hi.\n"
    call = load_text(text, source="x.txt")
    assert [(u.speaker, u.start) for u in call.utterances] == [
        (None, None),
        ("Ana", 3.0),
        ("Bo", 6.0),
    ]
    untimed = [w for w in call.warnings if "have no times" in w.message]
    assert len(untimed) == 1 and untimed[0].line == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Zoe\u0308 Mu\u0308ller", "Zoë Müller"),  # decomposed accents → NFC
        ("Ana\u200b Ruiz", "Ana Ruiz"),  # zero-width space
        ("\u200eAna Ruiz", "Ana Ruiz"),  # a directional mark before the name
    ],
)
def test_labels_are_normalised(first: str, second: str) -> None:
    text = f"{first}: Hello.\nTom: Hi.\n{second}: How are you?\nTom: Fine.\n"
    call = load_text(text, source="x.txt")
    assert [s.name for s in call.speakers] == [second, "Tom"]
    assert len(call.utterances) == 4


@pytest.mark.parametrize(
    ("one", "two"),
    [("王伟", "李娜"), ("דוד כהן", "שרה לוי"), ("أحمد علي", "فاطمة حسن"), ("佐藤", "田中")],
)
def test_names_in_scripts_without_capitals(one: str, two: str) -> None:
    text = f"{one}: 你好.\n{two}: 好.\n{one}: 再见.\n{two}: 再见.\n"
    segments = parse(text, source="x.txt").segments
    assert [s.speaker for s in segments] == [one, two, one, two]


def test_full_width_colon_labels() -> None:
    segments = parse("王伟：你好。\n李娜：你好！\n王伟：开始吧。\n", source="x").segments
    assert [(s.speaker, s.text) for s in segments] == [
        ("王伟", "你好。"),
        ("李娜", "你好！"),
        ("王伟", "开始吧。"),
    ]


def test_a_long_uncased_run_is_not_a_name() -> None:
    text = "我们觉得价格太高了而且时间也不够: 所以.\n" * 3
    assert {s.speaker for s in parse(text, source="x").segments} == {None}
