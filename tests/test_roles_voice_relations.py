"""Stop 38 (roles2): the voices decide a call only when the relations (who answers whom) place
nobody across their split (``roles.VOICE_RELATIONS``, shipped on at one vote). Every call here is
invented for this test."""

from __future__ import annotations

from callcoach import roles
from callcoach.roles import _relations_against
from tests.test_roles import make_call

LEAD, FINANCE, OPS = "Ingrid Halvorsen", "Desmond Okoye", "Rosalind Pratt"
SPEAKERS = [LEAD, FINANCE, OPS]

# The lead asks; a finance buyer who talks about the board and the year-end audit answers,
# as does the operations buyer. A head that reads "board" and "audit" as a seller's words
# could put the finance buyer with the lead.
CALL = [
    (LEAD, "Thanks for joining. What made the reconciliation slip last quarter?"),
    (FINANCE, "The board moved the close forward and the auditors wanted every ledger early."),
    (LEAD, "And on the warehouse side, how many people touch each invoice today?"),
    (OPS, "Three of us, sometimes four when the night crew logs returns."),
    (LEAD, "How long does a disputed invoice usually sit before anyone picks it up?"),
    (FINANCE, "Two weeks at least, and the audit committee asks about every one of them."),
]


def test_shipped_at_one_vote() -> None:
    assert roles.VOICE_RELATIONS == 1


def test_a_split_the_answers_agree_with_passes() -> None:
    assert not _relations_against(make_call(CALL), SPEAKERS, [LEAD], 1)


def test_a_buyer_who_only_answers_the_lead_is_no_seller() -> None:
    # Placed with the lead, the finance buyer answers the lead's questions twice: two votes
    # for the buyer side, none for the seller side.
    assert _relations_against(make_call(CALL), SPEAKERS, [LEAD, FINANCE], 1)
    assert _relations_against(make_call(CALL), SPEAKERS, [LEAD, FINANCE], 2)


def test_one_answer_is_enough_only_at_one_vote() -> None:
    # The operations buyer answers the lead once: one vote against a split that seats her
    # with the lead.
    assert _relations_against(make_call(CALL), SPEAKERS, [LEAD, OPS], 1)
    assert not _relations_against(make_call(CALL), SPEAKERS, [LEAD, OPS], 2)
