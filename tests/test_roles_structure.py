"""The dialogue-structure role features and model (``callcoach.roles``, ninth stop) and the
``roles.STRUCTURE`` switch. Every call here is invented for this test."""

from __future__ import annotations

import json

import pytest

from callcoach import roles
from callcoach.errors import RoleError
from callcoach.roles import (
    STRUCTURE_EXTRA,
    STRUCTURE_FEATURES,
    STRUCTURE_MODEL_PATH,
    StructureModel,
    load_structure_model,
    resolve_roles,
    speaker_counts,
    speaker_features,
)
from tests.test_roles import make_call

DISCOVERY = [
    (
        "Ines Rocha",
        "Thanks for making the time today. The goal for this call is to learn how "
        "you run dispatch now.",
    ),
    ("Bram Osei", "Sure, happy to. We have eleven drivers and our office runs it on a whiteboard."),
    ("Ines Rocha", "How do you decide which driver takes a late job?"),
    ("Bram Osei", "Whoever picks up the phone, honestly. Our current system is my memory."),
    ("Ines Rocha", "What does a missed job cost you in a normal week?"),
    ("Bram Osei", "Maybe two jobs, call it eight hundred pounds. How much is your tool?"),
    ("Ines Rocha", "It's forty pounds per driver per month, and onboarding takes about two weeks."),
    ("Bram Osei", "Does it work on older phones?"),
    ("Ines Rocha", "It does. Does that make sense so far?"),
    ("Bram Osei", "Yeah, it does."),
    ("Ines Rocha", "Let's book Thursday at ten with your office manager, I'll send the invite."),
    ("Bram Osei", "Thursday works."),
]

# ASR style: no punctuation, a run-on turn with two questions inside it.
ASR = [
    (
        "spk_0",
        "hi there thanks for jumping on so how many sites are you running at the moment "
        "and how do you track the deliveries today",
    ),
    ("spk_1", "we got four sites and we use a spreadsheet we struggle with it every monday"),
    ("spk_0", "got it what happens when a delivery goes missing who picks that up"),
    ("spk_1", "our office manager mostly how much does your thing cost"),
    ("spk_0", "it's twelve dollars per site per month and most teams are live in a week"),
]


def test_features_are_relative_to_the_call_and_favour_the_seller() -> None:
    call = make_call(DISCOVERY)
    speakers = ["Ines Rocha", "Bram Osei"]
    values = speaker_features(call, speakers)
    seller, buyer = values["Ines Rocha"], values["Bram Osei"]
    assert set(STRUCTURE_FEATURES) <= set(seller)
    # Shares less an even share: two speakers' values sum to zero.
    for name in ("questions", "discovery", "next_step", "terms", "we_business"):
        assert seller[name] + buyer[name] == pytest.approx(0.0)
    assert seller["discovery"] > buyer["discovery"]
    assert seller["next_step"] > buyer["next_step"]
    assert seller["terms"] > buyer["terms"]
    assert buyer["product_questions"] > seller["product_questions"]
    assert buyer["we_business"] > seller["we_business"]
    assert seller["you_rate"] > buyer["you_rate"]


def test_unpunctuated_turns_are_cut_so_their_questions_count() -> None:
    counts = speaker_counts(make_call(ASR), ["spk_0", "spk_1"])
    # Whole, the first turn opens with a greeting and is no question; cut, it holds two.
    assert counts["spk_0"]["questions"] >= 2
    assert counts["spk_1"]["questions"] == 0


def test_the_shipped_model_names_its_inputs_and_training_batches() -> None:
    data = json.loads(STRUCTURE_MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data["coef"]) == set(STRUCTURE_FEATURES + STRUCTURE_EXTRA)
    assert data["margin"] > 0
    batches = data["meta"]["batches"]
    assert batches and all(b.startswith("open") for b in batches)  # never dev, never sealed
    model = load_structure_model()
    assert model.margin == data["margin"]


def _model(margin: float) -> StructureModel:
    """A toy model: the seller asks the discovery questions and proposes the step."""
    return StructureModel({"discovery": 10.0, "next_step": 10.0}, 0.0, margin, {})


def test_on_by_default_as_a_check_and_a_fallback() -> None:
    assert roles.STRUCTURE == "both"


def test_alone_decides_from_the_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: _model(1.0))
    monkeypatch.setattr(roles, "STRUCTURE", "alone")
    found = resolve_roles(make_call(DISCOVERY), required=False)
    assert found.reps == ("Ines Rocha",)
    assert any("structure model" in r for r in found.reasons)


def test_alone_refuses_a_speaker_within_the_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: _model(100.0))
    monkeypatch.setattr(roles, "STRUCTURE", "alone")
    found = resolve_roles(make_call(DISCOVERY), required=False)
    assert not found.available
    assert "either side" in (found.unavailable_reason or "")


def test_both_vetoes_a_decision_the_structure_contradicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A model that reads the buyer's side as the seller's contradicts the rules' guess.
    reversed_model = StructureModel({"discovery": -10.0, "next_step": -10.0}, 0.0, 1.0, {})
    monkeypatch.setattr(roles, "STRUCTURE", None)
    assert resolve_roles(make_call(DISCOVERY), required=False).reps == ("Ines Rocha",)
    monkeypatch.setattr(roles, "load_structure_model", lambda: reversed_model)
    monkeypatch.setattr(roles, "STRUCTURE", "both")
    found = resolve_roles(make_call(DISCOVERY), required=False)
    assert not found.available
    assert "other side" in (found.unavailable_reason or "")
    with pytest.raises(RoleError):
        resolve_roles(make_call(DISCOVERY))


def test_both_keeps_a_decision_the_structure_agrees_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "load_structure_model", lambda: _model(1.0))
    monkeypatch.setattr(roles, "STRUCTURE", "both")
    found = resolve_roles(make_call(DISCOVERY))
    assert found.reps == ("Ines Rocha",)
