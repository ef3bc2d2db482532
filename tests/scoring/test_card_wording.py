"""What the card says next to a score agrees with the score (rubric 2.8.2, report wording).

Each test holds one sentence a sales manager rejected in the bundled sample reports; every
sentence below is invented.
"""

from __future__ import annotations

from callcoach.model import Evidence, Finding, RoleAssignment
from callcoach.scoring import load_rubric
from callcoach.scoring.coaching import STRENGTH, concrete_tip
from callcoach.testing import make_call

RUBRIC = load_rubric("expert-not-friend")
ROLES = RoleAssignment({"Rep": "rep", "Prospect": "prospect"}, 1.0, "explicit")


def _criterion(cid: str):  # type: ignore[no-untyped-def]
    return next(c for c in RUBRIC.criteria if c.id == cid)


def test_a_strength_tip_does_not_open_on_a_fault() -> None:
    # "At 0:02 you asked ..., which is small talk. Strong discovery; ..." on a 4: the fault
    # is quoted only below a strength.
    call = make_call(
        [
            ("Prospect", "Let me sleep on the whole thing before we go further."),
            ("Rep", "Of course, no rush at all."),
        ]
    )
    stall, reply = call.utterances
    accepted = Finding(
        "stall_response", "1", "accepted", 0.8, (Evidence.of(stall), Evidence.of(reply))
    )
    stalls = _criterion("stalls")
    findings = {"stall_response": [accepted]}
    low = concrete_tip(stalls, 3, {}, findings, ROLES, call) or ""
    assert low.startswith("At 0:00") and "Of course, no rush at all." in low
    high = concrete_tip(stalls, STRENGTH, {}, findings, ROLES, call)
    assert high == stalls.tips[STRENGTH]


def test_every_score_a_weighing_can_reach_has_a_tip() -> None:
    # Candor weighed from a 1 up to a 2 (or a 3 down to it) had no tip. An absence floor
    # keeps the tip of the score it raised (nothing was found: the 1's advice holds).
    for criterion in RUBRIC.criteria:
        if criterion.score.shrink is None:
            continue
        for score in (1, 2, 3, 4):
            assert criterion.tips.get(score), (criterion.id, score)


def test_band_tips_state_no_count_the_band_does_not_hold() -> None:
    quantify = _criterion("quantify").tips[2]
    assert "once" not in quantify  # a 2 is two pain numbers, or none on a strong call
    listening = _criterion("listening").tips[3]
    assert "balance" not in listening  # a 3 sat next to talk shares of 65-77%
    discovery = _criterion("discovery").tips[2]
    assert "11" not in discovery  # eight open business questions already earn a 5
