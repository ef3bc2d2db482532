"""Rubric files: YAML validated by pydantic. A rubric names what to measure and how to score it.

Each criterion reads *measures* (a conversation metric, a count or share of detector findings)
and turns them into a 1–5 score with *rules*: ``thresholds`` (the value reaching the i-th
threshold earns score i+2) or a ``target`` with ``steps`` (distance from the ideal). See
docs/rubrics.md for the format and the default rubric's derivations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from callcoach.errors import RubricError
from callcoach.yamlspec import YamlSpecs

RoleFilter = Literal["rep", "prospect", "any"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingFilter(_Strict):
    """Which findings to count: by detector, label, speaker role and attribute values.

    ``overlaps`` keeps only findings whose first quote overlaps a quote of a finding that
    matches it (e.g. business questions that the question_type detector calls open);
    ``not_overlaps`` drops those that overlap one (or one of several filters: a discovery
    question is neither small talk nor a next step proposed); ``min_words`` drops quotes with fewer
    words than that, not counting fillers and discourse markers ("So, um, see?" is one
    word: no discovery question); ``present`` keeps findings whose listed attributes are
    set (not null or empty), e.g. next steps with a date; ``at_least`` keeps findings whose
    numeric attributes reach the given values (a finding without the attribute is left out),
    e.g. summaries a learned head reads clearly as a playback; ``in_last`` keeps findings in
    the last fraction of the call (the close).
    """

    detector: str
    labels: tuple[str, ...] = ()
    role: RoleFilter = "any"
    where: dict[str, Any] = Field(default_factory=dict)
    present: tuple[str, ...] = ()
    at_least: dict[str, float] = Field(default_factory=dict)
    overlaps: FindingFilter | None = None
    not_overlaps: FindingFilter | tuple[FindingFilter, ...] | None = None
    min_words: int = Field(default=0, ge=0)
    in_last: float | None = Field(
        default=None,
        gt=0.0,
        le=1.0,
        description="Only findings in the last fraction of the call (by utterance), e.g. "
        "0.5: the close, not a step mentioned in the middle of a demo.",
    )


class Measure(_Strict):
    id: str
    description: str
    kind: Literal["metric", "count", "share", "rate", "attribute", "distinct", "builds_on"]
    unit: str = ""
    metric: tuple[str, ...] = ()
    findings: FindingFilter | None = None
    of: FindingFilter | None = None
    attribute: str | None = None
    evidence: bool = Field(
        default=True,
        description="False: the measure is shown, but its quotes are not the criterion's "
        "evidence (e.g. personal questions under discovery support no discovery score).",
    )
    same_day: bool = Field(
        default=False,
        description="A 'distinct' measure only: items are days, and the findings that name the "
        "same day count once (the ISO date's day, else the weekday or today/tomorrow words of "
        "``attribute``), e.g. a booked meeting and the prospect's echo of its day.",
    )

    @model_validator(mode="after")
    def _kind_has_its_fields(self) -> Measure:
        needs = {
            "metric": ("metric",),
            "count": ("findings",),
            "share": ("findings", "of"),
            "rate": ("findings",),
            "attribute": ("findings", "attribute"),
            "distinct": ("findings", "attribute"),
            "builds_on": ("findings",),
        }[self.kind]
        missing = [name for name in needs if not getattr(self, name)]
        if missing:
            raise ValueError(f"a {self.kind!r} measure needs {', '.join(missing)}")
        if self.same_day and self.kind != "distinct":
            raise ValueError("'same_day' only goes with a 'distinct' measure")
        return self


class Rule(_Strict):
    """Score one measure 1–5: by ascending ``thresholds`` or by distance from a ``target``.

    ``steps_below`` (optional) are the distances used when the value is below the target
    (a rep talking less than the target is penalised less than one talking more).
    ``target_high`` (optional) makes the target a range ``[target, target_high]``: any value
    inside it is on target, and the distance is measured from the nearer end (``steps``
    above the range, ``steps_below`` under it). A range states the ideal where it depends
    on something the transcript does not say for sure (the talk ratio of a call whose type
    is not known).

    Rules that share a ``group`` count as one part: the weakest of them is the group's
    score (every part of it is needed), and the groups are then combined by the spec's
    ``combine`` (listening: the weakest of talk ratio, interruptions and monologue is one
    half, building on the prospect's words the other).
    """

    measure: str
    group: str | None = None
    thresholds: tuple[float, float, float, float] | None = None
    higher_is_better: bool = True
    target: float | None = None
    target_high: float | None = None
    steps: tuple[float, float, float, float] | None = None
    steps_below: tuple[float, float, float, float] | None = None
    others_read_without: bool = Field(
        default=False,
        description="True: the other criteria that are weighed with the rep's mean "
        "(``shrink``, ``absence_floor``) read this criterion's score without this rule. The "
        "rule reads a behaviour another criterion scores already (listening's open business "
        "questions per 10 minutes, discovery's too); read from the mean as well, it would "
        "count twice in the criteria weighed with the call (rubric 2.18).",
    )

    @model_validator(mode="after")
    def _one_way_to_score(self) -> Rule:
        if (self.thresholds is None) == (self.target is None):
            raise ValueError("a rule needs either 'thresholds' or 'target' with 'steps'")
        if self.target is not None and self.steps is None:
            raise ValueError("a 'target' rule needs 'steps' (4 growing distances)")
        if self.steps_below is not None and self.target is None:
            raise ValueError("'steps_below' only goes with a 'target'")
        if self.target_high is not None and (self.target is None or self.target_high < self.target):
            raise ValueError("'target_high' needs a 'target' at or below it")
        for name in ("thresholds", "steps", "steps_below"):
            values = getattr(self, name)
            if values is not None and list(values) != sorted(values):
                raise ValueError(f"'{name}' must be in ascending order")
        return self


class CapCondition(_Strict):
    """A further condition of a cap: ``measure`` is below ``below`` (or unavailable), or,
    with ``at_least`` instead, measured at ``at_least`` or more (stop 37, in no shipped
    cap: "0 % of needs covered" read on a single found need need not cap)."""

    measure: str
    below: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> CapCondition:
        if (self.below is None) == (self.at_least is None):
            raise ValueError("a cap condition takes exactly one of 'below' and 'at_least'")
        return self


class Cap(_Strict):
    """The score can be at most ``max`` while ``measure`` is below ``below`` (or unavailable).

    Scores follow the evidence: e.g. a recommendation cannot score high when the prospect
    stated no need, whatever the other measures say. ``also`` lists further conditions that
    must all hold too (e.g. "nothing recommended *and* no discovery": a recommendation the
    detector missed after real discovery should not sink the score to 1).
    """

    measure: str
    below: float
    max: int = Field(ge=1, le=5)
    reason: str
    also: tuple[CapCondition, ...] = ()
    others_read_before: bool = Field(
        default=False,
        description="True: the other criteria that are weighed with the rep's mean "
        "(``shrink``, ``absence_floor``) read this criterion's score before this cap. The "
        "cap is evidence about this behaviour alone (a stall let pass), not about the rep's "
        "other skills; cut from the mean too, it would pull them down (rubric 2.16).",
    )
    binds_weighed: bool = Field(
        default=False,
        description="True: the score weighed with the other criteria (``shrink``) stays at "
        "or below this cap even when the shrink is free of the caps (``within_caps: "
        "false``): a cap whose evidence is the rep's own, not a weak detector's miss (stop 41).",
    )


class AbsenceFloor(_Strict):
    """Absent evidence on an otherwise strong call scores ``floor``, not 1.

    A detector with modest recall on a new voice misses moments; on a call where the rep
    scores ``when_others_at_least`` or more on average over the other observed criteria,
    "no ``measure`` found" is weak evidence that the behaviour was absent, so one missed
    finding should not drop the criterion to the bottom of the scale. The derivation says so.
    """

    measure: str
    floor: int = Field(default=2, ge=1, le=5)
    when_others_at_least: float = Field(default=3.5, ge=1.0, le=5.0)


class Shrink(_Strict):
    """The criterion's own score weighed with the rep's other criteria.

    Some detectors find half the moments, or fewer, on a voice they were not written for
    (candor, summaries, challenges), and fire now and then on ordinary talk; one found or
    missed moment then moves a count criterion across the scale. The expert's ratings of one
    call hang together (a rep who discovers, listens and closes well is rarely never
    upfront), so the score is ``keep`` × its own score + (1 − ``keep``) × the mean of the
    other observed criteria (after their absence floors, before any shrink), rounded half
    up, and never above a cap whose condition holds: the evidence rules still win. The
    derivation shows the sum.
    """

    keep: float = Field(ge=0.0, le=1.0)
    thin: str | None = Field(
        default=None,
        description="A count measure: weigh only while it is at most ``thin_at_most`` (the "
        "score rests on no found moment or one, which a detector misses or invents on a "
        "new writer; two or more found moments stand on their own). None: always.",
    )
    thin_at_most: float = Field(default=1.0, ge=0.0)
    within_caps: bool = Field(
        default=True,
        description="The weighed score stays at or below a cap whose condition holds; False: "
        "the caps bound the criterion's own score only (a cap that reads the same weak "
        "detector, e.g. candor's 'no poor fit named', would otherwise undo the shrink).",
    )


class ScoreSpec(_Strict):
    rules: tuple[Rule, ...] = Field(min_length=1)
    combine: Literal["mean", "mean_down", "min", "max"] = Field(
        default="mean",
        description="How rule scores combine: their mean (a half rounded up; mean_down: a "
        "half rounded down, so the score rises only when both halves earn it), the weakest "
        "(min: every part is needed), or the strongest (max: each rule is one way to show "
        "the behaviour).",
    )
    applies_if: str | None = Field(
        default=None,
        description="A measure id: the criterion is 'not observed' when it is 0 or unavailable.",
    )
    not_observed: str = "nothing in this call to score"
    requires: str | None = Field(
        default=None,
        description="A measure id: the criterion is 'not observed' when it is unavailable (its "
        "detector did not run), even if another rule could score; a 0 still scores "
        "(discovery's quantify part alone is no discovery, rubric 2.12).",
    )
    stretch: float = Field(
        default=1.0,
        ge=1.0,
        le=4.0,
        description="combine mean / mean_down only: the mean of the rule scores is moved away "
        "from the middle of the scale (3) by this factor, within 1-5, before it is rounded. A "
        "mean of several rules drifts to the middle (a call with no step at all earns points "
        "for 'no vague step'; a strong close misses one rule); 1: off.",
    )
    caps: tuple[Cap, ...] = ()
    absence_floor: AbsenceFloor | None = None
    shrink: Shrink | None = None


class CallTypeOverride(_Strict):
    skip: bool = False
    score: ScoreSpec | None = None
    min_confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="A guessed call type applies this override only at or above this "
        "confidence (else the criterion's default score, which should then suit every call "
        "type); None: the rubric's call_type_min_confidence decides alone.",
    )


class Focus(_Strict):
    """Which findings a concrete coaching tip quotes, and the sentence it is written with."""

    findings: FindingFilter
    template: str


class Criterion(_Strict):
    id: str
    title: str
    description: str
    weight: float = Field(gt=0)
    measures: tuple[Measure, ...] = Field(min_length=1)
    score: ScoreSpec
    call_types: dict[str, CallTypeOverride] = Field(default_factory=dict)
    tips: dict[int, str] = Field(default_factory=dict)
    focus: Focus | None = None
    observable: str = Field(
        default="yes", description="What a transcript can and cannot show for this criterion."
    )

    @field_validator("tips")
    @classmethod
    def _tip_bands(cls, tips: dict[int, str]) -> dict[int, str]:
        bad = [band for band in tips if band not in range(1, 6)]
        if bad:
            raise ValueError(f"tips are keyed by score 1–5, not {bad}")
        return tips

    @model_validator(mode="after")
    def _rules_name_measures(self) -> Criterion:
        ids = {m.id for m in self.measures}
        specs = [self.score, *(o.score for o in self.call_types.values() if o.score)]
        for spec in specs:
            for rule in spec.rules:
                if rule.measure not in ids:
                    raise ValueError(f"rule reads unknown measure {rule.measure!r}")
            if spec.applies_if is not None and spec.applies_if not in ids:
                raise ValueError(f"applies_if names unknown measure {spec.applies_if!r}")
            if spec.requires is not None and spec.requires not in ids:
                raise ValueError(f"requires names unknown measure {spec.requires!r}")
            if spec.absence_floor is not None and spec.absence_floor.measure not in ids:
                raise ValueError(
                    f"absence_floor reads unknown measure {spec.absence_floor.measure!r}"
                )
            for cap in spec.caps:
                for name in (cap.measure, *(c.measure for c in cap.also)):
                    if name not in ids:
                        raise ValueError(f"cap reads unknown measure {name!r}")
            if spec.shrink is not None and spec.shrink.thin not in (None, *ids):
                raise ValueError(f"shrink.thin names unknown measure {spec.shrink.thin!r}")
        return self


class MomentSpec(_Strict):
    kind: str
    title: str
    findings: FindingFilter
    limit: int = 3
    quote: Literal["first", "last"] = Field(
        default="first", description="Which evidence of the finding to show (last = the reply)."
    )


class Rubric(_Strict):
    id: str
    title: str
    version: str
    description: str
    call_types: tuple[str, ...] = ("discovery", "demo", "negotiation", "follow-up")
    call_type_min_confidence: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="A guessed call type below this confidence uses the default scoring, "
        "not that type's overrides (a call given by the user always uses its overrides).",
    )
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    key_moments: tuple[MomentSpec, ...] = ()
    observability: str = ""
    overall: Literal["weighted", "mean"] = Field(
        default="weighted",
        description="How the overall is made of the observed criteria's scores: "
        "``weighted``, Σ score × weight / Σ weight; ``mean``, their plain mean (every "
        "criterion counts once; the weights still break ties between criteria).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"criterion ids must be unique: {duplicates}")
        for criterion in self.criteria:
            unknown = set(criterion.call_types) - set(self.call_types)
            if unknown:
                raise ValueError(
                    f"criterion {criterion.id!r} overrides unknown call types {sorted(unknown)}"
                )
        return self


def check_references(rubric: Rubric, source: str) -> None:
    """Every detector a rubric reads must be registered (schema checks can't know that)."""
    from callcoach.detectors import registry

    known = set(registry.names())
    problems = []
    for i, criterion in enumerate(rubric.criteria):
        filters = [
            (f"criteria[{i} ({criterion.id})].measures[{j}]", f)
            for j, m in enumerate(criterion.measures)
            for f in (m.findings, m.of)
            if f is not None
        ]
        if criterion.focus is not None:
            filters.append((f"criteria[{i} ({criterion.id})].focus", criterion.focus.findings))
        for where, wanted in filters:
            for path, nested in _nested(where, wanted):
                if nested.detector not in known:
                    problems.append(f"{path}.detector: unknown detector {nested.detector!r}")
    for i, moment in enumerate(rubric.key_moments):
        for path, nested in _nested(f"key_moments[{i}].findings", moment.findings):
            if nested.detector not in known:
                problems.append(f"{path}.detector: unknown detector {nested.detector!r}")
    if problems:
        raise RubricError(f"{source}: invalid rubric: {'; '.join(problems)}")


def _nested(where: str, wanted: FindingFilter) -> list[tuple[str, FindingFilter]]:
    out = [(where, wanted)]
    for name in ("overlaps", "not_overlaps"):
        inner = getattr(wanted, name)
        if isinstance(inner, tuple):
            for k, one in enumerate(inner):
                out.extend(_nested(f"{where}.{name}[{k}]", one))
        elif inner is not None:
            out.extend(_nested(f"{where}.{name}", inner))
    return out


def builtin_rubrics() -> list[str]:
    """Names of the rubrics shipped in ``callcoach/scoring/rubrics/``."""
    return _RUBRICS.names()


def load_rubric(name_or_path: str | Path) -> Rubric:
    """A built-in rubric by name (``expert-not-friend``) or a YAML file."""
    return _RUBRICS.load(name_or_path)


def parse_rubric(text: str, source: str) -> Rubric:
    """Validate a rubric's YAML text; ``source`` names it in error messages."""
    data = _RUBRICS.mapping(text, source)
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_path(error['loc'], data)}: {error['msg']}" for error in exc.errors()
        )
        raise RubricError(f"{source}: invalid rubric: {problems}") from None


_RUBRICS = YamlSpecs(
    "rubric",
    "callcoach.scoring",
    "rubrics",
    shipped="built-in rubrics",
    fields="id, title, criteria, …",
    error=RubricError,
    parse=parse_rubric,
)


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    """``criteria[2].score.rules[0].thresholds``, with criterion ids where we can name them."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = str(key)
            if isinstance(node, list) and 0 <= key < len(node) and isinstance(node[key], dict):
                ident = node[key].get("id")
                label = f"{key} ({ident})" if ident else label
            parts[-1] = f"{parts[-1]}[{label}]" if parts else f"[{label}]"
        else:
            parts.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"
