"""Rubric + analysis → scorecard. Deterministic: every score comes with its derivation."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from callcoach.model import (
    Call,
    CriterionScore,
    Evidence,
    Finding,
    KeyMoment,
    MeasuredValue,
    Metric,
    RoleAssignment,
    Scorecard,
)
from callcoach.scoring.call_type import guess_call_type
from callcoach.scoring.coaching import STRENGTH, concrete_tip, to_improve
from callcoach.scoring.measures import measure, select
from callcoach.scoring.rubric import Cap, Criterion, Rubric, Rule, ScoreSpec, Shrink


def score_call(
    rubric: Rubric,
    call: Call,
    roles: RoleAssignment,
    metrics: Sequence[Metric],
    findings: Mapping[str, Sequence[Finding]],
    call_type: str | None = None,
) -> Scorecard:
    if call_type is not None and call_type not in rubric.call_types:
        from callcoach.errors import RubricError

        raise RubricError(
            f"rubric {rubric.id!r} knows call types {', '.join(rubric.call_types)}, "
            f"not {call_type!r}"
        )
    if call_type is None:
        guess = guess_call_type(call, rubric.call_types)
        kind, confidence, reason = guess.call_type, guess.confidence, guess.reason
    else:
        kind, confidence, reason = call_type, 1.0, "given by the user"
    # A call type guessed with low confidence does not switch targets (e.g. the talk ratio
    # of a demo): the default scoring applies, and the scorecard says so.
    scored_as = kind
    if confidence < rubric.call_type_min_confidence:
        scored_as = ""
        reason += (
            f"; confidence {confidence:.2f} is below {rubric.call_type_min_confidence:.2f}, "
            f"so the default targets are used, not those of a {kind} call"
        )
    guessed = call_type is None
    scored = [
        (c, *_score_criterion(c, scored_as, confidence, guessed, call, roles, metrics, findings))
        for c in rubric.criteria
        if not (c.call_types.get(scored_as) and c.call_types[scored_as].skip)
    ]
    floored = _absence_floors(scored)
    criteria = _shrunk(floored, scored, call, roles, findings)
    overall, derivation = _overall(criteria, rubric.overall)
    observed = [c for c in criteria if c.score is not None]
    ranked = sorted(observed, key=lambda c: (-(c.score or 0), -c.weight, c.id))
    # A strength is a 4 or 5 backed by evidence: a 3 is "fine", not something to praise.
    strengths = tuple(c.id for c in ranked[:2] if (c.score or 0) >= STRENGTH and c.evidence)
    focus = _focus(observed, {c.id for c in criteria if c.raised_by_floor})
    return Scorecard(
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        call_id=call.id,
        call_type=kind,
        call_type_confidence=confidence,
        call_type_reason=reason,
        criteria=criteria,
        overall=overall,
        overall_derivation=derivation,
        strengths=strengths,
        focus=focus,
        key_moments=_key_moments(rubric, roles, findings, call),
        overall_method=rubric.overall,
    )


def _focus(observed: Sequence[CriterionScore], floored: set[str]) -> str | None:
    """The one thing to work on: the lowest score (then the heavier criterion). A score
    raised by an absence floor says "the detector may have missed it": it is the focus only
    when nothing measured is below 5 (report 2.8.2: the expert negotiator who talked 77% of
    the call was told to summarize more, on a summary the detector may have missed)."""
    below = [c for c in observed if (c.score or 5) < 5]
    measured = [c for c in below if c.id not in floored] or below
    weakest = sorted(measured, key=lambda c: ((c.score or 0), -c.weight, c.id))
    return weakest[0].id if weakest else None


def _targets(criterion: Criterion, call_type: str, confidence: float) -> tuple[ScoreSpec, str]:
    """The score spec for this call type, and (for a criterion whose targets depend on the
    call type) a note saying which targets were used and why."""
    override = criterion.call_types.get(call_type) if call_type else None
    if override is None or override.score is None:
        if not any(o.score for o in criterion.call_types.values()):
            return criterion.score, ""
        if call_type:
            return criterion.score, (
                f"; targets for any call type (the {call_type} call type has none of its own)"
            )
        return criterion.score, "; targets for any call type (call type not known with confidence)"
    floor = override.min_confidence
    if floor is not None and confidence < floor:
        return criterion.score, (
            f"; targets for any call type: {call_type} guessed with confidence "
            f"{confidence:.2f}, below the {floor:.2f} its own targets need"
        )
    return override.score, f"; targets of call type {call_type} (confidence {confidence:.2f})"


def _absence_floors(
    scored: Sequence[tuple[Criterion, CriterionScore, ScoreSpec, str]],
) -> tuple[CriterionScore, ...]:
    """Raise a criterion to its absence floor when its evidence measure found nothing but
    the rep's other observed criteria average at least the floor's bound (a detector's
    miss on a strong call should not read as the worst score)."""
    out = []
    for criterion, result, spec, _ in scored:
        rule = spec.absence_floor
        value = next((m.value for m in result.measures if rule and m.id == rule.measure), None)
        if rule is None or result.score is None or result.score >= rule.floor or value != 0:
            out.append(result)
            continue
        others = [
            s
            for c, r, sp, _ in scored
            if c.id != criterion.id and (s := _seen_by_others(sp, r)) is not None
        ]
        mean = sum(others) / len(others) if others else 0.0
        if mean < rule.when_others_at_least:
            out.append(result)
            continue
        note = (
            f"; at least {rule.floor}: no {rule.measure} found, but the other criteria "
            f"average {mean:.1f} (≥ {_fmt(rule.when_others_at_least)}), so the detector may "
            "have missed it"
        )
        out.append(
            replace(
                result,
                score=rule.floor,
                derivation=result.derivation + note,
                raised_by_floor=True,
            )
        )
    return tuple(out)


def _shrunk(
    floored: Sequence[CriterionScore],
    scored: Sequence[tuple[Criterion, CriterionScore, ScoreSpec, str]],
    call: Call,
    roles: RoleAssignment,
    findings: Mapping[str, Sequence[Finding]],
) -> tuple[CriterionScore, ...]:
    """Weigh a criterion with ``shrink`` with the mean of the other observed criteria
    (their scores after absence floors, before any shrink), never above a cap whose
    condition holds (see ``Shrink``)."""
    seen = {
        r.id: _seen_by_others(spec, r) for (_, _, spec, _), r in zip(scored, floored, strict=True)
    }
    out = []
    for (criterion, _, spec, where), result in zip(scored, floored, strict=True):
        rule = spec.shrink
        if rule is None or result.score is None or not _thin(rule, result):
            out.append(result)
            continue
        others = [s for i, s in seen.items() if i != result.id and s is not None]
        if not others:
            out.append(result)
            continue
        mean = sum(others) / len(others)
        blended = rule.keep * result.score + (1 - rule.keep) * mean
        score = math.floor(blended + 0.5)
        values = {m.id: m for m in result.measures}
        ceiling = _ceiling(spec, values, binding_only=not rule.within_caps)
        capped = ""
        if ceiling is not None and score > ceiling:
            score = ceiling
            capped = f", at most {ceiling} by its cap"
        if score == result.score:
            out.append(result)
            continue
        note = (
            f"; weighed with the other criteria (mean {mean:.1f}): {_fmt(rule.keep)} × "
            f"{result.score} + {_fmt(round(1 - rule.keep, 4))} × {mean:.1f} = {blended:.2f} → "
            f"{score}{capped} (one moment found or missed by a detector should not decide "
            "this criterion alone)"
        )
        out.append(
            replace(
                result,
                score=score,
                derivation=result.derivation + note,
                to_improve=_weakest_step(spec, values, where) if score < 5 else None,
                # weighed because little or nothing was found (``thin``): the tip of what
                # was found holds, as under an absence floor ("Good; ..." next to a summary
                # nobody found would read as praise; rubric 2.9)
                tip=result.tip
                if rule.thin is not None
                else concrete_tip(criterion, score, values, findings, roles, call),
            )
        )
    return tuple(out)


def _seen_by_others(spec: ScoreSpec, result: CriterionScore) -> int | None:
    """The score the other criteria's weighing reads: ``result``'s, or, when ``spec`` has
    caps with ``others_read_before``, the score before those caps (the other caps still
    bound it; a score raised by an absence floor is read as it stands), and, when it has
    rules with ``others_read_without``, the score without those rules."""
    before = [c for c in spec.caps if c.others_read_before]
    without = [r for r in spec.rules if r.others_read_without]
    if result.score is None or result.raised_by_floor or not (before or without):
        return result.score
    values = {m.id: m for m in result.measures}
    scored = [(rule, values[rule.measure]) for rule in spec.rules if not rule.others_read_without]
    missing = [v for _, v in scored if v.value is None]
    present = [(rule, value) for rule, value in scored if value.value is not None]
    if not present:
        return result.score
    parts = _grouped([r for r, _ in present], [_rule_score(r, v) for r, v in present])
    score, _ = _combine(spec, parts, missing)
    kept = spec.model_copy(update={"caps": tuple(c for c in spec.caps if not c.others_read_before)})
    score, _ = _apply_caps(kept, values, score, "")
    return score


def _thin(rule: Shrink, result: CriterionScore) -> bool:
    """Whether ``rule`` weighs this result: always, or (``thin``) while its count measure
    is at most ``thin_at_most`` (a score resting on no found moment or one)."""
    if rule.thin is None:
        return True
    value = next((m.value for m in result.measures if m.id == rule.thin), None)
    return value is not None and value <= rule.thin_at_most


def _ceiling(
    spec: ScoreSpec, values: Mapping[str, MeasuredValue], binding_only: bool = False
) -> int | None:
    """The lowest ``max`` of the caps whose conditions all hold (None when none does);
    ``binding_only``: of the caps that bind a weighed score free of the caps."""
    held = [
        cap.max
        for cap in spec.caps
        if (cap.binds_weighed or not binding_only) and _cap_holds(cap, values)
    ]
    return min(held) if held else None


def _weakest_step(
    spec: ScoreSpec, values: Mapping[str, MeasuredValue], where: str = ""
) -> str | None:
    present = [(r, values[r.measure]) for r in spec.rules if values[r.measure].value is not None]
    if not present:
        return None
    rule, value = min(present, key=lambda rv: _rule_score(rv[0], rv[1])[0])
    return to_improve(rule, value, where)


def _score_criterion(
    criterion: Criterion,
    call_type: str,
    confidence: float,
    guessed: bool,
    call: Call,
    roles: RoleAssignment,
    metrics: Sequence[Metric],
    findings: Mapping[str, Sequence[Finding]],
) -> tuple[CriterionScore, ScoreSpec, str]:
    spec, assumption = _targets(criterion, call_type, confidence)
    where = _where(criterion, spec, call_type, confidence, guessed)
    result = _score_with(criterion, spec, assumption, call, roles, metrics, findings, where)
    return result, spec, where


def _where(
    criterion: Criterion, spec: ScoreSpec, call_type: str, confidence: float, guessed: bool
) -> str:
    """Which call type a target in the coaching text is for (empty when the criterion's
    targets do not depend on the call type): a guessed type says it is a guess, and the
    default targets say that they suit any call type."""
    if not any(o.score for o in criterion.call_types.values()):
        return ""
    override = criterion.call_types.get(call_type) if call_type else None
    own = override is not None and override.score is not None
    if spec is criterion.score and (not call_type or own):
        # no type known with confidence, or one too unsure for its own targets
        return "whatever the call type (it is not known with confidence)"
    if guessed:
        return f"for a {call_type} call (the call type is a guess, {confidence:.0%} sure)"
    return f"for a {call_type} call"


def _score_with(
    criterion: Criterion,
    spec: ScoreSpec,
    assumption: str,
    call: Call,
    roles: RoleAssignment,
    metrics: Sequence[Metric],
    findings: Mapping[str, Sequence[Finding]],
    where: str = "",
) -> CriterionScore:
    values = {m.id: measure(m, call, roles, metrics, findings) for m in criterion.measures}
    if not roles.available:
        # Every criterion is about the rep's behaviour: without knowing who the rep is, a
        # count of 0 would read as a real (bad or perfect) score.
        why = roles.unavailable_reason or "rep and prospect are not known"
        return _unscored(criterion, tuple(values.values()), f"not observed: {why}")
    # A card quotes the behaviour its criterion rewards. A measure scored lower-is-better or
    # against a target quotes the opposite (an interruption, the longest monologue, the
    # rep's longest turns, a feature nobody asked for), which under the criterion's title
    # with no label reads as praise; those quotes stay, labelled, in the findings and
    # conversation metrics of the report.
    # A moment counted against the rep (an unrequested pitch is also a recommendation) is
    # not shown through another measure either.
    faults = {r.measure for r in spec.rules if r.target is not None or not r.higher_is_better}
    supporting = [values[m.id] for m in criterion.measures if m.evidence and m.id not in faults]
    against = {
        (e.utterance_id, e.char_start)
        for m in criterion.measures
        if m.id in faults and m.findings is not None
        for e in values[m.id].evidence
    }
    unique = {
        (e.utterance_id, e.char_start): e
        for v in supporting
        for e in v.evidence
        if (e.utterance_id, e.char_start) not in against
    }
    evidence = tuple(sorted(unique.values(), key=lambda e: (e.start or 0.0, e.utterance_id)))
    measured = tuple(values.values())
    gate = values.get(spec.applies_if) if spec.applies_if else None
    if gate is not None and not gate.value:
        why = gate.reason or spec.not_observed
        return _unscored(criterion, measured, f"not observed: {why}")
    needed = values.get(spec.requires) if spec.requires else None
    if needed is not None and needed.value is None:
        return _unscored(criterion, measured, f"not observed: {needed.id}: {needed.reason}")
    scored = [(rule, values[rule.measure]) for rule in spec.rules]
    missing = [v for _, v in scored if v.value is None]
    if len(missing) == len(scored):
        reasons = "; ".join(f"{v.id}: {v.reason}" for v in missing)
        return _unscored(criterion, measured, f"not observed: {reasons}")
    present = [(rule, value) for rule, value in scored if value.value is not None]
    parts = _grouped([r for r, _ in present], [_rule_score(r, v) for r, v in present])
    score, derivation = _combine(spec, parts, missing)
    score, derivation = _apply_caps(spec, values, score, derivation)
    derivation += assumption
    return CriterionScore(
        id=criterion.id,
        title=criterion.title,
        weight=criterion.weight,
        score=score,
        measures=measured,
        derivation=derivation,
        evidence=evidence,
        to_improve=_weakest_step(spec, values, where) if score < 5 else None,
        tip=concrete_tip(criterion, score, values, findings, roles, call),
    )


def _apply_caps(
    spec: ScoreSpec, values: Mapping[str, MeasuredValue], score: int, derivation: str
) -> tuple[int, str]:
    """Lower ``score`` to each cap whose measure is below its bound (or unavailable)."""
    for cap in spec.caps:
        if score <= cap.max:
            continue
        if _cap_holds(cap, values):
            names = [cap.measure, *(c.measure for c in cap.also)]
            shown = ", ".join(f"{name} = {_shown(values[name])}" for name in names)
            derivation += f"; at most {cap.max}: {cap.reason} ({shown})"
            score = cap.max
    return score, derivation


def _cap_holds(cap: Cap, values: Mapping[str, MeasuredValue]) -> bool:
    """Whether every condition of ``cap`` holds: each measure below its bound (or
    unavailable); an ``at_least`` condition holds when its measure is that or more."""
    if not _below(values[cap.measure], cap.below):
        return False
    for c in cap.also:
        value = values[c.measure]
        if c.at_least is not None:
            if value.value is None or value.value < c.at_least:
                return False
        elif c.below is not None and not _below(value, c.below):
            return False
    return True


def _below(value: MeasuredValue, bound: float) -> bool:
    return value.value is None or value.value < bound


def _shown(value: MeasuredValue) -> str:
    return "unavailable" if value.value is None else f"{_fmt(value.value)}{value.unit}"


def _unscored(
    criterion: Criterion, measured: tuple[MeasuredValue, ...], derivation: str
) -> CriterionScore:
    return CriterionScore(
        id=criterion.id,
        title=criterion.title,
        weight=criterion.weight,
        score=None,
        measures=measured,
        derivation=derivation,
    )


def _rule_score(rule: Rule, value: MeasuredValue) -> tuple[int, str]:
    assert value.value is not None
    x = value.value
    shown = f"{value.id} = {_fmt(x)}{value.unit}"
    if rule.thresholds is not None:
        bounds = rule.thresholds
        if rule.higher_is_better:
            score = 1 + sum(x >= t for t in bounds)
            return score, f"{shown} → {score} (thresholds ≥ {_list(bounds)})"
        score = 1 + sum(x <= t for t in bounds[::-1])
        return score, f"{shown} → {score} (lower is better; thresholds ≤ {_list(bounds[::-1])})"
    assert rule.target is not None and rule.steps is not None
    high = rule.target_high if rule.target_high is not None else rule.target
    nearest = min(max(x, rule.target), high)
    distance = abs(x - nearest)
    steps = rule.steps_below if rule.steps_below is not None and x < rule.target else rule.steps
    score = 5 - sum(distance > s for s in steps)
    if high != rule.target:
        return score, (
            f"{shown} → {score} (target {_fmt(rule.target)}–{_fmt(high)}{value.unit}, "
            f"{_fmt(distance)} away; steps {_list(steps)})"
        )
    return score, (
        f"{shown} → {score} (|{_fmt(x)} − {_fmt(rule.target)}| = {_fmt(distance)}; "
        f"steps {_list(steps)})"
    )


def _grouped(rules: Sequence[Rule], parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rules sharing a ``group`` become one part, the weakest of them (every part of the
    group is needed); an ungrouped rule is a part of its own. Order of first appearance."""
    keyed: dict[str | int, list[tuple[int, str]]] = {}
    for n, (rule, part) in enumerate(zip(rules, parts, strict=True)):
        keyed.setdefault(rule.group if rule.group is not None else n, []).append(part)
    out = []
    for key, members in keyed.items():
        if len(members) == 1:
            out.append(members[0])
            continue
        score = min(s for s, _ in members)
        out.append((score, f"{key}: weakest of [{'; '.join(t for _, t in members)}] → {score}"))
    return out


#: The middle of the 1-5 scale, from which ``ScoreSpec.stretch`` moves a mean away.
_MIDDLE = 3.0


def _combine(
    spec: ScoreSpec, parts: list[tuple[int, str]], missing: list[MeasuredValue]
) -> tuple[int, str]:
    scores = [s for s, _ in parts]
    if spec.combine == "min" or len(scores) == 1:
        score = min(scores)
        how = "" if len(scores) == 1 else f"; min → {score}"
    elif spec.combine == "max":
        score = max(scores)
        how = f"; max → {score}"
    else:
        mean = sum(scores) / len(scores)
        value = mean
        stretched = ""
        if spec.stretch != 1.0:
            value = min(5.0, max(1.0, _MIDDLE + spec.stretch * (mean - _MIDDLE)))
            stretched = f", stretched ×{_fmt(spec.stretch)} from {_fmt(_MIDDLE)}: {_fmt(value)}"
        score = math.floor(value + 0.5) if spec.combine == "mean" else math.ceil(value - 0.5)
        half = "" if spec.combine == "mean" else ", a half rounded down"
        how = f"; mean {_fmt(mean)}{stretched}{half} → {score}"
    skipped = "".join(f"; {v.id} unavailable ({v.reason})" for v in missing)
    return score, "; ".join(text for _, text in parts) + how + skipped


def _overall(
    criteria: tuple[CriterionScore, ...], how: str = "weighted"
) -> tuple[float | None, str]:
    """The overall of the observed criteria: weighted by their weights, or (``how`` "mean")
    their plain mean, every criterion counted once (``Rubric.overall``)."""
    observed = [c for c in criteria if c.score is not None]
    if not observed:
        return None, "no criterion could be observed in this call"
    skipped = [c.id for c in criteria if c.score is None]
    note = f"; not observed (left out): {', '.join(skipped)}" if skipped else ""
    if how == "mean":
        value = sum(c.score or 0 for c in observed) / len(observed)
        terms = " + ".join(str(c.score) for c in observed)
        return round(value, 2), f"({terms}) / {len(observed)} = {value:.2f}{note}"
    total = sum(c.weight for c in observed)
    value = sum((c.score or 0) * c.weight for c in observed) / total
    terms = " + ".join(f"{c.score}×{_fmt(c.weight)}" for c in observed)
    return round(value, 2), f"({terms}) / {_fmt(total)} = {value:.2f}{note}"


def _key_moments(
    rubric: Rubric,
    roles: RoleAssignment,
    findings: Mapping[str, Sequence[Finding]],
    call: Call | None = None,
) -> tuple[KeyMoment, ...]:
    moments = []
    # One line once: a probe that is also an open business question was listed twice at the
    # same second (report 2.8.2); the earlier kind in the rubric keeps it, and a kind with a
    # limit takes its next finding instead.
    shown_spans: list[Evidence] = []
    for spec in rubric.key_moments:
        hits = sorted(select(findings, spec.findings, roles, call), key=lambda f: -f.confidence)
        taken = 0
        for finding in hits:
            if taken >= spec.limit:
                break
            if not finding.evidence:
                continue
            shown = finding.evidence[-1] if spec.quote == "last" else finding.evidence[0]
            if any(_same_span(shown, other) for other in shown_spans):
                continue
            shown_spans.append(shown)
            moments.append(KeyMoment(spec.kind, spec.title, shown))
            taken += 1
    return tuple(sorted(moments, key=lambda m: (m.evidence.start or 0.0, m.evidence.utterance_id)))


def _same_span(a: Evidence, b: Evidence) -> bool:
    """Whether two quotes overlap in the same utterance."""
    if a.utterance_id != b.utterance_id:
        return False
    end_a, end_b = a.char_end or 10**9, b.char_end or 10**9
    return a.char_start < end_b and b.char_start < end_a


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _list(values: Sequence[float]) -> str:
    return "/".join(_fmt(v) for v in values)
