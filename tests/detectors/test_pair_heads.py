"""The two-turn heads of stall (``stall_pair``) and quantified_pain (``quantified_pain_pair``).

Both read a sentence with what came before it and both ship off (leave-one-batch-out and open6
before reading chose the rules; docs/evaluation/stall.md, quantified_pain.md). The encoder here
gives every text the zero vector, so each head's probability is its intercept's sigmoid and
what it decides at a threshold is known without the embedding model.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.quantified_pain import PAIR_HEAD_NAME, QuantifiedPainDetector, _contexts
from callcoach.detectors.stall import PAIR_HEAD, StallDetector
from callcoach.model import Call, Finding
from callcoach.nlp.heads import PAIR_FEATURES, load_head
from tests.detectors.conftest import Zero, build_call, build_context

TRAINING = Path(__file__).resolve().parents[2] / "training" / "heads"


def _p(head: str) -> float:
    return 1.0 / (1.0 + math.exp(-load_head(head).intercept))


def _context(call: Call, encoder: Zero) -> DetectionContext:
    context = build_context(call)
    return type(context)(context.roles, context.findings, encoder)


@pytest.mark.parametrize("name", [PAIR_HEAD, PAIR_HEAD_NAME])
def test_each_pair_head_was_trained_on_its_training_file_as_it_is(name: str) -> None:
    head = load_head(name)
    data = TRAINING / f"{name}.jsonl"
    assert head.features == PAIR_FEATURES
    assert head.metadata["training_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert head.metadata["cv"]["f1_pooled"] >= 0.7  # grouped 5-fold CV on invented exchanges
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    assert all(set(r) >= {"context", "text", "label", "group"} for r in rows)
    # the same answer is labelled both ways, by what was asked before it
    labels: dict[str, set[int]] = {}
    for r in rows:
        labels.setdefault(r["text"], set()).add(r["label"])
    assert any(found == {0, 1} for found in labels.values())


def _stalls(turns: list[tuple[str, str]], encoder: Zero, **params: float) -> list[Finding]:
    call = build_call(turns)
    return StallDetector(**params).detect(call, _context(call, encoder))


def test_the_stall_pair_head_is_off_by_default_and_then_nothing_is_embedded() -> None:
    encoder = Zero()
    turns = [("Rep", "Shall we book it?"), ("Prospect", "Let me sleep on it.")]
    assert [f.attributes["kind"] for f in _stalls(turns, encoder)] == ["think-about-it"]
    assert encoder.asked == []


def test_the_stall_pair_veto_reads_the_rep_turn_and_the_quote() -> None:
    p = _p(PAIR_HEAD)
    turns = [("Rep", "Shall we book it?"), ("Prospect", "Let me sleep on it.")]
    encoder = Zero()
    assert _stalls(turns, encoder, pair_veto=p - 0.01)
    assert encoder.asked == ["Shall we book it?", "Let me sleep on it."]
    assert _stalls(turns, Zero(), pair_veto=p + 0.01) == []


def test_the_stall_pair_head_adds_only_a_said_sentence_right_after_the_rep() -> None:
    p = _p(PAIR_HEAD)
    put_off = "The whole thing is on ice while the warehouse move happens."
    turns = [("Rep", "Can we get the pilot started?"), ("Prospect", put_off)]
    found = _stalls(turns, Zero(), pair_add=p - 0.01)
    assert [(f.evidence[0].quote, f.attributes["source"]) for f in found] == [(put_off, "head")]
    assert _stalls(turns, Zero(), pair_add=p + 0.01) == []
    cut = [("Rep", "Can we get the pilot started?"), ("Prospect", "The thing is that the move--")]
    assert _stalls(cut, Zero(), pair_add=p - 0.01) == []  # an unfinished sentence


def test_the_quantified_pain_pair_head_vetoes_by_what_came_before() -> None:
    p = _p(PAIR_HEAD_NAME)
    call = build_call(
        [
            ("Rep", "How many hours does the team lose to rework?"),
            ("Prospect", "We lose about 40 hours a month just reconciling invoices."),
        ]
    )
    encoder = Zero()
    kept = QuantifiedPainDetector(head_pair=True, head_veto=p - 0.01).detect(
        call, _context(call, encoder)
    )
    assert [f for f in kept if f.label == "quantified_pain"]
    assert "How many hours does the team lose to rework?" in encoder.asked
    dropped = QuantifiedPainDetector(head_pair=True, head_veto=p + 0.01).detect(
        call, _context(call, Zero())
    )
    assert [f for f in dropped if f.label == "quantified_pain"] == []


def test_the_context_is_the_previous_sentence_or_the_turn_before() -> None:
    call = build_call(
        [
            ("Rep", "How bad is it?"),
            ("Prospect", "It costs us 40 hours a month. The fines were 9,000 dollars."),
        ]
    )
    candidates = QuantifiedPainDetector()._candidates(call, build_context(call))
    assert _contexts(call, candidates) == [
        "How bad is it?",
        "It costs us 40 hours a month.",
    ]
