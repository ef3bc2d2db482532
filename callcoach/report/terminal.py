"""Rich tables for the terminal. Transcript text goes in as ``Text`` so it is never markup."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.table import Table
from rich.text import Text

from callcoach.report.schema import AnalysisReport, MetricOut


def render(report: AnalysisReport) -> Group:
    title = report.call.title or report.call.source
    metrics = Table(title=f"{title} — conversation metrics", title_justify="left")
    metrics.add_column("metric")
    metrics.add_column("value", justify="right")
    metrics.add_column("evidence / reason", overflow="fold")
    for metric in report.metrics:
        metrics.add_row(metric.name, _value(metric), Text(_explain(metric)))
    findings = Table(title="findings", title_justify="left")
    findings.add_column("detector")
    findings.add_column("labels", overflow="fold")
    for detector, items in report.findings.items():
        counts = Counter(f.label for f in items)
        labels = ", ".join(f"{label} × {n}" for label, n in counts.most_common()) or "—"
        findings.add_row(detector, Text(labels))
    return Group(metrics, findings)


def _value(metric: MetricOut) -> str:
    if metric.value is None:
        return "n/a"
    return f"{metric.value:.1f} {metric.unit}".strip()


def _explain(metric: MetricOut) -> str:
    if metric.value is None:
        return metric.reason or ""
    note = f"({metric.reason}) " if metric.reason else ""  # e.g. partly timed
    if not metric.evidence:
        return note.strip()
    first = metric.evidence[0]
    when = f"[{first.timestamp}] " if first.timestamp else ""
    return f"{note}{when}{first.speaker or ''}: “{first.quote[:80]}”"
