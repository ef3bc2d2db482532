"""Close speakers placed by who answers and introduces whom (``roles.relation_votes``,
``roles.relation_sides``, ``roles.RELATIONS``; tenth stop). Every call here is invented for
this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.roles import relation_sides, relation_votes, resolve_roles
from tests.test_roles import FixedStructure, make_call

LEAD, SE, BUYER, QUIET = "Nadia Ferreira", "Tomasz Wojcik", "Olu Bakare", "Fern Ashby"

# A lead seller, a quiet integrations lead she brings along, the buyer and a quiet colleague.
DEMO = [
    (LEAD, "Morning Olu, morning Fern. I've got Tomasz with me, he leads our integrations team."),
    (BUYER, "Morning all."),
    (LEAD, "Before anything, how are your depots handling returns at the moment?"),
    (BUYER, "Badly. Each depot keeps its own log and nobody reconciles them."),
    (LEAD, "Fern, how long does the month-end count take you?"),
    (QUIET, "About three days, and I do most of it by hand."),
    (BUYER, "Does the system talk to the warehouse scanners?"),
    (SE, "It does, the scanner feed is read every five minutes and gaps get flagged."),
    (BUYER, "And what happens when a depot goes offline?"),
    (SE, "The depot keeps scanning locally and it syncs when the line is back."),
    (QUIET, "What would it cost for six depots?"),
    (LEAD, "Six depots would be nine hundred a month, setup included."),
    (LEAD, "Shall we book a pilot at the Leeds depot next week?"),
    (BUYER, "Next week works."),
]
SPEAKERS = [LEAD, BUYER, QUIET, SE]


# The lead and the buyer are sure; the SE and the quiet buyer sit within the margin.
CLOSE = {LEAD: 5.0, BUYER: -5.0, SE: 0.5, QUIET: -1.0}


def test_votes_run_across_the_table_and_follow_introductions() -> None:
    votes = relation_votes(make_call(DEMO), SPEAKERS, {LEAD: True, BUYER: False})
    up, down, why = votes[SE]
    # Introduced by the lead (2) and answers the buyer's two product questions (1 each).
    assert (up, down) == (4, 0)
    assert any("introduces" in w for w in why)
    up, down, why = votes[QUIET]
    # Answers the lead's question, and the lead answers theirs; with ``roles.ADDRESSED`` the
    # lead's "morning Fern" greets them from the other side (2 more).
    assert (up, down) == (0, 4 if roles.ADDRESSED else 2)
    assert any("greets them by name" in w for w in why) == roles.ADDRESSED
    assert LEAD not in votes and BUYER not in votes


def test_no_sure_speaker_means_no_votes() -> None:
    votes = relation_votes(make_call(DEMO), SPEAKERS, {})
    assert all(v[:2] == (0, 0) for v in votes.values())


def test_sides_place_the_close_speakers() -> None:
    placed, notes = relation_sides(make_call(DEMO), SPEAKERS, CLOSE, 2.0)
    assert placed == {LEAD: True, BUYER: False, SE: True, QUIET: False}
    assert len(notes) == 2


def test_a_second_pass_uses_the_speakers_placed_in_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the lead is sure: the buyer is placed by answering the lead, and the SE (whose
    # votes come from answering the buyer) only in the second pass.
    logits = {LEAD: 5.0, BUYER: -1.0, SE: 0.5, QUIET: -1.0}
    call = make_call([(LEAD, "Morning Olu, morning Fern, thanks for the time."), *DEMO[1:]])
    monkeypatch.setattr(roles, "RELATION_PASSES", 1)
    placed, _ = relation_sides(call, SPEAKERS, logits, 2.0)
    assert placed.get(BUYER) is False and SE not in placed
    monkeypatch.setattr(roles, "RELATION_PASSES", 2)
    placed, _ = relation_sides(call, SPEAKERS, logits, 2.0)
    assert placed.get(SE) is True


def test_a_handoff_without_names_joins_the_next_speaker_to_the_side() -> None:
    lines = [
        ("spk_0", "Thanks for joining. Can you share the screen and show them the export page?"),
        ("spk_2", "Sure, this is the export page, you pick the depot and the week."),
        ("spk_1", "Nice."),
    ]
    votes = relation_votes(make_call(lines), ["spk_0", "spk_1", "spk_2"], {"spk_0": True})
    assert votes["spk_2"][0] == 2


@pytest.mark.parametrize(
    "text",
    [
        "I'll get that over to you by Friday, Declan.",
        "Declan, our proposal covers all four sites.",
        "Declan, is my audio okay?",
        "I have Declan's numbers here.",
        "I'll let Declan go, I know you're busy.",
        "Declan will share the data with us.",
        "I've got Declan down as the contact for invoices.",
        "Declan is on the line too, he's the one who signs.",
        "Is Declan joining us today?",
    ],
)
def test_ordinary_talk_to_a_buyer_is_no_introduction(text: str) -> None:
    lines = [("Mara Lind", text), ("Declan Ruiz", "Right, thanks."), ("Mara Lind", "Great.")]
    call = make_call(lines)
    votes = relation_votes(call, ["Mara Lind", "Declan Ruiz"], {"Mara Lind": True})
    assert votes["Declan Ruiz"][0] == 0


@pytest.mark.parametrize(
    "text",
    [
        "I have Declan with me, he runs our support desk.",
        "You both know Declan, our regional sales director.",
        "I'll let Declan take that one.",
        "Declan will walk you through the reports.",
        # Stop 41: a surname and "along" / "today" between the name and what follows.
        "I've brought Declan Ruiz along, who handles our contracts.",
        "I brought Declan along today, he knows the freight side.",
        "Joining me today is Declan from the claims desk.",
        "My colleague Declan can take the pricing questions.",
        "Declan is on the line with me, he knows the depots.",
        "Declan is here too, he's our onboarding lead.",
    ],
)
def test_introductions_by_name(text: str) -> None:
    lines = [("Mara Lind", text), ("Declan Ruiz", "Happy to."), ("Gus Hale", "Sounds good.")]
    votes = relation_votes(make_call(lines), ["Mara Lind", "Declan Ruiz"], {"Mara Lind": True})
    assert votes["Declan Ruiz"][0] >= 2


def test_on_by_default() -> None:
    assert roles.RELATIONS == "decide"


def test_relations_decide_a_quiet_second_seller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(CLOSE))
    monkeypatch.setattr(roles, "RELATIONS", "decide")
    found = resolve_roles(make_call(DEMO), required=False)
    assert set(found.reps) == {LEAD, SE}
    assert any("answers and introduces" in r for r in found.reasons)
    assert found.confidence <= 0.7


def test_off_leaves_the_close_speakers_unplaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(CLOSE))
    monkeypatch.setattr(roles, "RELATIONS", None)
    found = resolve_roles(make_call(DEMO), required=False)
    assert set(found.reps) != {LEAD, SE}


def test_a_quiet_buyer_is_never_placed_with_the_sellers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the quiet buyer is close: they answer the lead and ask the price, so they stay
    # a buyer whatever the rules said.
    logits = {LEAD: 5.0, BUYER: -5.0, SE: 4.0, QUIET: -0.2}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    found = resolve_roles(make_call(DEMO), required=False)
    assert QUIET not in found.reps
