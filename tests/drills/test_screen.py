"""The hiring screen separates the four sample interviews, with quoted, timed evidence."""

from __future__ import annotations

import pytest

import callcoach
from callcoach.drills.screen import ScreenReport, find_roleplay, screen_call
from callcoach.errors import RoleError
from callcoach.testing import make_call
from tests.drills.conftest import INTERVIEWS

CANDIDATES = {
    "jordan-ellis": ("Jordan Ellis", "relationship-first"),
    "casey-morgan": ("Casey Morgan", "relationship-first"),
    "sam-okafor": ("Sam Okafor", "value-first"),
    "riley-brooks": ("Riley Brooks", "value-first"),
}


def _screen(stem: str) -> tuple[callcoach.Call, ScreenReport]:
    call = callcoach.load_call(INTERVIEWS / f"{stem}.vtt")
    return call, screen_call(call, CANDIDATES[stem][0].split()[0])


@pytest.mark.parametrize("stem", sorted(CANDIDATES))
def test_screen_separates_the_sample_interviews(stem: str) -> None:
    _, report = _screen(stem)
    name, lean = CANDIDATES[stem]
    assert report.candidate == name
    assert report.lean == lean, report.summary
    value, relationship = report.counts.value_statements, report.counts.relationship_statements
    if lean == "value-first":
        assert (
            value > relationship and report.counts.good_behaviours > report.counts.warn_behaviours
        )
    else:
        assert (
            relationship > value and report.counts.warn_behaviours > report.counts.good_behaviours
        )


@pytest.mark.parametrize("stem", sorted(CANDIDATES))
def test_every_statement_is_quoted_with_its_timestamp(stem: str) -> None:
    call, report = _screen(stem)
    assert report.statements and report.roleplay.found
    for item in [*report.statements, *report.behaviours]:
        utterance = call.utterance(item.utterance_id)
        assert utterance.speaker == report.candidate
        assert item.quote.rstrip("…") in utterance.text
        assert item.timestamp is not None and item.start == utterance.start


def test_caveats_are_explicit() -> None:
    _, report = _screen("sam-okafor")
    text = " ".join(report.caveats)
    assert "a screen, not a verdict" in text
    assert "protected attribute" in text
    assert "What the text cannot know" in text
    assert "value-first" in report.lean_rule and report.summary


def test_roleplay_is_found_between_the_interviewer_cues() -> None:
    call, report = _screen("casey-morgan")
    assert report.roleplay.found and report.roleplay.candidate_turns >= 4
    inside = find_roleplay(call, "Casey Morgan")
    texts = [u.text for u in inside.utterances]
    assert texts[0] == "Hi, this is Dana."  # "Love it." acknowledged the set-up
    assert "role-play" not in " ".join(texts).lower()


def test_roleplay_can_be_given_in_seconds() -> None:
    call = callcoach.load_call(INTERVIEWS / "sam-okafor.vtt")
    inside = find_roleplay(call, "Sam Okafor", start=0.0, end=30.0)
    assert inside.utterances and all(
        u.start is not None and u.start < 30 for u in inside.utterances
    )


def test_too_little_evidence_abstains_and_says_why() -> None:
    call = make_call(
        [("Interviewer", "Tell me about yourself."), ("Candidate", "I sell software.")]
    )
    report = screen_call(call, "Candidate")
    assert report.lean == "not enough evidence"
    assert not report.roleplay.found and any("Role-play" in c for c in report.caveats)


def test_unknown_candidate_is_a_role_error() -> None:
    call = callcoach.load_call(INTERVIEWS / "sam-okafor.vtt")
    with pytest.raises(RoleError):
        screen_call(call, "Nobody")


def test_untimed_transcript_says_quotes_have_no_times() -> None:
    call = make_call(
        [
            ("Interviewer", "What makes a great salesperson?"),
            ("Candidate", "Honestly, I'm a people person. People buy from people they like."),
        ],
        timestamps=False,
    )
    report = screen_call(call, "Candidate")
    assert report.statements and all(s.timestamp is None for s in report.statements)
    assert any("no timestamps" in c for c in report.caveats)
