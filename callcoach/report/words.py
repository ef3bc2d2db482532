"""What a sales manager reads: numbers in human units, measures and criteria in words.

The JSON keeps every raw value and derivation; the terminal, Markdown and HTML show these
words first and keep the derivation one click (or one collapsed line) away. Ids such as
``business_questions`` or ``self_talk: self_talk_share`` never reach the reader: the tables
below map them to words, with a readable fallback for ids they do not know (custom rubrics).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from callcoach.schema.analysis import CriterionOut, FindingOut, MeasuredValueOut, MetricOut

# metric name → label
METRICS = {
    "talk_ratio_time": "Rep talk share (by time)",
    "talk_ratio_words": "Rep talk share (by words)",
    "longest_monologue": "Longest rep monologue",
    "longest_customer_story": "Longest customer story",
    "interactivity": "Speaker switches",
    "patience": "Pause before the rep answers",
    "rep_questions": "Questions the rep asked",
    "rep_question_rate": "Rep question rate",
    "words_per_minute_rep": "Rep speaking pace",
    "words_per_minute_prospect": "Prospect speaking pace",
    "filler_rate": "Rep filler words (not scored)",
}

# measure id → (sentence with {v} = value and {s} = plural "s", short noun for "to score higher")
MEASURES: dict[str, tuple[str, str]] = {
    "open_business_questions": (
        "you asked {v} open business question{s}",
        "open business questions",
    ),
    "business_questions": ("you asked {v} business question{s}", "business questions"),
    # 2.8.2: the four below read as their rubric descriptions ("… (a short call is not held
    # to a long call's count): 10.3", "… that read clearly as a playback: 9")
    "open_business_rate": (
        "{v} open business question{s} per 10 minutes of call",
        "open business questions per 10 minutes",
    ),
    "played_back": (
        "your summaries played back {v} of the prospect's turns",
        "prospect turns played back",
    ),
    # rubric 2.18: a recap the rep announced as a playback counts for breadth on its own
    "played_back_framed": (
        "your announced recap played back {v} of the prospect's turns",
        "prospect turns played back in an announced recap",
    ),
    "poor_fit": (
        "you advised buying less or named a poor fit {v} time{s}",
        "advice to buy less or a poor fit named",
    ),
    "agreed_steps": (
        "the prospect agreed to {v} dated next step{s}",
        "dated next steps the prospect agreed to",
    ),
    "prospect_numbers": (
        "the prospect put numbers on the pain {v} time{s} (shown, not scored)",
        "pain numbers from the prospect",
    ),
    "interruptions": ("you cut the prospect off {v} time{s}", "interruptions"),
    "monologue": ("your longest monologue ran {v}", "your longest monologue"),
    "needs_stated": ("the prospect stated {v} need{s}", "needs stated"),
    "recommendations": ("you made {v} recommendation{s}", "recommendations"),
    "discovery_questions": (
        "you asked {v} open business question{s} before recommending",
        "open business questions before recommending",
    ),
    "dated_steps": ("{v} next step{s} with a date or time", "next steps with a date"),
    "open_share": ("{v} of your questions were open", "share of open questions"),
    "personal_questions": ("you asked {v} small-talk question{s}", "small-talk questions"),
    "quantified": ("you put numbers on the pain {v} time{s}", "pain put in numbers"),
    # rubric 2.12: discovery reads the same count as a fourth part
    "quantified_pain": (
        "you asked for or played back {v} pain number{s}",
        "pain numbers asked for or played back",
    ),
    "challenges": ("you challenged the prospect's view {v} time{s}", "challenges"),
    "talk_ratio": ("you talked {v} of the time", "your talk share"),
    "customer_story": ("the prospect's longest story ran {v}", "the prospect's longest story"),
    # "(shown, not scored)" measures keep that note in their sentence
    "patience": ("you paused {v} on average before answering", "your pause before answering"),
    "summaries": ("you summarized back {v} time{s}", "summaries back"),
    "candid": ("you were upfront about a limit {v} time{s}", "candid statements"),
    # rubric 2.14: candor's cap reads how many kinds of candid statement the rep made
    "candid_kinds": (
        "you were upfront in {v} way{s} (limits, costs, how it works, fit)",
        "kinds of candid statement",
    ),
    "unrequested": ("you pitched {v} feature{s} nobody asked for", "features nobody asked for"),
    # self / (self + prospect) words, not a share of all words (1.6: "53% of your words were
    # about us / our product" on an expert discovery call whose rep said little about it).
    "self_talk": (
        "you said I / we / our {v} of the time and you / your the rest",
        "I / we / our against you / your",
    ),
    # What was measured: a stated need tied to one of the rep's recommendations (2.7.2; "your
    # recommendation covered 0% of their needs" read as a verdict on a recommendation the
    # detector may have found only in part).
    "needs_covered": (
        "{v} of their stated needs were tied to a recommendation of yours",
        "stated needs tied to a recommendation",
    ),
    "stall_count": ("the prospect stalled or objected {v} time{s}", "stalls"),
    # A share of the rep's answers to stalls, not of the stalls: one stall accepted and
    # then probed two turns later is 50% (report 2.8.2: "stalled once; you probed 50% of
    # the stalls" read as half a stall).
    "probed_share": (
        "{v} of your answers to a stall probed or reframed it",
        "answers to stalls that probed",
    ),
    # rubric 2.16: stalls' caps read the share of answers that let a stall pass
    "accepted_share": (
        "{v} of your answers to a stall accepted it or left it unanswered",
        "answers to stalls that let them pass",
    ),
    "booked_close": (
        "the call ended in {v} dated next step{s} the prospect agreed to",
        "agreed dated next steps",
    ),
    "follow_ups": (
        "you asked {v} follow-up question{s} on the prospect's own words",
        "follow-up questions",
    ),
    "concrete_steps": ("{v} concrete next step{s} (action + date or owner)", "concrete next steps"),
    "committed_steps": ("you asked for commitment on {v} next step{s}", "next steps committed"),
    "vague_steps": ("{v} vague next step{s}", "vague next steps"),
}

# (detector, label) → words; a detector alone names its findings when the label adds nothing
FINDINGS = {
    ("question", "question"): "question",
    ("question", "request"): "request (counted as a question)",
    ("question", "echo"): "reaction phrased as a question (not counted)",
    ("question", "repair"): "request to repeat (not counted)",
    ("question", "rhetorical"): "rhetorical question (not counted)",
    ("question", "fragment"): "unfinished question (not counted)",
    ("question_topic", "business"): "business question",
    ("question_topic", "personal"): "small-talk question",
    ("question_topic", "other"): "neither business nor small talk",
    ("question_type", "open"): "open question",
    ("question_type", "closed"): "closed question",
    ("quantified_pain", "quantified_pain"): "pain put in numbers",
    ("quantified_pain", "pain_question"): "question about what the pain costs",
    ("challenge", "challenge"): "challenge / reframe",
    ("candor", "candor"): "upfront about a limit",
    ("summarize", "summarize"): "summary back",
    # a one-point playback: shown, but the criterion counts summaries only
    ("summarize", "reflection"): "short playback of one point (not scored)",
    ("self_talk", "self_talk_share"): "share of I / we / our against you / your",
    # per utterance, by which words outnumber the other's: an agenda line ("I'll keep us to
    # time") is no talk about the product
    ("self_talk", "self"): "more I / we / our than you",
    ("self_talk", "prospect"): "more you / your than I / we",
    ("self_talk", "balanced"): "as much I / we as you",
    ("self_talk", "pitch"): "pitch monologue",
    ("self_talk", "self_talk"): "talk about us / our product",
    ("small_talk", "small_talk"): "small talk",
    ("stall", "stall"): "stall or objection",
    ("stall_response", "probed"): "stall probed",
    ("stall_response", "reframed"): "stall reframed",
    ("stall_response", "accepted"): "stall accepted",
    ("stall_response", "unanswered"): "stall left unanswered",
    ("stall_response", "other"): "other answer to a stall",
    ("next_step", "next_step"): "concrete next step",
    ("next_step", "next_step_accept"): "prospect agreed to a next step",
    ("next_step", "vague_next_step"): "vague next step",
    ("needs_coverage", "need"): "stated need",
    ("needs_coverage", "recommendation"): "recommendation",
    ("listening", "interruption"): "interruption",
    ("listening", "backchannel"): "backchannel",
}

# insights feature names that are not metrics, finding counts or criteria
FEATURES = {
    "score:overall": "Overall score",
    "duration_minutes": "Call length (minutes)",
    "small_talk_minutes": "Small talk (minutes)",
}
FINDINGS[("mindset", "problem_first")] = "problem-first statement"
FINDINGS[("mindset", "relationship_first")] = "relationship-first statement"

DETECTORS = {
    "question": "Questions",
    "question_topic": "Question topics",
    "question_type": "Open and closed questions",
    "quantified_pain": "Pain in numbers",
    "challenge": "Challenges",
    "candor": "Candor",
    "summarize": "Summaries back",
    "self_talk": "Talk about us vs them",
    "small_talk": "Small talk",
    "stall": "Stalls and objections",
    "stall_response": "Answers to stalls",
    "next_step": "Next steps",
    "needs_coverage": "Needs and recommendations",
    "listening": "Listening",
    "mindset": "Mindset",
}


def humanize(identifier: str) -> str:
    """A readable fallback for an id no table knows: ``count:mindset:problem_first`` →
    ``mindset: problem first``."""
    parts = [p for p in re.split(r"[:]", identifier) if p and p not in {"count", "share", "rate"}]
    return ": ".join(p.replace("_", " ").replace("-", " ") for p in parts) or identifier


def metric_label(name: str) -> str:
    return METRICS.get(name, humanize(name).capitalize())


def feature_label(feature: str, criteria: dict[str, str] | None = None) -> str:
    """An insights feature in words: ``count:question_topic:business`` → ``Business questions
    (count per call)``; ``criterion:discovery`` → ``Score: Discovery, not small talk``."""
    if feature in FEATURES:
        return FEATURES[feature]
    kind, _, rest = feature.partition(":")
    if kind == "count" and rest.count(":") == 1:
        detector, label = rest.split(":")
        words = finding_label(detector, label)
        return f"{words[:1].upper()}{words[1:]} (count per call)"
    if kind == "criterion" and rest:
        title = (criteria or {}).get(rest) or humanize(rest)
        return f"Score: {title}"
    return metric_label(feature)


def finding_label(detector: str, label: str) -> str:
    known = FINDINGS.get((detector, label))
    if known:
        return known
    if label == detector:
        return humanize(detector)
    return f"{humanize(detector)}: {humanize(label)}"


def finding_words(finding: FindingOut, reps: Collection[str]) -> str:
    """A finding's label for this call: an interruption says who cut in. "Listening:
    interruption × 2" on a card that said "you cut the prospect off 0 times" read as a
    contradiction; both were the prospect's (report 2.8.2)."""
    if (finding.detector, finding.label) == ("listening", "interruption") and reps:
        who = finding.attributes.get("interrupter")
        if isinstance(who, str):
            return "you cut the prospect off" if who in reps else "the prospect cut in (not scored)"
    return finding_label(finding.detector, finding.label)


def detector_label(detector: str) -> str:
    return DETECTORS.get(detector, humanize(detector).capitalize())


def seconds(value: float) -> str:
    """``1.2 s``, ``42 s``, ``2 min 14 s``, ``1 h 05 min``."""
    if value < 10:
        return f"{value:.1f} s"
    total = round(value)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def amount(value: float | None, unit: str, share_0_1: bool = False) -> str:
    """A value in its unit as people write it: ``55%``, ``1.2 s``, ``21 questions``."""
    if value is None:
        return "n/a"
    unit = unit.strip()
    if share_0_1 or unit == "%":
        return f"{round(100 * value if share_0_1 else value)}%"
    if unit in {"s", "sec", "seconds"}:
        return seconds(value)
    if "/" in unit:
        what, per = unit.split("/", 1)
        rate = f"{value:.0f}" if value >= 10 or float(value).is_integer() else f"{value:.1f}"
        return f"{rate} {what.strip()} per {per.strip()}"
    number = count(value) if value >= 10 or float(value).is_integer() else f"{value:.1f}"
    return f"{number} {unit}".strip()


def metric_value(metric: MetricOut) -> str:
    return amount(metric.value, metric.unit)


def _is_share_0_1(measure: MeasuredValueOut) -> bool:
    return measure.unit.strip() == "" and "(0–1)" in measure.description


def measure_value(measure: MeasuredValueOut) -> str:
    return amount(measure.value, measure.unit, _is_share_0_1(measure))


def measure_sentence(measure: MeasuredValueOut) -> str:
    """``you asked 19 business questions``; unknown ids: ``<description>: <value>``."""
    shown = measure_value(measure)
    known = MEASURES.get(measure.id)
    if known is None:
        return f"{_plain_description(measure.description)}: {shown}"
    plural = "" if measure.value == 1 else "s"
    text = known[0].format(v=shown, s=plural)
    # "once", also before a note: "the prospect put numbers on the pain once (shown, ...)"
    return re.sub(r" 1 time\b", " once", text)


def measure_noun(measure: MeasuredValueOut) -> str:
    known = MEASURES.get(measure.id)
    return known[1] if known else _plain_description(measure.description)


def _plain_description(text: str) -> str:
    return text.replace(" (0–1)", "").strip()


def sentence(parts: Sequence[str]) -> str:
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] if text else ""


def score(criterion: CriterionOut) -> str:
    return "not scored" if criterion.score is None else f"{criterion.score}/5"


def criterion_reason(criterion: CriterionOut) -> str:
    """One line in words: what was measured (scored), or why it could not be scored."""
    if criterion.score is None:
        return not_observed_reason(criterion)
    values = {m.id: m.value for m in criterion.measures}
    measured = [
        measure_sentence(m)
        for m in criterion.measures
        if m.value is not None and not _contradicted(m.id, values)
    ]
    line = sentence(measured) + "."
    adjusted = adjustments(criterion.derivation)
    return f"{line} {sentence(adjusted)}." if adjusted else line


def _contradicted(measure_id: str, values: dict[str, float | None]) -> bool:
    """A measure whose sentence would contradict another one on the same line: with no
    recommendation found, "25% of their stated needs were tied to a recommendation of
    yours" (a need the matcher tied to a sentence that is not a recommendation) read as a
    contradiction of "you made 0 recommendations". The JSON keeps the value."""
    return measure_id == "needs_covered" and values.get("recommendations") == 0


_FLOOR = re.compile(r"^at least (?P<n>\d): no \w+ found, but the other criteria average")
_CAP = re.compile(r"^at most (?P<n>\d): (?P<reason>.+?)(?: \([^()]*\))?$")
_SHRINK = re.compile(r"^weighed with the other criteria \(mean (?P<mean>[\d.]+)\):.*→ (?P<n>\d)")


def adjustments(derivation: str) -> list[str]:
    """What moved the score after its measures, in words: a floor, a cap or the weighing
    with the other criteria. Without it "you summarized back 0 times" sat next to a 2, and
    "100% of their stated needs were tied to a recommendation" next to a 1 (report 2.8.2);
    the derivation keeps the arithmetic."""
    out: list[str] = []
    cap: str | None = None  # caps apply in turn, each lower: the last one set the score
    for part in derivation.split("; "):
        part = part.strip()
        if match := _FLOOR.match(part):
            out.append(
                f"raised to {match['n']}: nothing was found, but your other scores are "
                "strong, so the detector may have missed it"
            )
        elif match := _SHRINK.match(part):
            out.append(
                f"weighed with your other scores (mean {match['mean']}) to {match['n']}, so "
                "one moment found or missed does not decide it alone"
            )
        elif match := _CAP.match(part):
            if cap is not None:
                out.remove(cap)
            cap = f"held at {match['n']}: {match['reason']}"
            out.append(cap)
    return out


def not_observed_reason(criterion: CriterionOut) -> str:
    why = criterion.derivation.removeprefix("not observed:").strip()
    ids = {m.id for m in criterion.measures}
    parts: list[str] = []
    for part in why.split("; "):
        head, _, rest = part.partition(": ")
        text = rest if head in ids and rest else part
        if text not in parts:
            parts.append(text)
    return "Not scored: " + "; ".join(parts)


_MORE_LESS = re.compile(
    r"^(?P<what>.+): (?P<now>-?[\d.]+)(?P<unit>[^;]*?) now; "
    r"(?P<goal>-?[\d.]+)(?P=unit) or (?P<dir>more|less) scores higher$"
)
_TARGET = re.compile(
    r"^(?P<what>.+): (?P<now>-?[\d.]+)(?P<unit>[^;]*?) now; bring it (?P<dir>down|up) to "
    r"(?P<goal>-?[\d.]+)(?P=unit) \(target (?P<target>-?[\d.]+)(?P=unit)\)$"
)


def to_improve(criterion: CriterionOut) -> str | None:
    """``Share of open questions: 48% now — 50% or more scores higher.`` in rounded values;
    the scorer's own text when it is not in the form this knows."""
    text = criterion.to_improve
    if not text:
        return None
    for pattern in (_MORE_LESS, _TARGET):
        match = pattern.match(text)
        if match is None:
            continue
        measure = next((m for m in criterion.measures if m.description == match["what"]), None)
        if measure is None or measure.value is None:
            break
        share = _is_share_0_1(measure)
        goal = float(match["goal"])
        is_count = measure.unit.strip() == "" and not share
        if is_count and not goal.is_integer():
            goal = math.ceil(goal) if match["dir"] in {"more", "up"} else math.floor(goal)
        now = measure_value(measure)
        wanted = amount(goal, measure.unit, share)
        noun = measure_noun(measure)
        noun = noun[:1].upper() + noun[1:]
        if pattern is _MORE_LESS:
            return f"{noun}: {now} now — {wanted} or {match['dir']} scores higher."
        target = amount(float(match["target"]), measure.unit, share)
        return f"{noun}: {now} now — bring it {match['dir']} to {wanted} (target {target})."
    return text


def focus_line(criterion: CriterionOut | None, overall: float | None, why_none: str) -> str:
    """The one thing to work on, never "nothing below 5" when nothing could be scored."""
    if overall is None:
        return f"Nothing could be scored: {why_none}"
    if criterion is None:
        return "Every scored criterion is at 5: keep doing what you did."
    return criterion.title


__all__ = [
    "adjustments",
    "amount",
    "count",
    "criterion_reason",
    "detector_label",
    "feature_label",
    "finding_label",
    "finding_words",
    "focus_line",
    "humanize",
    "measure_sentence",
    "measure_value",
    "metric_label",
    "metric_value",
    "not_observed_reason",
    "score",
    "seconds",
    "to_improve",
]
