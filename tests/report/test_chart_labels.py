"""Charts: no label or tick is cut, and the rep has the same colour in every call."""

from __future__ import annotations

import re

import callcoach
from callcoach.report import charts, html
from callcoach.report.schema import build_report

LONG = "Dr. Alexandra Montgomery-Fitzwilliam (Regional VP)"


def test_last_time_tick_ends_inside_the_chart() -> None:
    spans = [charts.Span("Rep", 0, 600, "x", "#u1")]
    svg = charts.timeline(spans, ["Rep"], 600.0, "s")
    ticks = re.findall(r'<text x="([\d.]+)" y="\d+" class="tick" text-anchor="(\w+)">', svg)
    assert ticks[-1][1] == "end" and ticks[0][1] == "start"
    assert float(ticks[-1][0]) <= charts.WIDTH


def test_long_labels_get_room_or_keep_their_full_text() -> None:
    svg = charts.bars([(LONG, 3.0), ("Short", 4.0)], 5)
    assert f"<title>{LONG}</title>" in svg.replace("&#x27;", "'")
    heat = charts.heatmap(
        ["Ana"], [("next_step", "Close on a concrete next step")], [[4.0]], 5, "t"
    )
    for word in ("Close", "concrete", "next", "step"):
        assert word in heat


def _report(text: str, rep: str) -> html.AnalysisReport:
    call = callcoach.load_text(text, source="c.txt")
    analysis = callcoach.analyze(call, rep=rep, detectors=["question"])
    return build_report(call, analysis.roles, analysis.metrics, analysis.findings)


def test_the_rep_has_the_same_colour_whoever_speaks_first() -> None:
    rep_first = "[00:00:01] Dana Reyes: Hi Sam, how is close going?\n[00:00:05] Sam Patel: Slow.\n"
    prospect_first = "[00:00:01] Sam Patel: Hi Dana.\n[00:00:05] Dana Reyes: How is close going?\n"
    for text in (rep_first, prospect_first):
        page = html.render_call(_report(text, "Dana Reyes"))
        rep_fill = re.search(r'data-lane="Dana Reyes"[^>]*fill="(#\w+)"', page)
        assert rep_fill is not None and rep_fill.group(1) == charts.ROLE_COLORS["rep"]
        other = re.search(r'data-lane="Sam Patel"[^>]*fill="(#\w+)"', page)
        assert other is not None and other.group(1) == charts.ROLE_COLORS["prospect"]
