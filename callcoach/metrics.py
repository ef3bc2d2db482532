"""Conversation metrics: talk ratio, monologues, interactivity, patience, questions, pace.

Exact definitions are in docs/metrics.md. A metric that cannot be computed (no timestamps,
no roles) has ``value=None`` and a ``reason``; it is never reported as 0.
Everything is one or two linear passes over the utterances (a 1-hour call takes ~ms).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from callcoach.model import Call, Evidence, Finding, Metric, Role, RoleAssignment, Utterance
from callcoach.model.call import count_words
from callcoach.roles import simple_question_spans

__all__ = ["BACKCHANNEL_MAX_WORDS", "compute_metrics"]

# An other-side utterance this short ("mm-hm", "right", "got it") does not interrupt a
# monologue, and a prospect turn this short is not something the rep "answers" (patience).
BACKCHANNEL_MAX_WORDS = 2

NO_TIMESTAMPS = "the transcript has no timestamps"
NO_LABELS = "the transcript has no speaker labels"
# Below this many seconds a call or a speaker's time is treated as zero (no rate is divided by it).
MIN_SECONDS = 1e-3
_EVIDENCE_CHARS = 120
_MAX_FILLER_EVIDENCE = 10


@dataclass(frozen=True, slots=True)
class _Turn:
    utterance: Utterance
    role: Role
    words: int


@dataclass(frozen=True, slots=True)
class _Context:
    call: Call
    turns: tuple[_Turn, ...]
    role_reason: str | None  # why roles are unavailable, or None
    duration: float | None  # seconds from first to last timed utterance; None if none is timed
    partial: str | None  # "only the timed part …" when some but not all utterances have times

    def timed_turns(self) -> list[_Turn]:
        return [t for t in self.turns if t.utterance.timed]


def compute_metrics(
    call: Call,
    roles: RoleAssignment,
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> tuple[Metric, ...]:
    """All conversation metrics of ``call``, in a fixed order.

    ``findings["question"]`` (label "question", one per question sentence) gives the rep
    questions; without it a simple punctuation/word-order rule is used and
    ``details["method"]`` says so.
    """
    turns = tuple(_Turn(u, roles.role_of(u.speaker), count_words(u.text)) for u in call.utterances)
    role_reason = None
    if not roles.available:
        role_reason = roles.unavailable_reason or "no rep and prospect were identified"
    timed = sum(1 for t in turns if t.utterance.timed)
    partial = None
    if 0 < timed < len(turns):
        partial = (
            f"partly timed: computed over the timed part only ({timed} of {len(turns)}"
            " utterances have start and end times)"
        )
    ctx = _Context(call, turns, role_reason, call.timed_duration, partial)
    return (
        *_talk_ratios(ctx),
        _longest_stretch(ctx, "rep"),
        _longest_stretch(ctx, "prospect"),
        _interactivity(ctx),
        _patience(ctx),
        *_rep_questions(ctx, findings),
        *_words_per_minute(ctx),
        _filler_rate(ctx),
    )


def _unavailable(name: str, unit: str, description: str, reason: str, **details: Any) -> Metric:
    return Metric(name, None, unit, description, reason=reason, details=details)


def _time_reason(ctx: _Context) -> str | None:
    if ctx.duration is None:
        return NO_TIMESTAMPS
    if ctx.duration < MIN_SECONDS:
        return "the call has zero duration"
    return None


# ---- talk ratio ----


def _talk_ratios(ctx: _Context) -> tuple[Metric, Metric]:
    seconds: defaultdict[str, float] = defaultdict(float)
    words: Counter[str] = Counter()
    rep_seconds = 0.0
    rep_words = 0
    for t in ctx.turns:
        key = t.utterance.speaker or "(unlabelled)"
        duration = t.utterance.duration or 0.0
        seconds[key] += duration
        words[key] += t.words
        if t.role == "rep":
            rep_seconds += duration
            rep_words += t.words
    total_s, total_w = sum(seconds.values()), sum(words.values())
    per_speaker = {
        "seconds": {k: round(v, 3) for k, v in seconds.items()} if ctx.duration else None,
        "words": dict(words),
    }
    desc_t = "Rep speaking time as a share of all speaking time"
    desc_w = "Rep words as a share of all words spoken"
    reason_t = (
        ctx.role_reason
        or _time_reason(ctx)
        or (None if total_s >= MIN_SECONDS else "nobody speaks")
    )
    if not reason_t and ctx.partial and not 0 < rep_seconds < total_s:
        reason_t = "partly timed, and the timed part lacks either the rep or the others"
    reason_w = ctx.role_reason or (None if total_w else "nobody speaks")
    # The rep's longest turns show where the talk time went.
    rep_turns = [t for t in ctx.turns if t.role == "rep"]
    longest_by_time = sorted(rep_turns, key=lambda t: -(t.utterance.duration or 0.0))
    longest_by_words = sorted(rep_turns, key=lambda t: -t.words)
    by_time = (
        _unavailable("talk_ratio_time", "%", desc_t, reason_t, **per_speaker)
        if reason_t
        else Metric(
            "talk_ratio_time",
            100 * rep_seconds / total_s,
            "%",
            desc_t,
            reason=ctx.partial,
            evidence=_turn_evidence(longest_by_time[:_RATIO_EVIDENCE]),
            details=per_speaker,
        )
    )
    by_words = (
        _unavailable("talk_ratio_words", "%", desc_w, reason_w, **per_speaker)
        if reason_w
        else Metric(
            "talk_ratio_words",
            100 * rep_words / total_w,
            "%",
            desc_w,
            evidence=_turn_evidence(longest_by_words[:_RATIO_EVIDENCE]),
            details=per_speaker,
        )
    )
    return by_time, by_words


_RATIO_EVIDENCE = 3


def _turn_evidence(turns: Sequence[_Turn]) -> tuple[Evidence, ...]:
    return tuple(Evidence.of(t.utterance, max_chars=_EVIDENCE_CHARS) for t in turns)


# ---- longest monologue / customer story ----

_STRETCH = {
    "rep": ("longest_monologue", "Longest uninterrupted stretch of rep speech"),
    "prospect": ("longest_customer_story", "Longest uninterrupted stretch of prospect speech"),
}


@dataclass(frozen=True, slots=True)
class _Stretch:
    turns: tuple[_Turn, ...]  # the side's own utterances
    backchannels: tuple[str, ...]  # ids of short other-side utterances inside it
    seconds: float | None  # first start → last end; None without timestamps
    words: int

    def details(self) -> dict[str, Any]:
        return {
            "start": self.turns[0].utterance.start,
            "end": self.turns[-1].utterance.end,
            "utterance_ids": [t.utterance.id for t in self.turns],
            "backchannel_ids": list(self.backchannels),
            "word_count": self.words,
        }

    def evidence(self) -> tuple[Evidence, ...]:
        first, last = self.turns[0].utterance, self.turns[-1].utterance
        ends = (first,) if first is last else (first, last)
        return tuple(Evidence.of(u, max_chars=_EVIDENCE_CHARS) for u in ends)


def _longest_stretches(
    turns: Sequence[_Turn], side: Role
) -> tuple[_Stretch, _Stretch, list[dict[str, Any]]] | None:
    """The side's longest stretch by seconds and by words (None when the side never speaks),
    and a short summary of every stretch (for the report's chart of the longest ones).

    One pass; a stretch object is only built when it beats the best so far.
    """
    by_time: _Stretch | None = None
    by_words: _Stretch | None = None
    summaries: list[dict[str, Any]] = []
    own: list[_Turn] = []
    pending: list[str] = []  # backchannels seen since the side's last utterance
    inside: list[str] = []
    words = 0

    def close() -> None:
        nonlocal by_time, by_words
        first, last = own[0].utterance, own[-1].utterance
        seconds = None
        if first.start is not None and last.end is not None:
            seconds = max(0.0, last.end - first.start)
        if by_words is None or words > by_words.words:
            by_words = _Stretch(tuple(own), tuple(inside), seconds, words)
        if seconds is not None and (by_time is None or seconds > (by_time.seconds or 0.0)):
            by_time = _Stretch(tuple(own), tuple(inside), seconds, words)
        summaries.append(
            {"start_utterance": first.id, "start": first.start, "seconds": seconds, "words": words}
        )

    for t in turns:
        if t.role == side:
            inside.extend(pending)
            pending.clear()
            own.append(t)
            words += t.words
        elif own and t.words <= BACKCHANNEL_MAX_WORDS:
            pending.append(t.utterance.id)
        elif own:
            close()
            own, pending, inside, words = [], [], [], 0
    if own:
        close()
    if by_words is None:
        return None
    return (by_time or by_words), by_words, summaries


def _longest_stretch(ctx: _Context, side: Role) -> Metric:
    name, description = _STRETCH[side]
    if ctx.role_reason:
        return _unavailable(name, "s", description, ctx.role_reason)
    found = _longest_stretches(ctx.turns, side)
    if found is None:
        return _unavailable(name, "s", description, f"the {side} never speaks")
    longest, by_words, summaries = found
    top = _top_stretches(summaries)
    time_reason = _time_reason(ctx)
    if time_reason:
        return Metric(
            name,
            None,
            "s",
            description,
            reason=time_reason,
            evidence=by_words.evidence(),
            details={"by_words": by_words.details(), "top_stretches": top},
        )
    if longest.seconds is None:
        return Metric(
            name,
            None,
            "s",
            description,
            reason=f"no {side} stretch has both a start and an end time",
            evidence=by_words.evidence(),
            details={"by_words": by_words.details(), "top_stretches": top},
        )
    return Metric(
        name,
        longest.seconds,
        "s",
        description,
        reason=ctx.partial,
        evidence=longest.evidence(),
        details={**longest.details(), "by_words": by_words.details(), "top_stretches": top},
    )


TOP_STRETCHES = 8


def _top_stretches(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The longest stretches (by seconds when timed, else words), with a readable start."""
    key = "seconds" if all(s["seconds"] is not None for s in summaries) else "words"
    ranked = sorted(summaries, key=lambda s: -(s[key] or 0))[:TOP_STRETCHES]
    for s in ranked:
        start = s["start"]
        s["timestamp"] = None if start is None else f"{int(start) // 60:02d}:{int(start) % 60:02d}"
    return ranked


# ---- interactivity ----


def _interactivity(ctx: _Context) -> Metric:
    name, unit = "interactivity", "switches/min"
    description = "Speaker switches per minute of call"
    turns = ctx.timed_turns() if ctx.partial else ctx.turns
    labelled = [t for t in turns if t.utterance.speaker is not None]
    reason = None if labelled else NO_LABELS
    switches = _switches(labelled)
    substantive = _switches([t for t in labelled if t.words > BACKCHANNEL_MAX_WORDS])
    details = {"switches": switches, "switches_without_backchannels": substantive}
    reason = reason or _time_reason(ctx)
    if reason or ctx.duration is None:
        return _unavailable(name, unit, description, reason or NO_TIMESTAMPS, **details)
    minutes = ctx.duration / 60
    return Metric(
        name,
        switches / minutes,
        unit,
        description,
        reason=ctx.partial,
        details={**details, "minutes": minutes},
    )


def _switches(turns: Sequence[_Turn]) -> int:
    return sum(1 for a, b in pairwise(turns) if a.utterance.speaker != b.utterance.speaker)


# ---- patience ----


def _patience(ctx: _Context) -> Metric:
    name, unit = "patience", "s"
    description = "Mean pause between the end of a prospect turn and the rep's reply"
    reason = ctx.role_reason or _time_reason(ctx)
    if reason:
        return _unavailable(name, unit, description, reason)
    replies: list[tuple[float, _Turn]] = []
    overlaps = skipped = 0
    for before, after in pairwise(ctx.turns):
        if before.role != "prospect" or after.role != "rep":
            continue
        if before.words <= BACKCHANNEL_MAX_WORDS:
            skipped += 1
            continue
        if before.utterance.end is None or after.utterance.start is None:
            continue  # partly timed: only replies with both times are measured
        gap = after.utterance.start - before.utterance.end
        overlaps += gap < 0
        replies.append((max(0.0, gap), after))
    if not replies:
        reason = "the rep never replies right after a prospect turn"
        if ctx.partial:
            reason = "no rep reply right after a prospect turn has both times (partly timed)"
        return _unavailable(name, unit, description, reason, backchannels_skipped=skipped)
    gaps = [g for g, _ in replies]
    shortest, longest = min(replies, key=lambda r: r[0]), max(replies, key=lambda r: r[0])
    details = {
        "replies": len(replies),
        "median": statistics.median(gaps),
        "shortest": {"gap": shortest[0], "utterance_id": shortest[1].utterance.id},
        "longest": {"gap": longest[0], "utterance_id": longest[1].utterance.id},
        "overlaps_clipped": overlaps,
        "backchannels_skipped": skipped,
    }
    evidence = tuple(
        Evidence.of(r[1].utterance, max_chars=_EVIDENCE_CHARS) for r in (shortest, longest)
    )
    return Metric(
        name,
        statistics.fmean(gaps),
        unit,
        description,
        reason=ctx.partial,
        evidence=evidence,
        details=details,
    )


# ---- rep questions ----

_FALLBACK_METHOD = (
    "simple rule ('?' or a wh-word/auxiliary+subject opening an unpunctuated sentence);"
    " no question detector findings were supplied"
)


def _rep_questions(
    ctx: _Context, findings: Mapping[str, Sequence[Finding]] | None
) -> tuple[Metric, Metric]:
    desc_n = "Questions the rep asked"
    desc_r = "Rep questions per 10 minutes of call"
    if ctx.role_reason:
        return (
            _unavailable("rep_questions", "questions", desc_n, ctx.role_reason),
            _unavailable("rep_question_rate", "questions/10 min", desc_r, ctx.role_reason),
        )
    position = {t.utterance.id: i for i, t in enumerate(ctx.turns)}
    if findings is not None and "question" in findings:
        method = "question detector findings"
        evidence = [
            f.evidence[0]
            for f in findings["question"]
            if f.label == "question"
            and f.evidence
            and f.evidence[0].utterance_id in position
            and ctx.turns[position[f.evidence[0].utterance_id]].role == "rep"
        ]
    else:
        method = _FALLBACK_METHOD
        evidence = [
            Evidence.of(t.utterance, start, end, max_chars=_EVIDENCE_CHARS)
            for t in ctx.turns
            if t.role == "rep"
            for start, end in simple_question_spans(t.utterance.text)
        ]
    thirds, basis = _thirds(ctx, [position[e.utterance_id] for e in evidence])
    details = {"method": method, "thirds": thirds, "thirds_by": basis}
    count = Metric(
        "rep_questions",
        len(evidence),
        "questions",
        desc_n,
        evidence=tuple(evidence),
        details=details,
    )
    time_reason = _time_reason(ctx)
    if time_reason or ctx.duration is None:
        rate = _unavailable(
            "rep_question_rate", "questions/10 min", desc_r, time_reason or NO_TIMESTAMPS
        )
    else:
        timed = [e for e in evidence if ctx.turns[position[e.utterance_id]].utterance.timed]
        per_10 = 600 * len(timed) / ctx.duration
        rate_details = {**details, "timed_questions": len(timed)} if ctx.partial else details
        rate = Metric(
            "rep_question_rate",
            per_10,
            "questions/10 min",
            desc_r,
            reason=ctx.partial,
            details=rate_details,
        )
    return count, rate


def _thirds(ctx: _Context, asked: Sequence[int]) -> tuple[list[int], str]:
    """How many questions (turn positions) fall in each third of the call.

    By start time within [first start, last end] when timed, else by utterance order.
    """
    thirds = [0, 0, 0]
    starts = [t.utterance.start for t in ctx.turns if t.utterance.start is not None]
    if ctx.partial is None and not _time_reason(ctx) and ctx.duration and starts:
        first = min(starts)
        for i in asked:
            offset = (ctx.turns[i].utterance.start or first) - first
            thirds[min(2, int(3 * offset / ctx.duration))] += 1
        return thirds, "start time"
    for i in asked:
        thirds[min(2, 3 * i // len(ctx.turns))] += 1
    return thirds, "utterance order"


# ---- pace and fillers ----


def _words_per_minute(ctx: _Context) -> tuple[Metric, Metric]:
    out = []
    for side in ("rep", "prospect"):
        name, description = f"words_per_minute_{side}", f"Words per minute while the {side} speaks"
        reason = ctx.role_reason or _time_reason(ctx)
        own = [t for t in ctx.turns if t.role == side and t.utterance.timed]
        seconds = sum(t.utterance.duration or 0.0 for t in own)
        words = sum(t.words for t in own)
        if not reason and seconds < MIN_SECONDS:
            reason = f"the {side} has no speaking time"
        if reason:
            out.append(_unavailable(name, "words/min", description, reason))
        else:
            details = {"words": words, "seconds": seconds}
            value = 60 * words / seconds
            out.append(
                Metric(name, value, "words/min", description, reason=ctx.partial, details=details)
            )
    return out[0], out[1]


@dataclass(frozen=True, slots=True)
class _Filler:
    phrase: str
    needs_comma: bool
    not_after: frozenset[str]


@cache
def _fillers() -> tuple[re.Pattern[str], dict[str, _Filler]]:
    """The filler lexicon (callcoach/lexicons/fillers.txt) and one regex over all of it."""
    text = files("callcoach").joinpath("lexicons", "fillers.txt").read_text(encoding="utf-8")
    table: dict[str, _Filler] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        phrase, *rules = (part.strip() for part in line.split("|"))
        not_after: frozenset[str] = frozenset()
        for rule in rules:
            if rule.startswith("not-after:"):
                not_after = frozenset(rule.removeprefix("not-after:").split())
        table[phrase] = _Filler(phrase, "comma" in rules, not_after)
    alternatives = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b"), table


_PREVIOUS_WORD = re.compile(r"([\w']+)[^\w']*$")


def _filler_spans(text: str) -> list[tuple[int, int, str]]:
    pattern, table = _fillers()
    text = text.replace("\u2019", "'")
    plain = text.lower()
    if len(plain) != len(text):  # "İ" lowercases to two characters; keep spans aligned
        plain = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    spans = []
    for match in pattern.finditer(plain):
        filler = table[match.group()]
        if filler.needs_comma and not plain.startswith(",", match.end()):
            continue
        if filler.not_after:
            before = _PREVIOUS_WORD.search(plain, max(0, match.start() - 40), match.start())
            if before and before.group(1) in filler.not_after:
                continue
        spans.append((match.start(), match.end(), filler.phrase))
    return spans


def _filler_rate(ctx: _Context) -> Metric:
    name, unit = "filler_rate", "fillers/100 words"
    description = "Rep filler words per 100 rep words (reported, not scored)"
    if ctx.role_reason:
        return _unavailable(name, unit, description, ctx.role_reason)
    counts: Counter[str] = Counter()
    evidence: list[Evidence] = []
    words = 0
    for t in ctx.turns:
        if t.role != "rep":
            continue
        words += t.words
        for start, end, phrase in _filler_spans(t.utterance.text):
            counts[phrase] += 1
            if len(evidence) < _MAX_FILLER_EVIDENCE:
                evidence.append(Evidence.of(t.utterance, start, end))
    if not words:
        return _unavailable(name, unit, description, "the rep says nothing")
    details = {"fillers": sum(counts.values()), "words": words, "by_filler": dict(counts)}
    value = 100 * sum(counts.values()) / words
    return Metric(name, value, unit, description, evidence=tuple(evidence), details=details)
