"""What the card says next to a score agrees with the score (rubric 2.8.2, report wording).

Each test holds one sentence a sales manager rejected in the bundled sample reports; every
sentence below is invented.
"""

from __future__ import annotations

from callcoach.model import CriterionScore, Evidence, Finding, RoleAssignment
from callcoach.scoring import load_rubric
from callcoach.scoring.coaching import STRENGTH, concrete_tip
from callcoach.scoring.scorer import _focus, _key_moments
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


def test_a_quote_that_ends_a_sentence_is_not_followed_by_a_second_full_stop() -> None:
    call = make_call(
        [
            ("Prospect", "I have to run it past our board first."),
            ("Rep", "Makes total sense."),
        ]
    )
    stall, reply = call.utterances
    accepted = Finding(
        "stall_response", "1", "accepted", 0.8, (Evidence.of(stall), Evidence.of(reply))
    )
    tip = concrete_tip(_criterion("stalls"), 1, {}, {"stall_response": [accepted]}, ROLES, call)
    assert tip is not None and "“Makes total sense.” " in tip and ".”." not in tip


def test_a_key_moment_is_listed_once() -> None:
    # A probe that is also an open business question was listed twice at the same second.
    call = make_call(
        [
            ("Prospect", "Honestly I need to mull it over with the team."),
            ("Rep", "Sure, what exactly would the team want to see before deciding?"),
            ("Prospect", "Mostly how the approvals would route between the two offices."),
            ("Rep", "How do the approvals route between the offices today?"),
        ]
    )
    stall, probe, _, question = call.utterances
    findings = {
        "stall": [Finding("stall", "1", "stall", 0.9, (Evidence.of(stall),))],
        "stall_response": [
            Finding("stall_response", "1", "probed", 0.8, (Evidence.of(stall), Evidence.of(probe)))
        ],
        "question_topic": [
            Finding("question_topic", "1", "business", c, (Evidence.of(u),))
            for u, c in ((probe, 0.95), (question, 0.9))
        ],
        "question_type": [
            Finding("question_type", "1", "open", 0.85, (Evidence.of(u),))
            for u in (probe, question)
        ],
        "question": [
            Finding("question", "1", "question", 1.0, (Evidence.of(u),)) for u in (probe, question)
        ],
    }
    moments = _key_moments(RUBRIC, ROLES, findings, call)
    quoted = [m.evidence.utterance_id for m in moments]
    assert quoted.count(probe.id) == 1
    # the question kind takes its next question instead of the one already shown
    assert [m.kind for m in moments if m.evidence.utterance_id == question.id] == ["best_question"]


def test_a_score_raised_by_an_absence_floor_is_the_focus_only_as_a_last_resort() -> None:
    def crit(cid: str, score: int, weight: float = 1.5) -> CriterionScore:
        return CriterionScore(cid, cid, weight, score, (), "")

    floored = {"summarize"}
    observed = [crit("summarize", 2), crit("listening", 3, 2.0), crit("challenge", 3, 1.0)]
    assert _focus(observed, floored) == "listening"
    assert _focus([crit("summarize", 2), crit("discovery", 5)], floored) == "summarize"
    assert _focus([crit("discovery", 5)], set()) is None
