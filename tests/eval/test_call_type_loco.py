"""Leave-one-call-out of the call-type guesser's knobs: right, refused, wrong."""

from __future__ import annotations

from callcoach.eval.call_type_loco import call_type_loco, outcome
from callcoach.scoring.call_type import CallTypeGuess
from callcoach.testing import make_call

DEMO = [
    ("Rep", "Let me share my screen and walk you through the dashboard."),
    ("Prospect", "Okay."),
    ("Rep", "Let me show you the queue. Click on the first ticket here."),
    ("Prospect", "Got it."),
    ("Rep", "As you can see here, if I open the report it updates."),
]
THIN = [("Rep", "Let me share my screen."), ("Prospect", "Okay.")] + [
    ("Rep", "Right."),
    ("Prospect", "Yes."),
] * 3


def test_outcome_right_refused_wrong() -> None:
    guess = CallTypeGuess("negotiation", 0.8, "cue phrases: negotiation 6")
    assert outcome(guess, 0.7, "closing") == 1  # the labels' closing is a negotiation
    assert outcome(guess, 0.9, "closing") == 0
    assert outcome(guess, 0.7, "demo") == -1
    assert outcome(CallTypeGuess("discovery", 0.3, "no call-type cues; assumed"), 0.2, "demo") == 0


def test_thin_evidence_is_refused_and_strong_evidence_is_used() -> None:
    calls = [
        ("strong-1", make_call(DEMO), "demo"),
        ("strong-2", make_call(DEMO), "demo"),
        ("thin-1", make_call(THIN), "discovery"),  # one demo cue on a discovery call
        ("thin-2", make_call(THIN), "discovery"),
    ]
    result = call_type_loco(calls)
    summary = result.summary()
    assert summary["loco"] == {"right": 2, "refused": 2, "wrong": 0}
    assert summary["shipped"] == {"right": 2, "refused": 2, "wrong": 0}
    assert len(result.chosen) == 4
