"""Rubric measures → numbers with their evidence, read from an analysis's metrics and findings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from callcoach.model import Call, Evidence, Finding, MeasuredValue, Metric, RoleAssignment
from callcoach.scoring.rubric import FindingFilter, Measure

MAX_EVIDENCE = 5


def select(
    findings: Mapping[str, Sequence[Finding]],
    wanted: FindingFilter,
    roles: RoleAssignment,
    call: Call | None = None,
) -> list[Finding]:
    """Findings of ``wanted.detector`` matching its labels, speaker role, attributes,
    length, place in the call (``in_last``, which needs ``call``) and (not) overlapping the
    findings of another filter."""
    hits = [
        f
        for f in findings.get(wanted.detector, ())
        if (not wanted.labels or f.label in wanted.labels)
        and _role_matches(f, wanted.role, roles)
        and all(_attribute_matches(f.attributes.get(k), v) for k, v in wanted.where.items())
        and (not wanted.min_words or _words(f) >= wanted.min_words)
        and all(f.attributes.get(k) not in (None, "", [], ()) for k in wanted.present)
        and all(_reaches(f.attributes.get(k), v) for k, v in wanted.at_least.items())
    ]
    if wanted.in_last is not None and call is not None and call.utterances:
        hits = [f for f in hits if _in_last(f, call, wanted.in_last)]
    if wanted.overlaps is not None:
        spans = _spans(select(findings, wanted.overlaps, roles, call))
        hits = [f for f in hits if _overlaps(f, spans)]
    excluded = wanted.not_overlaps
    for other in excluded if isinstance(excluded, tuple) else (excluded,) if excluded else ():
        spans = _spans(select(findings, other, roles, call))
        hits = [f for f in hits if not _overlaps(f, spans)]
    return hits


def _reaches(value: Any, bound: float) -> bool:
    """Whether an attribute is a number at least ``bound`` (missing or not a number: no)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= bound


def _in_last(finding: Finding, call: Call, fraction: float) -> bool:
    """Whether the finding's first quote is in the last ``fraction`` of the call's utterances."""
    if not finding.evidence:
        return False
    ids = [u.id for u in call.utterances]
    uid = finding.evidence[0].utterance_id
    if uid not in ids:
        return True
    return ids.index(uid) >= (1.0 - fraction) * len(ids)


# Words that carry no content in a short question: fillers and discourse markers.
_EMPTY_WORDS = frozenset(
    [
        "so",
        "um",
        "uh",
        "umm",
        "uhh",
        "er",
        "erm",
        "oh",
        "ah",
        "okay",
        "ok",
        "well",
        "yeah",
        "yes",
        "right",
        "like",
        "and",
        "but",
        "now",
        "then",
        "alright",
        "hey",
        "hmm",
        "mm",
    ]
)
_WORD = re.compile(r"[\w']+")


def _words(finding: Finding) -> int:
    """Content words of the finding's first quote (fillers and discourse markers left out)."""
    if not finding.evidence:
        return 0
    tokens = _WORD.findall(finding.evidence[0].quote.casefold().replace("\u2019", "'"))
    return sum(t not in _EMPTY_WORDS for t in tokens)


def _spans(found: Sequence[Finding]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in found:
        for e in f.evidence:
            end = e.char_end if e.char_end is not None else 10**9
            spans.setdefault(e.utterance_id, []).append((e.char_start, end))
    return spans


def _overlaps(finding: Finding, spans: Mapping[str, list[tuple[int, int]]]) -> bool:
    """Whether the finding's first quote shares characters with one of ``spans``."""
    if not finding.evidence:
        return False
    e = finding.evidence[0]
    end = e.char_end if e.char_end is not None else 10**9
    return any(s < end and e.char_start < t for s, t in spans.get(e.utterance_id, ()))


def measure(
    spec: Measure,
    call: Call,
    roles: RoleAssignment,
    metrics: Sequence[Metric],
    findings: Mapping[str, Sequence[Finding]],
) -> MeasuredValue:
    if spec.kind == "metric":
        return _from_metric(spec, metrics)
    assert spec.findings is not None  # guaranteed by the Measure validator
    if spec.findings.detector not in findings:
        return _missing(spec, f"detector {spec.findings.detector!r} did not run")
    if spec.findings.role != "any" and not roles.available:
        return _missing(spec, roles.unavailable_reason or "rep and prospect are not known")
    hits = select(findings, spec.findings, roles, call)
    evidence = _evidence(hits)
    if spec.kind == "count":
        return _value(spec, float(len(hits)), evidence)
    if spec.kind == "share":
        assert spec.of is not None
        total = len(select(findings, spec.of, roles, call))
        if total == 0:
            return _missing(spec, f"no {_describe(spec.of)} in this call")
        return _value(spec, round(100.0 * len(hits) / total, 1), evidence)
    if spec.kind == "rate":
        return _rate(spec, call, hits, evidence)
    if spec.kind == "distinct":
        return _distinct(spec, hits, evidence)
    if spec.kind == "builds_on":
        position = {u.id: n for n, u in enumerate(call.utterances)}
        built = [f for f in hits if _builds_on(f, call, roles, position)]
        return _value(spec, float(len(built)), _evidence(built))
    return _attribute(spec, hits)


# Function words and discourse words of four or more letters: sharing one of them with
# the other side's turn is no sign of having listened to it.
_FUNCTION_WORDS = frozenset(
    (
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "always",
        "another",
        "anything",
        "around",
        "back",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "could",
        "didn't",
        "does",
        "doesn't",
        "doing",
        "done",
        "don't",
        "down",
        "each",
        "even",
        "ever",
        "every",
        "from",
        "going",
        "gonna",
        "good",
        "great",
        "have",
        "haven't",
        "having",
        "here",
        "how's",
        "into",
        "it's",
        "just",
        "keep",
        "know",
        "let's",
        "like",
        "look",
        "make",
        "many",
        "maybe",
        "mean",
        "more",
        "most",
        "much",
        "must",
        "need",
        "okay",
        "only",
        "other",
        "over",
        "pretty",
        "quite",
        "really",
        "right",
        "said",
        "same",
        "say",
        "says",
        "should",
        "some",
        "something",
        "sort",
        "still",
        "such",
        "sure",
        "take",
        "tell",
        "than",
        "thank",
        "thanks",
        "that",
        "that's",
        "their",
        "them",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they're",
        "thing",
        "things",
        "think",
        "this",
        "those",
        "though",
        "through",
        "today",
        "under",
        "until",
        "very",
        "want",
        "wanted",
        "was",
        "we're",
        "well",
        "were",
        "we've",
        "what",
        "what's",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "yeah",
        "yes",
        "you'd",
        "you'll",
        "you're",
        "your",
        "yours",
        "you've",
        "actually",
        "basically",
        "certainly",
        "definitely",
        "exactly",
        "totally",
        "absolutely",
        "literally",
        "probably",
        "obviously",
        "hello",
        "sounds",
    )
)
_REACH = 2  # the other side's turn is one of the two utterances before the finding


def _content_words(text: str) -> set[str]:
    words = _WORD.findall(text.casefold().replace("\u2019", "'"))
    return {w.rstrip("s") for w in words if len(w) >= 4 and w not in _FUNCTION_WORDS}


def _builds_on(
    finding: Finding, call: Call, roles: RoleAssignment, position: Mapping[str, int]
) -> bool:
    """Whether the finding's first quote picks up a content word of the other side's turn
    just before it (a follow-up question on what the prospect just said, not a scripted
    one). The other side: any speaker whose role differs from the quote's speaker."""
    if not finding.evidence:
        return False
    first = finding.evidence[0]
    at = position.get(first.utterance_id)
    if at is None:
        return False
    own = roles.role_of(first.speaker)
    before = next(
        (
            u
            for u in reversed(call.utterances[max(0, at - _REACH) : at])
            if u.speaker is not None and roles.role_of(u.speaker) != own
        ),
        None,
    )
    return before is not None and bool(_content_words(first.quote) & _content_words(before.text))


def _distinct(spec: Measure, hits: list[Finding], evidence: tuple[Evidence, ...]) -> MeasuredValue:
    """How many distinct items the findings' list attribute names, all findings together
    (e.g. the prospect utterances that the rep's summaries play back: breadth, not count)."""
    assert spec.attribute is not None
    items: set[str] = set()
    for finding in hits:
        if spec.same_day:
            items.add(_day_of(finding, spec.attribute))
            continue
        value = finding.attributes.get(spec.attribute)
        if isinstance(value, (list, tuple)):
            items.update(str(v) for v in value)
        elif value not in (None, ""):
            items.add(str(value))
    return _value(spec, float(len(items)), evidence)


_DAY_WORD = re.compile(
    r"\b(?:(?:mon|tues?|wednes|thurs?|fri|satur|sun)(?:day)?s?|today|tonight|tomorrow)\b",
    re.IGNORECASE,
)


def _day_of(finding: Finding, attribute: str) -> str:
    """The day a dated finding names: its resolved ``date`` (ISO, the day only), else the
    weekday and today/tomorrow words of ``attribute`` ("Thursday at two" and "Thursday works"
    are one day), else that attribute's words."""
    iso = finding.attributes.get("date")
    if isinstance(iso, str) and len(iso) >= 10:
        return iso[:10]
    text = str(finding.attributes.get(attribute) or "").casefold()
    days = sorted({m.group(0)[:3] for m in _DAY_WORD.finditer(text)})
    return " ".join(days) if days else " ".join(text.split())


def _from_metric(spec: Measure, metrics: Sequence[Metric]) -> MeasuredValue:
    by_name = {m.name: m for m in metrics}
    reasons = []
    for name in spec.metric:
        metric = by_name.get(name)
        if metric is None:
            reasons.append(f"metric {name!r} was not computed")
        elif metric.value is None:
            reasons.append(f"{name}: {metric.reason}")
        else:
            return MeasuredValue(
                spec.id,
                spec.description,
                metric.value,
                spec.unit or metric.unit,
                None,
                metric.evidence[:MAX_EVIDENCE],
            )
    return _missing(spec, "; ".join(reasons))


def _attribute(spec: Measure, hits: list[Finding]) -> MeasuredValue:
    assert spec.attribute is not None
    for finding in hits:
        value = finding.attributes.get(spec.attribute)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _value(spec, float(value), finding.evidence[:MAX_EVIDENCE])
    return _missing(spec, f"no finding carries {spec.attribute!r}")


def _rate(
    spec: Measure, call: Call, hits: list[Finding], evidence: tuple[Evidence, ...]
) -> MeasuredValue:
    """Hits per 10 minutes; a partly timed call counts the hits in its timed part over the
    timed part's length, and says so (as the time-based metrics do)."""
    timed = call.timed_utterances
    minutes = (call.timed_duration or 0.0) / 60.0
    if minutes < 1e-3 / 60:
        return _missing(spec, "the transcript has no timestamps, so no rate per minute")
    if len(timed) == len(call.utterances):
        return _value(spec, round(len(hits) / minutes * 10.0, 2), evidence)
    ids = {u.id for u in timed}
    counted = [f for f in hits if f.evidence and f.evidence[0].utterance_id in ids]
    note = (
        f"partly timed: {len(counted)} of {len(hits)} counted, over the timed part only "
        f"({len(timed)} of {len(call.utterances)} utterances have times)"
    )
    value = round(len(counted) / minutes * 10.0, 2)
    return MeasuredValue(spec.id, spec.description, value, spec.unit, note, evidence)


def _value(spec: Measure, value: float, evidence: tuple[Evidence, ...]) -> MeasuredValue:
    return MeasuredValue(spec.id, spec.description, value, spec.unit, None, evidence)


def _missing(spec: Measure, reason: str) -> MeasuredValue:
    return MeasuredValue(spec.id, spec.description, None, spec.unit, reason)


def _evidence(hits: list[Finding]) -> tuple[Evidence, ...]:
    ranked = sorted(hits, key=lambda f: -f.confidence)[:MAX_EVIDENCE]
    ordered = sorted(ranked, key=lambda f: f.evidence[0].start or 0.0 if f.evidence else 0.0)
    return tuple(f.evidence[0] for f in ordered if f.evidence)


def _role_matches(finding: Finding, role: str, roles: RoleAssignment) -> bool:
    if role == "any":
        return True
    if not finding.evidence:
        return False
    return roles.role_of(finding.evidence[0].speaker) == role


def _attribute_matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return actual in expected
    return bool(actual == expected)


def _describe(wanted: FindingFilter) -> str:
    labels = "/".join(wanted.labels) if wanted.labels else wanted.detector
    return f"{labels} ({wanted.role})" if wanted.role != "any" else labels
