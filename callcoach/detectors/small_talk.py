"""Small talk: stretches of rapport talk (greetings, weekend, sports, family …) by anyone.

Each utterance is scored by a linear model trained on CaSiNo small-talk annotations
(``scripts/train_small_talk.py``), rescored with its neighbours' scores (small talk comes in
stretches). A business-discovery phrase (``lexicons/question_topic_business.txt``), a
stall or a next step caps the score; a greeting near the start or a goodbye near the end
(``lexicons/small_talk_edges.yaml``) is small talk, call logistics never. Consecutive small-talk
utterances form one span; a single short utterance in between (a backchannel such as
"haha yeah") does not break a span but is not counted as small talk itself. A span is kept
only with a cue: a personal-topic phrase (``lexicons/small_talk.txt``) the model agrees
with, a greeting or a goodbye.

One finding per span, label ``small_talk``, evidence = its small-talk utterances.
Attributes: ``start_fraction`` (where the span starts in the call, 0–1, by time when
timestamps exist, else by utterance position), ``duration_s`` (None without timestamps),
``speakers``, ``speaker_roles``, ``utterances`` (count) and ``topics`` (lexicon topics).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from callcoach.detectors._patterns import load_lexicon
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.question_topic import business_lexicon, personal_lexicon
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance
from callcoach.nlp.linear import load_model

MODEL_NAME = "small_talk"
_BUSINESS_CAP = 0.2
_EDGE_SCORE = 0.95
_EDGE_WORDS = 4
_GAP = 2


# Business-lexicon words that are everyday words in small talk too ("I'm currently
# training for a half marathon", "how many kids do you have?", "my team won", "we spend
# every summer at the lake"):
# they do not put the deal on the table by themselves. Each was kept because ignoring it
# raised the CaSiNo cross-validated F1 (docs/evaluation/small_talk.md).
_EVERYDAY = frozenset({"currently", "team", "spend"})


def _business(text: str) -> bool:
    """A sales-discovery phrase, a stall or a next step: the deal is on the table."""
    lowered = text.lower().replace("’", "'")
    return (
        any(m.group(0) not in _EVERYDAY for m in business_lexicon().pattern.finditer(lowered))
        or load_lexicon("stall").search(text) is not None
        or load_lexicon("next_step").search(text) is not None
    )


def _fill_gaps(
    scored: list[tuple[float, tuple[str, ...]]], threshold: float, gap_score: float
) -> list[tuple[float, tuple[str, ...]]]:
    """An utterance of at least ``gap_score`` with small talk on both sides (within
    ``_GAP`` utterances) is part of that stretch ("which course?" between two turns about golf)."""
    talk = [score >= threshold for score, _ in scored]
    filled = list(scored)
    for i, (score, topics) in enumerate(scored):
        if talk[i] or score < gap_score:
            continue
        before = any(talk[max(0, i - _GAP) : i])
        after = any(talk[i + 1 : i + 1 + _GAP])
        if before and after:
            filled[i] = (threshold, topics)
    return filled


def _start_fraction(call: Call, first: Utterance) -> float:
    if call.has_timestamps and call.duration:
        call_start = min(u.start for u in call.utterances if u.start is not None)
        return round(((first.start or call_start) - call_start) / call.duration, 4)
    return round(first.index / max(1, len(call.utterances)), 4)


@register
class SmallTalkDetector(Detector):
    """Spans of small talk with their duration, position in the call and speakers."""

    name = "small_talk"
    version = "1.3.0"
    description = "Small-talk spans (rapport, personal topics) with duration and position."

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # threshold: second-stage P(small talk), chosen out-of-fold on CaSiNo train (it is
        # also in models/small_talk.json); bridge_words: an utterance this short between
        # two small-talk ones keeps the span; lexicon_floor: the least first-stage score at
        # which a personal-topic phrase counts.
        # edge_utterances: how many utterances at each end of a call a greeting / goodbye
        # may sit in; require_cue: a span needs one utterance with a personal topic, a
        # greeting or a goodbye (the model alone reads sales talk as off-deal chat).
        return {
            "threshold": 0.75,
            "bridge_words": 3,
            "lexicon_floor": 0.5,
            "edge_utterances": 5,
            "edge_floor": 0.2,
            "require_cue": True,
            "gap_score": 0.3,
        }

    def scores(self, texts: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        """Per text (in call order): P(small talk) and the personal topics found.

        First stage: the text model, adjusted by the lexicons. Second stage: a logistic
        regression over the first-stage scores of the text and its two neighbours, because
        small talk comes in stretches.
        """
        if not texts:
            return []
        model = load_model(MODEL_NAME)
        first = model.predict_proba(list(texts))[:, model.classes.index("yes")]
        floor = float(self._params["lexicon_floor"])
        topics = [tuple(dict.fromkeys(personal_lexicon().topics(text))) for text in texts]
        business = np.asarray([_business(text) for text in texts])
        # The model learnt campsite chat, where anything off the deal is small talk; a
        # sales-discovery phrase means the prospect's business is on the table.
        first = np.where(business, np.minimum(first, _BUSINESS_CAP), first)
        # A personal word inside a need statement ("my kids eat a lot, so I need the food")
        # is not small talk: a topic counts as a small-talk cue only where the model finds
        # the text plausible. The topic does not raise the score: the model decides which
        # utterances are small talk, the cue which spans are kept (see ``detect``).
        plausible = first >= floor
        topics = [t if ok else () for t, ok in zip(topics, plausible, strict=True)]
        first = first.astype(np.float64)
        context = model.metadata["context"]
        previous = np.concatenate([[0.0], first[:-1]])
        following = np.concatenate([first[1:], [0.0]])
        features = np.stack([first, previous, following], axis=1)
        logits = features @ np.asarray(context["coef"], dtype=np.float64) + context["intercept"]
        second = 1.0 / (1.0 + np.exp(-logits))
        second = np.where(business, np.minimum(second, _BUSINESS_CAP), second)
        edges = load_lexicon("small_talk_edges")
        edge = int(self._params["edge_utterances"])
        scored: list[tuple[float, tuple[str, ...]]] = []
        floor = float(self._params["edge_floor"])
        rows = zip(texts, first, second, topics, strict=True)
        for position, (text, own, p, found) in enumerate(rows):
            kinds = {m.category for m in edges.finditer(text)}
            opening = "greeting" in kinds and position < edge
            closing = "closing" in kinds and position >= len(texts) - edge
            # "Hello, I need all the water" opens with a greeting but is the deal.
            if (opening or closing) and (own >= floor or len(text.split()) <= _EDGE_WORDS):
                # Openings and goodbyes frame the call: small talk whatever the model says.
                scored.append((max(float(p), _EDGE_SCORE), (*found, "greeting")))
            elif "logistics" in kinds:
                scored.append((min(float(p), _BUSINESS_CAP), found))
            else:
                scored.append((float(p), found))
        return scored

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        utterances = [u for u in call.utterances if u.text.strip()]
        threshold = float(self._params["threshold"])
        scored = _fill_gaps(
            self.scores([u.text for u in utterances]), threshold, float(self._params["gap_score"])
        )
        bridge = int(self._params["bridge_words"])
        spans: list[list[tuple[Utterance, float, tuple[str, ...]]]] = []
        current: list[tuple[Utterance, float, tuple[str, ...]]] = []
        pending_bridge = False
        for utterance, (score, topics) in zip(utterances, scored, strict=True):
            if score >= threshold:
                current.append((utterance, score, topics))
                pending_bridge = False
            elif current and not pending_bridge and utterance.word_count <= bridge:
                pending_bridge = True
            else:
                if current:
                    spans.append(current)
                current, pending_bridge = [], False
        if current:
            spans.append(current)
        if self._params["require_cue"]:
            spans = [span for span in spans if any(topics for _, _, topics in span)]
        return [self._span_finding(call, context, span) for span in spans]

    def _span_finding(
        self,
        call: Call,
        context: DetectionContext,
        span: list[tuple[Utterance, float, tuple[str, ...]]],
    ) -> Finding:
        members = [u for u, _, _ in span]
        first, last = members[0], members[-1]
        duration = (
            round(last.end - first.start, 3)
            if first.start is not None and last.end is not None
            else None
        )
        speakers = list(dict.fromkeys(u.speaker for u in members if u.speaker is not None))
        topics = list(dict.fromkeys(t for _, _, ts in span for t in ts))
        confidence = sum(score for _, score, _ in span) / len(span)
        return self.finding(
            "small_talk",
            [Evidence.of(u) for u in members],
            confidence,
            start_fraction=_start_fraction(call, first),
            duration_s=duration,
            speakers=speakers,
            speaker_roles={s: context.roles.role_of(s) for s in speakers},
            utterances=len(members),
            topics=topics,
        )
