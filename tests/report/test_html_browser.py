"""The HTML reports, opened in a real browser (Debian chromium via Playwright)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import callcoach
from callcoach.report import build_report, html, team
from callcoach.report.schema import AnalysisReport
from tests.conftest import EXAMPLES
from tests.report.conftest import PageVisit, screenshot

pytestmark = pytest.mark.browser

_EVIL_NAME = 'Sam "><img src=x onerror=alert(1)>'
HOSTILE = json.dumps(
    {
        "segments": [
            {
                "start": 0,
                "end": 4,
                "speaker": "Dana Reyes",
                "text": "Thanks for taking the time. <script>alert('x')</script>",
            },
            {"start": 5, "end": 9, "speaker": _EVIL_NAME, "text": "What is {{ 7*7 }} and ${7*7}?"},
            {
                "start": 10,
                "end": 15,
                "speaker": "Dana Reyes",
                "text": "How does your team handle </div><b>month-end</b> close today?",
            },
            {
                "start": 16,
                "end": 20,
                "speaker": _EVIL_NAME,
                "text": "It takes nine days & costs us $40k.",
            },
        ]
    }
)


def _report(call: callcoach.Call, **kwargs: Any) -> AnalysisReport:
    analysis = callcoach.analyze(call, rubric="expert-not-friend", **kwargs)
    return build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )


@pytest.fixture(scope="module")
def example_report() -> AnalysisReport:
    call = callcoach.load_call(EXAMPLES / "01-northwind-discovery-expert.vtt")
    from callcoach.roster import load_roster

    return _report(call, roster=load_roster(EXAMPLES / "team.yaml"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_offline_and_clean(visit: PageVisit) -> None:
    assert visit.requests == [visit.url], f"unexpected requests: {visit.requests[1:]}"
    assert visit.console_errors == []
    assert visit.dialogs == []


def test_call_report_renders_scores_charts_and_links(
    open_page: Any, tmp_path: Path, example_report: AnalysisReport
) -> None:
    path = _write(tmp_path, "call.html", html.render_call(example_report))
    visit = open_page(path)
    page = visit.page
    _assert_offline_and_clean(visit)
    card = example_report.scorecard
    assert card is not None
    assert page.locator("[data-criterion]").count() == len(card.criteria)
    shown = page.locator("[data-overall]").get_attribute("data-overall")
    assert card.overall is not None and float(shown) == pytest.approx(card.overall)
    segments = page.locator("#chart-timeline rect.seg").count()
    assert segments == len(example_report.transcript)
    assert page.locator("#chart-questions rect.bar").count() == 5
    observed = [c for c in card.criteria if c.score is not None]
    assert page.locator("#chart-scores rect.bar").count() == len(observed)
    link = page.locator("#scorecard a.ev").first
    target = link.get_attribute("href")
    assert target is not None and target.startswith("#u")
    link.click()
    assert page.url.endswith(target)
    assert page.evaluate("document.querySelector(':target').id") == target[1:]
    assert page.locator(target).is_visible()
    assert screenshot(visit, "call-report").stat().st_size > 10_000


def test_transcript_text_never_becomes_markup(open_page: Any, tmp_path: Path) -> None:
    call = callcoach.load_text(HOSTILE, source="hostile.json")
    report = _report(call, rep="Dana Reyes")
    path = _write(tmp_path, "hostile.html", html.render_call(report))
    visit = open_page(path)
    page = visit.page
    _assert_offline_and_clean(visit)
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("#transcript img").count() == 0
    assert page.locator("#transcript b").count() == 0
    text = page.locator("#transcript").inner_text()
    assert "<script>alert('x')</script>" in text
    assert "{{ 7*7 }}" in text and "${7*7}" in text
    assert "</div><b>month-end</b>" in text
    assert _EVIL_NAME in text


def test_team_report_compares_reps(
    open_page: Any, tmp_path: Path, example_report: AnalysisReport
) -> None:
    other = _report(callcoach.load_text(HOSTILE, source="hostile.json"), rep="Dana Reyes")
    summary = team.build_team_report([example_report, other])
    path = _write(tmp_path, "team.html", team.render_html(summary))
    visit = open_page(path)
    page = visit.page
    _assert_offline_and_clean(visit)
    expected = sum(1 for rep in summary.reps for c in rep.criteria if c.mean is not None)
    assert page.locator("#chart-team rect.cell").count() == expected
    assert page.locator("#team-table tbody tr").count() == len(summary.reps)
    screenshot(visit, "team-report")


def test_insights_page_draws_win_rates_with_ci(open_page: Any, tmp_path: Path) -> None:
    from callcoach.insights.report import BandStat, FeatureInsight, InsightsReport
    from callcoach.report.insights_html import render_insights

    bands = [
        BandStat(
            label="bottom",
            low=0,
            high=2,
            deals=40,
            won=10,
            win_rate=0.25,
            ci_low=0.14,
            ci_high=0.40,
        ),
        BandStat(
            label="top", low=3, high=9, deals=60, won=39, win_rate=0.65, ci_low=0.52, ci_high=0.76
        ),
    ]
    feature = FeatureInsight(
        feature="criterion:<script>stalls</script>",
        kind="criterion",
        deals=100,
        won=49,
        bands=bands,
        top_minus_bottom=0.4,
        difference_ci_low=0.2,
        difference_ci_high=0.56,
        effect=None,
        rep_adjusted=None,
        conclusion="higher values go with more wins",
    )
    report = InsightsReport(
        rubric_id="expert-not-friend",
        closed_deals=100,
        won_deals=49,
        min_closed_deals=100,
        min_events_per_variable=10,
        enough_data=True,
        verdict="100 closed deals with calls",
        features=[feature],
        reps=[],
        rep_correlations=[],
        notes=[],
    )
    visit = open_page(_write(tmp_path, "insights.html", render_insights(report)))
    _assert_offline_and_clean(visit)
    page = visit.page
    assert page.locator("[data-feature] rect.bar").count() == 2
    assert page.locator("[data-feature] line.ci").count() == 2
    assert "<script>stalls</script>" in page.locator("[data-feature] h3").inner_text()
    screenshot(visit, "insights-report")
