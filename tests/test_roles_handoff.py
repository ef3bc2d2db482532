"""Stop 42: only a seller's hand-off votes the next speaker onto their own side
(``roles.HANDOFF_FROM = "sellers"``): a buyer who says "over to you" or "I'll show him"
hands the floor across the table. Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_votes
from tests.test_roles import make_call

SELLER, BUYER, OPEN = "Wren Castellano", "Hugo Brandvold", "Nell Tamura"
SPEAKERS = [SELLER, BUYER, OPEN]

# A buyer at a bakery chain hands the floor on; the next speaker is the one left open.
BUYER_HANDS_OFF = [
    (SELLER, "Thanks for having me in. Where do the ovens stand today?"),
    (BUYER, "Two are new, three are old. Anyway, over to you, tell us what it costs."),
    (OPEN, "It starts at four hundred a month for the five ovens, sensors included."),
]

# The seller hands the floor to the colleague she brought along.
SELLER_HANDS_OFF = [
    (SELLER, "That covers the dashboard. Okay, over to you for the fitting part."),
    (OPEN, "Fitting takes a morning per site, and nothing has to stop while we do it."),
    (BUYER, "A morning is fine. Mondays are quiet for us."),
]


def test_shipped_sellers_only() -> None:
    assert roles.HANDOFF_FROM == "sellers"


@pytest.mark.parametrize(("who", "votes"), [("both", (0, 2)), ("sellers", (0, 0))])
def test_a_buyers_hand_off(
    monkeypatch: pytest.MonkeyPatch, who: str, votes: tuple[int, int]
) -> None:
    monkeypatch.setattr(roles, "HANDOFF_FROM", who)
    found = relation_votes(make_call(BUYER_HANDS_OFF), SPEAKERS, {SELLER: True, BUYER: False})
    assert found[OPEN][:2] == votes


@pytest.mark.parametrize("who", ["both", "sellers"])
def test_a_sellers_hand_off_still_counts(monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    monkeypatch.setattr(roles, "HANDOFF_FROM", who)
    found = relation_votes(make_call(SELLER_HANDS_OFF), SPEAKERS, {SELLER: True, BUYER: False})
    up, down, why = found[OPEN]
    assert (up, down) == (2, 0)
    assert any("hands them the floor (seller)" in w for w in why)


def test_buyers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "HANDOFF_FROM", "buyers")
    found = relation_votes(make_call(SELLER_HANDS_OFF), SPEAKERS, {SELLER: True, BUYER: False})
    assert not any("hands them the floor" in w for w in found[OPEN][2])
