"""quantified_pain's writers' head (round 12): the sentence head trained on the invented rows
plus the opened blind batches' labelled sentences, read only with ``head_name``."""

from __future__ import annotations

import math

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.quantified_pain import (
    HEAD_NAME,
    WRITERS_HEAD_NAME,
    QuantifiedPainDetector,
)
from callcoach.model import Call, Finding
from callcoach.nlp.heads import load_head
from tests.detectors.conftest import Zero, build_call, build_context


def _pain(call: Call, encoder: Zero, **params: object) -> list[Finding]:
    context = build_context(call)
    found = QuantifiedPainDetector(**params).detect(
        call, DetectionContext(context.roles, context.findings, encoder)
    )
    return [f for f in found if f.label == "quantified_pain"]


CALL = [
    ("Rep", "What does a late shipment cost you?"),
    ("Prospect", "Every late pallet costs us about $400 in penalties."),
]


def test_the_writers_head_records_the_batches_that_trained_it() -> None:
    head = load_head(WRITERS_HEAD_NAME)
    batches = head.metadata["blind_batches"]
    assert "dev" not in batches  # the dev calls are never training rows
    assert set(batches) >= {"open", "open2", "open9", "open10"}
    assert not any("sealed" in b or b in ("open11", "open12", "open13") for b in batches)
    assert head.metadata["invented_rows"] == 530
    assert head.metadata["cv"]["f1_pooled"] >= 0.7


def test_the_clause_veto_is_on_and_reads_the_writers_head_1_12() -> None:
    params = QuantifiedPainDetector.default_params()
    assert (params["head_veto"], params["head_unit"], params["head_name"]) == (
        0.2,
        "clause",
        WRITERS_HEAD_NAME,
    )
    assert params["head_add"] > 1.0  # the head adds nothing


def test_without_the_veto_nothing_is_embedded() -> None:
    encoder = Zero()
    assert _pain(build_call(CALL), encoder, head_veto=0.0)
    assert encoder.asked == []


def test_the_veto_reads_only_the_rule_findings_clauses() -> None:
    call = build_call([*CALL, ("Prospect", "We run 40 trucks out of two depots.")])
    encoder = Zero()
    _pain(call, encoder, head_veto=0.01)
    assert encoder.asked == ["Every late pallet costs us about $400 in penalties."]


def test_head_name_picks_the_head_the_veto_reads() -> None:
    call = build_call(CALL)
    # on the zero vector each head scores its own intercept, so the two heads disagree
    # exactly where a veto threshold sits between their intercepts
    p = {n: 1.0 / (1.0 + math.exp(-load_head(n).intercept)) for n in (HEAD_NAME, WRITERS_HEAD_NAME)}
    low, high = sorted(p.values())
    veto = (low + high) / 2
    kept = {n: bool(_pain(call, Zero(), head_veto=veto, head_name=n)) for n in p}
    assert kept == {n: p[n] >= veto for n in p}
    encoder = Zero()
    _pain(call, encoder, head_veto=veto, head_name=WRITERS_HEAD_NAME)
    assert encoder.asked  # the veto read the finding's clause
