"""Regression floors on cross-validated scores (k-fold over train+dev conversations).

Each row samples a bounded, deterministic set of conversations (``limit``, chosen by hash)
so the suite stays fast; the floor is the cross-validated mean F1 measured on that sample
minus a small margin, so a regression fails but noise does not. The published numbers
(docs/evaluation.md) use every conversation.
"""

from __future__ import annotations

import pytest

from callcoach.eval.corpus import load_corpus
from callcoach.eval.crossval import CV_SPLITS, cross_validate, fold_of, sample
from callcoach.eval.runner import predictions
from callcoach.eval.scoring import point_scores
from tests.eval.conftest import needs_shared_data

pytestmark = [needs_shared_data, pytest.mark.corpus]

K = 5


@pytest.mark.parametrize(
    ("corpus", "task", "strip_punct", "limit", "floor"),
    [
        # question 1.12, measured (k=5, this sample): SwDA as written 0.8355 (1.9: 0.8331;
        # 1.8: 0.8306).
        # question 1.6, measured (k=5, this sample): 0.829, 0.725, 0.920, 0.602, 0.879
        # (1.5: 0.829, 0.705, 0.920, 0.634, 0.879; 1.4: 0.815, 0.700, 0.920, 0.633, 0.879;
        # 1.3: 0.805, 0.700, 0.915, 0.633, 0.879; 1.2: 0.805, 0.681, 0.915, 0.606, 0.845).
        # MRDA without punctuation fell because 1.6's context model reads out-of-fold
        # logits: the 1.5 number was more in-sample (docs/evaluation/question.md).
        ("swda", "question", False, 150, 0.825),
        ("swda", "question", True, 150, 0.70),
        # MRDA and DailyDialog as written: test_questions_beat_question_mark_counting below.
        ("mrda", "question", True, 40, 0.58),
        # Measured 0.8696 (listening 1.5 with question 1.9; 1.4: 0.866; 1.3: 0.860; 1.2:
        # 0.857).
        ("swda", "backchannel", False, 150, 0.86),
        # question_type 1.4, measured 0.800 and 0.7505 (1.3: 0.7995 and 0.749; 1.2: 0.782
        # and 0.739; 1.1: 0.767 and 0.724).
        ("annomi", "question_type", False, None, 0.78),
        ("annomi", "question_type", True, None, 0.73),
        # question_topic's floor is its CV with the models retrained per fold
        # (tests/detectors/test_question_topic.py): this harness would run the shipped,
        # in-sample model.
    ],
)
def test_cross_validated_floor(
    corpus: str, task: str, strip_punct: bool, limit: int | None, floor: float
) -> None:
    result = cross_validate(corpus, K, task, strip_punct=strip_punct, limit=limit, with_dev=False)[
        task
    ]
    assert result["f1"]["mean"] >= floor, result["f1"]


@pytest.mark.parametrize(
    ("corpus", "limit", "floor"),
    # Run-on turns (a speaker's consecutive rows joined, no punctuation): measured 0.664
    # (SwDA) and 0.584 (MRDA, in-sample, see above) with question 1.6; 0.655 / 0.609 with
    # 1.5; 0.654 / 0.608 with 1.3's context model; 0.619 / 0.557 with 1.2,
    # 0.576 / 0.503 before the boundary model.
    [("swda", 150, 0.63), ("mrda", 40, 0.56)],
)
def test_questions_inside_run_on_turns_floor(corpus: str, limit: int, floor: float) -> None:
    result = cross_validate(
        corpus, K, "question", strip_punct=True, limit=limit, with_dev=False, merge_turns=True
    )["question"]
    assert result["f1"]["mean"] >= floor, result["f1"]


@pytest.mark.parametrize(
    ("corpus", "limit", "floor"),
    # Punctuated text: the detector must never read a "?" worse than counting it (issue
    # 10), on every fold, not only on average. question 1.12, measured on these samples:
    # MRDA 0.9348 ('?' 0.9065; every fold +0.016 or more), DailyDialog 0.8792 ('?' 0.8441;
    # unchanged since 1.5). Floors until 1.11: 0.90 and 0.86.
    [("mrda", 40, 0.92), ("dailydialog", 300, 0.87)],
)
def test_questions_beat_question_mark_counting(corpus: str, limit: int, floor: float) -> None:
    conversations = sample([c for c in load_corpus(corpus, None) if c.split in CV_SPLITS], limit)
    fold = {c.conversation_id: fold_of(c, K) for c in conversations}
    found = predictions("question", conversations)
    ours: list[float] = []
    for held_out in range(K):
        rows = [p for p in found if fold[p.row.conversation_id] == held_out]
        gold = [p.gold for p in rows]
        f1 = point_scores(gold, [p.pred for p in rows], "yes")[2]
        marks = ["yes" if "?" in p.row.text else "no" for p in rows]
        assert f1 >= point_scores(gold, marks, "yes")[2], (corpus, held_out)
        ours.append(f1)
    assert sum(ours) / K >= floor, ours
