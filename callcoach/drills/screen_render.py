"""The mindset screen as Markdown or a self-contained HTML page (every string escaped)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from callcoach.drills.screen import ScreenReport

__all__ = ["render_html", "render_markdown"]

STANCES = {"problem_first": "value / problem-solving", "relationship_first": "relationship"}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: ScreenReport) -> str:
    c = report.counts
    lines = [
        f"# Mindset screen: {_md(report.candidate)}",
        "",
        f"- Interview: `{report.source}`; interviewer(s): {_md(', '.join(report.interviewers))}",
        f"- Lean: **{report.lean}** (a screen, not a verdict)",
        f"- Statements: {c.value_statements} value, {c.relationship_statements} relationship; "
        f"role-play behaviours: {c.good_behaviours} good, {c.warn_behaviours} against the method",
        "",
        _md(report.summary),
        "",
        "## Statements",
        "",
        "| time | stance | quote | in role-play |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {s.timestamp or s.utterance_id} | {STANCES[s.stance]} | “{_md(s.quote)}” | "
        f"{'yes' if s.in_roleplay else 'no'} |"
        for s in report.statements
    ] or ["| — | — | no statement about selling was recognised | — |"]
    lines += ["", "## Role-play", "", f"Located {_md(report.roleplay.how)}.", ""]
    if report.behaviours:
        lines += ["| time | behaviour | quote |", "|---|---|---|"]
        lines += [
            f"| {b.timestamp or b.utterance_id} | {_md(b.text)} | “{_md(b.quote)}” |"
            for b in report.behaviours
        ]
    lines += ["", "## How the lean is computed", "", _md(report.lean_rule), "", "## Caveats", ""]
    lines += [f"- {_md(caveat)}" for caveat in report.caveats]
    lines += ["", f"<sub>{report.generator}, screen schema {report.schema_version}</sub>", ""]
    return "\n".join(lines)


def render_html(report: ScreenReport) -> str:
    from jinja2 import PackageLoader

    from callcoach.report.html import environment, stylesheet

    env = environment().overlay(loader=PackageLoader("callcoach.drills", "templates"))
    context: dict[str, Any] = {
        "r": report,
        "stances": STANCES,
        "css": Markup(str(stylesheet())),  # our own stylesheet, not user text
    }
    return env.get_template("screen.html.j2").render(**context)
