"""The team report: per-rep criterion means, distributions, trends and biggest gaps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import quote

from markupsafe import Markup
from pydantic import Field

from callcoach.escape import markdown_text
from callcoach.insights.report import InsightsReport
from callcoach.report import charts
from callcoach.report.html import environment, stylesheet
from callcoach.report.insights_html import feature_views
from callcoach.report.schema import SCHEMA_VERSION, AnalysisReport, FrozenModel
from callcoach.scoring.team import CriterionResult, ScoredCall, TeamSummary, summarize_team


class CriterionStatsOut(FrozenModel):
    id: str
    title: str
    weight: float
    mean: float | None
    observed: int = Field(description="Calls in which the criterion could be scored.")
    distribution: list[int] = Field(description="Number of calls scoring 1, 2, 3, 4 and 5.")
    trend_per_30_days: float | None = Field(description="Score points per 30 days; null if few.")
    trend_reason: str


class RepOut(FrozenModel):
    rep: str
    calls: int
    first_date: date | None
    last_date: date | None
    overall_mean: float | None
    criteria: list[CriterionStatsOut]
    biggest_gap: str | None
    biggest_gap_reason: str


class TeamCallOut(FrozenModel):
    call_id: str
    source: str
    date: date | None
    reps: list[str]
    overall: float | None
    report: str | None = Field(
        description="Relative link to the call's own report (./name, percent-encoded), if written."
    )


class TeamReport(FrozenModel):
    schema_version: str = SCHEMA_VERSION
    generator: str
    rubric_id: str
    calls: list[TeamCallOut]
    reps: list[RepOut]


def scored_calls(reports: Sequence[AnalysisReport]) -> list[ScoredCall]:
    return [
        ScoredCall(
            call_id=r.call.id,
            source=r.call.source,
            date=r.call.date,
            reps=tuple(s.name for s in r.speakers if s.role == "rep"),
            rubric_id=r.scorecard.rubric_id,
            overall=r.scorecard.overall,
            criteria=tuple(
                CriterionResult(c.id, c.title, c.weight, c.score) for c in r.scorecard.criteria
            ),
        )
        for r in reports
        if r.scorecard is not None
    ]


def build_team_report(
    reports: Sequence[AnalysisReport], links: dict[str, str] | None = None
) -> TeamReport:
    """The team summary. ``links`` maps a call's source (its file) to its report's file name,
    which becomes a relative link (``./name``, percent-encoded: never a ``javascript:`` URL)."""
    from callcoach import __version__

    summary: TeamSummary = summarize_team(scored_calls(reports))
    links = {source: relative_href(name) for source, name in (links or {}).items()}
    return TeamReport(
        generator=f"callcoach {__version__}",
        rubric_id=summary.rubric_id,
        calls=[
            TeamCallOut(
                call_id=r.call.id,
                source=r.call.source,
                date=r.call.date,
                reps=[s.name for s in r.speakers if s.role == "rep"],
                overall=r.scorecard.overall if r.scorecard else None,
                report=links.get(r.call.source),
            )
            for r in reports
        ],
        reps=[
            RepOut(
                rep=rep.rep,
                calls=rep.calls,
                first_date=rep.first_date,
                last_date=rep.last_date,
                overall_mean=rep.overall_mean,
                criteria=[
                    CriterionStatsOut(
                        id=c.id,
                        title=c.title,
                        weight=c.weight,
                        mean=c.mean,
                        observed=c.observed,
                        distribution=list(c.distribution),
                        trend_per_30_days=c.trend_per_30_days,
                        trend_reason=c.trend_reason,
                    )
                    for c in rep.criteria
                ],
                biggest_gap=rep.biggest_gap,
                biggest_gap_reason=rep.biggest_gap_reason,
            )
            for rep in summary.reps
        ],
    )


def render_markdown(team: TeamReport) -> str:
    titles = _titles(team)
    lines = [
        f"# Team report — {_md(team.rubric_id)}",
        "",
        f"{len(team.calls)} calls, {len(team.reps)} reps.",
        "",
    ]
    header = (
        "| rep | calls | overall | " + " | ".join(map(_md, titles.values())) + " | biggest gap |"
    )
    lines += [header, "|" + "---|" * (len(titles) + 4)]
    for rep in team.reps:
        means = {c.id: c.mean for c in rep.criteria}
        cells = [_num(means.get(cid)) for cid in titles]
        gap = titles.get(rep.biggest_gap or "", "—")
        lines.append(
            f"| {_md(rep.rep)} | {rep.calls} | {_num(rep.overall_mean)} | "
            + " | ".join(cells)
            + f" | {_md(gap)} |"
        )
    lines += ["", "Biggest gap = the criterion with the largest weight × (5 − mean).", ""]
    lines += ["## Calls", "", "| date | file | reps | overall |", "|---|---|---|---|"]
    for call in sorted(team.calls, key=lambda c: (c.date or date.min, c.source)):
        lines.append(
            f"| {call.date or '—'} | {_md(call.source)} | {_md(', '.join(call.reps))} | "
            f"{_num(call.overall)} |"
        )
    return "\n".join(lines) + "\n"


def render_html(team: TeamReport, insights: InsightsReport | None = None) -> str:
    titles = _titles(team)
    values = [
        [next((c.mean for c in r.criteria if c.id == cid), None) for cid in titles]
        for r in team.reps
    ]
    columns = [(cid, title) for cid, title in titles.items()]
    chart = charts.heatmap([r.rep for r in team.reps], columns, values, 5, "team comparison")
    context = {
        "team": team,
        "titles": titles,
        "css": stylesheet(),
        "chart": Markup(chart),
        "calls": sorted(team.calls, key=lambda c: (c.date or date.min, c.source)),
        "insights": insights,
        "features": feature_views(insights) if insights is not None else [],
    }
    return environment().get_template("team.html.j2").render(**context)


def _titles(team: TeamReport) -> dict[str, str]:
    titles: dict[str, str] = {}
    for rep in team.reps:
        for c in rep.criteria:
            titles.setdefault(c.id, c.title)
    return titles


def _num(value: float | None) -> str:
    return "n/o" if value is None else f"{value:.1f}"


def relative_href(name: str) -> str:
    """A link to the file ``name`` beside the page: "./" + the percent-encoded name, so a file
    named "javascript:alert(1).html" or "//host/x" can only ever be a relative path."""
    try:  # a file name with undecodable bytes: link to those very bytes
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "replace")
    return "./" + quote(raw, safe="")


def _md(text: str) -> str:
    return markdown_text(text)


__all__ = ["TeamReport", "build_team_report", "render_html", "render_markdown", "scored_calls"]
