"""question_type: open vs closed on hand-written sales questions (punctuated and ASR-like)."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.detectors.question_type import QuestionTypeDetector, classify_question, wh_lead
from callcoach.model import Call, Evidence, Finding
from tests.detectors.conftest import build_call, build_context

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    ("text", "label", "subtype"),
    [
        ("How does month-end close work today?", "open", "how"),
        ("so how does your team handle renewals", "open", "how"),
        ("What's driving the project right now?", "open", "wh"),
        ("um why did the last rollout stall", "open", "wh"),
        ("Walk me through your approval process.", "open", "prompt"),
        ("Can you tell me about your current workflow?", "open", "prompt"),
        ("do you have a sense of what it costs you each month", "open", "wh"),
        ("How many reps do you have?", "closed", "how"),
        ("and how often does that happen", "open", "how"),
        ("Do you use Salesforce?", "closed", "yes-no"),
        ("is budget already approved", "closed", "yes-no"),
        ("Is it the price or the timing?", "closed", "either-or"),
        ("You're the one who signs off, right?", "closed", "tag"),
        ("That's a quarterly contract, isn't it?", "closed", "tag"),
        ("So you're on HubSpot today?", "closed", "declarative"),
        ("Okay, and, you know, what made you look at other vendors?", "open", "wh"),
        ("Who else is involved in the decision?", "closed", "wh"),
        ("Anything else that's slowing the team down?", "open", "prompt"),
        ("is there anything else we should cover", "open", "prompt"),
        ("Did I get that right from what you said earlier?", "closed", "yes-no"),
        ("You could move the renewal to March?", "closed", "declarative"),
        ("thats great what do you think the team needs", "open", "wh"),
        ("Tell me a little about the rollout, and how often it slips.", "open", "prompt"),
        ("Any other teams that would use it?", "open", "prompt"),
        ("Can I share what we see at other logistics companies?", "closed", "yes-no"),
        ("Would it help if you spoke with their ops director?", "closed", "yes-no"),
        ("What'd the team think of the pilot?", "open", "wh"),
        ("And do you have a plan for the rollout, or?", "open", "open-or"),
        ("Is the budget set or--", "open", "open-or"),
        ("is the budget set or", "closed", "yes-no"),
        ("Okay, anything else?", "open", "prompt"),
        ("So I'm wondering how the team decides on tools?", "open", "how"),
        ("And the renewal would be handled by what?", "open", "wh"),
        ("You want to keep the old system or what?", "closed", "declarative"),
        ("On a scale of 1 to 10, how ready is the team to switch?", "closed", "scale"),
        ("Could you talk to me about the rollout?", "open", "prompt"),
        ("Talk to us a little more about the rollout.", "open", "prompt"),
        ("Talk to your accountant about the rollout.", "closed", "declarative"),
        ("Would you mind filling me in on the history?", "open", "prompt"),
        ("Should we talk to your manager about it?", "closed", "yes-no"),
        ("Do you know how the invoices get approved?", "closed", "yes-no"),
        ("Do you have a sense of why the pilot stalled?", "open", "wh"),
        ("What time does the team usually meet?", "closed", "wh"),
        ("what was different about the last rollout", "open", "wh"),
        # 1.3: who/where/when/which asking for a view or a hypothetical is open.
        ("Where do you think the rollout should begin?", "open", "wh"),
        ("So when would you want to go live?", "open", "wh"),
        ("Who would you bring in from procurement?", "open", "wh"),
        ("Where is the data stored today?", "closed", "wh"),
        ("What's your manager's name?", "closed", "wh"),
        ("Maybe you could tell me how the pilot went?", "open", "prompt"),
        ("I'm wondering if you can walk me through the handoff?", "open", "prompt"),
        ("Is it okay if I ask about how you budget for this?", "closed", "yes-no"),
        ("Would you like to go over how the pricing works?", "closed", "yes-no"),
        ("Looking back, say last quarter, how many deals slipped?", "closed", "how"),
        ("Wouldn't you say the renewal matters more?", "closed", "yes-no"),
        ("so that gets it off your plate what's your read on the timing", "open", "wh"),
        ("What would help most, when you think about next quarter?", "open", "wh"),
        ("When you roll it out, who signs off?", "closed", "wh"),
        # 1.4: offers and proposals are yes-no, unless they ask the person to explain.
        ("Do you want to walk through the contract terms?", "closed", "yes-no"),
        ("would you like to walk through the demo together", "closed", "yes-no"),
        ("how about we loop in your finance lead", "closed", "yes-no"),
        ("How about if I send the contract over tonight?", "closed", "yes-no"),
        ("What about if the auditors ask for it?", "open", "wh"),
        ("And how about you, Sam?", "open", "how"),
        ("How about if you share with us how the board reacted?", "open", "prompt"),
        ("How about we start by you describing the handoff?", "open", "prompt"),
        ("Great, and how about you?", "open", "how"),
    ],
)
def test_classify_question(text: str, label: str, subtype: str) -> None:
    form = classify_question(text)
    assert (form.type, form.subtype) == (label, subtype)


def _question(call: Call, uid: str, role: str) -> Finding:
    utterance = call.utterance(uid)
    return Finding(
        detector="question",
        version="test",
        label="question",
        confidence=1.0,
        evidence=(Evidence.of(utterance),),
        attributes={"speaker_role": role},
    )


def test_detect_labels_each_question_with_its_evidence() -> None:
    call = build_call(
        [
            ("Rep", "what tools are you using today"),
            ("Prospect", "mostly excel"),
            ("Rep", "are you the one who signs off on budget for this"),
        ]
    )
    questions = [_question(call, "u0000", "rep"), _question(call, "u0002", "rep")]
    context = build_context(call, findings={"question": questions})
    findings = QuestionTypeDetector().detect(call, context)
    assert [(f.label, f.attributes["subtype"]) for f in findings] == [
        ("open", "wh"),
        ("closed", "yes-no"),
    ]
    assert [f.utterance_ids for f in findings] == [("u0000",), ("u0002",)]
    assert all(f.attributes["speaker_role"] == "rep" for f in findings)


def test_no_questions_no_findings() -> None:
    call = build_call([("Rep", "Thanks for the time."), ("Prospect", "Sure.")])
    assert QuestionTypeDetector().detect(call, build_context(call)) == []


def test_wh_phrase_left_before_a_question_found_at_its_auxiliary() -> None:
    # ASR text: the question detector may start the question at "do you", leaving the
    # wh-phrase in front of it; the form is read with it (open), the evidence is kept.
    call = build_call([("Rep", "okay got it so what kinds of tools do you use for that")])
    utterance = call.utterance("u0000")
    start = utterance.text.index("do you")
    question = Finding(
        detector="question",
        version="test",
        label="question",
        confidence=1.0,
        evidence=(Evidence.of(utterance, start),),
        attributes={"speaker_role": "rep"},
    )
    context = build_context(call, findings={"question": [question]})
    [finding] = QuestionTypeDetector().detect(call, context)
    assert (finding.label, finding.attributes["subtype"]) == ("open", "wh")
    assert finding.evidence[0].char_start == start


@pytest.mark.parametrize(
    ("before", "lead"),
    [
        ("okay what kinds of things ", "what kinds of things"),
        ("so where ", "where"),
        ("i know what we said ", ""),
        ("What was that. ", ""),
        ("", ""),
    ],
)
def test_wh_lead(before: str, lead: str) -> None:
    assert wh_lead(before) == lead


def test_scale_anchors_after_the_question_make_it_a_scaling_question() -> None:
    # The anchors ("zero being …, ten being …") often follow the question in the same turn.
    call = build_call(
        [("Rep", "How ready is the team to switch? Zero being not at all, 10 being fully ready.")]
    )
    utterance = call.utterance("u0000")
    question = Finding(
        detector="question",
        version="test",
        label="question",
        confidence=1.0,
        evidence=(Evidence.of(utterance, 0, utterance.text.index("?") + 1),),
        attributes={"speaker_role": "rep"},
    )
    context = build_context(call, findings={"question": [question]})
    [finding] = QuestionTypeDetector().detect(call, context)
    assert (finding.label, finding.attributes["subtype"]) == ("closed", "scale")


def test_a_scale_named_in_an_earlier_sentence_does_not_close_a_follow_up() -> None:
    # "You said a four on that scale. What would it take to get to a six?" asks openly.
    text = "You said a 4 on that scale. What would it take to get to a 6?"
    call = build_call([("Rep", text)])
    utterance = call.utterance("u0000")
    question = Finding(
        detector="question",
        version="test",
        label="question",
        confidence=1.0,
        evidence=(Evidence.of(utterance, text.index("What")),),
        attributes={"speaker_role": "rep"},
    )
    context = build_context(call, findings={"question": [question]})
    [finding] = QuestionTypeDetector().detect(call, context)
    assert (finding.label, finding.attributes["subtype"]) == ("open", "wh")
