"""The behaviour features of one call: every number insights relates to won deals.

One extractor, ``call_features``, for stored calls (``Repository.call_features``) and fresh
analyses (``features_from_analysis``) alike, so the same call always gets the same numbers.
It reads the domain objects (``Metric``, ``Finding``, ``Scorecard``), their JSON models
(``MetricOut``, ``FindingOut``, ``ScorecardOut``) or the plain tuples below (what storage reads
in bulk) through the small protocols of this module.

Names: each metric's name; ``count:<detector>:<label>`` per label of a detector that ran (0
where it found none of a label in ``labels``); ``score:overall`` and ``criterion:<id>`` from the
scorecard; ``duration_minutes``; ``small_talk_minutes`` where the small_talk detector ran (the
length of the distinct utterances quoted by its findings, each counted once; None without
timestamps).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol

__all__ = [
    "Card",
    "CriterionValue",
    "FindingLike",
    "Labelled",
    "MetricValue",
    "ScorecardLike",
    "Span",
    "call_features",
]

SMALL_TALK = "small_talk"


class MetricLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> float | None: ...


class EvidenceLike(Protocol):
    @property
    def utterance_id(self) -> str: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...


class FindingLike(Protocol):
    @property
    def detector(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def evidence(self) -> Sequence[EvidenceLike]: ...


class CriterionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def score(self) -> int | None: ...


class ScorecardLike(Protocol):
    @property
    def overall(self) -> float | None: ...
    @property
    def criteria(self) -> Sequence[CriterionLike]: ...


class MetricValue(NamedTuple):
    name: str
    value: float | None


class Span(NamedTuple):
    utterance_id: str
    start: float | None
    end: float | None


class Labelled(NamedTuple):
    """A finding as far as the features need it: who found what, quoting which utterances."""

    detector: str
    label: str
    evidence: tuple[Span, ...]


class CriterionValue(NamedTuple):
    id: str
    score: int | None


class Card(NamedTuple):
    overall: float | None
    criteria: tuple[CriterionValue, ...]


def call_features(
    *,
    metrics: Iterable[MetricLike],
    detectors: Iterable[str],
    findings: Iterable[FindingLike],
    scorecard: ScorecardLike | None,
    duration_seconds: float | None,
    labels: Mapping[str, Collection[str]] | None = None,
) -> dict[str, float | None]:
    """The features of one call. ``detectors`` are the detectors that ran on it (found
    something or not); ``labels`` per detector the labels to count even where this call has
    none (e.g. every label the detector produced on any stored call)."""
    features: dict[str, float | None] = {
        m.name: None if m.value is None else float(m.value) for m in metrics
    }
    ran = set(detectors)
    counts: Counter[tuple[str, str]] = Counter()
    small_talk: dict[str, float] = {}
    found: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        ran.add(finding.detector)
        found[finding.detector].add(finding.label)
        counts[finding.detector, finding.label] += 1
        if finding.detector == SMALL_TALK and finding.label == SMALL_TALK:
            for e in finding.evidence:
                if e.start is not None and e.end is not None:
                    small_talk[e.utterance_id] = max(0.0, e.end - e.start)
    for detector in sorted(ran):
        for label in sorted(found[detector] | set((labels or {}).get(detector, ()))):
            features[f"count:{detector}:{label}"] = float(counts[detector, label])
    if scorecard is not None:
        overall = scorecard.overall
        features["score:overall"] = None if overall is None else float(overall)
        for criterion in scorecard.criteria:
            score = criterion.score
            features[f"criterion:{criterion.id}"] = None if score is None else float(score)
    features["duration_minutes"] = None if duration_seconds is None else duration_seconds / 60.0
    if SMALL_TALK in ran:
        # An utterance quoted by two findings is one stretch of small talk, counted once.
        # Summed in the order first quoted: storage keeps the analysis's finding order.
        seconds = sum(small_talk.values())
        features["small_talk_minutes"] = None if duration_seconds is None else seconds / 60.0
    return features
