"""challenge: rep insight/reframe statements that dispute the prospect's assumption."""

from __future__ import annotations

import pytest

from callcoach.detectors.challenge import ChallengeDetector
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

CHALLENGES = [
    ("Actually, most teams find the bottleneck is the approval step, not headcount.", "reframe"),
    ("I'd push back on that a little.", "disagreement"),
    ("The data says otherwise: hiring more people usually makes it slower.", "insight"),
    ("That's a common belief, but in practice it's rarely the tool.", "reframe"),
    ("In our experience it's usually not the software, it's the process.", "reframe"),
    ("I'm not sure that's the real problem.", "disagreement"),
    ("The real issue is that nobody owns the data.", "reframe"),
]

NOT_CHALLENGES = [
    "Can we push the call back to Friday?",
    "What's your biggest challenge right now?",
    "Actually, I have a quick question about your team.",
    "That makes total sense, I agree with you.",
    "Most of our customers are in healthcare.",
    "Our product has great reporting.",
]


def _challenges(text: str, speaker: str = "Rep") -> list[Finding]:
    call = build_call([("Prospect", "We just need more people."), (speaker, text)])
    return ChallengeDetector().detect(call, build_context(call))


@pytest.mark.parametrize(("text", "kind"), CHALLENGES)
def test_challenges(text: str, kind: str) -> None:
    for variant in (text, strip_punctuation(text)):
        found = _challenges(variant)
        assert [f.label for f in found] == ["challenge"], variant
        assert found[0].attributes["speaker_role"] == "rep"
        assert found[0].evidence[0].utterance_id == "u0001"
    assert _challenges(text)[0].attributes["kind"] == kind


@pytest.mark.parametrize("text", NOT_CHALLENGES)
def test_not_challenges(text: str) -> None:
    assert _challenges(text) == []
    assert _challenges(strip_punctuation(text)) == []


def test_a_veto_phrase_cancels_its_sentence_only() -> None:
    text = "Let's push it back to Friday. Honestly, I'd push back on the idea that it's headcount."
    found = _challenges(text)
    assert len(found) == 1
    assert found[0].evidence[0].quote.startswith("Honestly, I'd push back")


def test_only_the_rep_challenges() -> None:
    assert _challenges("I'd push back on that.", speaker="Prospect") == []


def test_an_announcement_points_at_the_reframe_after_it() -> None:
    text = (
        "That's the instinct most finance teams have, and it's reasonable. "
        "Here's the catch, though. A faster clerk still waits on the same sign-off."
    )
    [found] = _challenges(text)
    assert found.evidence[0].quote == "A faster clerk still waits on the same sign-off."


def test_price_is_not_the_risk_is_a_challenge() -> None:
    [found] = _challenges("I won't cut the price, because price isn't the real risk here.")
    assert found.attributes["kind"] == "reframe"


def test_a_playback_is_not_a_challenge() -> None:
    assert _challenges("So if I heard you right, the real problem is the sign-off queue.") == []


def test_the_negotiation_sample_shows_no_next_step_as_a_challenge() -> None:
    """The bundled expert negotiation sample ends with next steps; one says on the way that
    legal should not hold things up ("… isn't the bottleneck", which the phrase lexicon
    reads as a reframe). No challenge finding, so no quote under the challenge criterion,
    is that next step, and the sample's real reframe is still found."""
    import callcoach
    from callcoach.detectors.stance import _clean, _has
    from tests.conftest import EXAMPLES

    call = callcoach.load_call(EXAMPLES / "08-quarryhill-negotiation-expert.json")
    found = ChallengeDetector().detect(call, build_context(call, "Marcus Reyes"))
    assert found
    for finding in found:
        quote = finding.evidence[0].quote
        assert not _has("next-step", _clean(quote)), quote
        assert "bottleneck" not in quote, quote


_CRATE_PLAN = (
    "The plan is to hire two more inspectors and check every crate by hand before it ships."
)


def _rules_only(turns: list[tuple[str, str]], off: frozenset[str] = frozenset()) -> list[str]:
    """The rule findings' quotes (reply veto off), with ``off`` switched off as well."""
    rules = type(
        "Rules",
        (ChallengeDetector,),
        {"rules_off": ChallengeDetector.rules_off | off, "REPLY_VETO": 0.0},
    )
    call = build_call(turns)
    return [f.evidence[0].quote for f in rules().detect(call, build_context(call))]


@pytest.mark.parametrize(
    ("lead", "text"),
    [
        (
            "Here's what I'd do for you.",
            "It scans every crate on the belt, not a sample, so your inspectors see what it flags.",
        ),
        (
            "",
            "CrateEye scans every crate on the belt, not a sample, so your inspectors see the few.",
        ),
        (
            "That's the dock report.",
            "And the app reads every crate label at the dock, not one box in ten, so your "
            "inspectors see only what it flags.",
        ),
    ],
)
def test_a_product_doing_its_job_is_a_pitch_not_a_challenge(lead: str, text: str) -> None:
    """challenge 1.12.0 (``product-subject``): the sentence's subject is the product (a
    CamelCase name; "it", "the app" … once the turn presents our offer) doing something, so
    it describes what is sold, not the buyer's view of their problem; without the guard the
    contrast reads as a correction."""
    turns = [("Prospect", _CRATE_PLAN), ("Rep", f"{lead} {text}".strip())]
    assert _rules_only(turns, frozenset({"product-subject"})) == [text]
    assert _rules_only(turns) == []


@pytest.mark.parametrize(
    ("plan", "text"),
    [
        (
            _CRATE_PLAN,
            "Two more inspectors check faster, but the damage happens on the truck, not the shelf.",
        ),
        (
            _CRATE_PLAN,
            "It checks faster, but the damage happens on the truck, not in the warehouse.",
        ),
        (
            "The plan is to buy ShelfPro and have the team scan every shelf each night.",
            "ShelfPro won't see stock that never reached the shelf, and that's where your losses "
            "are, not on the shelf.",
        ),
    ],
)
def test_the_buyers_plan_or_a_named_product_it_would_not_fix_is_still_a_challenge(
    plan: str, text: str
) -> None:
    """The guard reads only a product doing something: the buyer's plan as the subject, a
    named product with a limit ("ShelfPro won't …"), or "it" with no offer presented before
    it, is still disputed."""
    assert _rules_only([("Prospect", plan), ("Rep", text)]) == [text]


_NO_SIGNAL = "The drivers are far out. Past the hills there is no signal for most of the day."


def test_a_worry_waved_away_is_not_a_challenge() -> None:
    """challenge 1.12.0 (``waved-away``, ``stance.waved_away``): "that's never a worry in
    practice" reassures; without the guard it reads as a challenge."""
    text = "That's never a worry in practice, the drivers all pass the depot by noon."
    turns = [("Prospect", _NO_SIGNAL), ("Rep", text)]
    assert _rules_only(turns, frozenset({"waved-away"})) == [text]
    assert _rules_only(turns) == []


def test_a_cause_waved_away_for_another_is_kept() -> None:
    """Waving one cause away to name the real one is a reframe: challenge keeps it (candor,
    which reads no reframe, does not)."""
    from callcoach.detectors.stance import waved_away
    from callcoach.model import Evidence

    text = "Signal is not an issue for you, honestly, the hand-off at the depot is."
    call = build_call([("Prospect", _NO_SIGNAL), ("Rep", text)])
    utterance = call.utterances[1]
    finding = ChallengeDetector().finding(
        "challenge", [Evidence.of(utterance, 0, len(text))], 0.6, rule="correction"
    )
    assert waved_away(call, finding)
    assert not waved_away(call, finding, keep_reframe=True)


@pytest.mark.parametrize(
    ("buyer", "rep", "dispute"),
    [
        (
            "My plan is simpler: a second clerk on the night shift and the backlog is gone.",
            "Can I push on that a bit? A second clerk would give the auditor a tidy backlog "
            "report, so for the audit he'd probably do. He would not have caught the missed "
            "orders in June.",
            "He would not have caught the missed orders in June.",
        ),
        (
            "I think the new pumps will fix it, we just run them the same twelve hours.",
            "That's what we tend to find. The savings from new pumps are real, but if they "
            "still run through the peak tariff, most of the bill stays.",
            "The savings from new pumps are real, but if they still run through the peak "
            "tariff, most of the bill stays.",
        ),
    ],
)
def test_a_lead_in_that_disputes_nothing_points_at_the_dispute(
    buyer: str, rep: str, dispute: str
) -> None:
    """challenge 1.13's ``conceded`` (shipped off, ``OFF_1_13``): a finding that disputes
    nothing (a concession after an announcement, "that's what we tend to find") quotes the
    sentence after it that does; off, the finding quotes the lead-in."""
    turns = [("Prospect", buyer), ("Rep", rep)]
    on = type(
        "On",
        (ChallengeDetector,),
        {
            # the ``evidence`` rule (retired in 1.13.0) finds one of the disputes
            # measured on the 1.13 rules: 1.14's ``leave-body`` reads this turn's body whole
            "rules_off": (ChallengeDetector.rules_off | {"leave-body"})
            - {"conceded"}
            - ChallengeDetector.RETIRED_1_13,
            "REPLY_VETO": 0.0,
        },
    )
    call = build_call(turns)
    assert [f.evidence[0].quote for f in on().detect(call, build_context(call))] == [dispute]
    assert _rules_only(turns) != [dispute]


def _plan_stated_on(turns: list[tuple[str, str]]) -> list[str]:
    on = type(
        "On",
        (ChallengeDetector,),
        {"rules_off": ChallengeDetector.rules_off - {"plan-stated"}, "REPLY_VETO": 0.0},
    )
    call = build_call(turns)
    return [f.evidence[0].quote for f in on().detect(call, build_context(call))]


def test_what_a_plan_only_does_needs_a_plan_the_buyer_said() -> None:
    """challenge 1.13.0's ``plan-stated`` (shipped off, ``OFF_1_13``;
    ``stance.unstated_plan``): the ``plan`` rule (what the buyer's plan only does) needs a
    plan or a belief among the buyer's turns it reads; after a complaint alone the rep
    describes a workflow, disputing nothing."""
    text = "Your drivers never see the paperwork again, the app files it."
    turns = [("Prospect", "Our drivers are always late with the paperwork."), ("Rep", text)]
    assert _rules_only(turns) == [text]
    assert _plan_stated_on(turns) == []
    planned = "Two more drivers only spread the same late tickets over more vans."
    said = "My plan is to put two more drivers on the Friday route."
    assert _plan_stated_on([("Prospect", said), ("Rep", planned)]) == [planned]


def test_the_evidence_rule_is_back_on() -> None:
    """challenge 1.13.1: the grammar rule ``evidence`` (an evidence frame and a contrast
    word), retired in 1.13.0, is on again (``RETIRED_1_13`` is empty): the invented stance
    sets' floors need it. A correction with its own evidence frame is a challenge."""
    assert "evidence" not in ChallengeDetector.rules_off
    framed = (
        "When we looked at crate losses for other growers, the damage was on the truck, "
        "but nobody checks there."
    )
    assert _rules_only([("Prospect", _CRATE_PLAN), ("Rep", framed)]) == [framed]
    corrected = (
        "In the audits we ran for growers your size, most of the damage happened on the "
        "truck, not at packing."
    )
    assert _rules_only([("Prospect", _CRATE_PLAN), ("Rep", corrected)]) == [corrected]


_KILN_PLAN = "My plan is to buy a second kiln before Christmas, then we'll keep up with orders."
_KILN_BODY = (
    "The potteries we supply that added a kiln fired more pots and shipped the same number. "
    "Their orders stalled at glazing, where one person does every piece by hand. "
    "A second kiln mostly gives that one person a longer queue."
)


def test_the_reasons_after_a_leave_request_not_waited_on_are_the_challenge() -> None:
    """challenge 1.14.0's ``leave-body`` (``stance.leave_bodies``): a rep who asks leave to
    push back and goes straight on without waiting holds the challenge in the statements
    after the request; they are one finding, the request is none."""
    rep = f"Would you mind if I argue against that? {_KILN_BODY}"
    assert _rules_only([("Prospect", _KILN_PLAN), ("Rep", rep)]) == [_KILN_BODY]
    rules = type("Rules", (ChallengeDetector,), {"REPLY_VETO": 0.0})
    call = build_call([("Prospect", _KILN_PLAN), ("Rep", rep)])
    [found] = rules().detect(call, build_context(call))
    assert (found.attributes["rule"], found.attributes["kind"]) == ("leave-body", "reframe")
    assert found.version == ChallengeDetector.version
    assert _KILN_BODY not in _rules_only(
        [("Prospect", _KILN_PLAN), ("Rep", rep)], frozenset({"leave-body"})
    )


def test_a_leave_body_stops_at_a_question() -> None:
    """The body ends before the rep's next question: a question hands the floor back."""
    asked = "Who glazes them now?"
    rep = f"Could I poke at the kiln idea? {_KILN_BODY} {asked} Is it still just Mona?"
    assert _rules_only([("Prospect", _KILN_PLAN), ("Rep", rep)]) == [_KILN_BODY]


@pytest.mark.parametrize(
    ("buyer", "rep"),
    [
        # the buyer asked: what follows answers the question
        (
            "How much would the glazing module cost us?",
            "Can I be honest about that? It is dearer than the kiln software you have, "
            "about four hundred a month with the setup on top.",
        ),
        # coming back to an earlier topic is no dispute
        (
            _KILN_PLAN,
            "Can I go back to the delivery vans for a second? You mentioned two of them "
            "sit idle on Mondays while the drivers wait for the packing list.",
        ),
        # candour about ourselves, not leave to dispute the buyer's view
        (
            _KILN_PLAN,
            "Can I be honest with you? Our scheduling screen is the weakest part of the "
            "product and we are rebuilding it over the winter.",
        ),
    ],
)
def test_no_leave_body_without_a_request_to_dispute_a_stated_view(buyer: str, rep: str) -> None:
    body = rep.split("? ", 1)[1]
    assert body not in _rules_only([("Prospect", buyer), ("Rep", rep)])


def test_the_1_14_variants_are_off() -> None:
    """challenge 1.14.0 measured two wider forms and shipped them off (``OFF_1_14``):
    ``leave-statement`` (the reasons after a short "I'd push back on that." are a moment of
    their own) and ``invited-body`` (the statements opening a turn the buyer agreed to hear a
    challenge in are one finding). 1.16.0 switches ``invited-body`` on, read as its
    ``invited_body`` parameter says ("empty")."""
    assert "leave-statement" in ChallengeDetector.rules_off
    assert "invited-body" not in ChallengeDetector.rules_off
    assert ChallengeDetector().params["invited_body"] == "empty"
    assert "leave-body" not in ChallengeDetector.rules_off
    rep = f"I'd gently push back there. {_KILN_BODY}"
    on = _rules_only(
        [("Prospect", _KILN_PLAN), ("Rep", rep)],
    )
    wide = type(
        "Wide",
        (ChallengeDetector,),
        {"rules_off": ChallengeDetector.rules_off - {"leave-statement"}, "REPLY_VETO": 0.0},
    )
    call = build_call([("Prospect", _KILN_PLAN), ("Rep", rep)])
    quotes = [f.evidence[0].quote for f in wide().detect(call, build_context(call))]
    assert _KILN_BODY in quotes
    assert _KILN_BODY not in on


# -- 1.16.0 (docs/evaluation/stance.md, 1.30) -------------------------------------------------


def _quotes(turns: list[tuple[str, str]], **params: object) -> list[tuple[object, str]]:
    """(rule, quote) of each finding, the reply veto off."""
    call = build_call(turns)
    found = ChallengeDetector(reply_veto=0.0, **params).detect(call, build_context(call))
    return [(f.attributes.get("rule"), f.evidence[0].quote) for f in found]


_VANS = "We need a third dispatcher, the vans keep leaving late."


@pytest.mark.parametrize(
    "text",
    [
        "The late vans you described are a loading problem, not a dispatch problem.",
        "It's a routing question before it's a headcount question.",
        "What Dana described is a handover issue, and another dispatcher won't see it.",
    ],
)
def test_the_buyers_problem_named_as_one_of_another_kind_is_a_challenge(text: str) -> None:
    """Lexicon round 4: the rep names the buyer's problem as a problem of another kind."""
    found = _challenges(text)
    assert [f.attributes["kind"] for f in found] == ["reframe"]
    assert found[0].version == "1.16.0"


@pytest.mark.parametrize(
    "text",
    ["Staffing is a real problem for everyone this year.", "That's a nice problem to have."],
)
def test_a_problem_named_without_another_kind_is_no_challenge(text: str) -> None:
    assert _quotes([("Prospect", _VANS), ("Rep", text)]) == []


_STORY = "The potteries we supply that added a kiln fired more pots and shipped the same number."
_NAMED = "The backlog you described is a glazing problem, not a firing problem."


def test_a_leave_body_is_cut_before_a_later_challenge_of_its_own() -> None:
    """``leave_split``: the story after the request and the reframe that closes it are two
    moments; switched off, one finding quotes both."""
    turns = [
        ("Prospect", _KILN_PLAN),
        ("Rep", f"Could I push back on the kiln plan? {_STORY} {_NAMED}"),
    ]
    assert _quotes(turns) == [("leave-body", _STORY), ("leave-split", _NAMED)]
    assert _quotes(turns, leave_split=False) == [("leave-body", f"{_STORY} {_NAMED}")]


_DOCKS = "We'll put the new scanners on all six docks in March, that's settled."
_ASK = "Can I poke at that for a minute?"
_BODY = (
    "Your night crew loads the trucks from a printed list. "
    "Half those lists change after six, and nobody tells the loaders."
)


def test_an_invited_turn_no_rule_reads_is_the_challenge() -> None:
    """``invited_body`` "empty": the buyer agreed to hear a challenge and the rep's next
    turn holds one no rule reads; its opening statements are the finding ("off": 1.15.0)."""
    turns = [("Prospect", _DOCKS), ("Rep", _ASK), ("Prospect", "Go ahead."), ("Rep", _BODY)]
    assert _quotes(turns) == [("leave-body", _BODY)]
    assert _quotes(turns, invited_body="off") == []


def test_an_invited_turn_that_recalls_the_buyers_words_sets_up_a_question() -> None:
    recalled = "You said the night crew is the slow one. The day crew loads from the same list."
    turns = [("Prospect", _DOCKS), ("Rep", _ASK), ("Prospect", "Go ahead."), ("Rep", recalled)]
    assert _quotes(turns) == []
    assert _quotes(turns, invited_body="all") == [("leave-body", recalled)]


_PRESS_PUSH = "Honestly, I'd push back on buying the faster press before anything else."
_PRESS_WHY = "If the dies still take a day to change, a faster press just waits longer."


def test_a_challenge_of_up_to_sixteen_words_runs_on_over_its_reason() -> None:
    """``lead_in_words`` 16 (1.15.0: 8): the twelve-word push-back takes in its reason."""
    turns = [
        ("Prospect", "We'll buy the faster press this spring."),
        ("Rep", f"{_PRESS_PUSH} {_PRESS_WHY}"),
    ]
    assert _quotes(turns) == [(None, f"{_PRESS_PUSH} {_PRESS_WHY}")]
    assert _quotes(turns, lead_in_words=8) == [(None, _PRESS_PUSH)]
    params = ChallengeDetector().params
    assert (params["leave_split"], params["lead_in_words"]) == (True, 16)
