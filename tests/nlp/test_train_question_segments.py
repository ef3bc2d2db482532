"""scripts/train_question_segments.py: the typed-chat gaps its ``--extra`` option adds."""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from train_question_segments import message_gaps  # noqa: E402


def test_a_boundary_after_each_end_marked_sentence_but_the_last() -> None:
    gaps = message_gaps("Sounds great, thanks. So how big is your crew? We have four.")
    labels = [label for _, label in gaps]
    # "sounds great thanks | so how big is your crew | we have four": 12 words, 11 gaps
    assert len(labels) == 11
    assert [i + 1 for i, label in enumerate(labels) if label == "yes"] == [3, 9]
    # stripped like ASR text: no capitals or punctuation reach the features
    assert "b1_so" in gaps[2][0] and "a1_thanks" in gaps[2][0]


def test_a_message_with_an_unmarked_sentence_teaches_nothing() -> None:
    # the writer did not show where "i can take the firewood" ends
    assert message_gaps("I can take the firewood. what do you need most") == []
    assert message_gaps("ok") == []
