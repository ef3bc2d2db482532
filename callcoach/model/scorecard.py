"""A rubric applied to one call: criterion scores with the values and evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.model.finding import Evidence


@dataclass(frozen=True, slots=True)
class MeasuredValue:
    """One number a criterion reads (a metric, a count of findings, a share)."""

    id: str
    description: str
    value: float | None
    unit: str = ""
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """``score`` is 1–5, or None when the call gave nothing to observe (never a silent 1)."""

    id: str
    title: str
    weight: float
    score: int | None
    measures: tuple[MeasuredValue, ...]
    derivation: str
    evidence: tuple[Evidence, ...] = ()
    to_improve: str | None = None
    tip: str | None = None
    # Raised to the rubric's absence floor: nothing was found on an otherwise strong call, so
    # the score says "the detector may have missed it" more than it measures the rep.
    raised_by_floor: bool = False

    @property
    def observed(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class KeyMoment:
    kind: str
    title: str
    evidence: Evidence

    @property
    def time(self) -> float | None:
        return self.evidence.start


@dataclass(frozen=True, slots=True)
class Scorecard:
    rubric_id: str
    rubric_version: str
    call_id: str
    call_type: str
    call_type_confidence: float
    call_type_reason: str
    criteria: tuple[CriterionScore, ...]
    overall: float | None
    overall_derivation: str
    strengths: tuple[str, ...]
    focus: str | None
    key_moments: tuple[KeyMoment, ...]
    # "weighted" (criterion weights make the overall) or "mean" (every criterion once; the
    # weights only break ties), as the rubric's ``overall`` says.
    overall_method: str = "weighted"

    def criterion(self, criterion_id: str) -> CriterionScore:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)
