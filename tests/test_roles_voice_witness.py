"""Fifteenth stop, both shipped off: the voices as a third witness of the side an unsure
speaker leans to (``roles.LEAN_VOICE``), and the voices letting the dialogue's second witness
pass over a weak seller phrase of a speaker the dialogue is sure is a buyer
(``roles.WITNESS_VOICE``). Every call here is invented for this test."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from callcoach import roles
from callcoach.nlp.voice import Voice
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call
from tests.test_roles_agree import BUYER, FLAT, LEAD, OTHER


@pytest.fixture(autouse=True)
def _lean_without_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    """These calls say nothing only a seller says: the lean is tested without
    ``LEAN_STATED`` (shipped on since the sixteenth stop; ``test_roles_lean_stated.py``)."""
    monkeypatch.setattr(roles, "LEAN_STATED", False)


def _voices(monkeypatch: pytest.MonkeyPatch, scores: Mapping[str, float]) -> None:
    fixed = Voice(dict(scores), dict.fromkeys(scores, 8))
    monkeypatch.setattr(roles, "speaker_voice", lambda _rows: fixed)


@pytest.mark.parametrize(
    ("voices", "reps"),
    [
        # the voices rank the lead above both buyers: the lean stands
        ({LEAD: 0.6, BUYER: -0.2, OTHER: -0.4}, (LEAD,)),
        # the speaker leaned to the buyers talks above the sure seller: refused
        ({LEAD: 0.1, BUYER: 0.3, OTHER: -0.4}, None),
        # a voice missing: refused
        ({LEAD: 0.6, OTHER: -0.4}, None),
    ],
)
def test_the_lean_needs_the_voices_to_agree(
    monkeypatch: pytest.MonkeyPatch,
    voices: dict[str, float],
    reps: tuple[str, ...] | None,
) -> None:
    logits = {LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    _voices(monkeypatch, voices)
    monkeypatch.setattr(roles, "LEAN", 0.5)
    monkeypatch.setattr(roles, "LEAN_VOICE", True)
    found = resolve_roles(make_call(FLAT), required=False)
    assert found.available == (reps is not None)
    if reps is not None:
        assert found.reps == reps
    else:
        assert any("the voices do not rank the split so" in r for r in found.reasons)


# The lead asks; the buyer speaks of their own system as "our platform" (a weak seller phrase);
# the third person approves budgets. Nobody says a seller's phrase of their own offer.
OWN_SYSTEM = [
    (LEAD, "How do your planners hand the weekly schedule to the depots today?"),
    (BUYER, "Our platform exports it as a spreadsheet and somebody emails it round."),
    (LEAD, "And when a depot changes a shift, who hears about it first?"),
    (BUYER, "Usually nobody until payroll runs, which is the real headache."),
    (OTHER, "Anything we buy over that amount goes to me and the finance director."),
    (LEAD, "What would a better week look like for the depot managers?"),
    (BUYER, "One place where the changes show up the same afternoon."),
]


@pytest.mark.parametrize(
    ("switch", "voices", "logits", "reps"),
    [
        # off: the buyer's "our platform" refuses the dialogue's split
        (False, {LEAD: 0.4, BUYER: -1.0, OTHER: -0.9}, {LEAD: 6.0, BUYER: -2.5, OTHER: -4.0}, None),
        # on: the voices agree the buyer talks like a buyer, the split stands
        (
            True,
            {LEAD: 0.4, BUYER: -1.0, OTHER: -0.9},
            {LEAD: 6.0, BUYER: -2.5, OTHER: -4.0},
            (LEAD,),
        ),
        # on, but the buyer talks like a seller: refused
        (True, {LEAD: 0.4, BUYER: 0.2, OTHER: -0.9}, {LEAD: 6.0, BUYER: -2.5, OTHER: -4.0}, None),
        # on, but the lead talks less than _SIDE_GAP above them: refused
        (True, {LEAD: -0.7, BUYER: -1.0, OTHER: -0.9}, {LEAD: 6.0, BUYER: -2.5, OTHER: -4.0}, None),
    ],
)
def test_a_buyers_own_platform_passes_when_the_voices_agree(
    monkeypatch: pytest.MonkeyPatch,
    switch: bool,
    voices: dict[str, float],
    logits: dict[str, float],
    reps: tuple[str, ...] | None,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    _voices(monkeypatch, voices)
    monkeypatch.setattr(roles, "WITNESS_VOICE", switch)
    found = resolve_roles(make_call(OWN_SYSTEM), required=False)
    assert found.available == (reps is not None), found.reasons
    if reps is not None:
        assert found.reps == reps
        assert any("their seller phrase is weak" in r for r in found.reasons)


# The rules hear no seller phrase from the sales engineer; the lead hands them the floor and
# they answer the buyer's product question.
HANDOFF = [
    (LEAD, "Thanks for making the time today. Our platform handles the depot rotas."),
    (BUYER, "Our budget for this is tight this year, so keep that in mind."),
    (LEAD, "Understood. Lotte, over to you for the integration part."),
    (OTHER, "Sure. It reads the payroll file every night and flags any changed shift."),
    (BUYER, "Does it cope with the weekend contractors as well?"),
    (OTHER, "Yes, contractors sit in the same file with a separate flag."),
    (BUYER, "Send me a proposal with the per-depot price and I'll look at it."),
    (LEAD, "I'll send you a proposal on Friday with the per-depot price."),
]


@pytest.mark.parametrize(("switch", "reps"), [(False, None), (True, (LEAD, OTHER))])
def test_a_sure_seller_the_rules_left_with_the_buyers_needs_the_relations(
    monkeypatch: pytest.MonkeyPatch, switch: bool, reps: tuple[str, ...] | None
) -> None:
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 2.5}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "OVERRULE_RELATIONS", switch)
    found = resolve_roles(make_call(HANDOFF), required=False)
    if reps is None:
        assert not found.available
    else:
        assert found.available and set(found.reps) == set(reps), found.reasons


def test_without_the_relations_the_sure_seller_is_still_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The third person answers nobody and is handed nothing: the relations cannot confirm.
    from tests.test_roles_agree import PITCH

    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 3.0}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "OVERRULE_RELATIONS", True)
    assert not resolve_roles(make_call(PITCH), required=False).available
