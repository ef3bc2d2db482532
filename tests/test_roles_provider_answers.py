"""Seventeenth stop: a speaker who answers a sure buyer's question by saying what their side
does for the buyer answers for the seller side (``roles.PROVIDER_ANSWERS``). Every call here
is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_votes, resolve_roles
from tests.test_roles import FixedStructure, make_call

# Generic diarization labels: no speaker's name is known, only what is said.
LEAD, BUYER, HELPER, OTHER = "spk_0", "spk_1", "spk_2", "spk_3"
SPEAKERS = [LEAD, BUYER, HELPER, OTHER]

# The lead pitches; a quiet colleague (never introduced by name) answers one buyer question
# by saying what their side sets up; the buyer's colleague talks about their own stores.
CALL = [
    (LEAD, "Thanks for the time today. Let me share the screen with the route planner."),
    (BUYER, "Sure. We run nine vans out of two depots at the moment."),
    (LEAD, "And the planner builds every van's day from the orders overnight."),
    (BUYER, "Who keeps the delivery windows up to date for each shop?"),
    (HELPER, "At the start we set you up with a template and train one dispatcher on it."),
    (LEAD, "And after that it really runs itself. Shall we look at the driver app next?"),
    (OTHER, "Our drivers mostly carry older phones, so that matters to us."),
    (LEAD, "It runs on anything from the last five years, so you should be fine."),
    (BUYER, "Good. Send over the pricing for nine vans and we will talk it through."),
]

LOGITS = {LEAD: 6.0, BUYER: -5.0, HELPER: -1.5, OTHER: -4.0}


def test_off_the_answer_counts_one_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "PROVIDER_ANSWERS", False)
    votes = relation_votes(make_call(CALL), SPEAKERS, {LEAD: True, BUYER: False, OTHER: False})
    assert votes[HELPER][:2] == (1, 0)


def test_on_an_answer_that_says_what_their_side_provides_counts_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "PROVIDER_ANSWERS", True)
    votes = relation_votes(make_call(CALL), SPEAKERS, {LEAD: True, BUYER: False, OTHER: False})
    up, down, why = votes[HELPER]
    assert (up, down) == (2, 0)
    assert "with what their side provides" in why[0]


def test_on_the_colleague_left_with_the_buyers_joins_the_seller_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "PROVIDER_ANSWERS", False)
    off = resolve_roles(make_call(CALL), required=False)
    assert not (off.available and HELPER in off.reps)
    monkeypatch.setattr(roles, "PROVIDER_ANSWERS", True)
    on = resolve_roles(make_call(CALL), required=False)
    assert on.available
    assert set(on.reps) == {LEAD, HELPER}


# A buyer answering the other buyer's question about their own business: the one vote any
# answer to a buyer gets, never the two a provider answer gets.
OWN_SIDE = [
    (LEAD, "How are the depots coping with the winter orders this year?"),
    (BUYER, "Fine mostly. Who signs off the overtime when the vans run late?"),
    (OTHER, "We use a paper sheet for that, and our manager signs it on Fridays."),
    (LEAD, "That sounds slow. What happens when a sheet goes missing?"),
    (BUYER, "We chase it by phone, which nobody enjoys."),
]


@pytest.mark.parametrize("switch", [False, True])
def test_a_buyer_describing_their_own_side_gets_no_extra_vote(
    monkeypatch: pytest.MonkeyPatch, switch: bool
) -> None:
    monkeypatch.setattr(roles, "PROVIDER_ANSWERS", switch)
    votes = relation_votes(make_call(OWN_SIDE), [LEAD, BUYER, OTHER], {LEAD: True, BUYER: False})
    up, _, why = votes[OTHER]
    assert up == 1
    assert not any("provides" in w for w in why)


@pytest.mark.parametrize(
    ("text", "provides"),
    [
        ("We will configure your account before the pilot starts.", True),
        ("You get two admin seats with the starter plan.", True),
        ("That part sits on your end, the export runs nightly.", True),
        ("What do you need on your end to make it work?", False),
        ("We need somebody to answer the phones on Saturdays.", False),
    ],
)
def test_what_reads_as_a_provider_answer(text: str, provides: bool) -> None:
    assert bool(roles._PROVIDES.search(text)) == provides
