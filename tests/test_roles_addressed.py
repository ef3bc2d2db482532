"""Eighteenth stop: how a sure speaker addresses the others says which side they sit on
(``roles.ADDRESSED``): "thanks both" on a call of three addresses the two others, and a
greeting by name near the start (a short form of the first name included) greets someone from
the other side. Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_votes, resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, BUYER, HELPER = "Marguerite Olsen", "Tobias Wren", "Bartholomew Achebe"
SPEAKERS = [LEAD, BUYER, HELPER]

# The buyer greets the lead and her colleague (by a short form of his name) and thanks them
# both at the end; the colleague answers the lead's question about another customer, which
# alone would count as an answer across the table.
CALL = [
    (LEAD, "Tobias, good to see you. Can you hear the two of us?"),
    (BUYER, "Perfectly. Hi Marguerite, hi Bart."),
    (HELPER, "Morning Tobias, thanks for making the time."),
    (LEAD, "So the order volume doubled since spring. How did the night shift take it?"),
    (BUYER, "Badly at first. What did the cannery up north do about that?"),
    (HELPER, "They moved the picking to two waves and it settled within a month."),
    (LEAD, "Bart, how long did their switch to the two waves take in the end?"),
    (HELPER, "About three weeks from the first trial to the full rollout."),
    (BUYER, "That is useful. Thanks both, I will take it to the ops meeting on Tuesday."),
]

SURE = {LEAD: True, BUYER: False}
LOGITS = {LEAD: 5.0, BUYER: -4.5, HELPER: -0.8}


def test_off_no_vote_from_how_they_are_addressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "ADDRESSED", False)
    _, _, why = relation_votes(make_call(CALL), SPEAKERS, SURE)[HELPER]
    assert not any("greets" in w or "both" in w for w in why)


def test_on_a_greeting_and_thanks_both_vote_once_for_the_other_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "ADDRESSED", False)
    up_off, down_off, _ = relation_votes(make_call(CALL), SPEAKERS, SURE)[HELPER]
    monkeypatch.setattr(roles, "ADDRESSED", True)
    up, down, why = relation_votes(make_call(CALL), SPEAKERS, SURE)[HELPER]
    assert (up, down) == (up_off + 2, down_off)
    assert sum("greets them by name" in w or "'both'" in w for w in why) == 1


def test_on_the_colleague_left_unplaced_joins_the_seller_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "ADDRESSED", False)
    off = resolve_roles(make_call(CALL), required=False)
    assert not (off.available and HELPER in off.reps)
    monkeypatch.setattr(roles, "ADDRESSED", True)
    on = resolve_roles(make_call(CALL), required=False)
    assert on.available
    assert set(on.reps) == {LEAD, HELPER}


def test_both_on_a_call_of_four_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "ADDRESSED", True)
    fourth = "Ingrid Paulsen"
    call = make_call([*CALL[3:], (fourth, "Thanks both, that was clear enough for me.")])
    speakers = [*SPEAKERS, fourth]
    votes = relation_votes(call, speakers, {LEAD: True, BUYER: False, fourth: False})
    assert not any("'both'" in w for w in votes[HELPER][2])


def test_both_is_not_read_when_a_sure_colleague_is_among_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "ADDRESSED", True)
    call = make_call([*CALL[3:8], (LEAD, "Thanks both, I will send the notes tonight.")])
    votes = relation_votes(call, SPEAKERS, {LEAD: True, HELPER: True})
    assert not any("'both'" in w for w in votes[BUYER][2])


@pytest.mark.parametrize(
    ("name", "who"),
    [("Bart", HELPER), ("Bartholomew", HELPER), ("Tobias", BUYER), ("Mar", LEAD), ("Al", None)],
)
def test_a_short_form_of_the_first_name_finds_one_speaker(name: str, who: str | None) -> None:
    assert roles._nickname_of(name, SPEAKERS) == who


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("Thanks both, talk next week.", True),
        ("Bye you two, and good luck with the audit.", True),
        ("We both think the pilot is a good idea.", False),
        ("Both options cost about the same.", False),
    ],
)
def test_what_reads_as_addressing_both(text: str, both: bool) -> None:
    assert bool(roles._BOTH.search(text)) == both


FOURTH = "Ingrid Paulsen"
FOUR = [
    (LEAD, "Morning all. Bart is with me again for the warehouse side."),
    (BUYER, "Morning. Ingrid from our planning team has joined us."),
    (FOURTH, "Hello, I mostly look after the shift rotas."),
    (LEAD, "How many pickers are on the night shift now?"),
    (BUYER, "Fourteen, up from nine in spring."),
    (HELPER, "That matches what we saw at the cannery before they split the waves."),
    (LEAD, "Thanks both, I will send the rota comparison tonight."),
]


def test_four_a_seller_beside_one_placed_colleague_addresses_the_other_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    speakers = [*SPEAKERS, FOURTH]
    sure = {LEAD: True, HELPER: True, BUYER: False}
    monkeypatch.setattr(roles, "ADDRESSED_FOUR", False)
    off = relation_votes(make_call(FOUR), speakers, sure)[FOURTH]
    monkeypatch.setattr(roles, "ADDRESSED_FOUR", True)
    on = relation_votes(make_call(FOUR), speakers, sure)[FOURTH]
    assert on[:2] == (off[0], off[1] + 2)
    assert any("beside" in w for w in on[2])


@pytest.mark.parametrize(
    "sure",
    [
        {LEAD: True, BUYER: False},  # no colleague placed: "both" could be any two
        {LEAD: True, HELPER: True, BUYER: True},  # two colleagues placed
    ],
)
def test_four_not_read_without_exactly_one_placed_colleague(
    monkeypatch: pytest.MonkeyPatch, sure: dict[str, bool]
) -> None:
    monkeypatch.setattr(roles, "ADDRESSED_FOUR", True)
    votes = relation_votes(make_call(FOUR), [*SPEAKERS, FOURTH], sure)
    assert not any("beside" in w for v in votes.values() for w in v[2])


def test_four_not_read_from_a_buyer(monkeypatch: pytest.MonkeyPatch) -> None:
    # A buyer's "thanks both" is never read on a call of four: a table of three buyers around
    # one seller would put a buyer with the sellers.
    monkeypatch.setattr(roles, "ADDRESSED_FOUR", True)
    lines = [*FOUR[:6], (BUYER, "Thanks both, that helps with the rota question.")]
    sure = {BUYER: False, FOURTH: False, LEAD: True}
    votes = relation_votes(make_call(lines), [*SPEAKERS, FOURTH], sure)
    assert not any("beside" in w for w in votes[HELPER][2])
