"""mindset: interview statements framing sales as relationships or as problem-solving."""

from __future__ import annotations

import pytest

from callcoach.detectors.mindset import MindsetDetector
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

RELATIONSHIP = [
    "Sales is all about relationships.",
    "I'm a people person, I get along with everyone.",
    "I take clients for coffee every week.",
    "People buy from people they like.",
    "Relationships are everything in this job.",
]
PROBLEM = [
    "I focus on the customer's problem before I talk about product.",
    "I quantify the cost of the problem in every discovery call.",
    "What I care about is closed revenue.",
    "I qualify hard and walk away from deals that don't fit.",
    "I try to understand their business better than they do.",
]
NEUTRAL = [
    "I started my career in retail.",
    "I used Salesforce and HubSpot daily.",
    "I like hiking and coffee on weekends.",
    "My team had eight reps.",
]


def _mindset(text: str, speaker: str = "Candidate") -> list[Finding]:
    call = build_call([("Interviewer", "How do you approach selling?"), (speaker, text)])
    return MindsetDetector().detect(call, build_context(call, rep="Candidate"))


@pytest.mark.parametrize("text", RELATIONSHIP)
def test_relationship_first(text: str) -> None:
    for variant in (text, strip_punctuation(text)):
        assert [f.label for f in _mindset(variant)] == ["relationship_first"], variant


@pytest.mark.parametrize("text", PROBLEM)
def test_problem_first(text: str) -> None:
    for variant in (text, strip_punctuation(text)):
        assert [f.label for f in _mindset(variant)] == ["problem_first"], variant


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_statements(text: str) -> None:
    assert _mindset(text) == []


def test_the_stance_after_the_contrast_decides() -> None:
    text = "Sales is all about relationships, but I focus on the customer's problem first."
    assert [f.label for f in _mindset(text)] == ["problem_first"]


def test_only_the_candidate_is_scored() -> None:
    assert _mindset("Sales is all about relationships.", speaker="Interviewer") == []
