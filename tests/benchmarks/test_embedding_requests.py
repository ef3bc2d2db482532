"""embedding_requests attributes each text of the call's pass to the detectors that asked for
it, and leaves the detector classes as it found them."""

from __future__ import annotations

import callcoach
from benchmarks.embedding_requests import Requests, recording, summary
from callcoach.detectors.question_topic import QuestionTopicDetector

# Invented; the last question is one no topic lexicon decides, so the model embeds it.
TEXT = (
    "Dana: Morning Sam, how was the drive in?\n"
    "Sam: Slow, roadworks again. So where do we start?\n"
    "Dana: How do you close the books today?\n"
    "Sam: Spreadsheets, mostly. It takes nine days.\n"
    "Dana: What would you do with the extra week?\n"
    "Sam: Honestly, sleep.\n"
)


def test_texts_are_attributed_and_classes_restored() -> None:
    detect, texts = QuestionTopicDetector.detect, QuestionTopicDetector.embedding_texts
    call = callcoach.load_text(TEXT, source="t.txt")
    sinks = [Requests(minutes=60.0)]
    with recording(sinks):
        callcoach.analyze(call, rep="Dana", detectors=["question_topic"])
    assert QuestionTopicDetector.detect is detect
    assert QuestionTopicDetector.embedding_texts is texts
    asked = sinks[0].by_detector["question_topic"]
    assert asked and set(asked) <= set(sinks[0].embedded)
    result = summary(sinks)
    assert result["per_hour"]["question_topic"]["texts"] == len(asked)
    assert result["embedded_per_hour"]["never_read_texts"] == 0
