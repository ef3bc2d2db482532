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


@pytest.mark.parametrize(
    "text",
    [
        "I'll send you the draft business case by Thursday.",
        "You'll have the ROI model from our analyst tomorrow morning.",
        "That way the business case is built on your own payroll figures.",
        "Honestly, the ROI our customers see is the best in the market.",
    ],
)
def test_a_sentence_about_one_deal_is_no_mindset_statement(text: str) -> None:
    """A next step, the listener's own things or our customers' results say nothing about
    how the speaker sells (v1.1; a sales call is analysed with every detector)."""
    assert _mindset(text) == []


def test_beliefs_with_a_generic_you_still_count() -> None:
    text = "You have to understand your buyer's real problem before you pitch anything."
    assert [f.label for f in _mindset(text)] == ["problem_first"]


def test_the_negotiation_sample_has_no_mindset_statement_on_its_next_steps() -> None:
    import callcoach
    from tests.conftest import EXAMPLES

    call = callcoach.load_call(EXAMPLES / "08-quarryhill-negotiation-expert.json")
    assert MindsetDetector().detect(call, build_context(call, rep="Marcus Reyes")) == []
