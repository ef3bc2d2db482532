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
        ["--fresh", "open11"],  # a batch still unopened
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
