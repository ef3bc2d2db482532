"""Stop 39: the side an unsure speaker leans to (``roles.LEAN``) stands only when the
relations place nobody across the leaned split (``roles.LEAN_RELATIONS``): a speaker the lean
leaves with the buyers who answers a sure buyer's question is answering for the seller side.
Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call
from tests.test_roles_agree import BUYER, FLAT, LEAD, OTHER
from tests.test_roles_lean_stated import STATED

LOGITS = {LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}

# The sure buyer asks, and the unsure speaker answers for the offer: a vote for the seller side.
ANSWERS_THE_BUYER = [
    *STATED,
    (OTHER, "How long would the first depot take to switch over?"),
    (BUYER, "About a fortnight, the routes are loaded in the first week."),
]

# The lead asks, and the unsure speaker answers about their own depots: a vote for the buyer side.
ANSWERS_THE_LEAD = [
    *STATED,
    (LEAD, "How many depots send changes on a normal day?"),
    (BUYER, "Four of our six, the coastal ones mostly."),
]


@pytest.mark.parametrize(
    ("turns", "least", "reps"),
    [
        # off: the lean stands on the lead's own seller phrases
        (ANSWERS_THE_BUYER, None, (LEAD,)),
        # on: the speaker leaned to the buyers answers a sure buyer: not taken
        (ANSWERS_THE_BUYER, 1, None),
        # on: answering the lead's question backs the lean: it stands
        (ANSWERS_THE_LEAD, 1, (LEAD,)),
        # on: nobody answers anyone, nothing against the lean
        (STATED, 1, (LEAD,)),
    ],
)
def test_the_lean_needs_the_relations_not_against_it(
    monkeypatch: pytest.MonkeyPatch,
    turns: list[tuple[str, str]],
    least: int | None,
    reps: tuple[str, ...] | None,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "LEAN", 0.5)
    monkeypatch.setattr(roles, "LEAN_STATED", True)
    monkeypatch.setattr(roles, "LEAN_RELATIONS", least)
    found = resolve_roles(make_call(turns), required=False)
    assert found.available == (reps is not None)
    if reps is not None:
        assert found.reps == reps
    else:
        assert any("puts a speaker across that split" in r for r in found.reasons)


def test_without_a_lean_the_guard_moves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "LEAN", None)
    monkeypatch.setattr(roles, "LEAN_RELATIONS", 1)
    assert not resolve_roles(make_call(FLAT), required=False).available


def test_the_guard_ships_off() -> None:
    # stop 39: in place of LEAN_STATED it let the sealed buyer-as-rep lean through (roles.LEAN)
    assert roles.LEAN_RELATIONS is None
    assert roles.LEAN is None
