"""scripts/stance_rows_lobo.py (1.12): which batches may train a head, and the gates it tries."""

from __future__ import annotations

from types import ModuleType

import pytest

from callcoach.detectors.stance import against_sale, names_number
from callcoach.model import Evidence
from tests.detectors.conftest import build_call
from tests.scripts import load_script


def _script() -> ModuleType:
    return load_script("stance_rows_lobo")


@pytest.mark.parametrize(
    "argv",
    [
        ["--batches", "open,sealed5"],
        ["--batches", "dev,open2"],  # the dev calls never train a head
        ["--fresh", "open22"],  # a batch still unopened
    ],
)
def test_only_opened_blind_batches_are_read(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        _script().main(argv)
    assert stop.value.code == 2
    assert "not an opened blind batch" in capsys.readouterr().err


def test_the_fresh_batch_is_never_trained_on(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        _script().main(["--batches", "open,open2", "--fresh", "open2"])
    assert stop.value.code == 2
    assert "never trained on" in capsys.readouterr().err


def test_a_plain_limit_passes_against_sale_only_without_the_marker() -> None:
    """1.12: ``marker=False`` drops the negation / limit word only; the speaker's own wants
    and a reassurance stay out."""
    call = build_call(
        [
            ("Prospect", "How soon could the racks be in?"),
            ("Rep", "Delivery is about six weeks from the day you order."),
            ("Prospect", "Right."),
            ("Rep", "Our crew will look after you on the install day itself."),
        ]
    )
    lead, reassure = (call.utterances[i].text for i in (1, 3))
    from callcoach.detectors.candor import CandorDetector

    detector = CandorDetector()

    def finding(i: int):  # type: ignore[no-untyped-def]
        u = call.utterances[i]
        return detector.finding("candor", [Evidence.of(u, 0, len(u.text))], 1.0)

    assert names_number(lead) and not names_number(reassure)
    assert not against_sale(call, finding(1))
    assert against_sale(call, finding(1), marker=False)
    assert not against_sale(call, finding(3), marker=False)


def test_candid_structure_reads_the_answer_to_an_offer_question_and_money_or_time() -> None:
    """1.13 (gate ``structure``): the opening sentences of the rep's answer to a question
    about the price, the time, the scope or the fit, or a sentence naming money or time, are
    candidates whatever their words; small talk and an answer to a personal question are
    not."""
    from callcoach.detectors.stance import candid_structure, names_money_or_time, offer_question

    assert offer_question("Fine. And what would the add-on cost us per site?")
    assert offer_question("We're on Xero. Does it talk to Xero?")
    assert offer_question("how long till we could go live")
    assert not offer_question("How was the drive in this morning?")
    assert not offer_question("We close the books on the fifth.")
    assert names_money_or_time("Sensors are about forty dollars each.")
    assert names_money_or_time("the rollout is usually six to eight weeks")
    assert not names_money_or_time("We have two offices and one warehouse.")
    plain = "The export runs overnight, so the ledger is a day behind."
    assert candid_structure(plain, "Does it sync with our ledger?", 0)
    assert not candid_structure(plain, "Does it sync with our ledger?", 4)  # deep in a turn
    assert not candid_structure(plain, "How was the drive in?", 0)
    assert not candid_structure(plain, "Does it sync with our ledger?", None)  # not an answer
    assert candid_structure("The reader rental comes to thirty pounds a month per till.", "", None)


def test_the_structure_gate_keeps_a_plain_fee_and_drops_a_reassurance() -> None:
    """1.13: the ``structure`` gate of the script passes a plain fee said in answer to a
    price question (both conventions label a fee) but still refuses the speaker's own wants,
    a reassurance and an offer."""
    call = build_call(
        [
            ("Prospect", "And what would the onboarding cost us?"),
            ("Rep", "Onboarding is a one-time charge of about three thousand for your size."),
            ("Prospect", "Does it handle the night shift rota?"),
            ("Rep", "Don't worry, our team will look after all of that for you."),
        ]
    )
    from tests.detectors.conftest import build_context

    context = build_context(call)
    gate_detector = _script().gate_detectors("candor")["structure"]
    gate = gate_detector.head_gate(call, context)

    def finding(i: int):  # type: ignore[no-untyped-def]
        u = call.utterances[i]
        return gate_detector.finding("candor", [Evidence.of(u, 0, len(u.text))], 1.0)

    assert [f.evidence[0].utterance_id for f in gate([finding(1), finding(3)])] == [
        call.utterances[1].id
    ]


def test_rule_lobo_switches_off_only_rules_whose_removal_raises_f1() -> None:
    """1.15 (``--rule-lobo``): a named rule goes off when it made at least ``RULE_MIN``
    findings on the other writers and their precision is below half the detector's F1
    there (removing them then raises F1); a rule seen too rarely stays on."""
    from callcoach.eval.moments import LabelScore

    script = _script()
    scores = [LabelScore("challenge", 6, 4, 2), LabelScore("challenge", 4, 4, 4)]  # F1 0.6
    counts = [
        {"weak": [1, 3], "good": [3, 0], "rare": [0, 1]},
        {"weak": [0, 2], "good": [1, 2], "rare": [0, 1]},
    ]
    # weak: 1 of 6 (0.17 < 0.3) off; good: 4 of 6 on; rare: 2 findings, below RULE_MIN
    assert script.rules_to_switch_off(scores, counts) == ["weak"]
    # removing the weak rule's findings raises the pooled F1, as the criterion says
    pooled = LabelScore.total("challenge", scores)
    without = LabelScore("challenge", pooled.tp - 1, pooled.fp - 5, pooled.fn + 1)
    assert without.f1 > pooled.f1


def test_the_reply_head_reads_the_other_speakers_next_turn() -> None:
    """1.15 (``--pair --reply``): the turn a reply head reads after a rep sentence is the
    next turn by another speaker (the rep's own next turn is skipped), "" at the call's end,
    as ``moment_rows`` gives a training row's ``following``."""
    from callcoach.detectors.stance import HeadSentence

    call = build_call(
        [
            ("Prospect", "We will hire two more planners before the peak season."),
            ("Rep", "Most teams find the bottleneck is the approval step, not headcount."),
            ("Rep", "That is what the audit showed at the last three depots."),
            ("Prospect", "Hm, fair point, approvals do sit with one manager."),
            ("Rep", "So the second planner would wait on the same person."),
        ]
    )
    script = _script()
    context = None  # the reply turn is read by speaker, not by role
    first, last = call.utterances[1], call.utterances[4]
    assert script.reply_turn(call, context, HeadSentence(first, 0, len(first.text))) == (
        call.utterances[3].text
    )
    assert script.reply_turn(call, context, HeadSentence(last, 0, len(last.text))) == ""


def test_per_call_calibration_and_the_veto_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    monkeypatch.setattr(script, "CALIBRATE", "rank")
    assert script.calibrated([0.9, 0.1, 0.5]) == [1.0, 0.0, 0.5]
    monkeypatch.setattr(script, "CALIBRATE", "center")
    assert script.calibrated([0.2, 0.5, 0.8])[1] == pytest.approx(0.5)
    from callcoach.detectors.challenge import ChallengeDetector
    from callcoach.detectors.stance import head_candidates
    from tests.detectors.conftest import build_context

    call = build_call(
        [
            ("Prospect", "We will hire two clerks to fix the backlog."),
            ("Rep", "Most teams who add clerks see the backlog move to approvals."),
            ("Prospect", "Maybe a second shift."),
            ("Rep", "A second shift rarely fixes a queue that starts at intake."),
        ]
    )
    detector = ChallengeDetector()
    found = [detector.finding("challenge", [Evidence.of(call.utterances[i])]) for i in (1, 3)]
    sentences = head_candidates(call, build_context(call))
    scored = list(zip(sentences, [0.05, 0.01], strict=True))
    monkeypatch.setattr(script, "CAP", 1)
    assert script.veto_capped(found, scored, 0.1) == [found[0]]
    monkeypatch.setattr(script, "CAP", 0)
    assert script.veto_capped(found, scored, 0.1) == []


def test_the_addition_cap_keeps_the_best_scored_head_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """1.17 (``--add-cap K``): of the findings the head added (kind ``head``, not among the
    rules' own), only the K best-scored stay; the rules' findings always stay."""
    from callcoach.detectors.challenge import ChallengeDetector
    from callcoach.detectors.stance import head_candidates
    from tests.detectors.conftest import build_context

    call = build_call(
        [
            ("Prospect", "We will hire two clerks to fix the backlog."),
            ("Rep", "Most teams who add clerks see the backlog move to approvals."),
            ("Prospect", "Maybe a second shift."),
            ("Rep", "A second shift rarely fixes a queue that starts at intake."),
            ("Prospect", "Or we could outsource the scanning."),
            ("Rep", "Outsourced scanning tends to come back with more exceptions to clear."),
        ]
    )
    detector = ChallengeDetector()
    rule = detector.finding("challenge", [Evidence.of(call.utterances[1])])
    added = [
        detector.finding("challenge", [Evidence.of(call.utterances[i])], 0.9, kind="head")
        for i in (3, 5)
    ]
    sentences = head_candidates(call, build_context(call))
    scored = list(zip(sentences, [0.2, 0.7, 0.95], strict=True))
    script = _script()
    monkeypatch.setattr(script, "ADD_CAP", 1)
    assert script.add_capped([rule], [rule, *added], scored) == [rule, added[1]]
    monkeypatch.setattr(script, "ADD_CAP", 2)
    assert script.add_capped([rule], [rule, *added], scored) == [rule, *added]
