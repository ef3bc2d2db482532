"""Measured, not asserted: for every shipped scenario an expert's replies score above a
friend's, with the ordinary scorecard on the drill's transcript."""

from __future__ import annotations

import pytest

import callcoach
from callcoach.drills import engine
from callcoach.drills.cli import read_replies
from callcoach.drills.report import build_drill_report, render_html, render_markdown
from callcoach.drills.scenario import builtin_scenarios, load_scenario
from tests.drills.conftest import DRILL_EXAMPLES


def _overall(name: str, style: str) -> tuple[float, engine.DrillState]:
    scenario = load_scenario(name)
    state, _ = engine.play(scenario, read_replies(DRILL_EXAMPLES / f"{name}.{style}.txt"))
    analysis = callcoach.analyze(
        engine.to_call(state),
        roles=engine.roles(scenario),
        rubric="expert-not-friend",
        call_type=scenario.call_type,
    )
    assert analysis.scorecard is not None and analysis.scorecard.overall is not None
    return analysis.scorecard.overall, state


def test_every_scenario_has_an_expert_and_a_friend_reply_file() -> None:
    for name in builtin_scenarios():
        assert (DRILL_EXAMPLES / f"{name}.expert.txt").is_file(), name
        assert (DRILL_EXAMPLES / f"{name}.friend.txt").is_file(), name


@pytest.mark.parametrize("name", builtin_scenarios())
def test_expert_replies_score_above_friend_replies(name: str) -> None:
    expert, _ = _overall(name, "expert")
    friend, friend_state = _overall(name, "friend")
    assert expert > friend, f"{name}: expert {expert:.2f} <= friend {friend:.2f}"
    assert friend_state.ending != "advanced", f"{name}: the friend-style replies won the drill"


def test_report_escapes_what_the_trainee_typed() -> None:
    scenario = load_scenario("finance-month-end")
    state, _ = engine.play(scenario, ["<script>alert(1)</script> how does your close work?"])
    analysis = callcoach.analyze(
        engine.to_call(state), roles=engine.roles(scenario), rubric="expert-not-friend"
    )
    report = build_drill_report(state, analysis)
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "alert(1)" in render_markdown(report)
