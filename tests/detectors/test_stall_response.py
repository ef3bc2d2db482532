"""stall_response: did the rep probe, reframe or accept the prospect's stall?"""

from __future__ import annotations

import pytest

from callcoach import pipeline
from callcoach.detectors.stall import StallDetector
from callcoach.detectors.stall_response import StallResponseDetector
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

STALL = "Let me think about it and get back to you."

REPLIES = [
    ("Sure, no problem, take your time.", "accepted"),
    ("Of course. I'll send it over this afternoon.", "accepted"),
    ("Just let me know.", "accepted"),
    ("What specifically would you need to think through?", "probed"),
    ("Totally fair. What would need to be true for this to be a yes?", "probed"),
    ("Who else would weigh in on the decision?", "probed"),
    ("Can I ask what's behind that?", "probed"),
    ("Help me understand what's holding you back.", "probed"),
    ("What if we started with one team for a month?", "reframed"),
    ("Every month you wait costs you about forty hours.", "reframed"),
    ("Let me show you the reporting module.", "other"),
]


def _responses(lines: list[tuple[str, str]]) -> list[Finding]:
    call = build_call(lines)
    found = pipeline.run(call, build_context(call).roles, pipeline.build(["stall_response"]))
    return list(found["stall_response"])


@pytest.mark.parametrize(("reply", "kind"), REPLIES)
def test_reply_kind(reply: str, kind: str) -> None:
    found = _responses([("Prospect", STALL), ("Rep", reply)])
    assert [f.label for f in found] == [kind], reply
    assert found[0].attributes["response"] == kind
    assert found[0].attributes["stall_utterance"] == "u0000"
    assert found[0].attributes["stall_kind"] == "think-about-it"
    assert [e.utterance_id for e in found[0].evidence] == ["u0000", "u0001"]


@pytest.mark.parametrize(("reply", "kind"), REPLIES)
def test_reply_kind_in_asr_text(reply: str, kind: str) -> None:
    lines = [("Prospect", strip_punctuation(STALL)), ("Rep", strip_punctuation(reply))]
    assert [f.label for f in _responses(lines)] == [kind], reply


def test_probing_outranks_accepting_in_the_same_reply() -> None:
    found = _responses([("Prospect", STALL), ("Rep", "Sure. What specifically worries you?")])
    assert found[0].label == "probed"
    assert found[0].evidence[1].quote == "What specifically worries you?"


def test_reply_after_the_prospect_keeps_talking() -> None:
    lines = [
        ("Prospect", STALL),
        ("Prospect", "It's a big change for the team."),
        ("Rep", "Understood."),
        ("Rep", "What part of the change worries you most?"),
    ]
    found = _responses(lines)
    assert found[0].label == "probed"
    assert found[0].attributes["response_utterances"] == ["u0002", "u0003"]


def test_unanswered_stall_at_the_end_of_the_call() -> None:
    found = _responses([("Rep", "Any questions?"), ("Prospect", STALL)])
    assert [f.label for f in found] == ["unanswered"]
    assert len(found[0].evidence) == 1


def test_no_stall_no_finding() -> None:
    assert _responses([("Prospect", "Sounds great, let's do it."), ("Rep", "Sure.")]) == []


def test_one_response_per_stall_utterance() -> None:
    lines = [("Prospect", "Send me some info. Honestly it's too expensive."), ("Rep", "Sure.")]
    found = _responses(lines)
    assert len(found) == 1


def test_detect_reads_only_the_stall_findings_it_is_given() -> None:
    call = build_call([("Prospect", STALL), ("Rep", "Sure.")])
    assert StallResponseDetector().detect(call, build_context(call)) == []


def test_a_later_probe_or_reframe_is_a_follow_up_response() -> None:
    lines = [
        ("Prospect", "I'd have to run it by my business partner."),
        ("Rep", "Of course."),
        ("Prospect", "She handles the money side."),
        ("Rep", "What would she want to see before she signs off?"),
        ("Prospect", "Probably the cost over three years."),
        ("Rep", "Got it, okay."),
    ]
    found = _responses(lines)
    assert [(f.label, f.attributes["follow_up"]) for f in found] == [
        ("accepted", False),
        ("probed", True),
    ]
    assert found[1].evidence[1].quote == "What would she want to see before she signs off?"


def test_a_new_stall_ends_the_follow_ups_of_the_previous_one() -> None:
    lines = [
        ("Prospect", "Let me think it over."),
        ("Rep", "Sure."),
        ("Prospect", "Also, could you mail me a brochure?"),
        ("Rep", "What specifically would you like to see?"),
    ]
    found = _responses(lines)
    by_stall = {(f.attributes["stall_utterance"], f.label) for f in found}
    assert by_stall == {("u0000", "accepted"), ("u0002", "probed")}


def test_reframe_wording() -> None:
    lines = [
        ("Prospect", "Early next year might work better for us."),
        (
            "Rep",
            "Waiting puts you past the renewal date, and that is the real cost of holding off.",
        ),
    ]
    assert [f.label for f in _responses(lines)] == ["reframed"]


@pytest.mark.parametrize(
    "reply",
    [
        "Happy to. Though honestly, a deck right now would be boilerplate and you'd skim it.",
        "I could, but anything I send today would just be noise for you.",
        "Sure. Could I ask a couple of quick questions first, so it's actually useful?",
        "Before I send anything, can I check two things with you?",
    ],
)
def test_send_info_stall_turned_into_questions_or_reframed(reply: str) -> None:
    found = _responses([("Prospect", "Can you just mail me a brochure?"), ("Rep", reply)])
    assert [f.label for f in found] in (["reframed"], ["probed"]), reply


def test_engaged_reply_is_quoted_whole() -> None:
    reply = (
        "I can. A pdf now would be generic, and you would bin it. "
        "Could I ask you three short questions instead? Then you decide."
    )
    found = _responses([("Prospect", "Why not send me some information first?"), ("Rep", reply)])
    assert [f.label for f in found] == ["probed"]
    quote = found[0].evidence[-1].quote
    assert quote.startswith("A pdf now would be generic") and quote.endswith("instead?")


# Issue 9 (invented): a courtesy before an open question, a lead-in that announces the
# question, a second seller answering, taking the decision off the prospect's shoulders.
AUTHORITY = "I'd have to take it to my business partner."


def test_open_question_after_a_courtesy_is_the_probe_and_is_quoted() -> None:
    reply = "Of course. When he reviews something like this, what does he usually look at first?"
    found = _responses([("Prospect", AUTHORITY), ("Rep", reply)])
    assert [f.label for f in found] == ["probed"]
    assert found[0].evidence[1].quote == (
        "When he reviews something like this, what does he usually look at first?"
    )


@pytest.mark.parametrize(
    "reply",
    [
        "Sure. What's the best email for you?",
        "Of course. How about I call you Thursday?",
        "No problem. What time works next week?",
    ],
)
def test_a_logistics_question_after_a_stall_is_not_a_probe(reply: str) -> None:
    assert [f.label for f in _responses([("Prospect", STALL), ("Rep", reply)])] == ["accepted"]


def test_a_lead_in_is_quoted_with_the_question_it_announces() -> None:
    reply = "Understood. Can I ask you something? What changes for you between now and March?"
    found = _responses([("Prospect", STALL), ("Rep", reply)])
    assert [f.label for f in found] == ["probed"]
    assert found[0].evidence[1].quote == (
        "Can I ask you something? What changes for you between now and March?"
    )


def test_a_second_seller_can_answer_the_stall() -> None:
    lines = [
        ("Prospect", "We have a freeze on new spend until the autumn."),
        ("AE", "Totally understand."),
        ("Prospect", "It's really out of my hands."),
        ("SE", "Can I ask what does still get approved during a freeze?"),
    ]
    call = build_call(lines)
    roles = build_context(call, rep=["AE", "SE"]).roles
    found = pipeline.run(call, roles, pipeline.build(["stall_response"]))["stall_response"]
    assert [(f.label, f.evidence[-1].speaker) for f in found] == [
        ("accepted", "AE"),
        ("probed", "SE"),
    ]


@pytest.mark.parametrize(
    "reply",
    [
        "Rather than you carrying this to her alone, could we get twenty minutes with all three "
        "of us?",
        "Then forget the full rollout for now. Start with just one depot for a quarter.",
    ],
)
def test_taking_the_decision_off_the_prospect_is_a_reframe(reply: str) -> None:
    found = _responses([("Prospect", AUTHORITY), ("Rep", reply)])
    assert [f.label for f in found] == ["reframed"], reply


def test_a_concession_is_the_first_reply_and_a_later_one_adds_nothing() -> None:
    lines = [
        ("Prospect", "We have a freeze on new spend until the autumn."),
        ("SE", "No worries at all, we hear that a lot."),
        ("AE", "And if it helps, we could do fifteen percent off if you sign this month."),
    ]
    call = build_call(lines)
    roles = build_context(call, rep=["AE", "SE"]).roles
    found = pipeline.run(call, roles, pipeline.build(["stall_response"]))["stall_response"]
    # Since 2.4 each seller's part of the first reply is a reply of its own (both accept).
    assert [(f.label, f.evidence[-1].speaker) for f in found] == [
        ("accepted", "SE"),
        ("accepted", "AE"),
    ]
    later = _responses(
        [
            ("Prospect", "It's more than we budgeted for this season."),
            ("Rep", "What did you have in mind for it?"),
            ("Prospect", "Maybe half that."),
            ("Rep", "We could do ten percent off if you sign this month."),
        ]
    )
    assert [(f.label, f.attributes["follow_up"]) for f in later] == [("probed", False)]


@pytest.mark.parametrize(
    "reply",
    [
        "Okay. I could waive the setup fee if that helps.",
        "Understood. We could probably knock a bit off the licence if you commit today.",
        "I hear you. We can match their price.",
    ],
)
def test_giving_ground_on_price_is_accepting_the_stall(reply: str) -> None:
    found = _responses(
        [("Prospect", "It's more than we budgeted for this season."), ("Rep", reply)]
    )
    assert [f.label for f in found] == ["accepted"], reply


def test_a_meeting_with_the_decision_maker_is_an_answer_to_an_authority_stall() -> None:
    found = _responses(
        [
            ("Prospect", AUTHORITY),
            (
                "Rep",
                "Rather than you two taking it up the chain, could we grab twenty minutes "
                "with Priyanka next week?",
            ),
        ]
    )
    assert [f.label for f in found] == ["reframed"]


def test_each_seller_answering_in_turn_is_a_reply_of_its_own() -> None:
    lines = [
        ("Prospect", "Honestly the budget for this year is gone, it all went on the new roof."),
        ("AE", "No rush at all, we can work to your timeline."),
        ("SE", "Can I ask what would have to be true for it to come out of the repairs budget?"),
    ]
    call = build_call(lines)
    roles = build_context(call, rep=["AE", "SE"]).roles
    found = pipeline.run(call, roles, pipeline.build(["stall_response"]))["stall_response"]
    assert [(f.label, f.evidence[-1].speaker, f.attributes["follow_up"]) for f in found] == [
        ("accepted", "AE", False),
        ("probed", "SE", False),
    ]
    context = build_context(call, rep=["AE", "SE"])
    stalls = StallDetector().detect(call, context)
    context = build_context(call, rep=["AE", "SE"], findings={"stall": stalls})
    merged = StallResponseDetector(per_seller=False).detect(call, context)
    assert [f.label for f in merged] == ["probed"]


# Round 19: an announced question is a probe whatever its form, an announced offer in the first
# reply is a reframe, and a "then" statement drawing a consequence is a reframe (invented).
@pytest.mark.parametrize(
    ("reply", "kind", "quote"),
    [
        (
            "Fair enough. Quick question for you, Dana. Is the spend booked under IT or ops?",
            "probed",
            "Quick question for you, Dana. Is the spend booked under IT or ops?",
        ),
        (
            "Okay, can I ask, does the freeze cover renewals as well?",
            "probed",
            "Okay, can I ask, does the freeze cover renewals as well?",
        ),
        (
            "Can I suggest something here? We could start billing after your busy season.",
            "reframed",
            "Can I suggest something here? We could start billing after your busy season.",
        ),
        (
            "Then the spring is too late for the audit you mentioned.",
            "reframed",
            "Then the spring is too late for the audit you mentioned.",
        ),
    ],
)
def test_lead_in_and_then_rules(reply: str, kind: str, quote: str) -> None:
    call = build_call([("Prospect", STALL), ("Rep", reply)])
    stalls = StallDetector().detect(call, build_context(call))
    context = build_context(call, findings={"stall": stalls})
    found = StallResponseDetector(then_reframe=True).detect(call, context)
    assert [f.label for f in found] == [kind], reply
    assert found[0].evidence[1].quote == quote


@pytest.mark.parametrize(
    "reply",
    [
        "Then let's book Thursday at ten.",
        "Then I'll send the invite over.",
        "Then is the budget set in March?",
        "Quick question then. We could start billing after your busy season.",
    ],
)
def test_a_then_next_step_or_an_unanswered_lead_in_is_no_reframe_or_probe(reply: str) -> None:
    call = build_call([("Prospect", STALL), ("Rep", reply)])
    stalls = StallDetector().detect(call, build_context(call))
    context = build_context(call, findings={"stall": stalls})
    found = StallResponseDetector(then_reframe=True).detect(call, context)
    assert [f.label for f in found] != ["reframed"], reply
    assert [f.label for f in found] != ["probed"], reply


def test_a_then_consequence_in_a_later_turn_is_a_follow_up_reframe() -> None:
    call = build_call(
        [
            ("Prospect", STALL),
            ("Rep", "What specifically would you need to think through?"),
            ("Prospect", "Mostly whether the board will take on another system this year."),
            ("Rep", "Then the board needs to see what the delay costs, not a feature list."),
        ]
    )
    stalls = StallDetector().detect(call, build_context(call))
    context = build_context(call, findings={"stall": stalls})
    found = StallResponseDetector(then_reframe=True).detect(call, context)
    assert [(f.label, f.attributes["follow_up"]) for f in found] == [
        ("probed", False),
        ("reframed", True),
    ]
    # Off by default (2.5): the later turn is no finding.
    assert [f.label for f in StallResponseDetector().detect(call, context)] == ["probed"]


def test_lead_in_is_on_and_switches_off() -> None:
    lines = [("Prospect", STALL), ("Rep", "Sure. Quick question. Is the spend booked under ops?")]
    call = build_call(lines)
    stalls = StallDetector().detect(call, build_context(call))
    context = build_context(call, findings={"stall": stalls})
    on = StallResponseDetector().detect(call, context)
    assert [f.label for f in on] == ["probed"]
    assert on[0].evidence[1].quote == "Quick question. Is the spend booked under ops?"
    off = StallResponseDetector(lead_in=False).detect(call, context)
    assert [f.label for f in off] == ["accepted"]
