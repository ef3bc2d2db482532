"""The insights report: one pydantic model for JSON, and Markdown / rich-table / plot views."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table
from rich.text import Text

from callcoach.escape import markdown_text

__all__ = [
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

SCHEMA_VERSION = "1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BandStat(_Frozen):
    """Closed deals whose feature value falls in one quantile band."""

    label: str  # bottom | lower middle | middle | upper middle | top
    low: float
    high: float
    deals: int
    won: int
    win_rate: float
    ci_low: float  # Wilson 95%
    ci_high: float


class Effect(_Frozen):
    """Odds ratio of winning per one standard deviation more of the feature."""

    model: str  # logit | conditional-logit (rep fixed effect)
    adjusted_for: list[str]
    per: str  # what one unit of the odds ratio is, e.g. "1 SD (= 2.3 questions)"
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    q_value: float | None = None  # Benjamini–Hochberg over all features (primary model)
    deals: int
    events: int
    note: str | None = None


class FeatureInsight(_Frozen):
    feature: str
    kind: str  # metric | criterion | count | activity
    deals: int
    won: int
    bands: list[BandStat]
    top_minus_bottom: float | None  # win-rate difference, top band − bottom band
    difference_ci_low: float | None  # Newcombe 95%
    difference_ci_high: float | None
    effect: Effect | None  # primary: logit on the feature (+ log deal size where known)
    rep_adjusted: Effect | None  # conditional logit with the rep as a fixed effect
    conclusion: str


class RepStat(_Frozen):
    rep: str
    closed_deals: int
    won_deals: int
    revenue_won: float
    win_rate: float | None
    win_rate_ci_low: float | None
    win_rate_ci_high: float | None
    average_deal_size: float | None
    sales_cycle_days: float | None
    calls: int
    meetings: int
    minutes_talked: float | None
    small_talk_minutes: float | None


class Correlation(_Frozen):
    """Spearman's rho of a per-rep measure with revenue won."""

    measure: str
    kind: str  # activity | outcome
    reps: int
    rho: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    descriptive: bool
    reason: str | None


class InsightsReport(_Frozen):
    schema_version: str = SCHEMA_VERSION
    title: str = "Behaviour and revenue"
    rubric_id: str | None
    closed_deals: int  # closed deals with at least one linked call
    won_deals: int
    min_closed_deals: int
    min_events_per_variable: int
    enough_data: bool
    verdict: str
    features: list[FeatureInsight]
    reps: list[RepStat]
    rep_correlations: list[Correlation]
    notes: list[str]


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
    lines = [
        f"# {report.title}",
        "",
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
            f"| `{f.feature}` | {f.deals} | {_bands(f) or '–'} | {_difference(f)} "
            f"| {_effect(f.effect)} | {_effect(f.rep_adjusted)} | {f.conclusion} |"
        )
    if report.reps:
        lines += [
            "",
            "## Revenue vs activity per rep",
            "",
            "| rep | closed | won | revenue won | win rate (95% CI) | avg won deal "
            "| cycle (days) | calls | meetings | minutes | small-talk min |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        shown = report.reps
        if max_reps is not None:
            shown = sorted(report.reps, key=lambda r: (-r.revenue_won, r.rep))[:max_reps]
        for r in shown:
            lines.append(
                f"| {markdown_text(r.rep)} | {r.closed_deals} | {r.won_deals} "
                f"| {_num(r.revenue_won, 0)} "
                f"| {_pct(r.win_rate)} ({_ci(r.win_rate_ci_low, r.win_rate_ci_high, True)}) "
                f"| {_num(r.average_deal_size, 0)} | {_num(r.sales_cycle_days, 0)} | {r.calls} "
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
                f"| {markdown_text(c.measure)} | {c.kind} | {c.reps} | {rho} | {c.reason or ''} |"
            )
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in report.notes]
    return "\n".join(lines) + "\n"


def render_terminal(report: InsightsReport, console: Console | None = None) -> None:
    """The report as rich tables."""
    console = console or Console(markup=False)  # CRM owner names may hold "[...]"
    style = "bold green" if report.enough_data else "bold yellow"
    console.print(Text(report.verdict, style=style))
    table = Table(title="Behaviour and win rate", show_lines=True)
    table.add_column("feature", no_wrap=True, ratio=3)
    table.add_column("deals", justify="right")
    for column in ("win rate: bottom band → top band", "top − bottom", "odds ratio"):
        table.add_column(column, ratio=3)
    table.add_column("conclusion", ratio=2)
    for f in report.features:
        bottom = _bands(f.model_copy(update={"bands": f.bands[:1]})) if f.bands else "–"
        top = _bands(f.model_copy(update={"bands": f.bands[-1:]})) if f.bands else "–"
        # The full sentence repeats the odds ratio; the table shows only its verdict.
        verdict = f.conclusion.split(":", 1)[0]
        # Text cells: feature names such as "count:question:question" must not become emoji.
        cells = (f.feature, str(f.deals), f"{bottom} → {top}", _difference(f), _effect(f.effect))
        table.add_row(*(Text(c) for c in (*cells, verdict)))
    console.print(table)
    if report.reps:
        reps = Table(title="Revenue vs activity per rep")
        for column in ("rep", "revenue won", "win rate", "avg won deal", "cycle d", "calls"):
            reps.add_column(column)
        for column in ("meetings", "minutes", "small talk min"):
            reps.add_column(column)
        for r in report.reps:
            reps.add_row(
                Text(r.rep),
                _num(r.revenue_won, 0),
                f"{_pct(r.win_rate)} ({_ci(r.win_rate_ci_low, r.win_rate_ci_high, True)})",
                _num(r.average_deal_size, 0),
                _num(r.sales_cycle_days, 0),
                str(r.calls),
                str(r.meetings),
                _num(r.minutes_talked, 0),
                _num(r.small_talk_minutes, 1),
            )
        console.print(reps)
    if report.rep_correlations:
        corr = Table(title="Correlation with revenue across reps (Spearman)")
        for column in ("measure", "kind", "reps", "rho (95% CI)", "note"):
            corr.add_column(column)
        for c in report.rep_correlations:
            rho = "–" if c.rho is None else f"{c.rho:+.2f} ({_ci(c.ci_low, c.ci_high)})"
            corr.add_row(*(Text(x) for x in (c.measure, c.kind, str(c.reps), rho, c.reason or "")))
        console.print(corr)
    for note in report.notes:
        console.print(Text(f"• {note}"))
