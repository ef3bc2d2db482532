"""What ``callcoach analyze`` prints: the scorecard (with --rubric), metrics and findings.

Transcript text goes in as ``Text`` so it is never markup; tables fold (``fit``) so nothing is
cut at any terminal width. Numbers are in human units; derivations stay in --format md/html/json.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from callcoach.report import words
from callcoach.report.fit import fitted
from callcoach.schema.analysis import AnalysisReport, MetricOut, ScorecardOut

QUOTE_CHARS = 90


def render(report: AnalysisReport) -> Group:
    parts: list[RenderableType] = [_header(report)]
    if report.scorecard is not None:
        parts += _scorecard(report, report.scorecard)
    parts += [Text(""), fitted(_metrics(report)), Text(""), fitted(_findings(report))]
    if report.call.warnings:
        parts.append(Text(f"{len(report.call.warnings)} warning(s) while reading the file:"))
        parts += [Text(f"  • {w}") for w in report.call.warnings]
    return Group(*parts)


def _header(report: AnalysisReport) -> Text:
    call = report.call
    reps = ", ".join(s.name for s in report.speakers if s.role == "rep") or "unknown"
    prospects = ", ".join(s.name for s in report.speakers if s.role == "prospect") or "unknown"
    duration = (
        "no timestamps" if call.duration_seconds is None else words.seconds(call.duration_seconds)
    )
    text = Text(call.title or call.source, style="bold")
    text.append(
        f"\n{call.date or 'date unknown'} · {duration} · rep: {reps} · prospect: {prospects}",
        style="dim",
    )
    if report.roles.unavailable_reason:
        text.append(f"\nRoles unknown: {report.roles.unavailable_reason}", style="yellow")
    return text


def _scorecard(report: AnalysisReport, card: ScorecardOut) -> list[RenderableType]:
    sure = round(100 * card.call_type_confidence)
    head = Text("\nScorecard", style="bold")
    head.append(f" — rubric {card.rubric_id} · {card.call_type} call ({sure}% sure)")
    overall = Text("Overall: ", style="bold")
    if card.overall is None:
        overall.append("not scored", style="yellow")
    else:
        overall.append(f"{card.overall:.1f} / 5", style="bold")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("criterion")
    table.add_column("score", justify="right")
    table.add_column("why")
    for c in card.criteria:
        style = "yellow" if c.score is None else ("green" if c.score >= 4 else "red")
        table.add_row(Text(c.title), Text(words.score(c), style=style), words.criterion_reason(c))
    titles = {c.id: c.title for c in card.criteria}
    strengths = "; ".join(titles[s] for s in card.strengths if s in titles) or "none yet"
    lines: list[RenderableType] = [head, overall, fitted(table), Text("")]
    lines.append(Text.assemble(("Strengths: ", "bold"), strengths))
    focus = next((c for c in card.criteria if c.id == card.focus), None)
    why_none = report.roles.unavailable_reason or card.overall_derivation
    work_on = Text.assemble(
        ("The one thing to work on: ", "bold"), words.focus_line(focus, card.overall, why_none)
    )
    lines.append(work_on)
    if focus is not None:
        improve = words.to_improve(focus)
        if improve:
            lines.append(Text(f"  {improve}"))
        if focus.tip:
            lines.append(Text(f"  Tip: {focus.tip}"))
    lines.append(Text("How each score was derived: --format md, html or json.", style="dim"))
    return lines


def _metrics(report: AnalysisReport) -> Table:
    table = Table(title="Conversation metrics", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("evidence or reason")
    for metric in report.metrics:
        table.add_row(
            words.metric_label(metric.name), words.metric_value(metric), Text(_explain(metric))
        )
    return table


def _findings(report: AnalysisReport) -> Table:
    table = Table(title="What the detectors found", title_justify="left")
    table.add_column("detector")
    table.add_column("found")
    reps = {s.name for s in report.speakers if s.role == "rep"}
    for detector, items in report.findings.items():
        counts = Counter(words.finding_words(f, reps) for f in items)
        found = ", ".join(f"{label} × {n}" for label, n in counts.most_common()) or "—"
        table.add_row(words.detector_label(detector), Text(found))
    return table


def _explain(metric: MetricOut) -> str:
    if metric.value is None:
        return metric.reason or ""
    note = f"({metric.reason}) " if metric.reason else ""  # e.g. partly timed
    if not metric.evidence:
        return note.strip()
    first = metric.evidence[0]
    when = f"[{first.timestamp}] " if first.timestamp else ""
    quote = first.quote
    if len(quote) > QUOTE_CHARS:
        quote = quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return f"{note}{when}{first.speaker or ''}: “{quote}”"
