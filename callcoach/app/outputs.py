"""Report files: which renderer writes which format, where, and the team summary.

``analyze``/``report`` of many calls write each call's files as soon as it is analysed and
keep only a summary-sized copy of its report (``team_entry``) for the team files, so memory
stays small however many calls there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callcoach.insights.report import InsightsReport
    from callcoach.report import AnalysisReport

__all__ = [
    "SUFFIX",
    "OutputFormat",
    "one_line",
    "render_report",
    "team_entry",
    "write_reports",
    "write_team",
]


class OutputFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    html = "html"


# The formats that are files, and their suffixes.
SUFFIX = {OutputFormat.md: ".md", OutputFormat.json: ".json", OutputFormat.html: ".html"}


def render_report(report: AnalysisReport, fmt: OutputFormat) -> str:
    """The text of one call's report in a file format (md, json or html)."""
    if fmt is OutputFormat.json:
        return report.model_dump_json(indent=2)
    if fmt is OutputFormat.md:
        from callcoach.report import markdown

        return markdown.render(report)
    if fmt is OutputFormat.html:
        from callcoach.nlp.regex_cache import noting_module_patterns

        # jinja2's patterns, compiled after pipeline.run noted the module patterns, are
        # stored for the next process too (once per process; never a speaker's name)
        with noting_module_patterns(private=[s.name for s in report.speakers]):
            from callcoach.report import html

            return html.render_call(report)
    raise ValueError(f"{fmt} is not a file format")


def write_reports(
    report: AnalysisReport, formats: Iterable[OutputFormat], target: Path, stem: str
) -> tuple[Path, ...]:
    """Write the report in each file format: to ``target`` itself when it names a file
    (one call, one format), else to ``target/<stem>.<suffix>``. Raises ``OutputError``."""
    from callcoach.report.output import write_atomic

    written = []
    for fmt in formats:
        if fmt not in SUFFIX:
            continue
        path = target if target.suffix else target / f"{stem}{SUFFIX[fmt]}"
        write_atomic(path, render_report(report, fmt))
        written.append(path)
    return tuple(written)


def one_line(report: AnalysisReport) -> str:
    """A call in one line: its reps, score, rep talk share and rep questions."""
    values = {m.name: m.value for m in report.metrics}
    reps = ", ".join(s.name for s in report.speakers if s.role == "rep") or "?"
    ratio = values.get("talk_ratio_time")
    if ratio is None:
        ratio = values.get("talk_ratio_words")
    questions = values.get("rep_questions")
    parts = [f"rep {reps}"]
    if report.scorecard is not None and report.scorecard.overall is not None:
        parts.append(f"score {report.scorecard.overall:.1f}/5 ({report.scorecard.call_type})")
    if ratio is not None:
        parts.append(f"rep talk {ratio:.0f}%")
    if questions is not None:
        parts.append(f"{questions:.0f} rep questions")
    return "; ".join(parts)


def team_entry(report: AnalysisReport) -> AnalysisReport:
    """What the team summary needs of a call: its header, speakers and scores, without the
    transcript, findings, metrics, evidence or derivations (a few hundred bytes a call)."""
    card = report.scorecard
    if card is not None:
        criteria = [
            c.model_copy(update={"measures": [], "evidence": [], "derivation": ""})
            for c in card.criteria
        ]
        card = card.model_copy(
            update={"criteria": criteria, "key_moments": [], "overall_derivation": ""}
        )
    return report.model_copy(
        update={"metrics": [], "findings": {}, "transcript": [], "scorecard": card}
    )


def write_team(
    entries: Sequence[AnalysisReport],
    links: dict[str, str],
    formats: Iterable[OutputFormat],
    target: Path,
    insights: InsightsReport | None = None,
) -> tuple[Path, ...]:
    """``team.<suffix>`` in ``target`` for each file format; ``links`` maps a call's source
    to its HTML report's file name. Raises ``OutputError``."""
    from callcoach.report import team
    from callcoach.report.output import write_atomic

    summary = team.build_team_report(entries, links)
    written = []
    for fmt in formats:
        if fmt is OutputFormat.json:
            text = summary.model_dump_json(indent=2)
        elif fmt is OutputFormat.md:
            text = team.render_markdown(summary)
        elif fmt is OutputFormat.html:
            text = team.render_html(summary, insights)
        else:
            continue
        path = target / f"team{SUFFIX[fmt]}"
        write_atomic(path, text)
        written.append(path)
    return tuple(written)
