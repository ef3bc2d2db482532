"""stall in general forms: two invented sets of sales-call prospect lines, one scored blind.

Set A (``stall_sales_holdout``) was written in one sitting and scored once against stall 2.1
and the first round-3 forms (P 0.93, R 0.35: the lexicon missed adverbs inside a form and
most ways of deferring, consulting or declining that it did not list); the round-3b forms
and the filler skipping were then written from its misses, so A is a design set now. Set B
(``stall_sales_holdout2``, another style and other industries) was written before that work
and scored blind once afterwards: P 0.94, R 0.73 (stall 2.1: P 0.87, R 0.33). Set C
(``stall_sales_holdout3``, issue 9: freezes, authority, brush-offs, deferrals; negatives with
"looking at / to", a weather freeze, decisions already made) was frozen before it was scored
once against stall 2.4's first forms: P 0.90, R 0.30 (stall 2.3: P 0.67, R 0.20); the last
2.4 forms were then written from its misses, so C is a design set too. Set D
(``stall_sales_holdout4``: 30 discovery and demo answers that are not stalls, 10 stalls) was
frozen and scored once against the near-final 2.4: P 0.86, R 0.60, one false alarm in 30
negatives (stall 2.3: P 0.83, R 0.50); four forms and one veto were then written from it.
Sets E and F (``stall_sales_holdout5`` / ``6``, issue 9, third round: 40 lines each, every
prospect line after the rep's turn it answers) were frozen together before stall 2.5: E was
scored first (P 0.83, R 0.50) and a deferral grammar and three vetoes were written from its
misses (a design set now); F was never read for misses. The grammar lifted F from P 0.78,
R 0.35 to P 0.93, R 0.70, but on the eight sealed calls it found none of the missed stalls
and added a false alarm, so it was taken out (docs/evaluation/stall.md); what shipped (the
vetoes) keeps E at P 1.00, R 0.50 and F at P 0.88, R 0.35. The floors pin those numbers.
Every row is invented (no sentence from the sales calls or any corpus); negatives include
urgency and deadlines, needs, pain, acceptances, questions, logistics and the prospect's
own decision-making.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.detectors.stall import StallDetector
from tests.detectors.conftest import build_call, build_context, precision_recall

LEXICAL = Path(__file__).resolve().parents[1] / "data" / "lexical"


def _scores(name: str) -> tuple[float, float]:
    rows = [json.loads(line) for line in (LEXICAL / f"{name}.jsonl").open()]
    turns = []
    for row in rows:
        turns += [("Rep", row.get("rep", "So what do you think?")), ("Prospect", row["text"])]
    call = build_call(turns)
    # a set of lines, not a conversation: where a line sits says nothing (``min_position`` off)
    detector = StallDetector(min_position=0.0)
    hit = {f.evidence[0].utterance_id for f in detector.detect(call, build_context(call))}
    return precision_recall(
        [row["label"] == "yes" for row in rows],
        [f"u{2 * index + 1:04d}" in hit for index in range(len(rows))],
    )


@pytest.mark.parametrize(
    ("name", "min_precision", "min_recall"),
    [
        ("stall_sales_holdout", 0.95, 0.9),
        ("stall_sales_holdout2", 0.9, 0.7),
        ("stall_sales_holdout3", 0.95, 0.95),
        ("stall_sales_holdout4", 0.95, 0.95),
        ("stall_sales_holdout5", 0.95, 0.5),
        ("stall_sales_holdout6", 0.85, 0.35),
    ],
)
def test_general_forms_floor(name: str, min_precision: float, min_recall: float) -> None:
    precision, recall = _scores(name)
    assert precision >= min_precision and recall >= min_recall, (precision, recall)


def test_fillers_are_blanked_in_place() -> None:
    from callcoach.detectors.stall import without_fillers

    text = "We can't really afford it, honestly."
    blanked = without_fillers(text)
    assert len(blanked) == len(text)
    assert blanked.split() == ["We", "can't", "afford", "it,", "."]


def test_a_form_with_a_filler_inside_is_quoted_as_written() -> None:
    call = build_call([("Rep", "Where are we?"), ("Prospect", "Okay. We'll probably hold off.")])
    (found,) = StallDetector().detect(call, build_context(call))
    assert found.attributes["kind"] == "other"
    assert found.attributes["phrase"] == "We'll probably hold off"
    assert found.evidence[0].quote == "We'll probably hold off."
