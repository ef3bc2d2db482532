"""next_step: concrete rep-led next steps with date, owner and commitment; vague ones flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from callcoach.detectors.next_step import NextStepDetector, When, find_when
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from callcoach.testing import check_detector
from tests.detectors.conftest import build_call, build_context

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "words", "iso"),
    [
        ("Does next Tuesday at 2pm work?", "next Tuesday at 2pm", "2026-12-01T14:00"),
        ("How about Thursday?", "Thursday", "2026-11-26"),
        ("I'll send it tomorrow at 10am.", "tomorrow at 10am", "2026-11-24T10:00"),
        ("By end of the month.", "end of the month", "2026-11-30"),
        ("Let's regroup in two weeks.", "in two weeks", "2026-12-07"),
        ("We'll meet on December 3rd.", "December 3rd", "2026-12-03"),
        ("Let's say the 15th of January.", "15th of January", "2027-01-15"),
        ("next week works", "next week", "2026-11-30"),
        ("Friday at noon", "Friday at noon", "2026-11-27T12:00"),
        ("Grab 45 minutes on the 3rd?", "the 3rd", "2026-12-03"),
    ],
)
def test_dates_resolve_against_the_call_date(text: str, words: str, iso: str) -> None:
    assert find_when(text, MONDAY) == When(words, iso)
    assert find_when(text, None) == When(words, None)


@pytest.mark.parametrize(
    "text", ["Let's talk at length.", "version 2 is out", "We have 3 people.", "nothing"]
)
def test_no_date(text: str) -> None:
    assert find_when(text, MONDAY) is None


def _steps(text: str, speaker: str = "Rep", call_date: date | None = MONDAY) -> list[Finding]:
    call = replace(build_call([("Prospect", "Sounds good."), (speaker, text)]), date=call_date)
    return NextStepDetector().detect(call, build_context(call))


@pytest.mark.parametrize(
    ("text", "owner", "committed", "iso"),
    [
        ("I'll send the proposal by Thursday.", "rep", False, "2026-11-26"),
        ("Could you send me the security questionnaire tomorrow?", "prospect", False, "2026-11-24"),
        ("Let's book 30 minutes next Wednesday to walk through pricing.", "both", False, None),
        ("Can we lock in Friday at 10am for the demo?", "both", True, "2026-11-27T10:00"),
        ("Does Tuesday at 2 work for a follow-up with your CFO?", "both", True, None),
        ("I'll email you the recap and a calendar invite. Does that work?", "rep", True, None),
    ],
)
def test_concrete_next_steps(text: str, owner: str, committed: bool, iso: str | None) -> None:
    found = _steps(text)
    assert [f.label for f in found][:1] == ["next_step"], text
    step = found[0].attributes
    assert (step["owner"], step["committed"]) == (owner, committed)
    if iso is not None:
        assert step["date"] == iso


def test_action_words_and_relative_date_without_call_date() -> None:
    [step] = _steps("I'll put together the business case and share it Monday.", call_date=None)
    assert step.attributes["action"] == "put together the business case and share it"
    assert step.attributes["date"] is None
    assert step.attributes["date_text"] == "Monday"


def test_next_step_in_asr_text() -> None:
    [step] = _steps(strip_punctuation("I'll send the proposal by Thursday at 3pm."))
    assert step.attributes["date"] == "2026-11-26T15:00"
    assert step.attributes["owner"] == "rep"


@pytest.mark.parametrize(
    "text",
    [
        "Let's touch base soon.",
        "I'll circle back soon.",
        "We'll talk soon!",
        "just get back to me whenever you're ready",
        "I'll be in touch.",
    ],
)
def test_vague_next_steps(text: str) -> None:
    found = _steps(text)
    assert [f.label for f in found] == ["vague_next_step"], text
    assert found[0].attributes["date"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Last Tuesday we launched a new feature.",
        "What tools are you using today?",
        "The report runs every Monday morning.",
        "I had a meeting with another client yesterday.",
        "Who signs the contract on your side?",
    ],
)
def test_not_next_steps(text: str) -> None:
    assert _steps(text) == []


def test_only_the_rep_leads_next_steps() -> None:
    assert _steps("I'll send you the contract on Thursday.", speaker="Prospect") == []


def test_conformance() -> None:
    check_detector(NextStepDetector())
