from callcoach.scoring.call_type import guess_call_type
from callcoach.testing import make_call

TYPES = ("discovery", "demo", "negotiation", "follow-up")


def test_demo_cues_win() -> None:
    call = make_call(
        [
            ("Rep", "Let me share my screen and walk you through the dashboard."),
            ("Prospect", "Sure."),
            ("Rep", "Let me show you how approvals work. Click on the invoice here."),
        ]
    )
    guess = guess_call_type(call, TYPES)
    assert guess.call_type == "demo" and guess.confidence > 0.5
    assert "demo" in guess.reason


def test_no_cues_falls_back_to_discovery_with_low_confidence() -> None:
    guess = guess_call_type(make_call([("Rep", "Hello."), ("Prospect", "Hi.")]), TYPES)
    assert guess.call_type == "discovery" and guess.confidence < 0.5
