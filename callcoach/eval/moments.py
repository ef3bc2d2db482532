"""The sales-call matching rule: moments, word spans, one-to-one matching and P/R/F1.

A *moment* is a labelled word span inside one turn of a call. A predicted moment matches a
gold moment of the same label in the same turn when their words overlap by at least half
of the shorter span; each gold moment matches at most one prediction and vice versa (the
matching maximises the number of pairs, preferring larger overlaps). Labels judged by
turns (``small_talk``, ``interruption``) compare the *sets of turns* the moments cover.

Nothing here knows about detectors or files: ``callcoach.eval.salescalls`` turns findings
and labels into ``Moment`` values and calls ``score_label``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "MIN_OVERLAP",
    "LabelScore",
    "Match",
    "Moment",
    "find_span",
    "match_moments",
    "overlap",
    "score_label",
    "score_quotes",
    "score_turns",
    "words",
]

MIN_OVERLAP = 0.5  # share of the shorter span's words that must be shared

_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    """Lower-case word tokens (curly apostrophes straightened), as the matching rule sees them.

    >>> words("So — what’s the cost?")
    ['so', "what's", 'the', 'cost']
    """
    return _WORD.findall(text.casefold().replace("\u2019", "'"))


def find_span(turn_text: str, quote: str) -> tuple[int, int] | None:
    """Word span ``[start, end)`` of ``quote`` inside ``turn_text``; None when it is not there.

    >>> find_span("Hi there. How are you doing today?", "how are you doing")
    (2, 6)
    """
    hay, needle = words(turn_text), words(quote)
    if not needle:
        return None
    n = len(needle)
    for i in range(len(hay) - n + 1):
        if hay[i : i + n] == needle:
            return i, i + n
    return None


@dataclass(frozen=True, slots=True)
class Moment:
    """A labelled word span ``[start, end)`` in turn ``turn`` (gold or predicted).

    ``attrs`` holds the label's attributes (gold: from labels.json; predicted: mapped from
    the finding); ``source`` is what it came from (a ``Finding`` for predictions).
    """

    turn: int
    label: str
    start: int
    end: int
    quote: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)
    source: Any = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"moment span ends before it starts: {self.start}..{self.end}")
        if not isinstance(self.attrs, MappingProxyType):
            object.__setattr__(self, "attrs", MappingProxyType(dict(self.attrs)))

    @property
    def size(self) -> int:
        return self.end - self.start


def overlap(a: Moment, b: Moment) -> float:
    """Shared words as a share of the shorter span (0 when in different turns or empty)."""
    if a.turn != b.turn:
        return 0.0
    shorter = min(a.size, b.size)
    if shorter <= 0:
        return 0.0
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(shared, 0) / shorter


def _shared(a: Moment, b: Moment) -> int:
    return max(min(a.end, b.end) - max(a.start, b.start), 0) if a.turn == b.turn else 0


@dataclass(frozen=True, slots=True)
class Match:
    gold: Moment
    pred: Moment
    overlap: float


def match_moments(gold: Sequence[Moment], pred: Sequence[Moment]) -> list[Match]:
    """One-to-one pairs of gold and predicted moments that match (same turn, overlap ≥ ½).

    A maximum matching (augmenting paths), trying each gold moment's candidates in order of
    decreasing overlap, so a prediction is never spent on one gold moment when another one
    could only match it. Labels are not compared here: pass moments of one label.
    """
    candidates: list[list[int]] = []
    for g in gold:
        found = [(overlap(g, p), _shared(g, p), -j, j) for j, p in enumerate(pred)]
        # Larger overlap first, then more shared words, then the earlier prediction.
        ranked = sorted((f for f in found if f[0] >= MIN_OVERLAP and f[0] > 0), reverse=True)
        candidates.append([j for *_, j in ranked])
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    pairs = [Match(gold[i], pred[j], overlap(gold[i], pred[j])) for j, i in owner.items()]
    return sorted(pairs, key=lambda m: (m.gold.turn, m.gold.start, m.pred.start))


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Counts for one label on one or more calls, with what matched and what did not."""

    label: str
    tp: int
    fp: int
    fn: int
    matches: tuple[Match, ...] = ()
    misses: tuple[Moment, ...] = ()  # gold moments nothing matched
    false_alarms: tuple[Moment, ...] = ()  # predictions that matched no gold moment
    by_turns: bool = False

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def defined(self) -> bool:
        """False when there was nothing to find and nothing was predicted (F1 undefined)."""
        return self.tp + self.fp + self.fn > 0

    @classmethod
    def total(cls, label: str, scores: Iterable[LabelScore]) -> LabelScore:
        """The pooled counts of ``scores`` (all of ``label``); zero counts when empty."""
        pooled = cls(label, 0, 0, 0)
        for score in scores:
            pooled = pooled + score
        return pooled

    def counts(self, digits: int = 3) -> dict[str, float | int]:
        """Precision, recall and F1 (rounded) with the raw counts, as reports print them."""
        return {
            "precision": round(self.precision, digits),
            "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }

    def __add__(self, other: LabelScore) -> LabelScore:
        if other.label != self.label:
            raise ValueError(f"cannot add scores of {self.label!r} and {other.label!r}")
        return LabelScore(
            self.label,
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.matches + other.matches,
            self.misses + other.misses,
            self.false_alarms + other.false_alarms,
            self.by_turns,
        )


def score_label(label: str, gold: Iterable[Moment], pred: Iterable[Moment]) -> LabelScore:
    """Moment-level counts of ``label``: matched pairs, unmatched gold, unmatched predictions."""
    g = [m for m in gold if m.label == label]
    p = [m for m in pred if m.label == label]
    pairs = match_moments(g, p)
    used_g = {id(m.gold) for m in pairs}
    used_p = {id(m.pred) for m in pairs}
    misses = tuple(m for m in g if id(m) not in used_g)
    alarms = tuple(m for m in p if id(m) not in used_p)
    return LabelScore(label, len(pairs), len(alarms), len(misses), tuple(pairs), misses, alarms)


def score_quotes(
    label: str,
    text: str,
    gold_quotes: Iterable[str],
    found: Iterable[tuple[int, str]],
    turn: int = 0,
) -> LabelScore:
    """``label`` on one text: the gold quotes against findings given as (character start,
    quote), each placed by its words (the invented blind sets' scoring)."""
    gold = []
    for quote in gold_quotes:
        span = find_span(text, quote)
        if span is None:
            raise ValueError(f"gold quote not found in its text: {quote!r}")
        gold.append(Moment(turn, label, *span, quote=quote))
    pred = []
    for start, quote in found:
        before = len(words(text[:start]))
        pred.append(Moment(turn, label, before, before + len(words(quote)), quote=quote))
    return score_label(label, gold, pred)


def score_turns(label: str, gold: Iterable[Moment], pred: Iterable[Moment]) -> LabelScore:
    """Counts of ``label`` judged by the set of turns covered (small talk, interruptions).

    A turn covered by both is a true positive; the misses and false alarms are one moment
    per turn (the first moment seen on it).
    """
    g: dict[int, Moment] = {}
    p: dict[int, Moment] = {}
    for m in gold:
        if m.label == label:
            g.setdefault(m.turn, m)
    for m in pred:
        if m.label == label:
            p.setdefault(m.turn, m)
    both = sorted(set(g) & set(p))
    pairs = tuple(Match(g[t], p[t], 1.0) for t in both)
    misses = tuple(g[t] for t in sorted(set(g) - set(p)))
    alarms = tuple(p[t] for t in sorted(set(p) - set(g)))
    return LabelScore(label, len(both), len(alarms), len(misses), pairs, misses, alarms, True)
