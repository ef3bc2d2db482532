"""The insights report's Markdown / rich-table / plot views (its JSON models live in
``callcoach.schema.insights`` and are re-exported here)."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from callcoach.escape import markdown_text
from callcoach.schema.insights import (
    SCHEMA_VERSION,
    BandStat,
    Correlation,
    Effect,
    FeatureInsight,
    InsightsReport,
    RepStat,
)

__all__ = [
    "SCHEMA_VERSION",
    "BandStat",
    "Correlation",
    "Effect",
    "FeatureInsight",
    "InsightsReport",
    "RepStat",
    "plot_data",
    "render_terminal",
    "to_markdown",
]


def plot_data(report: InsightsReport) -> list[dict[str, Any]]:
    """Per feature, its bands with win rate and CI: ready for a bar/point-range chart."""
    return [
        {
            "feature": f.feature,
            "kind": f.kind,
            "conclusion": f.conclusion,
            "bands": [
                {
                    "label": b.label,
                    "range": [b.low, b.high],
                    "deals": b.deals,
                    "win_rate": b.win_rate,
                    "ci": [b.ci_low, b.ci_high],
                }
                for b in f.bands
            ],
        }
        for f in report.features
        if f.bands
    ]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _ci(low: float | None, high: float | None, pct: bool = False) -> str:
    if low is None or high is None:
        return "–"
    if pct:
        return f"{_pct(low)}–{_pct(high)}"
    return f"{_num(low)}–{_num(high)}"


def _bands(feature: FeatureInsight) -> str:
    return "; ".join(
        f"{b.label} [{_num(b.low)}–{_num(b.high)}]: {_pct(b.win_rate)} "
        f"({_ci(b.ci_low, b.ci_high, pct=True)}, n={b.deals})"
        for b in feature.bands
    )


def _effect(effect: Effect | None) -> str:
    if effect is None:
        return "–"
    if effect.odds_ratio is None:
        return effect.note or "not fitted"
    q = "" if effect.q_value is None else f", q{_p(effect.q_value)}"
    adjusted = f", adjusted for {', '.join(effect.adjusted_for)}" if effect.adjusted_for else ""
    ratio = f"OR {effect.odds_ratio:.2f} ({_ci(effect.ci_low, effect.ci_high)})"
    return f"{ratio} per {effect.per}{q}{adjusted}"


def _p(value: float) -> str:
    return "<0.001" if value < 0.001 else f"={value:.3f}"


def _difference(feature: FeatureInsight) -> str:
    if feature.top_minus_bottom is None:
        return "–"
    low, high = feature.difference_ci_low, feature.difference_ci_high
    return f"{100 * feature.top_minus_bottom:+.0f} pts ({_ci(low, high, pct=True)})"


def to_markdown(report: InsightsReport, max_reps: int | None = None) -> str:
    """The report as Markdown: verdict, per-feature table, per-rep table, correlations.

    ``max_reps`` keeps the rep table to the reps with the most revenue won (all when None).
    """
    titles = criteria_titles(report.rubric_id)
    lines = [f"# {report.title}", ""]
    if report.synthetic:
        lines += [f"> **SYNTHETIC DATA:** {report.synthetic}", ""]
    lines += [
        f"**{report.verdict}**",
        "",
        f"Closed deals with calls: {report.closed_deals} ({report.won_deals} won). "
        f"Minimum to conclude: {report.min_closed_deals} closed deals and "
        f"{report.min_events_per_variable} events per model parameter.",
        "",
        "## Behaviour and win rate",
        "",
        "| feature | deals | win rate by band (Wilson 95% CI) | top − bottom (95% CI) "
        "| odds ratio (95% CI) | rep-adjusted | conclusion |",
        "|---|---:|---|---|---|---|---|",
    ]
    for f in report.features:
        lines.append(
            f"| {feature_label(f.feature, titles)} | {f.deals} | {_bands(f) or '–'} "
            f"| {_difference(f)} | {_effect(f.effect)} | {_effect(f.rep_adjusted)} "
            f"| {f.conclusion} |"
        )
    if report.reps:
        lines += [
            "",
            "## Revenue vs activity per rep",
            "",
            f"| rep | closed | won | revenue won{money_header(report.currency)} "
            "| win rate (95% CI) | avg won deal "
            "| cycle (days) | calls | meetings | minutes | small-talk min |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        shown = report.reps
        if max_reps is not None:
            shown = sorted(report.reps, key=lambda r: (-r.revenue_won, r.rep))[:max_reps]
        for r in shown:
            lines.append(
                f"| {markdown_text(r.rep)} | {r.closed_deals} | {r.won_deals} "
                f"| {money(r.revenue_won, report.currency)} "
                f"| {_pct(r.win_rate)} ({_ci(r.win_rate_ci_low, r.win_rate_ci_high, True)}) "
                f"| {money(r.average_deal_size, report.currency)} "
                f"| {_num(r.sales_cycle_days, 0)} | {r.calls} "
                f"| {r.meetings} | {_num(r.minutes_talked, 0)} | {_num(r.small_talk_minutes, 1)} |"
            )
        if len(shown) < len(report.reps):
            lines.append(f"\n… and {len(report.reps) - len(shown)} more reps (JSON has all).")
    if report.rep_correlations:
        lines += [
            "",
            "## What goes with revenue across reps (Spearman)",
            "",
            "| measure | kind | reps | rho (95% CI) | note |",
            "|---|---|---:|---|---|",
        ]
        for c in report.rep_correlations:
            rho = "–" if c.rho is None else f"{c.rho:+.2f} ({_ci(c.ci_low, c.ci_high)})"
            lines.append(
                f"| {markdown_text(feature_label(c.measure, titles))} | {c.kind} | {c.reps} "
                f"| {rho} | {c.reason or ''} |"
            )
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {note_words(note, titles)}" for note in report.notes]
    return "\n".join(lines) + "\n"


def render_terminal(report: InsightsReport, console: Console | None = None) -> None:
    """The report for a terminal of any width: one folded block per behaviour (a table with
    seven columns cannot be read at 80 columns), then the rep table (stacked when narrow)."""
    from callcoach.report.fit import fitted

    console = console or Console(markup=False)  # CRM owner names may hold "[...]"
    titles = criteria_titles(report.rubric_id)
    if report.synthetic:
        console.print(Text(f"SYNTHETIC DATA: {report.synthetic}", style="bold magenta"))
    style = "bold green" if report.enough_data else "bold yellow"
    console.print(Text(report.verdict, style=style))
    console.print(Text(f"\nBehaviour and win rate ({report.closed_deals} closed deals)", "bold"))
    for f in report.features:
        verdict = f.conclusion.split(":", 1)[0]
        head = Text("\n• ")
        head.append(feature_label(f.feature, titles), style="bold")
        head.append(f" — {verdict}")
        console.print(head)
        if f.bands:
            bottom, top = f.bands[0], f.bands[-1]
            line = f"win rate {_band_words(bottom)} → {_band_words(top)}"
            if f.top_minus_bottom is not None:
                line += f"; {_points(f)}"
            console.print(Padding(Text(line), (0, 0, 0, 2)))
        if f.effect is not None:
            console.print(Padding(Text(_odds_words(f.effect), style="dim"), (0, 0, 0, 2)))
    if report.reps:
        unit = money_header(report.currency)
        # Meetings are shown only where they differ from calls (one column less at 80 wide).
        meetings = any(r.meetings != r.calls for r in report.reps)
        reps = Table(title="\nRevenue vs activity per rep", title_justify="left")
        columns = ["rep", f"revenue won{unit}", "win rate", "avg won deal", "cycle (days)"]
        columns += ["calls", *(["meetings"] if meetings else []), "minutes", "small talk (min)"]
        for column in columns:
            reps.add_column(column, justify="left" if column == "rep" else "right")
        for r in report.reps:
            reps.add_row(
                Text(r.rep),
                money(r.revenue_won, report.currency),
                f"{_pct(r.win_rate)} ({_ci(r.win_rate_ci_low, r.win_rate_ci_high, True)})",
                money(r.average_deal_size, report.currency),
                _num(r.sales_cycle_days, 0),
                str(r.calls),
                *([str(r.meetings)] if meetings else []),
                _num(r.minutes_talked, 0),
                _num(r.small_talk_minutes, 1),
            )
        console.print(fitted(reps))
    if report.rep_correlations:
        corr = Table(
            title="\nCorrelation with revenue across reps (Spearman)", title_justify="left"
        )
        for column in ("measure", "kind", "reps", "rho (95% CI)", "note"):
            corr.add_column(column)
        for c in report.rep_correlations:
            rho = "–" if c.rho is None else f"{c.rho:+.2f} ({_ci(c.ci_low, c.ci_high)})"
            measure = feature_label(c.measure, titles)
            corr.add_row(*(Text(x) for x in (measure, c.kind, str(c.reps), rho, c.reason or "")))
        console.print(fitted(corr))
    for note in report.notes:
        console.print(Padding(Text(f"• {note_words(note, titles)}"), (0, 0, 0, 0)))


def note_words(note: str, titles: dict[str, str] | None = None) -> str:
    """A note with its `feature ids` named in words (no literal backticks)."""
    return re.sub(r"`([^`]+)`", lambda m: feature_label(m.group(1), titles), note)


def short_number(value: float) -> str:
    """3 significant figures at most, no trailing zeros: 53.0776 → 53.1, 0.827714 → 0.83."""
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}"
    digits = 1 if abs(value) >= 10 else 2
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def band_values(low: float, high: float) -> str:
    shown_low, shown_high = short_number(low), short_number(high)
    return shown_low if shown_low == shown_high else f"{shown_low}–{shown_high}"


def _band_words(band: BandStat) -> str:
    values = band_values(band.low, band.high)
    return (
        f"{_pct(band.win_rate)} in the {band.label} band ({values}; {band.deals} deals, "
        f"95% CI {_ci(band.ci_low, band.ci_high, pct=True)})"
    )


def _points(feature: FeatureInsight) -> str:
    diff = feature.top_minus_bottom or 0.0
    low, high = feature.difference_ci_low, feature.difference_ci_high
    shown = f"{100 * diff:+.0f} points"
    if low is not None and high is not None:
        shown += f" (95% CI {100 * low:+.0f} to {100 * high:+.0f})"
    return shown


def _odds_words(effect: Effect) -> str:
    if effect.odds_ratio is None:
        return effect.note or "odds ratio not fitted"
    text = f"odds of winning × {effect.odds_ratio:.2f}"
    if effect.ci_low is not None and effect.ci_high is not None:
        text += f" (95% CI {effect.ci_low:.2f}–{effect.ci_high:.2f})"
    text += f" per {effect.per} more"
    if effect.q_value is not None:
        text += f"; q = {effect.q_value:.3f} after correcting for multiple comparisons"
    if effect.adjusted_for:
        text += f"; adjusted for {', '.join(effect.adjusted_for)}"
    return text


def criteria_titles(rubric_id: str | None) -> dict[str, str]:
    """Criterion id → title from the built-in rubric (the default one when unknown)."""
    from callcoach.errors import CallcoachError
    from callcoach.scoring import builtin_rubrics, load_rubric

    name = rubric_id if rubric_id in builtin_rubrics() else "expert-not-friend"
    try:
        return {c.id: c.title for c in load_rubric(name).criteria}
    except CallcoachError:
        return {}


def feature_label(feature: str, titles: dict[str, str] | None = None) -> str:
    from callcoach.report.words import feature_label as label

    return label(feature, titles)


def money_header(currency: str | None) -> str:
    return f" ({currency})" if currency else ""


def money(value: float | None, currency: str | None) -> str:
    """``$12,500`` for USD, ``12,500 EUR`` for others; the bare number when unknown."""
    if value is None:
        return "–"
    symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency or "")
    return f"{symbol}{value:,.0f}" if symbol else f"{value:,.0f}"
