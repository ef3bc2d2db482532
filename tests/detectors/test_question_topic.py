"""question_topic: business discovery vs personal questions."""

from __future__ import annotations

import dataclasses
import importlib
import json
import statistics
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from callcoach.detectors.question_topic import (
    QuestionTopicDetector,
    TopicDecision,
    aside_topic,
    decide_topic,
    model_input,
    model_text,
    personal_probabilities,
)
from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.tasks.question_topic import predict
from callcoach.model import Call, Evidence, Finding
from callcoach.nlp.linear import MODELS_DIR
from tests.detectors.conftest import build_call, build_context
from tests.eval.conftest import needs_shared_data

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SALES_ROWS = Path(__file__).resolve().parents[2] / "training" / "question_topic_sales.jsonl"


@pytest.mark.parametrize(
    ("text", "label", "topic"),
    [
        ("How does your team handle month-end close today?", "business", "process"),
        ("what's your budget for this", "business", "money"),
        ("Who else needs to sign off on this?", "business", "stakeholders"),
        ("what's the timeline for the rollout", "business", "timeline"),
        ("How many hours a week does that take?", "business", "metrics"),
        ("How was your weekend?", "personal", "weekend"),
        ("did you catch the football game last night", "personal", "sports"),
        ("How are the kids doing?", "personal", "family"),
        ("Is it still raining over there?", "personal", "weather"),
        ("Can you hear me okay?", "other", "audio"),
        ("Does Tuesday at 3 work for you?", "other", "scheduling"),
    ],
)
def test_lexicon_topics(text: str, label: str, topic: str) -> None:
    decision = decide_topic(text, personal_probability=0.5, threshold=0.55)
    assert (decision.label, decision.topic, decision.source) == (label, topic, "lexicon")


def test_model_decides_without_lexicon_and_leaves_unsure_as_other() -> None:
    assert decide_topic("what do you mean", 0.9, 0.55).label == "personal"
    assert decide_topic("what do you mean", 0.1, 0.55).label == "business"
    assert decide_topic("what do you mean", 0.5, 0.55).label == "other"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Okay, so what do you mean by that?", "what do you mean by that?"),
        ("um and how did you end up there", "how did you end up there"),
        ("Yeah. Right, where were you before?", "where were you before?"),
        ("So what?", "So what?"),  # one word would be left: kept whole
        ("Sounds like a plan?", "Sounds like a plan?"),
        ("Now?", "Now?"),
    ],
)
def test_model_text_drops_opening_fillers(sentence: str, text: str) -> None:
    assert model_text(sentence) == text


@pytest.mark.parametrize(
    ("sentence", "before", "words", "text"),
    [
        # 2.5: a short follow-up is read after what was said just before it.
        (
            "And you?",
            "I spend most Saturdays rebuilding an old sailboat.",
            3,
            "I spend most Saturdays rebuilding an old sailboat. And you?",
        ),
        (
            "Okay, what then?",
            " The freight audit cut our claims in half. ",
            3,
            "The freight audit cut our claims in half. what then?",
        ),
        # Words are counted with the opening fillers, as the training rows are.
        ("Okay, so what do you think?", "We pay per crate.", 3, "what do you think?"),
        # A longer question, nothing before it, or the setting off: the question alone.
        (
            "How many pallets leave the dock each week?",
            "We ship from two sites.",
            3,
            "How many pallets leave the dock each week?",
        ),
        ("Have you?", "", 3, "Have you?"),
        # Only the last ``follow_up_context`` (12) words before it.
        (
            "And yours?",
            "Well, we tried three vendors last year and the second one lost a whole trailer.",
            3,
            "three vendors last year and the second one lost a whole trailer. And yours?",
        ),
        ("Have you?", "We tried three vendors.", 0, "Have you?"),
        ("And you?", "I grew up near the lake.", 1, "And you?"),
    ],
)
def test_model_input_reads_a_short_follow_up_with_the_text_before_it(
    sentence: str, before: str, words: int, text: str
) -> None:
    assert model_input(sentence, before, words) == text


def test_detect_reads_a_follow_up_with_the_text_before_it() -> None:
    call = build_call(
        [
            ("Rep", "I coached my daughter's soccer team all autumn."),
            ("Rep", "Have you?"),
            ("Prospect", "No. Our claims desk reroutes damaged crates by hand. Have you?"),
            ("Rep", "Where do the rerouted crates end up?"),
        ]
    )
    tail = call.utterance("u0002").text.index("Have you?")
    follow_up = Evidence.of(call.utterance("u0002"), tail, tail + len("Have you?"))
    questions = [
        _question(call, "u0001"),
        Finding("question", "test", "question", 1.0, (follow_up,), attributes={}),
        _question(call, "u0003"),
    ]
    context = build_context(call, findings={"question": questions})
    # 2.4.1: an option, off by default (measured, docs/evaluation/question_topic.md).
    detector = QuestionTopicDetector(follow_up_words=3)
    assert detector.embedding_texts(call, context) == [
        # the previous utterance when the question opens its utterance …
        "I coached my daughter's soccer team all autumn. Have you?",
        # … the text before it in its own utterance otherwise; a long question alone
        "No. Our claims desk reroutes damaged crates by hand. Have you?",
        "Where do the rerouted crates end up?",
    ]
    assert QuestionTopicDetector().embedding_texts(call, context) == [
        "Have you?",
        "Where do the rerouted crates end up?",
    ]


def test_questions_that_differ_only_in_fillers_are_embedded_once() -> None:
    call = build_call(
        [
            ("Rep", "Okay, what do you mean by that?"),
            ("Prospect", "The usual."),
            ("Rep", "So what do you mean by that?"),
            ("Rep", "What's your budget?"),
        ]
    )
    questions = [_question(call, uid) for uid in ("u0000", "u0002", "u0003")]
    context = build_context(call, findings={"question": questions})
    detector = QuestionTopicDetector()
    assert detector.embedding_texts(call, context) == ["what do you mean by that?"]
    findings = detector.detect(call, context)
    assert [f.attributes["source"] for f in findings] == ["model", "model", "lexicon"]
    assert findings[0].label == findings[1].label
    assert findings[0].confidence == findings[1].confidence


def test_model_reads_personal_and_task_questions() -> None:
    from callcoach.nlp.embeddings import default_embedder

    personal, task = personal_probabilities(
        ["Do you have any kids of your own?", "How much would you like to donate today?"],
        default_embedder(),
    )
    assert 0.0 <= task < 0.5 < personal <= 1.0


def test_model_reads_sales_discovery_and_small_talk() -> None:
    # 2.2: invented sales questions join P4G in training; neither sentence has a lexicon word.
    from callcoach.nlp.embeddings import default_embedder

    texts = [
        "so what happens when a shipment turns up damaged",
        "did you get out on the boat at all this summer",
    ]
    assert [decide_topic(t, 0.5, 0.5).source for t in texts] == ["model", "model"]
    business, personal = personal_probabilities(texts, default_embedder())
    assert 0.0 <= business < 0.5 < personal <= 1.0


def test_invented_sales_rows_are_well_formed_and_trained_on() -> None:
    rows = [json.loads(line) for line in SALES_ROWS.read_text(encoding="utf-8").splitlines()]
    assert {row["label"] for row in rows} == {"business", "personal", "logistics"}
    assert all(row["text"].strip() and row["group"] for row in rows)
    metadata = json.loads((MODELS_DIR / "question_topic.json").read_text(encoding="utf-8"))
    trained = sum(row["label"] in ("business", "personal") for row in rows)
    assert metadata["invented_rows"] == trained
    assert metadata["invented_rows_file"] == "training/question_topic_sales.jsonl"


def test_eval_counts_unlabelled_inquiries_as_errors() -> None:
    row = CorpusUtterance(
        "persuasionforgood_annotated", "c", 0, "persuader", "persuader", "Hi?",
        ("strategy:task-related-inquiry",),
    )  # fmt: skip
    other = _question(build_call([("Rep", "Hi?")]), "u0000")
    assert predict(row, ()) == "personal"
    assert predict(row, (dataclasses.replace(other, label="other"),)) == "personal"
    assert predict(row, (dataclasses.replace(other, label="business"),)) == "business"


def _question(call: Call, uid: str) -> Finding:
    return Finding(
        detector="question",
        version="test",
        label="question",
        confidence=1.0,
        evidence=(Evidence.of(call.utterance(uid)),),
        attributes={"speaker_role": "rep"},
    )


def test_detect_uses_question_findings() -> None:
    call = build_call(
        [
            ("Rep", "Hi Dana. How was your weekend?"),
            ("Prospect", "Great, we went hiking."),
            ("Rep", "so what is the budget for this project"),
        ]
    )
    first = Evidence.of(call.utterance("u0000"), 9, 30)
    questions = [
        Finding("question", "test", "question", 1.0, (first,), attributes={}),
        _question(call, "u0002"),
    ]
    findings = QuestionTopicDetector().detect(
        call, build_context(call, findings={"question": questions})
    )
    assert [(f.label, f.attributes["topic"]) for f in findings] == [
        ("personal", "weekend"),
        ("business", "money"),
    ]
    assert findings[0].evidence[0].quote == "How was your weekend?"


_MODEL_BUSINESS = TopicDecision("business", None, 0.9, "model")


@pytest.mark.parametrize(
    ("text", "decision", "aside"),
    [
        # Inviting the prospect's questions or finding a slot asks nothing about the business.
        ("Was there anything else, any other questions before we wrap?", _MODEL_BUSINESS, "agenda"),
        ("What questions do you have for me so far?", _MODEL_BUSINESS, "agenda"),
        ("So how does next week look for a walkthrough?", _MODEL_BUSINESS, "scheduling"),
        ("When are you free for a second session?", _MODEL_BUSINESS, "scheduling"),
        # Asking how to spend the meeting is agenda (2.4).
        ("Where do you want to spend our time this morning?", _MODEL_BUSINESS, "agenda"),
        ("So how should we use the hour we have?", _MODEL_BUSINESS, "agenda"),
        # A real discovery question, and a business phrase, are no aside.
        ("What happens to the orders when the warehouse is short?", _MODEL_BUSINESS, None),
        (
            "Any questions about the rollout plan?",
            TopicDecision("business", "timeline", 0.85, "lexicon"),
            None,
        ),
        # Only business questions carry an aside.
        ("Any questions about my weekend?", TopicDecision("personal", None, 0.9, "model"), None),
    ],
)
def test_aside_marks_model_business_questions_that_ask_nothing_about_the_business(
    text: str, decision: TopicDecision, aside: str | None
) -> None:
    assert aside_topic(text, decision) == aside


def test_detect_marks_an_aside_and_keeps_its_label(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import callcoach.detectors.question_topic as qt

    call = build_call(
        [
            ("Rep", "Did you have any other questions for me?"),
            ("Prospect", "Not right now."),
            ("Rep", "So how does your week look for a second session?"),
        ]
    )
    questions = [_question(call, "u0000"), _question(call, "u0002")]
    # the model's call for these sentences, whatever it is, is business here
    monkeypatch.setattr(
        qt, "personal_probabilities", lambda texts, embedder: np.zeros(len(texts), np.float32)
    )
    monkeypatch.setattr(qt, "_default_embedder", lambda: None)
    context = build_context(call, findings={"question": questions})
    marked = QuestionTopicDetector().detect(call, context)
    assert [(f.label, f.attributes.get("aside")) for f in marked] == [
        ("business", "agenda"),
        ("business", "scheduling"),
    ]


def _cv_script() -> ModuleType:
    """scripts/cv_question_topic.py (it imports scripts/train_question_topic.py by name)."""
    scripts = Path(__file__).resolve().parents[2] / "scripts"
    if str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    return importlib.import_module("cv_question_topic")


@needs_shared_data
@pytest.mark.corpus
def test_cross_validated_floor_with_the_model_retrained_per_fold() -> None:
    # 5-fold CV over a 120-conversation sample of P4G annotated train+dev, the model
    # retrained on the other folds (no in-sample rows, unlike the eval harness's --cv).
    # Measured 0.675 ± 0.059 (v2.2, with the invented sales rows in every fold's training;
    # v2.1: 0.656 ± 0.069); all 250 conversations: 0.733 ± 0.073 (v2.1: 0.740 ± 0.079).
    scores = _cv_script().cross_validate(5, False, limit=120)
    assert statistics.mean(scores) >= 0.65, scores
