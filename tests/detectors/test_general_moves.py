"""Challenge and candor in general forms: invented sets written before the v1.2 lexicons.

``<detector>_general.jsonl`` was used to write the v1.2 phrase families;
``<detector>_general_holdout.jsonl`` was scored once, blind, after that (challenge P 1.00 /
R 0.70, candor P 0.91 / R 0.72; v1.1 had recall 0.12 and 0.35): see
docs/evaluation/lexical.md. Every row is invented (other industries, other people, other
wording than the sales calls), negatives include pitches, benefits phrased with a negation,
playbacks, logistics and the other move.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach import pipeline
from tests.detectors.conftest import build_call, build_context

LEXICAL = Path(__file__).resolve().parents[1] / "data" / "lexical"


def _scores(detector: str, split: str) -> tuple[float, float]:
    rows = [json.loads(line) for line in (LEXICAL / f"{detector}{split}.jsonl").open()]
    call = build_call([("Rep", r["text"]) for r in rows] + [("Prospect", "Okay.")])
    found = pipeline.run(call, build_context(call).roles, pipeline.build([detector]))[detector]
    hit = {f.evidence[0].utterance_id for f in found}
    tp = fp = fn = 0
    for index, row in enumerate(rows):
        predicted, gold = f"u{index:04d}" in hit, row["label"] == "yes"
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


@pytest.mark.parametrize(
    ("detector", "split", "min_precision", "min_recall"),
    [
        ("challenge", "_general", 0.95, 0.9),
        ("challenge", "_general_holdout", 0.95, 0.65),
        ("candor", "_general", 0.95, 0.9),
        ("candor", "_general_holdout", 0.85, 0.65),
    ],
)
def test_general_forms_floor(
    detector: str, split: str, min_precision: float, min_recall: float
) -> None:
    precision, recall = _scores(detector, split)
    assert precision >= min_precision and recall >= min_recall, (precision, recall)
