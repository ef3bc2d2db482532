"""The minimum-data rule, effect sizes with BH, conclusions, and the report's three outputs."""

from __future__ import annotations

import io
import json
import math
import random

from rich.console import Console

from callcoach.insights import (
    DealRow,
    InsightSettings,
    InsightsReport,
    compute_insights,
    plot_data,
    render_terminal,
    to_markdown,
)


def rows(n: int, seed: int = 5) -> list[DealRow]:
    """``count:question:question`` drives winning; ``filler_rate`` is noise."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        questions = float(rng.randint(0, 12))
        won = rng.random() < 1 / (1 + math.exp(-(questions - 6) / 2))
        features = {"count:question:question": questions, "filler_rate": rng.gauss(3, 1)}
        out.append(DealRow(f"d{i}", won, rng.choice([5e3, 2e4, 8e4]), f"rep{i % 8}", 1, features))
    return out


def test_below_the_minimum_only_descriptive_numbers() -> None:
    report = compute_insights(rows(60))
    assert not report.enough_data
    assert report.verdict.startswith("Not enough data to conclude: 60 closed deals")
    feature = report.features[0]
    assert feature.effect is None and feature.bands
    assert feature.conclusion == "not enough data to conclude (60 closed deals < 100)"
    assert "Not enough data to conclude" in to_markdown(report)


def test_effects_conclusions_and_honest_nulls() -> None:
    report = compute_insights(rows(400))
    assert report.enough_data
    questions, filler = report.features
    assert questions.feature == "count:question:question"
    assert questions.effect is not None and questions.effect.odds_ratio is not None
    assert questions.effect.odds_ratio > 2 and questions.effect.q_value is not None
    assert questions.effect.adjusted_for == ["log deal size"]
    assert questions.rep_adjusted is not None and questions.rep_adjusted.odds_ratio
    assert questions.conclusion.startswith("higher values go with more wins")
    assert questions.top_minus_bottom is not None and questions.top_minus_bottom > 0.3
    assert filler.conclusion.startswith("no clear relation")
    assert len(questions.bands) == 4 and all(b.deals >= 10 for b in questions.bands)


def test_events_per_variable_rule() -> None:
    few_wins = [
        DealRow(f"d{i}", i < 6, None, None, 1, {"rep_questions": float(i % 7)}) for i in range(150)
    ]
    settings = InsightSettings(min_closed_deals=100, min_events_per_variable=10)
    (feature,) = compute_insights(few_wins, settings=settings).features
    assert feature.effect is not None and feature.effect.odds_ratio is None
    assert feature.conclusion.startswith("not enough data to conclude: 6 events")


def test_outputs_json_markdown_terminal_and_plot_data() -> None:
    report = compute_insights(rows(200))
    again = InsightsReport.model_validate(json.loads(report.model_dump_json()))
    assert again == report
    markdown = to_markdown(report)
    assert "| Question (count per call) | 200 |" in markdown
    out = io.StringIO()
    render_terminal(report, Console(file=out, width=250))
    assert "Question (count per call)" in out.getvalue()  # in words, not an emoji
    plot = plot_data(report)
    assert plot[0]["feature"] == "count:question:question"
    band = plot[0]["bands"][0]
    assert set(band) == {"label", "range", "deals", "win_rate", "ci"}
    assert band["ci"][0] <= band["win_rate"] <= band["ci"][1]


def test_a_behaviour_seen_on_a_handful_of_deals_is_not_estimated() -> None:
    data = [
        DealRow(f"d{i}", i % 2 == 0, None, None, 1, {"count:candor:candor": float(i < 3)})
        for i in range(150)
    ]
    (feature,) = compute_insights(data).features
    assert feature.effect is not None and feature.effect.odds_ratio is None
    assert feature.conclusion.startswith("not enough data to conclude: only 3 deals differ")
