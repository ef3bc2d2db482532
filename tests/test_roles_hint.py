"""Stop 38 (roles3): a refusal's ``--rep`` hint names only the sure sellers whose answers do
not side with the buyers (``roles.HINT_RELATIONS``, ``roles.HINT_PLACE``). Only the message
changes, never the outcome. Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.errors import RoleError
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, BUYER, OTHER, QUIET = "Ines Moreau", "Kwame Asante", "Lotte Brandt", "Odile Marchetti"

# The lead asks the buyer about his stores and he answers; a colleague of his asks the lead
# what the pilot needs and the lead answers; a fourth person says one line nobody answers.
ANSWERS_THE_LEAD = [
    (LEAD, "Thanks for joining. How many stores do you run at the moment?"),
    (BUYER, "Twelve stores, and the audit next spring covers every one of them."),
    (OTHER, "Does the pilot need anything from our IT people beforehand?"),
    (LEAD, "Only a read-only login to the till exports, nothing more than that."),
    (OTHER, "Right, I can sort that out this week."),
    (QUIET, "Sorry, I am dialling in from the loading bay, the signal is patchy."),
]
# The structure model (fixed) is sure of the lead and, wrongly, of the buyer as sellers, sure
# of the colleague as a buyer, and unsure of the fourth person: a refusal.
SURE_OF_BOTH = {LEAD: 6.0, BUYER: 6.0, OTHER: -6.0, QUIET: 1.5}


def refusal(
    monkeypatch: pytest.MonkeyPatch,
    lines: list[tuple[str, str]],
    logits: dict[str, float],
    votes: int | None,
    place: str = "sure",
) -> str:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "HINT_RELATIONS", votes)
    monkeypatch.setattr(roles, "HINT_PLACE", place)
    assert not resolve_roles(make_call(lines), required=False).available
    with pytest.raises(RoleError) as info:
        resolve_roles(make_call(lines))
    return str(info.value)


def test_shipped_on() -> None:
    assert roles.HINT_RELATIONS == 1
    assert roles.HINT_PLACE == "sure"


def test_a_sure_speaker_who_answers_the_lead_is_not_suggested(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = refusal(monkeypatch, ANSWERS_THE_LEAD, SURE_OF_BOTH, 1)
    assert f"run again with --rep '{LEAD}' (add" in message
    assert f"--rep '{BUYER}'" not in message
    assert f"{BUYER} is uncertain" in message and "whose questions they answer" in message


def test_off_the_hint_names_every_sure_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    message = refusal(monkeypatch, ANSWERS_THE_LEAD, SURE_OF_BOTH, None)
    assert f"--rep '{LEAD}' --rep '{BUYER}'" in message
    assert "uncertain" not in message


def test_the_outcome_does_not_depend_on_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(SURE_OF_BOTH))
    found = {}
    for votes, place in ((None, "sure"), (1, "sure"), (1, "split")):
        monkeypatch.setattr(roles, "HINT_RELATIONS", votes)
        monkeypatch.setattr(roles, "HINT_PLACE", place)
        found[votes, place] = resolve_roles(make_call(ANSWERS_THE_LEAD), required=False)
    assert found[None, "sure"] == found[1, "sure"] == found[1, "split"]


def test_two_hinted_speakers_who_face_each_other_are_both_uncertain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Nobody is a sure buyer: the lead asks and the buyer answers, so each of the two votes
    # the other across the table and the hint names nobody.
    logits = {LEAD: 6.0, BUYER: 6.0, OTHER: 1.5}
    message = refusal(monkeypatch, ANSWERS_THE_LEAD[:5], logits, 1)
    assert f"{LEAD} and {BUYER} are uncertain" in message
    assert "run again with --rep" not in message
    assert "does not point to anyone" in message


# Nobody asks anything; the buyer says what only a buyer says of his own budget.
BUYER_PHRASES = [
    (LEAD, "Morning all, good to see everyone again."),
    (BUYER, "Our budget for this year is mostly spent, so keep that in mind."),
    (OTHER, "Morning."),
    (LEAD, "Noted, the weather has been strange this week."),
]


@pytest.mark.parametrize(("place", "suggested"), [("split", False), ("sure", True)])
def test_buyer_phrases_doubt_a_sure_speaker_only_when_split(
    monkeypatch: pytest.MonkeyPatch, place: str, suggested: bool
) -> None:
    logits = {LEAD: 6.0, BUYER: 6.0, OTHER: 1.5}
    message = refusal(monkeypatch, BUYER_PHRASES, logits, 1, place)
    assert (f"--rep '{BUYER}'" in message) is suggested
    assert (f"{BUYER} is uncertain" in message) is not suggested
