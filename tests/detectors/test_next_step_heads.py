"""next_step's learned heads: where they read, what they may decide, and switching them off.

Every sentence here is invented for the test (none is from an evaluation call or from the
heads' training data).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from callcoach.detectors.next_step import NextStepDetector
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

MONDAY = date(2026, 11, 23)
PROPOSAL = ("Rep", "Could we get an hour with your finance lead on Thursday at ten?")


def _dialogue(*lines: tuple[str, str], **params: float | None) -> list[Finding]:
    call = replace(build_call(list(lines)), date=MONDAY)
    return NextStepDetector(**params).detect(call, build_context(call))


def _accepts(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.label == "next_step_accept"]


def test_the_head_reads_an_acceptance_no_phrase_covers() -> None:
    reply = ("Prospect", "Ideal, Thursday is clear for her.")
    [accept] = _accepts(_dialogue(PROPOSAL, reply))
    assert accept.attributes["source"] == "head"
    assert accept.evidence[0].quote == "Ideal, Thursday is clear for her."
    [step] = [f for f in _dialogue(PROPOSAL, reply) if f.label == "next_step"]
    assert step.attributes["accepted"] is True
    # Switched off, only the phrase rules decide: none of them covers this reply.
    assert _accepts(_dialogue(PROPOSAL, reply, accept_head=None)) == []


def test_rule_acceptances_keep_their_source() -> None:
    [accept] = _accepts(_dialogue(PROPOSAL, ("Prospect", "Yes, Thursday at ten works.")))
    assert accept.attributes["source"] == "rule"


def test_a_reply_naming_another_time_is_no_acceptance_even_for_the_head() -> None:
    found = _dialogue(
        PROPOSAL,
        ("Prospect", "Ideal, Thursday is clear for her. Or Friday at nine, whichever."),
    )
    assert _accepts(found) == []


def test_the_head_never_reads_a_bare_filler_or_a_stall_as_agreement() -> None:
    assert _accepts(_dialogue(PROPOSAL, ("Prospect", "Alright."))) == []
    assert _accepts(_dialogue(PROPOSAL, ("Prospect", "Let me think about it first."))) == []


def test_embedding_texts_are_the_replies_the_heads_may_read() -> None:
    call = replace(
        build_call(
            [
                ("Rep", "Thanks for the time today."),
                ("Prospect", "Sure."),
                PROPOSAL,
                ("Prospect", "Ideal, Thursday is clear for her. Bring the numbers."),
            ]
        ),
        date=MONDAY,
    )
    context = build_context(call)
    texts = NextStepDetector(step_head=None).embedding_texts(call, context)
    assert texts == ["Ideal, Thursday is clear for her.", "Bring the numbers."]
    assert NextStepDetector(accept_head=None, step_head=None).embedding_texts(call, context) == []
    # The step head reads the call's last part: here every sentence of a few words there.
    with_steps = NextStepDetector(step_head=0.9).embedding_texts(call, context)
    assert "Ideal, Thursday is clear for her." in with_steps
    assert "Thanks for the time today." not in with_steps


def test_a_reply_the_rules_read_as_agreement_is_not_embedded() -> None:
    """Issue 16: the acceptance head is read only for a step no rule found agreed, so the
    reply to a step the rules already accepted is not embedded; both acceptances stay."""
    call = replace(
        build_call(
            [
                ("Rep", "Can I send the draft plan over to you by Wednesday?"),
                ("Prospect", "Yes, Wednesday works."),
                ("Rep", "Thanks."),
                ("Prospect", "No problem."),
                PROPOSAL,
                ("Prospect", "Ideal, Thursday is clear for her."),
            ]
        ),
        date=MONDAY,
    )
    context = build_context(call)
    detector = NextStepDetector(step_head=None)
    assert detector.embedding_texts(call, context) == ["Ideal, Thursday is clear for her."]
    sources = sorted(
        f.attributes["source"]
        for f in detector.detect(call, context)
        if f.label == "next_step_accept"
    )
    assert sources == ["head", "rule"]


def test_the_step_head_reads_only_sentences_that_could_be_a_step() -> None:
    # next_step 2.6: the form of a commitment, or a day, time or length (2.5 read any future
    # or modal verb, "It would need a hard hat" included); never a sentence a rule already
    # made a step (whole or a cut clause) or a rule acceptance.
    call = replace(
        build_call(
            [
                ("Rep", "Thanks again for walking me through the yard."),
                ("Prospect", "No bother at all, it was good to see it through fresh eyes."),
                ("Rep", "Our crews would want to see the loading bay before winter."),
                (
                    "Prospect",
                    "It would need a hard hat, mind. Then we could take your crews round.",
                ),
                ("Rep", "I'll send the draft plan on Friday. Great to see the new racking."),
                ("Prospect", "Sure, Friday works. Mind the potholes on the way out."),
            ]
        ),
        date=MONDAY,
    )
    context = build_context(call)
    detector = NextStepDetector(step_head=0.9, step_head_rep_only=False)
    steps = detector._rule_steps(call, context)
    read = [c[3] for c in detector._step_candidates(call, context, steps)]
    assert read == ["Then we could take your crews round."]
    # 2.8 reads the rep's sentences only: that one is the prospect's
    shipped = NextStepDetector()
    assert shipped._step_candidates(call, context, shipped._rule_steps(call, context)) == []


def test_the_shipped_step_head_reads_the_other_speakers_next_turn() -> None:
    # next_step 2.8: a two-turn head trained on the opened blind writers' sentences only
    # (never the dev calls, never an unopened batch); 2.8.1 ships it off (dev precision
    # and embedding cost), switched on with step_head=0.9.
    from callcoach.eval.moment_rows import TRAINABLE
    from callcoach.nlp.heads import load_head

    head = load_head("next_step")
    assert head.features == "pair"
    assert head.metadata["context_turn"] == "following"
    assert set(head.metadata["training_batches"]) <= set(TRAINABLE)
    assert NextStepDetector.default_params()["step_head"] is None


def test_each_step_candidate_is_embedded_with_the_reply_to_it() -> None:
    call = replace(
        build_call(
            [
                ("Rep", "Thanks for showing me round the depot."),
                ("Prospect", "Any time."),
                ("Rep", "Right, how did the trial go with the night shift?"),
                ("Prospect", "Better than I thought, to be honest."),
                ("Rep", "The walkthrough with your supervisors takes about thirty minutes."),
                ("Prospect", "Grand, that suits them both. I'll book the room."),
            ]
        ),
        date=MONDAY,
    )
    context = build_context(call)
    detector = NextStepDetector(step_head=0.9)
    candidates = detector._step_candidates(call, context, detector._rule_steps(call, context))
    texts = detector.embedding_texts(call, context)
    assert candidates
    for position, _, _, sentence in candidates:
        assert sentence in texts
        assert detector._following(call, position) in texts
    # the reply to the rep's turn is the prospect's whole next turn; the call's last turn
    # has none
    assert detector._following(call, 4) == "Grand, that suits them both. I'll book the room."
    assert detector._following(call, 5) == "."
    # what a two-turn acceptance head would read before the reply: the rep's whole turn
    rep_turn = call.utterances[4]
    assert detector._preceding(call, rep_turn) == rep_turn.text
