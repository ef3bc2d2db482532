"""roles: how people talk (the seller-voice head) checks and completes the phrase cues."""

from __future__ import annotations

from callcoach.roles import resolve_roles
from callcoach.testing import make_call

# Invented: a two-person call with none of the phrase cues the heuristic knows, so the
# phrases alone cannot name the seller (confidence is capped for a questions-only guess).
SELLER = [
    "So how are the claims handlers splitting the work across the two offices right now?",
    "And when a claim sits in the queue for a week, what does that do to renewals?",
    "The carriers we work with usually find the delay sits in the document chasing.",
    "My suggestion would be to start with the motor claims, where the volume is.",
    "I can put a pilot plan together with dates and owners and get it to you Friday.",
    "Would it make sense to bring your claims director into the next conversation?",
]
BUYER = [
    "We've got eighteen handlers, and honestly the Leeds office is drowning at the moment.",
    "We lost two fleet renewals last quarter because the claims took too long to settle.",
    "Half my team's day goes on phoning garages for estimates and photos.",
    "Our director will want to know how this fits with the core claims system.",
    "We're in the middle of a system upgrade, so the timing is awkward for us.",
    "I'd need to see the pilot plan before I put it in front of anyone.",
]


def test_the_voices_name_the_seller_when_the_phrases_cannot() -> None:
    lines = [
        (who, text)
        for pair in zip(BUYER, SELLER, strict=True)
        for who, text in (("Jo", pair[0]), ("Ash", pair[1]))
    ]
    assignment = resolve_roles(make_call(lines), required=False)
    assert assignment.reps == ("Ash",)
    assert assignment.prospects == ("Jo",)
    assert any("the voices decide" in r for r in assignment.reasons)
    assert any("seller-voice head" in r for r in assignment.reasons)


def test_too_little_speech_leaves_the_refusal_alone() -> None:
    lines = [("Jo", "Okay."), ("Ash", "Right, great."), ("Jo", "Sure."), ("Ash", "Cheers.")]
    assignment = resolve_roles(make_call(lines), required=False)
    assert assignment.method == "none"
    assert not any("voices decide" in r for r in assignment.reasons)
