"""Stop 40: one relation vote places a close speaker on the seller side when the dialogue
structure also leans that way (``roles.RELATION_LEAN``): two weak witnesses that agree. The
relations alone need two votes (``_RELATION_MIN``); the lean alone is off (``roles.LEAN``).
Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_sides, resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, BUYER, OTHER = "Ines Moreau", "Kwame Asante", "Lotte Brandt"

# No phrase cue; the sure buyer asks once and the unsure speaker answers: one vote for the
# seller side (questions and answers run across the table).
ANSWERS_THE_BUYER = [
    (LEAD, "Morning all, good to see everyone."),
    (BUYER, "Morning, good to see you too."),
    (OTHER, "Morning."),
    (BUYER, "How long would the first greenhouse take to switch over to the new sensors?"),
    (OTHER, "About three weeks, the first week is mostly wiring the old beds."),
    (LEAD, "The weather has been strange this week."),
    (BUYER, "It has, rain every afternoon."),
]

# The same call, but the unsure speaker answers the lead instead: one vote for the buyer side.
ANSWERS_THE_LEAD = [
    (LEAD, "Morning all, good to see everyone."),
    (BUYER, "Morning, good to see you too."),
    (OTHER, "Morning."),
    (LEAD, "How many greenhouses send readings by hand on a normal week?"),
    (OTHER, "Five of the eight, the older ones on the hill."),
    (LEAD, "The weather has been strange this week."),
    (BUYER, "It has, rain every afternoon."),
]


@pytest.mark.parametrize(
    ("turns", "lean", "least", "reps"),
    [
        # off: one vote is not enough, the close speaker is left and the call refused
        (ANSWERS_THE_BUYER, 1.5, None, None),
        # on: one vote and a lean to the seller side of 1.5 agree: placed with the sellers
        (ANSWERS_THE_BUYER, 1.5, 1.0, (LEAD, OTHER)),
        # on: the lean (0.5) is under the threshold: refused
        (ANSWERS_THE_BUYER, 0.5, 1.0, None),
        # on: the vote says seller, the lean says buyer: they disagree, refused
        (ANSWERS_THE_BUYER, -1.5, 1.0, None),
        # on: one vote for the buyer side is never enough (RELATION_LEAN_BUYERS off)
        (ANSWERS_THE_LEAD, -1.5, 1.0, None),
    ],
)
def test_one_vote_and_the_lean_together_place_a_seller(
    monkeypatch: pytest.MonkeyPatch,
    turns: list[tuple[str, str]],
    lean: float,
    least: float | None,
    reps: tuple[str, ...] | None,
) -> None:
    logits = {LEAD: 5.0, BUYER: -4.0, OTHER: lean}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "RELATION_LEAN", least)
    found = resolve_roles(make_call(turns), required=False)
    assert found.available == (reps is not None)
    if reps is not None:
        assert set(found.reps) == set(reps)
        assert any("leans +1.5" in r for r in found.reasons)


def test_the_buyer_side_variant_places_a_buyer(monkeypatch: pytest.MonkeyPatch) -> None:
    # measured and not shipped: it placed a lead seller with the buyers on a design call
    monkeypatch.setattr(roles, "RELATION_LEAN", 1.0)
    logits = {LEAD: 5.0, BUYER: -4.0, OTHER: -1.5}
    call = make_call(ANSWERS_THE_LEAD)
    assert OTHER not in relation_sides(call, [LEAD, BUYER, OTHER], logits, 2.0)[0]
    monkeypatch.setattr(roles, "RELATION_LEAN_BUYERS", True)
    placed, notes = relation_sides(call, [LEAD, BUYER, OTHER], logits, 2.0)
    assert placed[OTHER] is False
    assert any("leans -1.5" in n for n in notes)


def test_relation_lean_ships_at_one() -> None:
    assert roles.RELATION_LEAN == 1.0
    assert roles.RELATION_LEAN_BUYERS is False
