"""Twelfth stop: a call the rules refuse is decided by the side an unsure speaker leans to
between a sure seller and a sure buyer (``roles.LEAN``), the structure model sure of a seller
the rules left with the buyers decides (``roles.OVERRULE``), and a refusal tells the user how
to name the rep. Every call here is invented for this test."""

from __future__ import annotations

import pytest

from callcoach import roles
from callcoach.errors import RoleError
from callcoach.roles import resolve_roles
from tests.test_roles import FixedStructure, make_call
from tests.test_roles_agree import BUYER, FLAT, LEAD, OTHER, PITCH


@pytest.fixture(autouse=True)
def _lean_without_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    """These calls say nothing only a seller says: the lean is tested without
    ``LEAN_STATED`` (shipped on since the sixteenth stop; ``test_roles_lean_stated.py``)."""
    monkeypatch.setattr(roles, "LEAN_STATED", False)


@pytest.mark.parametrize(
    ("logits", "lean", "reps"),
    [
        # a sure seller, a sure buyer, and a third who leans buyer by 1.2: decided
        ({LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}, 0.5, (LEAD,)),
        # … who leans seller by 1.2: a lean never adds a seller on three or more
        ({LEAD: 5.0, BUYER: 1.2, OTHER: -3.0}, 0.5, None),
        # leaning by less than LEAN: refused
        ({LEAD: 5.0, BUYER: -0.3, OTHER: -3.0}, 0.5, None),
        # no sure buyer to lean against: refused
        ({LEAD: 5.0, BUYER: -1.2, OTHER: -1.5}, 0.5, None),
        # off: refused as before
        ({LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}, None, None),
    ],
)
def test_a_refused_call_is_decided_by_how_the_unsure_speaker_leans(
    monkeypatch: pytest.MonkeyPatch,
    logits: dict[str, float],
    lean: float | None,
    reps: tuple[str, ...] | None,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "LEAN", lean)
    found = resolve_roles(make_call(FLAT), required=False)
    if reps is None:
        assert not found.available
    else:
        assert found.available and found.reps == reps
        assert any("placed by the side they lean to" in r for r in found.reasons)
        assert found.confidence <= 0.65


TWO = [(LEAD, line) for _, line in FLAT[:1]] + [(BUYER, "Morning, good to see you too.")] * 2


@pytest.mark.parametrize(
    ("logits", "reps"),
    [
        ({LEAD: 1.5, BUYER: -3.0}, (LEAD,)),  # one sure buyer, the other leans seller
        ({LEAD: -1.5, BUYER: -3.0}, None),  # both would be buyers
    ],
)
def test_on_a_two_person_call_one_sure_speaker_is_enough(
    monkeypatch: pytest.MonkeyPatch, logits: dict[str, float], reps: tuple[str, ...] | None
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "LEAN", 0.5)
    found = resolve_roles(make_call(TWO), required=False)
    assert found.available == (reps is not None)
    if reps is not None:
        assert found.reps == reps


@pytest.mark.parametrize("sellers", [True, False])
def test_the_lean_moves_a_speaker_the_rules_left_on_the_other_side(
    monkeypatch: pytest.MonkeyPatch, sellers: bool
) -> None:
    # The rules leave OTHER with the buyers; the dialogue leans seller by 1.5: AGREE alone
    # refuses; the lean moves them only where it may add a seller (``LEAN_SELLERS``).
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 1.5}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "LEAN", None)
    assert not resolve_roles(make_call(PITCH), required=False).available
    monkeypatch.setattr(roles, "LEAN", 0.5)
    monkeypatch.setattr(roles, "LEAN_SELLERS", sellers)
    found = resolve_roles(make_call(PITCH), required=False)
    assert found.available == sellers
    if sellers:
        assert set(found.reps) == {LEAD, OTHER}


def test_a_lean_never_overturns_a_split_the_rules_made(monkeypatch: pytest.MonkeyPatch) -> None:
    # OTHER leans seller by 0.8 only: AGREE (-1.0) lets the rules' split stand as it was.
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 0.8}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "LEAN", 0.5)
    found = resolve_roles(make_call(PITCH), required=False)
    assert found.available and found.reps == (LEAD,)


@pytest.mark.parametrize(("overrule", "decided"), [(True, True), (False, False)])
def test_a_sure_seller_the_rules_left_with_the_buyers(
    monkeypatch: pytest.MonkeyPatch, overrule: bool, decided: bool
) -> None:
    logits = {LEAD: 6.0, BUYER: -6.0, OTHER: 3.0}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    monkeypatch.setattr(roles, "OVERRULE", overrule)
    found = resolve_roles(make_call(PITCH), required=False)
    assert found.available == decided
    if decided:
        assert set(found.reps) == {LEAD, OTHER}


def test_a_refusal_tells_the_user_how_to_name_the_rep(monkeypatch: pytest.MonkeyPatch) -> None:
    logits = {LEAD: 0.1, BUYER: -0.2, OTHER: -0.2}
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(logits))
    with pytest.raises(RoleError) as info:
        resolve_roles(make_call(FLAT))
    message = str(info.value)
    for name in (LEAD, BUYER, OTHER):
        assert f"- {name}:" in message
    assert f"--rep '{LEAD}'" in message  # quoted as the shell needs a name with a space
    assert "repeat --rep" in message and "--rep-roster FILE" in message
