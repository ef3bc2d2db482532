"""Stop 42: the finished split read once more through the relations (``roles.SPLIT_CHECK``).
A speaker the split leaves with the buyers who answers only the buyers' questions (two of
them, or once with what the seller's side provides) is a second seller the split missed.
Every call here is invented for this test."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from callcoach import roles
from callcoach.model import RoleAssignment
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, BUYER, OTHER, HELPER = "Ines Calloway", "Ruth Okonjo", "Malik Ferreira", "Teodor Haugland"

# A laundry-equipment demo: the lead presents; a quiet engineer, never introduced, answers
# one question from each buyer; the structure model is sure the engineer is a buyer.
CALL = [
    (LEAD, "Thanks for making the time. I'll share my screen and show you our platform."),
    (BUYER, "Sure, go ahead. We run forty machines across three hotels right now."),
    (LEAD, "So this is our dashboard: every washer and dryer with its cycle count."),
    (BUYER, "Does each dryer report its own temperature, or only the whole room?"),
    (HELPER, "Each dryer reports on its own, every ninety seconds, straight from the drum."),
    (LEAD, "And the alerts come to your phone the moment a cycle runs long."),
    (OTHER, "How long does it take to fit the sensors into an older machine?"),
    (HELPER, "About twenty minutes a machine, and the hotel keeps running while it happens."),
    (LEAD, "Let me send you a proposal for the forty machines by Thursday."),
    (BUYER, "Good. Send it over and we will look at it with finance."),
]
SPEAKERS = [LEAD, BUYER, OTHER, HELPER]
LOGITS = {LEAD: 6.0, BUYER: -5.0, OTHER: -4.0, HELPER: -3.5}


def _resolve(
    monkeypatch: pytest.MonkeyPatch, lines: Sequence[tuple[str, str]], check: str | None
) -> RoleAssignment:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "SPLIT_CHECK", check)
    return resolve_roles(make_call(lines), required=False)


def test_shipped_on() -> None:
    assert roles.SPLIT_CHECK == "place"
    assert roles.SPLIT_MIN == 2


def test_off_the_engineer_stays_with_the_buyers(monkeypatch: pytest.MonkeyPatch) -> None:
    off = _resolve(monkeypatch, CALL, None)
    assert off.available
    assert set(off.reps) == {LEAD}


def test_place_puts_the_engineer_with_the_sellers(monkeypatch: pytest.MonkeyPatch) -> None:
    on = _resolve(monkeypatch, CALL, "place")
    assert on.available
    assert set(on.reps) == {LEAD, HELPER}
    assert set(on.prospects) == {BUYER, OTHER}
    assert on.confidence <= 0.7
    assert any("across the split" in r and HELPER in r for r in on.reasons)


def test_refuse_refuses_the_split(monkeypatch: pytest.MonkeyPatch) -> None:
    refused = _resolve(monkeypatch, CALL, "refuse")
    assert not refused.available
    assert HELPER in str(refused.unavailable_reason)


# The buyer's own analyst answers only that buyer, twice: one kind of vote, so no seller.
ONE_ASKER = [
    (LEAD, "Thanks for making the time. I'll share my screen and show you our platform."),
    (BUYER, "Sure. Priyanka, how many machines did we replace last year?"),
    (HELPER, "Six, all of them dryers in the riverside hotel."),
    (LEAD, "So this is our dashboard: every washer and dryer with its cycle count."),
    (BUYER, "And what did those six cost us in the end?"),
    (HELPER, "Close to thirty thousand with the fitting."),
    (LEAD, "Let me send you a proposal for the forty machines by Thursday."),
    (OTHER, "Fine by me, send it to both of us."),
]


def test_answers_to_one_buyer_only_move_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    on = _resolve(monkeypatch, ONE_ASKER, "place")
    assert on.available
    assert set(on.reps) == {LEAD}


# The engineer's answers are the same, but they also speak of "our budget": what they say
# of themselves sides with the buyers, so the split is refused rather than changed.
BUYER_WORDS = [
    *CALL[:-1],
    (HELPER, "Our budget for the sensors was set back in March, so keep that in mind."),
    (BUYER, "Good. Send it over and we will look at it with finance."),
]


def test_a_speaker_who_talks_like_a_buyer_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    on = _resolve(monkeypatch, BUYER_WORDS, "place")
    assert not on.available
    reason = str(on.unavailable_reason)
    assert reason.startswith("cannot tell the rep from the prospect: the split leaves")
    assert "puts this speaker with the sellers" in reason
