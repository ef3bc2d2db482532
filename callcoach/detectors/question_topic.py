"""What a question is about: business discovery, personal/small talk, or other.

Each question found by the ``question`` detector gets a label:

- ``business`` — discovery about the prospect's business; ``topic`` is one of process,
  metrics, money, goals, decision, timeline, stakeholders (``lexicons/
  question_topic_business.txt``), or None when only the model decided;
- ``personal`` — rapport / small talk; ``topic`` is one of greeting, weekend, sports,
  family, weather, school, travel (``lexicons/small_talk.txt``), or None;
- ``other`` — neither (logistics such as "can you hear me?", "does Tuesday work?").

Lexicon matches decide first (a business phrase wins over a personal one: "how is your
team handling the holidays?" is discovery). Otherwise a linear model trained on the
Persuasion For Good annotated train split (task- vs personal-related inquiries; see
``scripts/train_question_topic.py``) decides when it is confident either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Finding
from callcoach.nlp.linear import load_model

MODEL_NAME = "question_topic"


@dataclass(frozen=True)
class TopicLexicon:
    """Phrases mapped to topics, matched on word boundaries in lower-cased text."""

    pattern: re.Pattern[str]
    topic_of: Mapping[str, str]

    def topics(self, text: str) -> list[str]:
        """Topics of the phrases found in ``text``, in order of appearance (repeats kept)."""
        lowered = text.lower().replace("’", "'")
        return [self.topic_of[m.group(0)] for m in self.pattern.finditer(lowered)]


@lru_cache(maxsize=4)
def topic_lexicon(filename: str) -> TopicLexicon:
    """Load ``lexicons/<filename>`` ("topic: phrase" lines) once per process."""
    text = (
        resources.files("callcoach.detectors")
        .joinpath(f"lexicons/{filename}")
        .read_text(encoding="utf-8")
    )
    topic_of: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        topic, _, phrase = line.partition(":")
        topic_of[phrase.strip().lower()] = topic.strip()
    # Longest phrases first so "how much time" beats "how much" at the same position.
    alternatives = "|".join(re.escape(p) for p in sorted(topic_of, key=len, reverse=True))
    return TopicLexicon(re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])"), topic_of)


def business_lexicon() -> TopicLexicon:
    """Business-discovery phrases by topic."""
    return topic_lexicon("question_topic_business.txt")


def personal_lexicon() -> TopicLexicon:
    """Personal / small-talk phrases by topic (shared with the small_talk detector)."""
    return topic_lexicon("small_talk.txt")


def _most_common(topics: list[str]) -> str:
    return max(dict.fromkeys(topics), key=topics.count)


@dataclass(frozen=True)
class TopicDecision:
    label: str
    topic: str | None
    confidence: float
    source: str


def decide_topic(text: str, personal_probability: float, threshold: float) -> TopicDecision:
    """Label one question from lexicon matches and the model's P(personal)."""
    business = business_lexicon().topics(text)
    if business:
        return TopicDecision("business", _most_common(business), 0.85, "lexicon")
    personal = personal_lexicon().topics(text)
    if personal:
        return TopicDecision("personal", _most_common(personal), 0.8, "lexicon")
    if personal_probability >= threshold:
        return TopicDecision("personal", None, personal_probability, "model")
    if personal_probability <= 1.0 - threshold:
        return TopicDecision("business", None, 1.0 - personal_probability, "model")
    return TopicDecision("other", None, 0.5, "model")


@register
class QuestionTopicDetector(Detector):
    """Labels every question business / personal / other, with a topic where known."""

    name = "question_topic"
    version = "1.0.0"
    description = "Business discovery vs personal/small-talk questions, with their topic."
    requires = ("question",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # P(personal) at or above the threshold is personal, at or below 1 - threshold is
        # business; in between is "other".
        return {"threshold": 0.55}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        questions = [q for q in context.of("question") if q.evidence]
        if not questions:
            return []
        texts = {u.id: u.text for u in call.utterances}
        sentences = [
            texts[q.evidence[0].utterance_id][q.evidence[0].char_start : q.evidence[0].char_end]
            for q in questions
        ]
        model = load_model(MODEL_NAME)
        personal_column = model.classes.index("personal")
        probabilities = model.predict_proba(sentences)[:, personal_column]
        threshold = float(self._params["threshold"])
        findings: list[Finding] = []
        for question, sentence, probability in zip(
            questions, sentences, probabilities, strict=True
        ):
            decision = decide_topic(sentence, float(probability), threshold)
            findings.append(
                self.finding(
                    decision.label,
                    [question.evidence[0]],
                    decision.confidence,
                    topic=decision.topic,
                    source=decision.source,
                    speaker_role=question.attributes.get("speaker_role"),
                )
            )
        return findings
