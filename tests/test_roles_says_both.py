"""Stop 41: a speaker not yet placed who says "thanks both" or "hi both" addresses the two
people across the table (``roles.SAYS_BOTH``): with everyone else placed and exactly two of
the others on one side, the speaker sits on the other. Every call here is invented for this
test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_votes, resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, ANALYST = "Ottilie Brandt", "Kwame Asante"
OWNER, CLERK = "Rosalind Ferreira", "Hugo Lindqvist"
SPEAKERS = [LEAD, OWNER, CLERK, ANALYST]

# A seller of greenhouse climate software and her pricing analyst; the grower who owns the
# business and his bookkeeper. The analyst says little: a greeting to "both" and one answer.
CALL = [
    (LEAD, "Good morning, Rosalind, Hugo. Kind of you to squeeze us in ahead of the harvest."),
    (OWNER, "Morning. We have forty minutes before the crates arrive."),
    (ANALYST, "Hello both, I'm mostly here to listen today."),
    (LEAD, "How many houses are you running on the old controllers at the moment?"),
    (OWNER, "Six of the nine. The other three went over last winter."),
    (LEAD, "And what does a night with the vents stuck open cost you in heating?"),
    (CLERK, "Around four hundred in gas, more in a cold week."),
    (OWNER, "Is the price per house or per site?"),
    (ANALYST, "Per house, with the site licence capped once you pass eight."),
    (LEAD, "Could we book a walk through the three converted houses next Thursday?"),
    (OWNER, "Thursday afternoon suits me."),
]

SURE = {LEAD: True, OWNER: False, CLERK: False}
LOGITS = {LEAD: 5.0, OWNER: -4.5, CLERK: -3.8, ANALYST: 0.6}


def test_off_no_vote_from_saying_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", False)
    _, _, why = relation_votes(make_call(CALL), SPEAKERS, SURE)[ANALYST]
    assert not any("says 'both'" in w for w in why)


def test_on_the_speaker_sits_across_from_the_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", False)
    up_off, down_off, _ = relation_votes(make_call(CALL), SPEAKERS, SURE)[ANALYST]
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    up, down, why = relation_votes(make_call(CALL), SPEAKERS, SURE)[ANALYST]
    # One vote on a call of four (three buyers around one seller would read it wrongly).
    assert (up, down) == (up_off + 1, down_off)
    assert sum("says 'both'" in w for w in why) == 1


def test_a_buyer_saying_both_to_two_sellers_sits_with_the_buyers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    lines = [*CALL[:9], (CLERK, "Thanks both, I'll send the gas bills over this afternoon.")]
    sure = {LEAD: True, ANALYST: True, OWNER: False}
    _, down, why = relation_votes(make_call(lines), SPEAKERS, sure)[CLERK]
    assert down >= 1 and any("says 'both'" in w for w in why)


def test_not_read_while_another_speaker_is_unplaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    votes = relation_votes(make_call(CALL), SPEAKERS, {LEAD: True, OWNER: False})
    assert not any("says 'both'" in w for w in votes[ANALYST][2])


def test_not_read_when_the_others_do_not_split_two_and_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three buyers around one seller: "both" could be any two of them.
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    sure = {LEAD: False, OWNER: False, CLERK: False}
    votes = relation_votes(make_call(CALL), SPEAKERS, sure)
    assert not any("says 'both'" in w for w in votes[ANALYST][2])


def test_a_call_of_three_reads_both_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    lines = [line for line in CALL if line[0] != CLERK]
    speakers = [LEAD, OWNER, ANALYST]
    votes = relation_votes(make_call(lines), speakers, {LEAD: True, OWNER: False})
    assert not any("says 'both'" in w for w in votes[ANALYST][2])  # seller and buyer: no pair
    lines = [(OWNER, "Hi both, sorry, the tractor was blocking the gate."), *lines[1:]]
    with_both = relation_votes(make_call(lines), speakers, {LEAD: True, ANALYST: True})[OWNER]
    monkeypatch.setattr(roles, "SAYS_BOTH", False)
    without = relation_votes(make_call(lines), speakers, {LEAD: True, ANALYST: True})[OWNER]
    assert with_both[:2] == (without[0], without[1] + 2)  # two votes on a call of three
    assert any("says 'both'" in w for w in with_both[2])


def test_five_speakers_say_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    fifth = "Mirela Popescu"
    lines = [*CALL, (fifth, "Noted, I'll check the boiler logs.")]
    sure = {**SURE, fifth: False}
    votes = relation_votes(make_call(lines), [*SPEAKERS, fifth], sure)
    assert not any("says 'both'" in w for w in votes[ANALYST][2])


def test_the_quiet_colleague_joins_the_seller_side(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "SAYS_BOTH", True)
    found = resolve_roles(make_call(CALL), required=False)
    assert found.available
    assert set(found.reps) == {LEAD, ANALYST}
    assert any("says 'both'" in r for r in found.reasons)


def test_off_the_quiet_colleague_is_not_placed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "SAYS_BOTH", False)
    found = resolve_roles(make_call(CALL), required=False)
    assert not (found.available and ANALYST in found.reps)
