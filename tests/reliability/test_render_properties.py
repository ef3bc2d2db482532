"""Property tests for the report renderers (bounded for CI): any call renders in every format,
JSON is strict JSON, Markdown holds no HTML or link from user text, HTML no element from it.

Inputs that once failed are pinned with ``@example``.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from callcoach.api import analyze
from callcoach.escape import markdown_text
from callcoach.model import Call, RoleAssignment, Utterance
from callcoach.report import build_report, html, markdown, team, terminal
from callcoach.report.team import CriterionStatsOut, RepOut, TeamCallOut, TeamReport
from tests.reliability.strategies import PAYLOADS, hostile_text, names, times

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALLOWED_MD_TAGS = {
    "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
    "strong", "em", "sub", "code", "br", "hr",
    "details", "summary",  # the report's own collapsed derivation blocks
}  # fmt: skip
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def _markdown_is_inert(text: str) -> None:
    rendered = _MD.render(text)
    tags = set(_TAG.findall(rendered))
    assert tags <= ALLOWED_MD_TAGS, (tags - ALLOWED_MD_TAGS, text)


rows = st.lists(
    st.tuples(st.sampled_from(["rep", "prospect"]), hostile_text, times, times),
    min_size=1,
    max_size=8,
)


def _call(
    title: str, rep: str, prospect: str, data: list[tuple[str, str, Any, Any]]
) -> tuple[Call, RoleAssignment]:
    if rep == prospect:
        prospect += " 2"
    speaker = {"rep": rep, "prospect": prospect}
    utterances = tuple(
        Utterance(f"u{i:04d}", i, speaker[side], text, start, end)
        for i, (side, text, start, end) in enumerate(data)
    )
    call = Call("0" * 64, f"calls/{title}.json", "json", utterances, (), title=title)
    roles = RoleAssignment(
        {call.utterances[0].speaker or rep: "rep"}
        | {
            u.speaker: ("rep" if side == "rep" else "prospect")
            for u, (side, *_rest) in zip(call.utterances, data, strict=True)
            if u.speaker
        },
        1.0,
        "explicit",
    )
    return call, roles


@SETTINGS
@given(title=hostile_text, rep=names, prospect=names, data=rows)
@example(  # issue 12: partly timed, the HTML report crashed on float(None)
    title="t", rep="Rita", prospect="Paul",
    data=[("rep", "How are you?", 0.0, 2.0), ("prospect", "Fine.", 2.0, 3.0),
          ("rep", "What matters?", None, None), ("prospect", "Cost, mostly.", None, None)],
)  # fmt: skip
@example(  # issue 12: ±1e308 and 5e-324 overflowed metrics and charts
    title="t", rep="Rita", prospect="Paul",
    data=[("rep", "Hello?", 1e308, -1e308), ("prospect", "Hi.", 5e-324, 5e-324),
          ("rep", "Why now?", 0.0, 5e-324)],
)  # fmt: skip
@example(title="\udcff", rep="Al\udcffice", prospect="<b>", data=[("rep", "\udcff?", 0.0, 1.0)])
def test_every_renderer_accepts_any_call(
    title: str, rep: str, prospect: str, data: list[Any]
) -> None:
    call, roles = _call(title, rep, prospect, data)
    analysis = analyze(call, roles=roles, rubric="expert-not-friend")
    report = build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )
    strict = json.loads(report.model_dump_json(), parse_constant=_no_constant)
    assert strict["call"]["title"] == call.title
    md = markdown.render(report)
    md.encode("utf-8")
    _markdown_is_inert(md)
    page = html.render_call(report)
    page.encode("utf-8")
    elements = _Elements()
    elements.feed(page)
    assert not {"script", "img", "iframe", "object", "embed"} & set(elements.tags)
    assert all(h.startswith("#") for h in elements.hrefs), elements.hrefs
    console = Console(file=io.StringIO(), width=80, markup=False)
    console.print(terminal.render(report))
    summary = team.build_team_report([report], {call.source: f"{title}.html"})
    assert all(c.report is None or c.report.startswith("./") for c in summary.calls)
    _markdown_is_inert(team.render_markdown(summary))
    team_page = _Elements()
    team_page.feed(team.render_html(summary))
    assert all(h.startswith(("#", "./")) for h in team_page.hrefs), team_page.hrefs


def _no_constant(name: str) -> None:
    raise AssertionError(f"not strict JSON: {name}")


@SETTINGS
@given(rep=names, title=hostile_text, source=hostile_text, rubric=hostile_text)
@example(
    rep="<img src=x onerror=alert(1)>",
    title="![x](http://t.invalid/a.png)",
    source="javascript:alert(1)",
    rubric="<script>",
)
def test_team_markdown_escapes_names_titles_and_rubric(
    rep: str, title: str, source: str, rubric: str
) -> None:
    criterion = CriterionStatsOut(
        id="c1", title=title, weight=1.0, mean=2.0, observed=1,
        distribution=[0, 1, 0, 0, 0], trend_per_30_days=None, trend_reason="few calls",
    )  # fmt: skip
    summary = TeamReport(
        generator="test",
        rubric_id=rubric,
        calls=[TeamCallOut(call_id="x", source=source, date=None, reps=[rep], overall=2.0,
                           report=None)],
        reps=[RepOut(rep=rep, calls=1, first_date=None, last_date=None, overall_mean=2.0,
                     criteria=[criterion], biggest_gap="c1", biggest_gap_reason="lowest")],
    )  # fmt: skip
    _markdown_is_inert(team.render_markdown(summary))


@SETTINGS
@given(text=hostile_text)
@example(text="".join(PAYLOADS))
@example(text="\t0")  # found by this test: a tab opened an indented code block
def test_markdown_text_renders_literally(text: str) -> None:
    escaped = markdown_text(text)
    assert "\n" not in escaped and "<" not in escaped
    rendered = _MD.render(f"Said: {escaped}")  # inline text, as the reports use it
    assert set(_TAG.findall(rendered)) <= {"p"}
