"""A Markdown report of one analysed call: metrics with their evidence, then findings."""

from __future__ import annotations

from collections import Counter

from callcoach.escape import markdown_text
from callcoach.report.schema import AnalysisReport, EvidenceOut, FindingOut, MetricOut

MAX_QUOTES_PER_DETECTOR = 5


def render(report: AnalysisReport) -> str:
    lines = [f"# {_escape(report.call.title or report.call.source)}", ""]
    lines += _overview(report)
    lines += ["", "## Conversation metrics", "", "| metric | value | evidence |", "|---|---|---|"]
    lines += [_metric_row(m) for m in report.metrics]
    lines += ["", "## Findings", ""]
    if not any(report.findings.values()):
        lines.append("No detector found anything in this call.")
    for detector, findings in report.findings.items():
        lines += _findings_section(detector, findings)
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
        f"Roles: {roles.method}, confidence {roles.confidence:.2f}"
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


def _metric_row(metric: MetricOut) -> str:
    value = _value(metric)
    evidence = "; ".join(_quote(e) for e in metric.evidence[:2])
    return f"| {metric.name} | {value} | {evidence} |"


def _value(metric: MetricOut) -> str:
    if metric.value is None:
        return f"n/a — {_escape(metric.reason or '')}"
    number = f"{metric.value:.1f}" if isinstance(metric.value, float) else str(metric.value)
    note = f" ({_escape(metric.reason)})" if metric.reason else ""  # e.g. partly timed
    return f"{number} {metric.unit}".strip() + note


def _findings_section(detector: str, findings: list[FindingOut]) -> list[str]:
    if not findings:
        return []
    counts = Counter(f.label for f in findings)
    summary = ", ".join(f"{label} × {n}" for label, n in counts.most_common())
    first = findings[0]
    lines = [f"### {detector} (v{first.version}): {summary}", ""]
    for finding in sorted(findings, key=lambda f: -f.confidence)[:MAX_QUOTES_PER_DETECTOR]:
        quotes = " / ".join(_quote(e) for e in finding.evidence[:2])
        lines.append(f"- **{finding.label}** ({finding.confidence:.2f}): {quotes}")
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
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s"


def _escape(text: str) -> str:
    # Transcript text must never become Markdown/HTML structure in a rendered report.
    return markdown_text(text)
