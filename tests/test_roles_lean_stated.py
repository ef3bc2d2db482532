"""Sixteenth stop, shipped on with ``LEAN`` 1.0: the side an unsure speaker leans to
(``roles.LEAN``) stands only when every seller of the resulting split says something only a
seller says (``roles.LEAN_STATED``); and the kind of error ``scripts/lobo_roles_stress.py`` reports.
Every call here is invented for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach import roles
from callcoach.eval.salescalls import GoldCall
from callcoach.roles import resolve_roles
from tests.scripts import load_script
from tests.test_roles import FixedStructure, make_call
from tests.test_roles_agree import BUYER, FLAT, LEAD, OTHER

# The same small talk, and then the lead speaks of their own offer.
STATED = [
    *FLAT,
    (LEAD, "Our platform sends each depot its changes within the hour, and our team sets it up."),
    (BUYER, "That would help, we lose a day on every change."),
]

LOGITS = {LEAD: 5.0, BUYER: -1.2, OTHER: -3.0}


@pytest.mark.parametrize(
    ("turns", "stated", "reps"),
    [
        # off: the lean places the unsure buyer, the split stands without a seller phrase
        (FLAT, False, (LEAD,)),
        # on: the lead says nothing only a seller says, the lean is not taken
        (FLAT, True, None),
        # on: the lead speaks of their own platform and team, the lean stands
        (STATED, True, (LEAD,)),
    ],
)
def test_the_lean_needs_a_stated_seller(
    monkeypatch: pytest.MonkeyPatch,
    turns: list[tuple[str, str]],
    stated: bool,
    reps: tuple[str, ...] | None,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: FixedStructure(LOGITS))
    monkeypatch.setattr(roles, "LEAN", 0.5)
    monkeypatch.setattr(roles, "LEAN_STATED", stated)
    found = resolve_roles(make_call(turns), required=False)
    assert found.available == (reps is not None)
    if reps is not None:
        assert found.reps == reps
    else:
        assert any("says what only a seller says" in r for r in found.reasons)


def test_the_lean_ships_off_with_its_guard_ready() -> None:
    # taken back off after a fresh batch turned a refusal into a wrong guess (roles.LEAN)
    assert roles.LEAN_STATED is True
    assert roles.LEAN is None


def _gold(reps: tuple[str, ...], prospects: tuple[str, ...]) -> GoldCall:
    return GoldCall(
        "x", Path("x.json"), "json", "discovery", "expert", reps, prospects, (), (), {}, None
    )


# An account executive who runs the call and a sales engineer who answers one question.
TWO_SELLERS = [
    (
        LEAD,
        "Thanks for making time, I'd like to cover your process, then pricing, then next steps.",
    ),
    (BUYER, "Sounds fine to me."),
    (LEAD, "How many approvals does a change need today, and who signs the last one?"),
    (BUYER, "Three, and the plant manager signs."),
    (OTHER, "The connector reads those approvals directly."),
    (LEAD, "Shall we book Thursday to walk your team through a trial plan?"),
]


def test_the_stress_script_names_the_kind_of_error() -> None:
    stress = load_script("lobo_roles_stress")
    gold = _gold((LEAD, OTHER), (BUYER,))
    lead = stress.lead_seller(make_call(TWO_SELLERS), gold)
    assert lead == LEAD
    kind = stress.outcome_kind
    assert kind("right", (LEAD, OTHER), gold, lead, ()) == "-"
    assert kind("wrong", (LEAD,), gold, lead, ()) == "second seller missed"
    assert kind("wrong", (OTHER,), gold, lead, ()) == "lead missed"
    assert kind("wrong", (LEAD, BUYER), gold, lead, ()) == "buyer"
    assert kind("refused", (), gold, lead, (LEAD,)) == "hint lead"
    assert kind("refused", (), gold, lead, (OTHER,)) == "hint other seller"
    assert kind("refused", (), gold, lead, (OTHER, BUYER)) == "hint buyer"
    assert kind("refused", (), gold, lead, ()) == "hint nobody"
