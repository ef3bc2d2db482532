"""Fourteenth stop: a question a seller puts to their own colleague is a hand-off on one
side, not a question across the table (``roles.SAME_SIDE``, ``roles._same_side``). Every
call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_votes, resolve_roles
from tests.test_roles import FixedStructure, make_call

# Generic diarization labels: no speaker's name is known, only what is said.
LEAD, BUYER, HELPER, QUIET = "spk_0", "spk_1", "spk_2", "spk_3"
SPEAKERS = [LEAD, BUYER, HELPER, QUIET]

CALL = [
    (LEAD, "Good morning both. I have Marisol with me from our onboarding group."),
    (BUYER, "Morning. Odile from our stores team is listening in as well."),
    (LEAD, "Great. So how do your stores count the freezers today?"),
    (BUYER, "A clipboard walk every evening, and the sheets go missing."),
    (QUIET, "Can the sensors send a text when a door stays open?"),
    (LEAD, "They can, after two minutes by default. Marisol, that's the usual setting, right?"),
    (HELPER, "Yes, two minutes, and each store can change it."),
    (LEAD, "Shall we set up a pilot at two stores next month?"),
    (BUYER, "Send me the pricing first and we'll decide."),
    (LEAD, "Will do. Marisol, anything to add?"),
    (HELPER, "Nothing from me, thanks everyone."),
]

CLOSE = {LEAD: 5.0, BUYER: -5.0, HELPER: 0.3, QUIET: -0.4}


def test_off_the_colleague_called_on_reads_as_a_buyer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SAME_SIDE", False)
    votes = relation_votes(make_call(CALL), SPEAKERS, {LEAD: True, BUYER: False})
    up, down, _ = votes[HELPER]
    assert (up, down) == (0, 1)  # "Marisol, anything to add?" read as a question across


def test_on_a_name_the_seller_introduced_places_who_answers_on_their_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "SAME_SIDE", True)
    votes = relation_votes(make_call(CALL), SPEAKERS, {LEAD: True, BUYER: False})
    up, down, why = votes[HELPER]
    assert (up, down) == (4, 0)
    assert all("Marisol, whom they introduced" in w for w in why)
    # The buyer's quiet colleague still answers nobody and asks the seller: unchanged.
    assert votes[QUIET][:2] == (0, 1)


def test_on_the_quiet_colleague_joins_the_seller_side(monkeypatch: pytest.MonkeyPatch) -> None:
    # The buyer's quiet colleague is sure here; the helper is within the margin.
    logits = {**CLOSE, QUIET: -3.0}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "SAME_SIDE", False)
    found = resolve_roles(make_call(CALL), required=False)
    assert not (found.available and HELPER in found.reps)
    monkeypatch.setattr(roles, "SAME_SIDE", True)
    found = resolve_roles(make_call(CALL), required=False)
    assert found.available and set(found.reps) == {LEAD, HELPER}


def test_a_name_the_buyer_introduced_is_not_the_sellers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The seller calls on the buyer's colleague by the name the *buyer* introduced: that is a
    # question across the table, and no same-side link.
    lines = [*CALL[:4], (LEAD, "Odile, how many freezers per store?"), (QUIET, "Six or seven.")]
    monkeypatch.setattr(roles, "SAME_SIDE", True)
    votes = relation_votes(make_call(lines), SPEAKERS, {LEAD: True, BUYER: False})
    assert votes[QUIET][:2] == (0, 1)


def test_a_named_reply_must_carry_the_name_called() -> None:
    # With real names, a reply from someone else than the person called on links nobody.
    reply = roles.Utterance("u1", 1, "Petra Lind", "Yes, that's the usual setting.", None, None)
    why = roles._same_side(LEAD, "Marisol, that's right?", reply, {"Marisol"}, True)
    assert why is None
    reply = roles.Utterance("u1", 1, "Marisol Ruiz", "Yes, that's the usual setting.", None, None)
    assert roles._same_side(LEAD, "Marisol, that's right?", reply, {"Marisol"}, True)


@pytest.mark.parametrize(
    ("question", "reply", "linked"),
    [
        # A seller asks a colleague to confirm their own offer; the reply says what "we" do.
        ("And the export is included, isn't it?", "Yes, we include it in every plan.", True),
        # A confirm-request about the buyer's situation runs across the table.
        ("So you run it from one warehouse, right?", "Yes, we can do that for now.", False),
        # A summary the buyer confirms, without saying what a product offers.
        ("Is that about right?", "Yes, that's about it.", False),
        # No affirmation: an answer, not a confirmation.
        ("That covers the audit, correct?", "Our platform keeps a log of it.", False),
    ],
)
def test_a_confirm_request_about_the_offer(question: str, reply: str, linked: bool) -> None:
    answer = roles.Utterance("u1", 1, HELPER, reply, None, None)
    assert bool(roles._same_side(LEAD, question, answer, set(), True)) is linked
    # Never from a buyer's question.
    assert roles._same_side(BUYER, question, answer, set(), False) is None


def test_introduced_names() -> None:
    assert roles._introduced("I have Marisol with me from our onboarding group.") == {"Marisol"}
    assert roles._introduced("I'll let Bastian walk you through the setup.") == {"Bastian"}
    assert roles._introduced("we have the freezers on the line") == set()


def test_same_side_ships_on() -> None:
    assert roles.SAME_SIDE is True
