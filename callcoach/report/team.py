"""The team report's Markdown and HTML views: per-rep criterion means, distributions, trends and
biggest gaps (the JSON models and ``build_team_report`` live in ``callcoach.schema.team``)."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from callcoach.escape import markdown_text
from callcoach.insights.report import InsightsReport
from callcoach.report import charts
from callcoach.report.html import environment, stylesheet
from callcoach.report.insights_html import context as insights_context
from callcoach.schema.team import (
    TEAM_SCHEMA_VERSION,
    CriterionStatsOut,
    RepOut,
    TeamCallOut,
    TeamReport,
    build_team_report,
    relative_href,
    scored_calls,
)


def render_markdown(team: TeamReport) -> str:
    titles = _titles(team)
    lines = [f"# Team report — {_md(team.rubric_id)}", "", _headline(team), ""]
    lines += [f"- **{line}**" for line in left_out_lines(team)]
    coach = team_focus(team)
    if coach:
        lines += [f"- {_md(coach)}"]
    lines.append("")
    header = (
        "| # | rep | calls | overall | "
        + " | ".join(map(_md, titles.values()))
        + " | biggest gap |"
    )
    lines += [header, "|" + "---|" * (len(titles) + 5)]
    for rank, rep in enumerate(team.reps, 1):
        stats = {c.id: c for c in rep.criteria}
        cells = [mean_cell(stats.get(cid)) for cid in titles]
        gap = titles.get(rep.biggest_gap or "", "—")
        lines.append(
            f"| {rank} | {_md(rep.rep)} | {rep.calls} | {_num(rep.overall_mean)} | "
            + " | ".join(cells)
            + f" | {_md(gap)} |"
        )
    lines += [
        "",
        f"{RANKED}. Mean score per criterion, 1–5; n/o = not observed in this rep's calls.",
    ]
    if any(c.raised for r in team.reps for c in r.criteria):
        lines.append(f"{RAISED_MARK} {RAISED_NOTE}")
    lines.append("")
    for rep in team.reps:
        lines.append(f"- **{_md(rep.rep)}** — {_md(gap_story(rep, titles))}")
        trend = trend_note(rep)
        if trend:
            lines.append(f"  - Trend: {_md(trend)}")
    lines += ["", "## Calls", "", "| date | file | reps | overall |", "|---|---|---|---|"]
    for call in sorted(team.calls, key=lambda c: (c.date or date.min, c.source)):
        reps = _md(", ".join(call.reps) or "unknown")
        if call.left_out:
            reps += f" (left out: {_md(call.left_out)})"
        lines.append(f"| {call.date or '—'} | {_md(call.source)} | {reps} | {_num(call.overall)} |")
    return "\n".join(lines) + "\n"


RANKED = "Reps ranked by their mean overall score"
RAISED_MARK = "*"
RAISED_NOTE = (
    "includes scores raised to the rubric's floor: nothing was found on an otherwise strong "
    "call, so the detector may have missed it. A mean made only of such scores is not taken "
    "as a gap while anything measured is lower than 5."
)


def mean_cell(stats: CriterionStatsOut | None) -> str:
    """A rep's criterion mean, marked when floor-raised scores are in it (``2.0*``)."""
    if stats is None or stats.mean is None:
        return "n/o"
    return f"{stats.mean:.1f}" + (RAISED_MARK if stats.raised else "")


def _headline(team: TeamReport) -> str:
    reps = len(team.reps)
    return (
        f"{team.counted_calls} call{'s' if team.counted_calls != 1 else ''} counted · "
        f"{reps} rep{'s' if reps != 1 else ''}"
    )


def left_out_lines(team: TeamReport) -> list[str]:
    """``3 calls left out: rep unknown — give --rep, --rep-roster or --manifest``; calls whose
    rep is only a diarization label are grouped with their labels listed."""
    groups: dict[str, list[str]] = {}
    for call in team.calls:
        if not call.left_out:
            continue
        match = _LABELLED.match(call.left_out)
        reason, label = (
            (match["reason"] + match["rest"], match["label"])
            if match
            else (
                call.left_out,
                "",
            )
        )
        groups.setdefault(reason, []).append(label)
    lines = []
    for reason, labels in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        n = len(labels)
        named = ", ".join(dict.fromkeys(label for label in labels if label))
        shown = reason.replace(" — ", f" ({named}) — ", 1) if named else reason
        lines.append(f"{n} call{'s' if n != 1 else ''} left out of the team numbers: {shown}")
    return lines


_LABELLED = re.compile(r"^(?P<reason>.*?) \((?P<label>[^()]*)\)(?P<rest> — .*)$")


def gap_story(rep: RepOut, titles: dict[str, str]) -> str:
    """The biggest gap, and how it relates to the call reports' 'one thing to work on'."""
    if rep.biggest_gap is None:
        return f"No gap to work on: {rep.biggest_gap_reason}."
    gap = titles.get(rep.biggest_gap, rep.biggest_gap)
    mean = next((c.mean for c in rep.criteria if c.id == rep.biggest_gap), None)
    shown = f"{mean:.1f} of 5" if mean is not None else "not observed"
    lower = [
        titles.get(c.id, c.id)
        for c in rep.criteria
        if c.mean is not None and mean is not None and c.mean < mean and c.raised == c.observed
    ]
    story = (
        f"Biggest gap: {gap} — the lowest measured mean score ({shown}); "
        f"{' and '.join(lower)} scored lower only through floor-raised scores (nothing was "
        "found on otherwise strong calls)."
        if lower
        else f"Biggest gap: {gap} — the lowest mean score ({shown})."
    )
    focus = rep.call_focus
    if not focus:
        return story
    if list(focus) == [rep.biggest_gap]:
        calls = "the call report's" if rep.calls == 1 else "every call report's"
        return story + f" The same as {calls} one thing to work on."
    listed = "; ".join(
        f"{titles.get(cid, cid)} in {n} of {rep.calls} call{'s' if rep.calls != 1 else ''}"
        for cid, n in focus.items()
    )
    return story + (
        f" The call reports' one thing to work on: {listed}. Each call report looks at that "
        "call alone; the biggest gap is the lowest mean over all of this rep's calls."
    )


TEAM_GAP_BELOW = 3.0  # a rep mean below "fine" (3) counts as a gap for the team line


def team_focus(team: TeamReport) -> str | None:
    """What to coach the whole team on: the criterion most reps score below 3 on (ties: the
    lower mean over reps). Each rep's biggest gap says what to coach one rep on; a manager
    with ten reps also needs the one session that helps most of them (report 2.8.2)."""
    if len(team.reps) < 2:
        return None
    titles = _titles(team)
    rows = []
    for cid, title in titles.items():
        stats = [c for r in team.reps for c in r.criteria if c.id == cid and c.mean is not None]
        means = [c.mean for c in stats if c.mean is not None]
        # A mean made only of floor-raised scores is what the detector missed, not a gap.
        low = sum(
            c.mean is not None and c.mean < TEAM_GAP_BELOW and c.raised < c.observed for c in stats
        )
        if means and low >= 2:
            rows.append((-low, sum(means) / len(means), title, len(means), low))
    if not rows:
        return None
    _, mean, title, n, low = min(rows)
    return (
        f"To coach the team on first: {title} — {low} of {n} reps average below 3 on it "
        f"(team mean {mean:.1f} of 5)."
    )


def trend_note(rep: RepOut) -> str | None:
    """Why the trend column is empty, said once per rep."""
    reasons = {c.trend_reason for c in rep.criteria if c.trend_per_30_days is None}
    if len(reasons) != 1 or any(c.trend_per_30_days is not None for c in rep.criteria):
        return None
    if rep.first_date is None:
        dates = "none of this rep's calls has a date"
    elif rep.first_date == rep.last_date:
        dates = f"dated calls: {rep.first_date} only"
    else:
        dates = f"dated calls from {rep.first_date} to {rep.last_date}"
    return f"{reasons.pop()} ({dates})"


def render_html(team: TeamReport, insights: InsightsReport | None = None) -> str:
    titles = _titles(team)
    values = [
        [next((c.mean for c in r.criteria if c.id == cid), None) for cid in titles]
        for r in team.reps
    ]
    columns = [(cid, title) for cid, title in titles.items()]
    marks = [
        [next((RAISED_MARK for c in r.criteria if c.id == cid and c.raised), "") for cid in titles]
        for r in team.reps
    ]
    chart = charts.heatmap(
        [r.rep for r in team.reps], columns, values, 5, "team comparison", marks=marks
    )
    context = {
        "team": team,
        "headline": _headline(team),
        "left_out": left_out_lines(team),
        "team_focus": team_focus(team),
        "gap_story": gap_story,
        "mean_cell": mean_cell,
        "ranked": RANKED,
        "raised_note": (
            f"{RAISED_MARK} {RAISED_NOTE}"
            if any(c.raised for r in team.reps for c in r.criteria)
            else None
        ),
        "trend_note": trend_note,
        "titles": titles,
        "css": stylesheet(),
        "chart": Markup(chart),
        "calls": sorted(team.calls, key=lambda c: (c.date or date.min, c.source)),
        "insights": insights,
        **(insights_context(insights) if insights is not None else {"features": []}),
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


def _md(text: str) -> str:
    return markdown_text(text)


__all__ = [
    "TEAM_SCHEMA_VERSION",
    "CriterionStatsOut",
    "RepOut",
    "TeamCallOut",
    "TeamReport",
    "build_team_report",
    "gap_story",
    "left_out_lines",
    "mean_cell",
    "relative_href",
    "render_html",
    "render_markdown",
    "scored_calls",
    "team_focus",
    "trend_note",
]
