"""Self-contained HTML reports: inline CSS and SVG, no scripts, nothing fetched from anywhere.

All transcript text goes through Jinja2's autoescaping; only our own CSS and the SVG built by
``charts`` (which escapes every string it embeds) are marked safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from callcoach.report import charts, words
from callcoach.schema.analysis import AnalysisReport, UtteranceOut

QUESTION_BINS = 5
TOP_MONOLOGUES = 8


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    id: str
    role: str
    speaker: str | None
    timestamp: str | None
    line: int | None
    pieces: tuple[Piece, ...]
    tags: tuple[str, ...]


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("callcoach.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet() -> Markup:
    css = (resources.files("callcoach.report") / "templates" / "base.css").read_text("utf-8")
    return Markup(css)  # our own stylesheet, not user text


def render_call(report: AnalysisReport) -> str:
    """One call's report as a single HTML document."""
    card = report.scorecard
    titles = {c.id: c.title for c in card.criteria} if card else {}
    focus = next((c for c in card.criteria if c.id == card.focus), None) if card else None
    context: dict[str, Any] = {
        "r": report,
        "card": card,
        "titles": titles,
        "focus": focus,
        "title": report.call.title or report.call.source.rsplit("/", 1)[-1],
        "css": stylesheet(),
        "duration": _duration(report.call.duration_seconds),
        "reps": ", ".join(s.name for s in report.speakers if s.role == "rep"),
        "prospects": ", ".join(s.name for s in report.speakers if s.role == "prospect"),
        "transcript": _transcript(report),
        "charts": _call_charts(report),
        "w": words,
        "why_not_scored": (
            report.roles.unavailable_reason or (card.overall_derivation if card else "")
        ),
    }
    return environment().get_template("call.html.j2").render(**context)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "no timestamps"
    return words.seconds(seconds)


def _transcript(report: AnalysisReport) -> list[TranscriptLine]:
    spans: dict[str, list[tuple[int, int, str]]] = {}
    tags: dict[str, set[str]] = {}
    reps = {s.name for s in report.speakers if s.role == "rep"}
    for findings in report.findings.values():
        for finding in findings:
            for evidence in finding.evidence:
                name = words.finding_words(finding, reps)
                tags.setdefault(evidence.utterance_id, set()).add(name)
                if evidence.char_end is not None and evidence.char_end > evidence.char_start:
                    spans.setdefault(evidence.utterance_id, []).append(
                        (evidence.char_start, evidence.char_end, name)
                    )
    return [
        TranscriptLine(
            id=u.id,
            role=u.role,
            speaker=u.speaker,
            timestamp=u.timestamp,
            line=u.line,
            pieces=_pieces(u, spans.get(u.id, [])),
            tags=tuple(sorted(tags.get(u.id, ()))),
        )
        for u in report.transcript
    ]


def _pieces(utterance: UtteranceOut, spans: list[tuple[int, int, str]]) -> tuple[Piece, ...]:
    """The text cut into plain and highlighted pieces; a span overlapping an earlier one is
    merged into it, so every character shows once."""
    text = utterance.text
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, name in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] | {name})
        else:
            merged.append((start, end, {name}))
    pieces, cursor = [], 0
    for start, end, names in merged:
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], "; ".join(sorted(names))))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return tuple(pieces)


def _call_charts(report: AnalysisReport) -> dict[str, Any]:
    timed = report.call.has_timestamps
    spans, lanes, total = _timeline_spans(report.transcript, timed)
    roles = {u.speaker or "unlabelled": u.role for u in report.transcript}
    order = {"rep": 0, "prospect": 1}
    lanes = sorted(lanes, key=lambda lane: order.get(roles.get(lane, ""), 2))
    colors = {lane: charts.ROLE_COLORS[r] for lane, r in roles.items() if r in charts.ROLE_COLORS}
    card = report.scorecard
    scores = (
        Markup(
            charts.bars([(c.title, c.score) for c in card.criteria], 5, label="criterion scores")
        )
        if card
        else None
    )
    monologues, unit = _monologues(report)
    peak = max((v or 0.0 for _, v in monologues), default=0.0) or 1.0
    return {
        "timeline": Markup(charts.timeline(spans, lanes, total, "s" if timed else "words", colors)),
        "questions": Markup(charts.columns(_question_bins(report), "rep questions over the call")),
        "scores": scores,
        "monologues": Markup(
            charts.bars(monologues, peak, unit, "longest rep stretches", charts.ROLE_COLORS["rep"])
        ),
        "monologue_unit": "seconds" if unit == " s" else "words",
    }


def _timeline_spans(
    transcript: Sequence[UtteranceOut], timed: bool
) -> tuple[list[charts.Span], list[str], float]:
    lanes = list(dict.fromkeys(u.speaker or "unlabelled" for u in transcript))
    spans, cursor = [], 0.0
    origin = min((u.start for u in transcript if u.start is not None), default=0.0)
    for u in transcript:
        if timed and u.start is not None and u.end is not None:
            start, end = u.start - origin, u.end - origin
        else:
            words = max(1, len(u.text.split()))
            start, end = cursor, cursor + words
            cursor = end
        label = f"{u.timestamp or ''} {u.speaker or 'unlabelled'}: {u.text[:80]}".strip()
        spans.append(charts.Span(u.speaker or "unlabelled", start, end, label, f"#{u.id}"))
    total = max((s.end for s in spans), default=0.0)
    return spans, lanes, total


def _question_bins(report: AnalysisReport) -> list[tuple[str, float]]:
    position = _positions(report.transcript)
    counts = [0.0] * QUESTION_BINS
    rep_utterances = {u.id for u in report.transcript if u.role == "rep"}
    for finding in report.findings.get("question", []):
        if finding.label != "question":
            continue
        for evidence in finding.evidence[:1]:
            if evidence.utterance_id in rep_utterances:
                where = position.get(evidence.utterance_id, 0.0)
                counts[min(QUESTION_BINS - 1, int(where * QUESTION_BINS))] += 1
    step = 100 // QUESTION_BINS
    return [(f"{i * step}–{(i + 1) * step}%", c) for i, c in enumerate(counts)]


def _positions(transcript: Sequence[UtteranceOut]) -> dict[str, float]:
    """Where each utterance starts, as a fraction of the call (by time, else by order)."""
    starts = [u.start for u in transcript]
    if transcript and all(s is not None for s in starts):
        first = min(s for s in starts if s is not None)
        last = max(u.end or u.start or 0.0 for u in transcript)
        span = (last - first) or 1.0
        return {u.id: ((u.start or first) - first) / span for u in transcript}
    n = max(1, len(transcript))
    return {u.id: i / n for i, u in enumerate(transcript)}


def _monologues(report: AnalysisReport) -> tuple[list[tuple[str, float | None]], str]:
    metric = next((m for m in report.metrics if m.name == "longest_monologue"), None)
    stretches = metric.details.get("top_stretches", []) if metric else []
    if not stretches:
        return [("no rep stretch", None)], " s"
    # Partly timed calls have stretches without seconds: chart words then, for every stretch.
    timed = all(s.get("seconds") is not None for s in stretches)
    key, unit = ("seconds", " s") if timed else ("words", " words")
    rows: list[tuple[str, float | None]] = [
        (f"{s.get('timestamp') or s.get('start_utterance', '')}", _number_or_none(s.get(key)))
        for s in stretches[:TOP_MONOLOGUES]
    ]
    return rows, unit


def _number_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def transcript_lines(report: AnalysisReport) -> list[TranscriptLine]:
    """The transcript as the call report shows it: each line cut into plain and marked pieces,
    with the names of the findings on it (the web call page shows the same)."""
    return _transcript(report)


def call_charts(report: AnalysisReport) -> dict[str, Any]:
    """The call report's SVG charts (timeline, questions, scores, monologues), as Markup."""
    return _call_charts(report)
