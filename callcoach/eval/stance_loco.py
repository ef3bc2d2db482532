"""Leave-one-call-out choice of the rules challenge and candor added in 1.5.

Each detector lists its new rules (``NEW_RULES``) and runs with any of them switched off
(a subclass setting ``rules_off``). For each of the 12 annotated sales calls held out in
turn, the rules are chosen on the other 11 calls together with the invented exchange sets
written before (``tests/data/stance``: design, heldout, F–J, each scored as one call):
backward elimination, switching off the rule whose removal raises the pooled F1 most until
none does. The held-out call is then scored with the rules chosen without it, and the
pooled held-out counts are the leave-one-call-out score. The *strict* score also switches
off, for each held-out call, every kept rule with no support elsewhere (its removal loses
no true positive and adds no false alarm on the other calls and sets): a rule written from
one call never counts on that call. The newest set (K) takes no part:
it is scored once, at the end (docs/evaluation/stance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.eval.lexicon_loco import PreparedCall
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.eval.stance_sets import StanceRow, score_rows

#: The head combinations the stance LOCO and LOBO scripts weigh against the rules alone, simplest
#: first (a tie goes to the earlier): (mode, add threshold, veto threshold).
Combo = tuple[str, float, float]  # mode, add, veto
ADD = (0.8, 0.85, 0.9, 0.95, 0.98)
VETO = (0.02, 0.05, 0.1, 0.2, 0.3)
GRID: tuple[Combo, ...] = (
    ("rules", 1.0, 0.0),
    *(("veto", 1.0, v) for v in VETO),
    *(("or", a, 0.0) for a in ADD),
    *(("or-veto", a, v) for a in ADD for v in VETO),
    ("head", 0.0, 0.0),
)

__all__ = ["RuleLoco", "rule_loco", "strict_detectors"]


@dataclass(frozen=True)
class RuleLoco:
    """In-sample (every rule on) and leave-one-call-out scores of one stance detector."""

    detector: str
    label: str
    rules: tuple[str, ...]
    in_sample: LabelScore  # the 12 calls, every rule on
    loco: LabelScore  # each call scored with the rules chosen without it
    strict: LabelScore  # as loco, less the rules with no true positive elsewhere
    baseline: LabelScore  # the 12 calls, every new rule off
    off: Mapping[str, tuple[str, ...]]  # held-out call -> rules switched off for it
    strict_off: Mapping[str, tuple[str, ...]]  # the same, strict

    def summary(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "label": self.label,
            "rules": list(self.rules),
            "baseline_all_off": self.baseline.counts(),
            "in_sample": self.in_sample.counts(),
            "loco": self.loco.counts(),
            "loco_strict": self.strict.counts(),
            "off": {k: list(v) for k, v in self.off.items() if v},
            "strict_off": {k: list(v) for k, v in self.strict_off.items() if v},
        }


def rule_loco(
    detector: str,
    label: str,
    calls: Sequence[PreparedCall],
    sets: Mapping[str, Sequence[StanceRow]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> RuleLoco:
    """Choose ``detector``'s new rules by leave-one-call-out (see the module doc)."""
    base = registry.get(detector)
    rules: tuple[str, ...] = tuple(getattr(base, "NEW_RULES", ()))
    sets = sets or {}
    variants: dict[frozenset[str], Detector] = {}
    memo: dict[tuple[str, frozenset[str]], LabelScore] = {}

    def variant(off: frozenset[str]) -> Detector:
        if off not in variants:

            class Variant(base):  # type: ignore[valid-type,misc]
                name: ClassVar[str] = base.name
                rules_off: ClassVar[frozenset[str]] = off
                # the rules alone: a head switched on by default (candor 1.11) is weighed
                # against them by the head scripts, never mixed into their choice
                HEAD_MODE: ClassVar[str] = "rules"
                # challenge 1.11's reply veto is a head too (trained on blind batches these
                # calls include): weighed by scripts/stance_rows_lobo.py, not here
                REPLY_VETO: ClassVar[float] = 0.0
                needs_embeddings: ClassVar[bool] = False

            variants[off] = Variant()
        return variants[off]

    def on_call(index: int, off: frozenset[str]) -> LabelScore:
        key = (f"call:{index}", off)
        if key not in memo:
            c = calls[index]
            found = variant(off).detect(c.call, DetectionContext(c.roles))
            pred = predicted_moments({detector: found}, c.roles, c.alignment, [label])
            memo[key] = score_label(label, c.gold.moments, pred)
        return memo[key]

    def on_set(name: str, off: frozenset[str]) -> LabelScore:
        key = (f"set:{name}", off)
        if key not in memo:
            memo[key] = score_rows(detector, label, sets[name], variant(off))
        return memo[key]

    def pooled_score(train: Sequence[int], off: frozenset[str]) -> LabelScore:
        scores = [on_call(i, off) for i in train] + [on_set(n, off) for n in sets]
        return LabelScore.total(label, scores)

    def pooled(train: Sequence[int], off: frozenset[str]) -> float:
        return pooled_score(train, off).f1

    everything = list(range(len(calls)))
    held_scores: list[LabelScore] = []
    chosen_off: dict[str, tuple[str, ...]] = {}
    strict_scores: list[LabelScore] = []
    strict_off: dict[str, tuple[str, ...]] = {}
    for held in everything:
        train = [i for i in everything if i != held]
        off: frozenset[str] = frozenset()
        current = pooled(train, off)
        while True:
            best, best_f1 = None, current
            for rule in rules:
                if rule in off:
                    continue
                f1 = pooled(train, off | {rule})
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = rule, f1
            if best is None:
                break
            off, current = off | {best}, best_f1
        held_scores.append(on_call(held, off))
        chosen_off[calls[held].gold.id] = tuple(sorted(off))
        kept = pooled_score(train, off)
        unsupported = {
            rule
            for rule in rules
            if rule not in off
            and pooled_score(train, off | {rule}).tp >= kept.tp
            and pooled_score(train, off | {rule}).fp <= kept.fp
        }
        strict_scores.append(on_call(held, off | unsupported))
        strict_off[calls[held].gold.id] = tuple(sorted(off | unsupported))
        if progress is not None:
            progress(f"{detector}: held out {calls[held].gold.id}, off {sorted(off)}")
    return RuleLoco(
        detector=detector,
        label=label,
        rules=rules,
        in_sample=LabelScore.total(label, [on_call(i, frozenset()) for i in everything]),
        loco=LabelScore.total(label, held_scores),
        strict=LabelScore.total(label, strict_scores),
        baseline=LabelScore.total(label, [on_call(i, frozenset(rules)) for i in everything]),
        off=chosen_off,
        strict_off=strict_off,
    )


def strict_detectors(
    detector: str,
    calls: Sequence[PreparedCall],
    sets: Mapping[str, Sequence[StanceRow]] | None = None,
) -> dict[str, Detector]:
    """Per call id, ``detector`` with the rules the strict leave-one-call-out switches off
    for that call: rules that read the call get no credit on it, so a learned head can be
    weighed against rules that did not see it."""
    strict_off = rule_loco(detector, detector, calls, sets).strict_off
    base = registry.get(detector)
    out: dict[str, Detector] = {}
    for c in calls:
        off = frozenset(strict_off.get(c.gold.id, ()))
        variant = type(
            f"Strict{base.__name__}",
            (base,),
            {"rules_off": off, "HEAD_MODE": "rules", "REPLY_VETO": 0.0, "needs_embeddings": False},
        )
        out[c.gold.id] = variant()
    return out
