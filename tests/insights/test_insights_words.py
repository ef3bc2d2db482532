"""Insights read at 80 columns: folded not cut, labels in words, money with its currency."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from callcoach.insights.report import (
    BandStat,
    Effect,
    FeatureInsight,
    InsightsReport,
    RepStat,
    render_terminal,
    to_markdown,
)


def _report() -> InsightsReport:
    band = {"deals": 40, "won": 10, "win_rate": 0.25, "ci_low": 0.14, "ci_high": 0.4}
    feature = FeatureInsight(
        feature="count:mindset:problem_first",
        kind="count",
        deals=100,
        won=49,
        bands=[
            BandStat(label="bottom", low=0.0, high=0.827714, **band),
            BandStat(label="top", low=1.0, high=53.0776, **band),
        ],
        top_minus_bottom=0.4,
        difference_ci_low=0.2,
        difference_ci_high=0.56,
        effect=Effect(
            model="logit",
            adjusted_for=["log deal size"],
            per="1 SD (= 0.466)",
            odds_ratio=1.75,
            ci_low=1.18,
            ci_high=2.61,
            p_value=0.01,
            q_value=0.02,
            deals=100,
            events=49,
        ),
        rep_adjusted=None,
        conclusion="higher values go with more wins: OR 1.75",
    )
    rep = RepStat(
        rep="Dana Whitfield",
        closed_deals=20,
        won_deals=12,
        revenue_won=433500.0,
        win_rate=0.6,
        win_rate_ci_low=0.39,
        win_rate_ci_high=0.78,
        average_deal_size=36125.0,
        sales_cycle_days=54.0,
        calls=30,
        meetings=30,
        minutes_talked=48.0,
        small_talk_minutes=4.0,
    )
    return InsightsReport(
        rubric_id="expert-not-friend",
        closed_deals=100,
        won_deals=49,
        min_closed_deals=100,
        min_events_per_variable=10,
        enough_data=True,
        verdict="100 closed deals with calls",
        features=[feature],
        reps=[rep],
        rep_correlations=[],
        notes=["`criterion:candor`: fewer than two distinct values; not analysed"],
        currency="USD",
        synthetic="132 of 132 deals are marked SYNTHETIC",
    )


@pytest.mark.parametrize("width", [40, 80, 300])
def test_terminal_insights_fold_and_speak_words(width: int) -> None:
    buffer = io.StringIO()
    render_terminal(_report(), Console(file=buffer, width=width, color_system=None))
    text = buffer.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text and "`" not in text
    assert "count:mindset" not in text and "criterion:candor" not in text
    flat = " ".join(text.split())
    assert "Problem-first statement (count per call)" in flat
    assert "Score: Be upfront" in flat
    assert "$433,500" in flat and "SYNTHETIC DATA" in flat
    assert "0.827714" not in flat and "53.1" in flat


def test_markdown_insights_have_words_currency_and_the_notice() -> None:
    text = to_markdown(_report())
    assert "`" not in text
    assert "SYNTHETIC DATA" in text and "$433,500" in text and "revenue won (USD)" in text
    assert "Problem-first statement (count per call)" in text


def test_diarization_labels_never_become_reps_in_insights() -> None:
    from callcoach.insights.build import insights_from_data
    from callcoach.insights.revenue import CallActivity
    from callcoach.model import Deal

    deals = [Deal(id="D1", source="generic", owner="Dana Whitfield", won=True, amount=100.0)]
    activity = [
        CallActivity("c1", ("SPEAKER_00",), None, 3.0, None),
        CallActivity("c2", ("Dana Whitfield",), None, 4.0, None),
    ]
    report = insights_from_data(deals, [], {}, activity)
    assert [r.rep for r in report.reps] == ["Dana Whitfield"]
    assert any("diarization label" in note for note in report.notes)
