"""A Markdown report of one analysed call: the scorecard (with a rubric), metrics with their
evidence, then findings. Words and human units first; each derivation in a collapsed block."""

from __future__ import annotations

from collections import Counter

from callcoach.escape import markdown_text
from callcoach.report import words
from callcoach.schema.analysis import (
    AnalysisReport,
    EvidenceOut,
    FindingOut,
    MetricOut,
    ScorecardOut,
)

MAX_QUOTES_PER_DETECTOR = 5


def render(report: AnalysisReport) -> str:
    lines = [f"# {_escape(report.call.title or report.call.source)}", ""]
    lines += _overview(report)
    if report.scorecard is not None:
        lines += _scorecard(report, report.scorecard)
    lines += ["", "## Conversation metrics", "", "| metric | value | evidence |", "|---|---|---|"]
    lines += [_metric_row(m) for m in report.metrics]
    lines += ["", "## Findings", ""]
    if not any(report.findings.values()):
        lines.append("No detector found anything in this call.")
    for detector, findings in report.findings.items():
        lines += _findings_section(detector, findings, _reps(report))
    if report.call.warnings:
        lines += ["", "## Warnings while reading the file", ""]
        lines += [f"- {_escape(w)}" for w in report.call.warnings]
    lines += ["", f"<sub>{report.generator}, schema {report.schema_version}</sub>", ""]
    return "\n".join(lines)


def _overview(report: AnalysisReport) -> list[str]:
    call = report.call
    duration = _duration(call.duration_seconds)
    speakers = (
        ", ".join(f"{_escape(s.name)} ({s.role})" for s in report.speakers) or "none labelled"
    )
    roles = report.roles
    role_line = (
        f"Roles: {roles.method} ({roles.confidence:.0%} sure)"
        if roles.unavailable_reason is None
        else f"Roles unavailable: {_escape(roles.unavailable_reason)}"
    )
    return [
        f"- File: {_escape(call.source)} ({call.format}); date: {call.date or 'unknown'}; "
        f"duration: {duration}; utterances: {call.utterance_count}",
        f"- Speakers: {speakers}",
        f"- {role_line}",
        *(f"  - {_escape(reason)}" for reason in roles.reasons),
    ]


def _scorecard(report: AnalysisReport, card: ScorecardOut) -> list[str]:
    sure = round(100 * card.call_type_confidence)
    overall = "not scored" if card.overall is None else f"**{card.overall:.1f} / 5**"
    lines = [
        "",
        "## Scorecard",
        "",
        f"Overall: {overall} · rubric `{card.rubric_id}` v{card.rubric_version} · "
        f"{card.call_type} call ({sure}% sure)",
        "",
    ]
    titles = {c.id: c.title for c in card.criteria}
    strengths = "; ".join(titles[s] for s in card.strengths if s in titles) or "none yet"
    focus = next((c for c in card.criteria if c.id == card.focus), None)
    why_none = report.roles.unavailable_reason or card.overall_derivation
    lines.append(f"- **Strengths:** {_escape(strengths)}")
    line = _escape(words.focus_line(focus, card.overall, why_none))
    lines.append(f"- **The one thing to work on:** {line}")
    if focus is not None:
        improve = words.to_improve(focus)
        if improve:
            lines.append(f"  - {_escape(improve)}")
        if focus.tip:
            lines.append(f"  - Tip: {_escape(focus.tip)}")
    lines += ["", "| criterion | score | why |", "|---|---|---|"]
    for c in card.criteria:
        lines.append(
            f"| {_escape(c.title)} | {words.score(c)} | {_escape(words.criterion_reason(c))} |"
        )
    lines += ["", "<details><summary>How each score was derived</summary>", ""]
    for c in card.criteria:
        lines.append(f"- {_escape(c.title)}: `{c.derivation}`")
    lines += [f"- Overall: `{card.overall_derivation}`", "", "</details>"]
    return lines


def _metric_row(metric: MetricOut) -> str:
    value = _value(metric)
    evidence = "; ".join(_quote(e) for e in metric.evidence[:2])
    return f"| {words.metric_label(metric.name)} | {value} | {evidence} |"


def _value(metric: MetricOut) -> str:
    if metric.value is None:
        return f"n/a — {_escape(metric.reason or '')}"
    note = f" ({_escape(metric.reason)})" if metric.reason else ""  # e.g. partly timed
    return words.metric_value(metric) + note


def _reps(report: AnalysisReport) -> set[str]:
    return {s.name for s in report.speakers if s.role == "rep"}


def _findings_section(detector: str, findings: list[FindingOut], reps: set[str]) -> list[str]:
    if not findings:
        return []
    counts = Counter(words.finding_words(f, reps) for f in findings)
    summary = ", ".join(f"{label} × {n}" for label, n in counts.most_common())
    first = findings[0]
    title = words.detector_label(detector)
    lines = [f"### {title}: {summary}", "", f"<sub>detector {detector} v{first.version}</sub>", ""]
    for finding in sorted(findings, key=lambda f: -f.confidence)[:MAX_QUOTES_PER_DETECTOR]:
        quotes = " / ".join(_quote(e) for e in finding.evidence[:2])
        label = words.finding_words(finding, reps)
        lines.append(f"- **{label}** ({finding.confidence:.0%} sure): {quotes}")
    if len(findings) > MAX_QUOTES_PER_DETECTOR:
        lines.append(
            f"- … and {len(findings) - MAX_QUOTES_PER_DETECTOR} more (see the JSON output)"
        )
    lines.append("")
    return lines


def _quote(evidence: EvidenceOut) -> str:
    when = f"[{evidence.timestamp}] " if evidence.timestamp else ""
    who = f"{_escape(evidence.speaker)}: " if evidence.speaker else ""
    return f"{when}{who}“{_escape(evidence.quote)}”"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown (no timestamps)"
    return words.seconds(seconds)


def _escape(text: str) -> str:
    # Transcript text must never become Markdown/HTML structure in a rendered report.
    return markdown_text(text)
