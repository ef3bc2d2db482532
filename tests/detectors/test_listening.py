"""listening: backchannels and interruptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.detectors.listening import ListeningDetector, is_backchannel_text
from callcoach.model import Call, Evidence, Finding, Speaker, Utterance
from tests.detectors.conftest import build_call, build_context

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    "text",
    [
        "Mm-hm.",
        "uh-huh",
        "uhhuh",
        "Huh-uh.",
        "Right.",
        "got it",
        "oh okay",
        "Yeah, yeah.",
        "makes sense",
        "mhm",
        "Yeah, uh,",
        "Uh, uh-huh.",
        "uh okay",
    ],
)
def test_backchannel_texts(text: str) -> None:
    assert is_backchannel_text(text, max_words=4)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Yeah, that's exactly our problem.",
        "right right right right right",
        "We use Excel.",
        "exactly",
        "Yes.",
        "Uh,",
        "Well,",
        "well yeah",
        "Uh, yeah.",
        "uh uh",
    ],
)
def test_not_backchannel_texts(text: str) -> None:
    assert not is_backchannel_text(text, max_words=4)


def test_backchannels_but_not_answers() -> None:
    call = build_call(
        [
            ("Prospect", "Our reps spend about six hours a week on data entry."),
            ("Rep", "mm-hm"),
            ("Prospect", "and it gets worse at quarter end"),
            ("Rep", "Got it."),
            ("Rep", "Is that across the whole team?"),
            ("Prospect", "Yeah."),
        ]
    )
    questions = [
        Finding("question", "test", "question", 1.0, (Evidence.of(call.utterance("u0004")),))
    ]
    findings = ListeningDetector().detect(
        call, build_context(call, findings={"question": questions})
    )
    assert [(f.label, f.utterance_ids) for f in findings] == [
        ("backchannel", ("u0001",)),
        ("backchannel", ("u0003",)),
    ]


def test_no_backchannel_before_anyone_else_spoke_or_after_a_question_and_filler() -> None:
    call = build_call(
        [
            ("Rep", "Okay."),
            ("Rep", "So how are things on your side?"),
            ("Prospect", "Uh,"),
            ("Prospect", "yeah."),
            ("Prospect", "Busy quarter, we lost two reps."),
            ("Rep", "Right."),
        ]
    )
    findings = ListeningDetector().detect(call, build_context(call))
    assert [(f.label, f.utterance_ids) for f in findings] == [("backchannel", ("u0005",))]


def _timed_call(rows: list[tuple[str, str, float, float]]) -> Call:
    utterances = tuple(
        Utterance(id=f"u{i:04d}", index=i, speaker=s, text=t, start=a, end=b)
        for i, (s, t, a, b) in enumerate(rows)
    )
    return Call(
        id="timed",
        source="test",
        format="test",
        utterances=utterances,
        speakers=(Speaker("Rep"), Speaker("Prospect")),
    )


def test_interruption_needs_real_overlap_and_skips_backchannels() -> None:
    call = _timed_call(
        [
            ("Prospect", "So the approval step is where everything stalls for us", 0.0, 6.0),
            ("Rep", "uh-huh", 3.0, 3.4),
            ("Rep", "right but our tool fixes approvals", 4.0, 7.0),
            ("Prospect", "okay and what about reporting", 7.2, 9.0),
        ]
    )
    findings = ListeningDetector().detect(call, build_context(call))
    labels = [(f.label, f.utterance_ids) for f in findings]
    assert ("backchannel", ("u0001",)) in labels
    interruptions = [f for f in findings if f.label == "interruption"]
    assert len(interruptions) == 1
    found = interruptions[0]
    assert found.utterance_ids == ("u0002", "u0000")
    assert found.attributes["interrupter"] == "Rep"
    assert found.attributes["interrupted"] == "Prospect"
    assert found.attributes["overlap_s"] == pytest.approx(2.0)


def test_no_interruptions_without_timestamps() -> None:
    call = build_call([("Prospect", "We stall on approvals"), ("Rep", "but our tool fixes it")])
    assert ListeningDetector().detect(call, build_context(call)) == []


def test_echoes_and_a_yes_that_keeps_the_other_talking_are_backchannels() -> None:
    call = build_call(
        [
            ("Prospect", "We moved the whole team to the new tool in March."),
            ("Rep", "Oh, is that right?"),
            ("Prospect", "Yes, and the reports got a lot faster."),
            ("Rep", "Yes."),
            ("Prospect", "so now the managers actually read them"),
            ("Rep", "Yes."),
            ("Rep", "We see that a lot."),
        ]
    )
    echo = Finding("question", "test", "echo", 1.0, (Evidence.of(call.utterance("u0001")),))
    findings = ListeningDetector().detect(call, build_context(call, findings={"question": [echo]}))
    # The last "yes" is followed by its own speaker: an agreement before taking the floor.
    assert [(f.label, f.utterance_ids) for f in findings] == [
        ("backchannel", ("u0001",)),
        ("backchannel", ("u0003",)),
    ]


def test_a_yeah_followed_by_an_agreement_or_a_farewell_is_no_continuer() -> None:
    call = build_call(
        [
            ("Prospect", "Honestly the old tool was never built for a team our size."),
            ("Rep", "Yeah."),
            ("Rep", "That's so true, we hear it every week."),
            ("Prospect", "Anyway, I have to jump to another meeting."),
            ("Rep", "Okay."),
            ("Prospect", "Bye now, talk soon."),
            ("Prospect", "We had three outages last month."),
            ("Rep", "Yeah."),
            ("Rep", "And how long did each one last?"),
        ]
    )
    findings = ListeningDetector().detect(call, build_context(call))
    assert [(f.label, f.utterance_ids) for f in findings] == [("backchannel", ("u0007",))]


def test_a_yeah_confirmed_by_an_elliptical_clause_or_an_emphatic_oh_sure_agreed() -> None:
    call = build_call(
        [
            ("Prospect", "The rollout in the second warehouse was a lot harder than planned."),
            ("Rep", "Yeah."),
            ("Rep", "It really was."),
            ("Prospect", "Our finance people still don't trust the new numbers."),
            ("Rep", "Oh, sure."),
            ("Prospect", "and the audit is in June"),
            ("Rep", "Right."),
            ("Rep", "It is tight."),
            ("Prospect", "so we are looking at options"),
        ]
    )
    findings = ListeningDetector().detect(call, build_context(call))
    # "It is tight." says more than "it is": the "right" before it let them go on.
    assert [(f.label, f.utterance_ids) for f in findings] == [("backchannel", ("u0006",))]


def _interruptions(call: Call) -> list[tuple[str, ...]]:
    findings = ListeningDetector().detect(call, build_context(call))
    return [f.utterance_ids for f in findings if f.label == "interruption"]


def test_an_answer_over_the_end_of_a_question_is_no_interruption() -> None:
    call = _timed_call(
        [
            ("Rep", "I can send the pricing sheet after lunch. Would that help?", 0.0, 5.0),
            ("Prospect", "It would.", 4.4, 5.2),
            ("Rep", "We usually start with the invoice module. Which team owns that?", 10.0, 16.0),
            # Cut in before the question began: an interruption, though a question ended it.
            ("Prospect", "Our payables group does, and they are stretched thin.", 11.0, 15.0),
        ]
    )
    assert _interruptions(call) == [("u0003", "u0002")]


def test_a_returned_greeting_is_no_interruption_but_talking_over_one_is() -> None:
    call = _timed_call(
        [
            ("Prospect", "Hello, Gwen speaking.", 0.0, 1.6),
            ("Rep", "Hi Gwen! This is Omar from Ledgerbay.", 1.0, 3.5),
            ("Prospect", "Good morning, this is the front desk.", 20.0, 22.0),
            ("Rep", "I need the person who signs off on vendor payments.", 21.0, 24.0),
        ]
    )
    assert _interruptions(call) == [("u0003", "u0002")]


def test_a_short_overlap_counts_only_when_the_turn_talked_over_stops_mid_sentence() -> None:
    call = _timed_call(
        [
            ("Prospect", "Our drivers lose signal in the valley and then the", 0.0, 4.0),
            ("Rep", "Sure, the offline mode handles that for you.", 3.55, 6.0),
            ("Prospect", "We tried two trackers last year.", 8.0, 10.0),
            ("Rep", "And both of them dropped out, I bet.", 9.55, 12.0),
            ("Prospect", "The quote came in at nine thousand —", 14.0, 16.0),
            ("Rep", "That price includes the install.", 15.7, 18.0),
            ("Prospect", "Then the dispatcher calls the", 20.0, 22.0),
            ("Rep", "Right, and that is where we help.", 21.7, 24.0),
        ]
    )
    # 0.45 s over a cut-off sentence (a bare word, a dash): cut off; 0.45 s over a finished
    # one: ordinary turn-taking; 0.3 s: too short either way.
    assert _interruptions(call) == [("u0001", "u0000")]
    found = ListeningDetector(cut_overlap_s=0.25).detect(call, build_context(call))
    assert [f.utterance_ids for f in found if f.label == "interruption"] == [
        ("u0001", "u0000"),
        ("u0005", "u0004"),
        ("u0007", "u0006"),
    ]
    off = ListeningDetector(cut_overlap_s=0.5).detect(call, build_context(call))
    assert [f for f in off if f.label == "interruption"] == []
