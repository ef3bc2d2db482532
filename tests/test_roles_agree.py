"""Eleventh stop: a split stands only when the unsure speakers nobody placed lean its way
(``roles.AGREE``), the dialogue's second witness reads what each person says of themselves
(``roles.WITNESS``), and a refusal says what the dialogue structure was sure of. Every call
here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.errors import RoleError
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, BUYER, OTHER = "Ines Moreau", "Kwame Asante", "Lotte Brandt"


# The seller and the buyer say what their side says; the third person says one line that
# answers nobody and asks nobody, so no relation can place them.
PITCH = [
    (LEAD, "Thanks for taking the time today. Quick agenda for today: your stock counts first."),
    (BUYER, "Sure. Our budget for this year is mostly spent, so keep that in mind."),
    (LEAD, "Understood. Our platform reconciles the counts across every store overnight."),
    (OTHER, "Sorry, I'm dialling in from the loading bay, the signal is patchy."),
    (BUYER, "Send me a proposal with the per-store price and I'll look at it."),
    (LEAD, "I'll send you a proposal on Friday with the per-store price."),
]


@pytest.mark.parametrize(
    ("lean", "agree", "refused"),
    [
        (1.5, -1.0, True),  # left with the buyers, but leans seller by 1.5: refused
        (0.5, -1.0, False),  # leans seller by 0.5 only: the rules' split stands
        (-1.5, -1.0, False),  # leans buyer: agrees
        (1.5, None, False),  # off: the rules' split stands as before
    ],
)
def test_an_unplaced_unsure_speaker_must_lean_the_rules_way(
    monkeypatch: pytest.MonkeyPatch, lean: float, agree: float | None, refused: bool
) -> None:
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: lean}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "AGREE", agree)
    found = resolve_roles(make_call(PITCH), required=False)
    if refused:
        assert not found.available
        why = found.unavailable_reason or ""
        assert OTHER in why and "too close to the other side" in why
        assert "+1.5" in why
    else:
        assert found.available and found.reps == (LEAD,)


def test_agree_ships_at_minus_one() -> None:
    assert roles.AGREE == -1.0
    assert roles.WITNESS == "statements"


# No phrase cue and no question: the phrases cannot decide.
FLAT = [
    (LEAD, "Morning all, good to see everyone."),
    (BUYER, "Morning, good to see you too."),
    (OTHER, "Morning."),
    (LEAD, "The weather has been strange this week."),
    (BUYER, "It has, rain every afternoon."),
]


def test_a_refusal_says_what_the_dialogue_was_sure_of(monkeypatch: pytest.MonkeyPatch) -> None:
    logits = {LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    found = resolve_roles(make_call(FLAT), required=False)
    assert not found.available
    why = found.unavailable_reason or ""
    assert "the dialogue structure does not decide either" in why
    assert f"{LEAD} (seller)" in why and f"{OTHER} (buyer)" in why
    assert f"{BUYER} (-1.2)" in why


SE = "Tomasz Wojcik"
# The seller brings an integrations lead; the integrations lead asks the buyer whether
# *their* team can run the exports, and the buyer answers. Who asks and answers is the
# relations' evidence; as the second witness it would put the buyer with the sellers.
ASKS_THE_BUYER = [
    (LEAD, "Morning Kwame. I've got Tomasz with me, he leads our integrations team."),
    (BUYER, "Morning both."),
    (SE, "Can your team handle the nightly exports from the tills on its own?"),
    (BUYER, "Mostly, yes, one of our analysts does it by hand."),
    (SE, "Good, then the feed will be a small change for you."),
    (LEAD, "Shall we book a pilot in two stores next week?"),
    (BUYER, "Next week works."),
]


@pytest.mark.parametrize(("witness", "decided"), [("statements", True), ("phrases", False)])
def test_the_dialogues_second_witness_reads_what_each_says_of_themselves(
    monkeypatch: pytest.MonkeyPatch, witness: str, decided: bool
) -> None:
    logits = {LEAD: 6.0, BUYER: -6.0, SE: 0.5}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "WITNESS", witness)
    found = resolve_roles(make_call(ASKS_THE_BUYER), required=False)
    if decided:
        assert found.available and set(found.reps) == {LEAD, SE}
    else:
        assert not found.available or set(found.reps) != {LEAD, SE}


def test_a_refusal_names_the_sure_seller_for_rep(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fourteenth stop: the dialogue is sure of the seller but not of the third person; the
    # refusal suggests the sure seller as what they are, quoted for the shell.
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 1.5}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    with pytest.raises(RoleError) as info:
        resolve_roles(make_call(PITCH))
    message = str(info.value)
    assert f"The dialogue points to {LEAD} on the seller side" in message
    assert f"run again with --rep '{LEAD}'" in message
    assert f"--rep '{BUYER}'" not in message and f"--rep '{OTHER}'" not in message


def test_without_a_sure_seller_the_hint_names_no_one(monkeypatch: pytest.MonkeyPatch) -> None:
    logits = {LEAD: 1.0, BUYER: -1.0, OTHER: 1.5}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    with pytest.raises(RoleError) as info:
        resolve_roles(make_call(FLAT))
    message = str(info.value)
    assert "points to" not in message
    assert "Name the rep and run again, e.g. --rep" in message
    # the example is the form of the flag, not a suggestion (fifteenth stop)
    assert "does not point to anyone" in message and f"if {LEAD} is the rep" in message
