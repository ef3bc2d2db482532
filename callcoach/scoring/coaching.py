"""Coaching text: what a higher score needs, and a tip written for this call."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from callcoach.model import Call, Evidence, Finding, MeasuredValue, RoleAssignment
from callcoach.scoring.measures import select
from callcoach.scoring.rubric import Criterion, Rule

STRENGTH = 4  # the lowest criterion score shown as a strength; its tip quotes no fault


def to_improve(rule: Rule, value: MeasuredValue, where: str = "") -> str:
    """The smallest change in the weakest measure that would raise its score by one; for a
    target, the band to aim for (``where`` says for which call type)."""
    assert value.value is not None
    x, unit, what = value.value, value.unit, value.description
    if rule.thresholds is not None:
        if rule.higher_is_better:
            nxt = next((t for t in rule.thresholds if x < t), None)
            if nxt is not None:
                return f"{what}: {_n(x)}{unit} now; {_n(nxt)}{unit} or more scores higher"
        else:
            nxt = next((t for t in reversed(rule.thresholds) if x > t), None)
            if nxt is not None:
                return f"{what}: {_n(x)}{unit} now; {_n(nxt)}{unit} or less scores higher"
        return f"{what}: {_n(x)}{unit}"
    assert rule.target is not None and rule.steps is not None
    high = rule.target_high if rule.target_high is not None else rule.target
    nearest = min(max(x, rule.target), high)
    distance = abs(x - nearest)
    steps = rule.steps_below if rule.steps_below is not None and x < rule.target else rule.steps
    closer = next((s for s in reversed(steps) if distance > s), None)
    if closer is None:
        return f"{what}: {_n(x)}{unit}, already on target"
    # The band that earns full marks on the busy side, the same width on the other: a
    # reader aims for a range, not for the next scoring step ("53% (target 43%)" read as
    # two targets). Whole numbers: "55% now", not "54.77% now".
    low, top = max(rule.target - rule.steps[0], 0.0), high + rule.steps[0]
    band = f"{low:.0f}–{top:.0f}{unit}"
    for_whom = f" {where}" if where else ""
    head = what[:1].upper() + what[1:]
    return f"{head}: {x:.0f}{unit} now — aim for about {band}{for_whom}."


def concrete_tip(
    criterion: Criterion,
    score: int,
    values: Mapping[str, MeasuredValue],
    findings: Mapping[str, Sequence[Finding]],
    roles: RoleAssignment,
    call: Call | None = None,
) -> str | None:
    """The band tip, preceded by the focus template filled from this call's own evidence."""
    band_tip = criterion.tips.get(score)
    # A 4 is shown as a strength: its tip does not open on a fault ("At 0:02 you asked
    # 'How was your week?', which is small talk. Strong discovery; ..." on a rep who asked
    # eight open business questions; rubric 2.8.2).
    if criterion.focus is None or score >= STRENGTH:
        return band_tip
    hits = select(findings, criterion.focus.findings, roles, call)
    if not hits or not hits[0].evidence:
        return band_tip
    moment = _fill(criterion.focus.template, hits[0].evidence, values)
    return f"{moment} {band_tip}" if band_tip else moment


def _fill(template: str, evidence: Sequence[Evidence], values: Mapping[str, MeasuredValue]) -> str:
    first = evidence[0]
    second = evidence[1] if len(evidence) > 1 else None
    fields = {
        "time": _clock(first.start),
        "speaker": first.speaker or "someone",
        "quote": _short(first.quote),
        "reply_speaker": (second.speaker or "someone") if second else "",
        "reply": _short(second.quote) if second else "",
        **{k: _n(v.value) for k, v in values.items() if v.value is not None},
    }
    try:
        # “… on it.”. → “… on it.”: a quote that ends a sentence ends the template's too
        return _END_IN_QUOTE.sub(r"\1”", template.format(**fields))
    except (KeyError, IndexError):
        return f"{fields['time']} {fields['speaker']}: “{fields['quote']}”"


_END_IN_QUOTE = re.compile(r"([.!?…])”\.")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "In this call"
    minutes, secs = divmod(int(seconds), 60)
    return f"At {minutes}:{secs:02d}"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(value: float) -> str:
    # Two decimals at most, so a threshold of 0.48 is not shown as 0.5 (next to a value of 0.5).
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
