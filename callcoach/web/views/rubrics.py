"""The rubric page: each built-in rubric with its criteria, how they are scored, and tips."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from callcoach.scoring.rubric import Criterion, Rubric, Rule

__all__ = ["CriterionView", "RubricView", "rubric_views", "usage"]


@dataclass(frozen=True, slots=True)
class CriterionView:
    id: str
    title: str
    description: str
    weight: float
    observable: str
    measures: tuple[str, ...]
    rules: tuple[str, ...]
    not_observed: str
    tips: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class RubricView:
    id: str
    name: str  # what --rubric takes
    title: str
    version: str
    description: str
    call_types: tuple[str, ...]
    observability: str
    criteria: tuple[CriterionView, ...]
    moments: tuple[str, ...]
    calls: int  # stored calls this user may see that carry a scorecard of this rubric
    overall: str = "weighted"  # "mean": every criterion counts once; weights break ties

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)


def rubric_views(
    rubrics: Iterable[tuple[str, Rubric]], used: Mapping[str, int]
) -> list[RubricView]:
    """Views of ``(name, rubric)`` pairs; ``used`` counts scored calls per rubric id."""
    return [
        RubricView(
            id=rubric.id,
            name=name,
            title=rubric.title,
            version=rubric.version,
            description=rubric.description.strip(),
            call_types=rubric.call_types,
            observability=rubric.observability.strip(),
            criteria=tuple(_criterion(c) for c in rubric.criteria),
            moments=tuple(m.title for m in rubric.key_moments),
            calls=used.get(rubric.id, 0),
            overall=rubric.overall,
        )
        for name, rubric in rubrics
    ]


def usage(rubric_ids: Iterable[str]) -> dict[str, int]:
    return dict(Counter(rubric_ids))


def _criterion(criterion: Criterion) -> CriterionView:
    descriptions = {m.id: m.description for m in criterion.measures}
    return CriterionView(
        id=criterion.id,
        title=criterion.title,
        description=criterion.description.strip(),
        weight=criterion.weight,
        observable=criterion.observable.strip(),
        measures=tuple(m.description for m in criterion.measures),
        rules=tuple(_rule(r, descriptions) for r in criterion.score.rules)
        + tuple(f"at most {c.max} while {c.reason}" for c in criterion.score.caps),
        not_observed=criterion.score.not_observed,
        tips=tuple(sorted(criterion.tips.items())),
    )


def _rule(rule: Rule, descriptions: Mapping[str, str]) -> str:
    """The rule in words, read the way ``callcoach.scoring.scorer`` applies it."""
    what = descriptions.get(rule.measure, rule.measure)
    if rule.thresholds is not None:
        if rule.higher_is_better:
            marks = " / ".join(f"≥ {t:g}" for t in rule.thresholds)
            return f"{what}: 2 / 3 / 4 / 5 at {marks}, else 1"
        marks = " / ".join(f"≤ {t:g}" for t in rule.thresholds[::-1])
        return f"{what} (lower is better): 2 / 3 / 4 / 5 at {marks}, else 1"
    assert rule.steps is not None and rule.target is not None  # the model's validator says so
    steps = rule.steps
    below = ""
    if rule.steps_below is not None:
        below = f" (below it: {' / '.join(f'{s:g}' for s in rule.steps_below)})"
    return (
        f"{what}: 5 within {steps[0]:g} of {rule.target:g}, one point less beyond each of "
        f"{' / '.join(f'{s:g}' for s in steps)}{below}"
    )
