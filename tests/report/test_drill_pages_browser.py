"""The drill and screen HTML pages (callcoach/drills), opened in a real browser.

Here rather than in tests/drills/ so that they share this folder's one browser session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import callcoach
from callcoach.drills import engine
from callcoach.drills.report import build_drill_report, render_html
from callcoach.drills.scenario import load_scenario
from callcoach.drills.screen import screen_call
from callcoach.drills.screen_render import render_html as render_screen
from tests.drills.conftest import INTERVIEWS
from tests.report.conftest import screenshot

pytestmark = pytest.mark.browser

HOSTILE = 'Hi <img src=x onerror=alert(1)> "><script>alert(2)</script> how does your close work?'


def test_drill_page_shows_cues_and_scorecard(open_page: Any, tmp_path: Path) -> None:
    scenario = load_scenario("finance-month-end")
    state, _ = engine.play(scenario, [HOSTILE, "Sure, I'll send it over today!"])
    analysis = callcoach.analyze(
        engine.to_call(state), roles=engine.roles(scenario), rubric="expert-not-friend"
    )
    page_file = tmp_path / "drill.html"
    page_file.write_text(render_html(build_drill_report(state, analysis)), encoding="utf-8")
    visit = open_page(page_file)
    screenshot(visit, "drill")
    assert visit.requests == [visit.url]
    assert not visit.dialogs and not visit.console_errors
    page = visit.page
    assert page.locator(".cue").count() >= 2 and page.locator(".cue").first.is_visible()
    assert page.locator("#scorecard .criterion").count() >= 5
    assert "<img src=x" in page.locator("#u0002 .text").inner_text()


def test_screen_page_shows_quotes_and_caveats(open_page: Any, tmp_path: Path) -> None:
    call = callcoach.load_call(INTERVIEWS / "casey-morgan.vtt")
    page_file = tmp_path / "screen.html"
    page_file.write_text(render_screen(screen_call(call, "Casey")), encoding="utf-8")
    visit = open_page(page_file)
    screenshot(visit, "screen")
    assert visit.requests == [visit.url] and not visit.console_errors
    page = visit.page
    assert page.locator("#lean").inner_text() == "relationship-first"
    assert page.locator("#statements tbody tr").count() >= 3
    assert "not a verdict" in page.locator("#caveats").inner_text()
