"""A finished drill as a report: the play-by-play with live cues, then the call's scorecard.

JSON is ``DrillReport`` (it embeds the ordinary ``AnalysisReport`` of the drill's transcript,
so every score keeps its derivation and evidence); Markdown and HTML render both parts.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from callcoach.api import Analysis
from callcoach.drills.engine import DrillState
from callcoach.drills.scenario import Scenario
from callcoach.report import markdown as call_markdown
from callcoach.schema.analysis import build_report
from callcoach.schema.base import attributes
from callcoach.schema.drill import (
    DRILL_SCHEMA_VERSION,
    CueOut,
    DrillReport,
    DrillTurnOut,
    ScenarioOut,
    SignalOut,
)

__all__ = [
    "DRILL_SCHEMA_VERSION",
    "CueOut",
    "DrillReport",
    "DrillTurnOut",
    "build_drill_report",
    "render_html",
    "render_markdown",
]

ENDINGS = {
    "advanced": "the prospect agreed to a concrete next step",
    "stalled": "the prospect stalled and the call ended without a next step",
    "lost": "the prospect ended the conversation",
    "neutral": "a friendly call with no business outcome",
    "out_of_time": "the prospect ran out of time before anything was agreed",
    "unfinished": "the trainee ended the drill before the script did",
}


def _scenario_out(scenario: Scenario) -> ScenarioOut:
    p = scenario.persona
    return ScenarioOut(
        id=scenario.id,
        title=scenario.title,
        goal=scenario.goal,
        prospect=p.name,
        prospect_role=p.role,
        company=p.company,
        problem=" ".join(p.problem.split()),
        cost=" ".join(p.cost.split()),
        assumptions=list(p.assumptions),
        stalls=[{"says": s.says, "unlock": s.unlock} for s in p.stalls],
    )


def build_drill_report(state: DrillState, analysis: Analysis) -> DrillReport:
    from callcoach import __version__

    ending = state.ending or "unfinished"
    turns = [
        DrillTurnOut.model_validate(
            attributes(
                t,
                DrillTurnOut,
                utterance_id=f"u{i:04d}",
                evidence=[attributes(e, SignalOut, signal=e.name) for e in t.evidence],
            )
        )
        for i, t in enumerate(state.turns)
    ]
    return DrillReport(
        generator=f"callcoach {__version__}",
        scenario=_scenario_out(state.scenario),
        trainee=state.scenario.trainee,
        ending=ending,
        ending_reason=ENDINGS[ending],
        replies=state.replies,
        turns=turns,
        analysis=build_report(analysis),
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: DrillReport) -> str:
    s = report.scenario
    card = report.analysis.scorecard
    lines = [
        f"# Drill: {_md(s.title)}",
        "",
        f"- Prospect: {_md(s.prospect)}, {_md(s.prospect_role)}, {_md(s.company)}",
        f"- Goal: {_md(s.goal)}",
        f"- Ending: **{report.ending}** — {report.ending_reason} ({report.replies} replies)",
    ]
    if card is not None and card.overall is not None:
        lines.append(f"- Overall: **{card.overall:.1f} / 5** ({card.rubric_id}, {card.call_type})")
    lines += ["", "## Play-by-play", ""]
    for t in report.turns:
        lines.append(f"{t.utterance_id} **{_md(t.speaker)}**: {_md(t.text)}")
        if t.cue_line:
            lines.append(f"> cue: {_md(t.cue_line)}")
        lines.append("")
    if card is not None:
        lines += [
            "## Scorecard",
            "",
            "| criterion | score | derivation | tip |",
            "|---|---|---|---|",
        ]
        for c in card.criteria:
            score = "n/o" if c.score is None else str(c.score)
            lines.append(f"| {_md(c.title)} | {score} | {_md(c.derivation)} | {_md(c.tip or '')} |")
        focus = next((c for c in card.criteria if c.id == card.focus), None)
        if focus is not None:
            lines += [
                "",
                f"**The one thing to work on:** {_md(focus.title)} — {_md(focus.tip or '')}",
            ]
    lines += ["", "## What the prospect was hiding", ""]
    lines += [f"- Problem: {_md(s.problem)}", f"- Cost: {_md(s.cost)}"]
    lines += [f"- Assumption: {_md(a)}" for a in s.assumptions]
    lines += [f"- Stall “{_md(st['says'])}” — unlock: {_md(st['unlock'])}" for st in s.stalls]
    lines += ["", "## Details: the drill's transcript analysed", ""]
    details = call_markdown.render(report.analysis)
    lines += ["#" + line if line.startswith("#") else line for line in details.splitlines()]
    return "\n".join(lines) + "\n"


def render_html(report: DrillReport) -> str:
    from callcoach.report.html import environment, stylesheet

    template = environment().overlay(loader=_loader()).get_template("drill.html.j2")
    card = report.analysis.scorecard
    focus = next((c for c in card.criteria if c.id == card.focus), None) if card else None
    context: dict[str, Any] = {
        "r": report,
        "card": card,
        "focus": focus,
        "css": Markup(str(stylesheet()) + _EXTRA_CSS),  # our own CSS, not user text
    }
    return template.render(**context)


def _loader() -> Any:
    from jinja2 import PackageLoader

    return PackageLoader("callcoach.drills", "templates")


_EXTRA_CSS = """
.cue { margin: 0 0 .6rem 2.5rem; font-size: .9em; }
.cue.good { color: #1b6e3a; } .cue.warn { color: #9a4a00; } .cue.info { color: #555; }
"""
