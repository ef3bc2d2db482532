"""Question-detection floors on a fixed sample of the real dev splits (first 8 conversations).

Measured when written: SwDA F1 0.815 (punctuated) / 0.805 (stripped); MRDA 0.888 / 0.570.
Raised after the question rules of question 1.1: SwDA 0.840 / 0.886, MRDA 0.894 / 0.603.
The floors sit a little under, so a regression fails but noise does not.
"""

from __future__ import annotations

import pytest

from callcoach.eval.runner import evaluate
from tests.eval.conftest import needs_shared_data

pytestmark = [needs_shared_data, pytest.mark.corpus]


@pytest.mark.parametrize(
    ("corpus", "strip_punct", "floor"),
    [
        ("swda", False, 0.82),
        ("swda", True, 0.86),
        ("mrda", False, 0.87),
        ("mrda", True, 0.58),
    ],
)
def test_question_f1_floor(corpus: str, strip_punct: bool, floor: float) -> None:
    scores = evaluate(corpus, "dev", "question", strip_punct=strip_punct, limit=8)["question"]
    assert scores["f1"] >= floor, scores
