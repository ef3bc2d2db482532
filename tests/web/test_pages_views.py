"""The pages' view models and templates, rendered with Jinja2 directly (no server).

Stored calls come from a real import (two sample calls and one invented call whose names and
words are markup); the server-side pieces (routes, access checks) are tested in
test_pages_server.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from callcoach.model import Deal, DealLink
from callcoach.storage import Repository, make_engine
from callcoach.storage.repository import StoredCall
from callcoach.web.views import data
from callcoach.web.views.call import Comment
from callcoach.web.views.calls import CallQuery, call_list, parse_query, stored_rows
from callcoach.web.views.charts import Series, score_lines
from callcoach.web.views.people import main_rubric, team_page
from callcoach.web.views.upload import upload_view
from tests.web.pages_fixtures import XSS, XSS_REP, build_db, render


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    engine = make_engine(build_db(tmp_path_factory.mktemp("pages")))
    yield Repository(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def calls(repository: Repository) -> list[StoredCall]:
    return repository.calls()


def _call(calls: list[StoredCall], rep: str) -> StoredCall:
    return next(c for c in calls if rep in c.reps)


def _no_markup_from_data(html: str) -> None:
    """What the transcript said as HTML shows as text: no element of it reaches the page."""
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>this</b>" not in html
    assert "href='javascript:" not in html and 'href="javascript:' not in html


# -- the call page -----------------------------------------------------------------------


def test_call_page_header_scorecard_moments_tips(
    repository: Repository, calls: list[StoredCall]
) -> None:
    call = _call(calls, "Marcus Reyes")
    page = data.load_call_page(repository, call.id)
    assert page.header.reps == ("Marcus Reyes",)
    assert page.header.prospects == ("Tom Becker",)
    assert page.header.date == "2026-11-03"
    assert page.header.duration.endswith(("s", "min"))
    assert page.card is not None and page.header.overall == page.card.overall
    assert page.moments, "a scored sample call has key moments"
    assert page.tips and page.tips[0].focus == (page.card.focus is not None)
    html = render("call.html.j2", p=page)
    assert 'id="call-rep"' in html and "Marcus Reyes" in html
    assert 'id="chart-timeline"' in html and "<svg" in html
    for criterion in page.card.criteria:
        assert f'id="c-{criterion.id}"' in html


def test_every_evidence_link_jumps_to_a_transcript_line(
    repository: Repository, calls: list[StoredCall]
) -> None:
    page = data.load_call_page(repository, _call(calls, "Marcus Reyes").id)
    html = render("call.html.j2", p=page)
    lines = set(re.findall(r'<div class="utt [a-z]+" id="([^"]+)"', html))
    targets = re.findall(r'<a class="ev" href="#([^"]+)"', html)
    assert len(lines) == len(page.transcript)
    assert targets and set(targets) <= lines


def test_comments_sit_on_their_moment_and_line(
    repository: Repository, calls: list[StoredCall]
) -> None:
    call = _call(calls, "Marcus Reyes")
    report = repository.report(call.id)
    assert report.scorecard is not None
    first = data.load_call_page(repository, call.id, [], can_comment=True).transcript[0].id
    # a moment off the first line, where a comment on a line that is gone is shown
    index, moment = next(
        (i, m.evidence.utterance_id)
        for i, m in enumerate(report.scorecard.key_moments)
        if m.evidence.utterance_id != first
    )
    comments = [
        Comment(
            "1", moment, "Mia <i>Manager</i>", datetime(2026, 11, 4, 9, 30), "Nice probe here."
        ),
        Comment("2", "u-gone", "Mia", None, f"On a line that is gone {XSS}"),
    ]
    page = data.load_call_page(repository, call.id, comments, can_comment=True)
    assert page.transcript[0].id == first
    assert [c.id for c in page.comments[moment]] == ["1"]
    assert [c.id for c in page.comments[first]] == ["2"]  # kept, never dropped
    assert page.moments[index].comments[0].text == "Nice probe here."
    html = render("call.html.j2", p=page)
    assert "Mia &lt;i&gt;Manager&lt;/i&gt;" in html
    assert 'name="utterance_id" value="' + moment + '"' in html
    assert 'name="csrf_token" value="test-csrf-token"' in html
    _no_markup_from_data(html)
    reader = data.load_call_page(repository, call.id, comments, can_comment=False)
    assert "comment-form" not in render("call.html.j2", p=reader)


def test_markup_in_a_transcript_renders_as_text(
    repository: Repository, calls: list[StoredCall]
) -> None:
    call = _call(calls, XSS_REP)
    html = render("call.html.j2", p=data.load_call_page(repository, call.id))
    _no_markup_from_data(html)
    assert "&lt;script&gt;alert(" in html
    assert "Eve &#34;onmouseover=alert(1)&#34; O&#39;Hara &amp; Co" in html


def test_a_call_without_scorecard_says_so(repository: Repository, calls: list[StoredCall]) -> None:
    report = repository.report(_call(calls, "Marcus Reyes").id)
    from callcoach.web.views.call import call_page

    page = call_page(report.model_copy(update={"scorecard": None}))
    assert page.header.overall_text.startswith("not scored")
    assert not page.moments and not page.tips
    assert "stored without a scorecard" in render("call.html.j2", p=page)


# -- the call list -----------------------------------------------------------------------


def test_query_parsing_keeps_good_filters_and_explains_bad_ones() -> None:
    query, errors = parse_query(
        {"rep": " Dana ", "from": "2026-13-01", "to": "2026-11-30", "min_score": "9", "page": "x"}
    )
    assert query.rep == "Dana" and query.date_to == date(2026, 11, 30)
    assert query.date_from is None and query.min_score is None and query.page == 1
    assert len(errors) == 3 and any("not a date" in e for e in errors)
    assert query.params(page=2) == "rep=Dana&to=2026-11-30&page=2"


@dataclass(frozen=True)
class Listed:
    """A call as the storage list query returns it."""

    id: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    account: str | None
    rubric: str | None
    overall: float | None


def _listed(repository: Repository, calls: list[StoredCall]) -> list[Listed]:
    scores = repository.overall_scores()
    return [
        Listed(
            c.id,
            c.title,
            c.date,
            c.duration_seconds,
            c.reps,
            c.prospects,
            c.account,
            scores[c.id][0],
            scores[c.id][1],
        )
        for c in calls
    ]


def test_call_list_page(repository: Repository, calls: list[StoredCall]) -> None:
    rows = stored_rows(calls, repository.overall_scores())
    dated = [r.date for r in rows if r.date]
    assert dated == sorted(dated, reverse=True)
    listed = _listed(repository, calls)
    query = CallQuery(per_page=2, page=2, rep="Marcus Reyes")
    view = call_list(listed[2:3], total=3, visible=3, query=query, reps=["b", "A", "b"])
    assert view.pages == 2 and view.next is None
    assert view.previous == "rep=Marcus+Reyes&per_page=2"
    assert view.reps == ("A", "b") and len(view.rows) == 1
    html = render("calls.html.j2", v=view, can_upload=True)
    assert "page 2 of 2" in html and 'rel="prev"' in html
    everything = call_list(listed, 3, 3, CallQuery())
    html = render("calls.html.j2", v=everything, can_upload=False)
    assert html.count("<tr data-call=") == 3
    _no_markup_from_data(html)


# -- rep, team, insights, rubrics --------------------------------------------------------


def test_rep_page_scores_over_time_gap_and_calls(
    repository: Repository, calls: list[StoredCall]
) -> None:
    view = data.load_rep_page(repository, "marcus  reyes", calls)
    assert view is not None and view.name == "Marcus Reyes"
    assert view.summary is not None and view.summary.calls == 1
    assert len(view.history) == 1 and view.chart is not None
    assert view.gap.startswith(("Biggest gap", "No gap"))
    assert [r.id for r in view.calls] == [_call(calls, "Marcus Reyes").id]
    html = render("rep.html.j2", v=view)
    assert 'id="chart-history"' in html and 'id="criteria"' in html
    assert data.load_rep_page(repository, "Nobody Here", calls) is None
    markup = data.load_rep_page(repository, XSS_REP, calls)
    assert markup is not None
    _no_markup_from_data(render("rep.html.j2", v=markup))


def test_team_page_puts_revenue_first_and_marks_vanity_counts(
    repository: Repository, calls: list[StoredCall]
) -> None:
    cards = repository.scorecards([c.id for c in calls])
    features = repository.call_features()
    marcus, eve = _call(calls, "Marcus Reyes"), _call(calls, XSS_REP)
    deals = [
        Deal("d1", "generic", amount=5000.0, currency="USD", won=True, owner="Marcus Reyes"),
        Deal("d2", "generic", amount=90000.0, currency="USD", won=True, owner=XSS_REP),
        Deal("d3", "generic", amount=1000.0, currency="USD", won=False, owner=XSS_REP),
    ]
    links = [
        DealLink(marcus.id, "d1", "deal-id", 1.0, "test"),
        DealLink(eve.id, "d2", "deal-id", 1.0, "test"),
    ]
    view = team_page(calls, cards, features, deals, links)
    assert [r.rep for r in view.rows][:2] == [XSS_REP, "Marcus Reyes"]
    eve_row = view.rows[0]
    assert eve_row.revenue_won == 90000.0 and (eve_row.won_deals, eve_row.closed_deals) == (1, 2)
    assert eve_row.calls == 1 and eve_row.talk_ratio is not None
    html = render("team.html.j2", v=view)
    head = html.index("Activity (vanity counts)")
    columns = [html.index(t, head) for t in ("revenue won", "overall (1–5)", 'vanity">calls')]
    assert columns == sorted(columns)
    assert "$90,000" in html and 'id="vanity-note"' in html
    _no_markup_from_data(html)
    without = team_page(calls, cards, features)
    assert all(r.revenue_won is None for r in without.rows)
    assert "No CRM deals imported" in render("team.html.j2", v=without)


def test_team_page_says_when_its_revenue_is_synthetic(
    repository: Repository, calls: list[StoredCall]
) -> None:
    marcus = _call(calls, "Marcus Reyes")
    demo = Deal("d1", "generic", "SYNTHETIC Invented Co - pilot", amount=7000.0, won=True)
    real = Deal("d2", "generic", "Invented Co - renewal", amount=3000.0, won=True)
    links = [DealLink(marcus.id, "d1", "deal-id", 1.0, "test")]
    view = team_page(calls, {}, {}, [demo, real], links)
    assert view.synthetic is not None and "1 of 2 deals are marked SYNTHETIC" in view.synthetic
    html = render("team.html.j2", v=view)
    assert 'id="synthetic"' in html and "SYNTHETIC DATA." in html
    plain = team_page(calls, {}, {}, [real], links)
    assert plain.synthetic is None
    assert 'id="synthetic"' not in render("team.html.j2", v=plain)


def test_team_page_counts_stalls_probed_and_accepted() -> None:
    call = StoredCall("c1", "x", "json", None, None, 60.0, ("Ann",), ("Bo",), (), None)
    features = {
        "c1": {
            "count:stall:stall": 3.0,
            "count:stall_response:probed": 1.0,
            "count:stall_response:reframed": 1.0,
            "count:stall_response:accepted": 1.0,
            "talk_ratio_time": 40.0,
            "rep_questions": 7.0,
        }
    }
    (row,) = team_page([call], {}, features).rows
    assert (row.stalls, row.stalls_probed, row.stalls_accepted) == (3, 2, 1)
    assert (row.talk_ratio, row.questions, row.overall) == (40.0, 7.0, None)


def test_main_rubric_is_the_wanted_one_or_the_most_used() -> None:
    cards = {"a": {"rubric_id": "spin"}, "b": {"rubric_id": "bant"}, "c": {"rubric_id": "bant"}}
    assert main_rubric(cards) == "bant"
    assert main_rubric(cards, "spin") == "spin"
    assert main_rubric(cards, "missing") == "bant"
    assert main_rubric({}) is None


def test_insights_without_deals_say_how_to_get_them(
    repository: Repository, calls: list[StoredCall]
) -> None:
    view = data.load_insights(repository, calls)
    assert view.section is None and "crm import" in view.reason
    assert 'id="no-insights"' in render("insights.html.j2", v=view)


def test_rubric_page_lists_every_rubric_with_its_criteria(
    repository: Repository, calls: list[StoredCall]
) -> None:
    from callcoach.scoring import builtin_rubrics

    views = data.load_rubrics(repository, calls)
    assert [v.name for v in views] == builtin_rubrics()
    used = next(v for v in views if v.id == "expert-not-friend")
    assert used.calls == 3 and len(used.criteria) >= 5
    assert all(c.rules for c in used.criteria)
    html = render("rubrics.html.j2", rubrics=views)
    for view in views:
        assert f'id="r-{view.name}"' in html
    # expert-not-friend's overall is a plain mean (rubric 2.9): no weight shares shown
    assert used.overall == "mean" and "(ties only)" in html and "the plain mean" in html


@dataclass(frozen=True)
class Job:
    id: str
    call_id: str
    filename: str
    status: str
    stage: str
    progress: float
    error: str | None
    created_at: datetime


def test_upload_page_form_recent_uploads_and_progress() -> None:
    failed = Job(
        "j1",
        "c1",
        "<b>bad</b>.txt",
        "failed",
        "reading",
        0.1,
        "line 3: no speaker",
        datetime(2026, 11, 2, 8, 0),
    )
    done = Job("j2", "c2", "good.vtt", "done", "stored", 1.0, None, datetime(2026, 11, 2, 9, 0))
    form = render(
        "upload.html.j2",
        job=None,
        errors=["too big"],
        reps=["Ann"],
        default_rep=None,
        call_types=["discovery"],
        max_mb=20,
        recent=[upload_view(done), upload_view(failed)],
    )
    assert 'enctype="multipart/form-data"' in form and "too big" in form
    assert 'name="csrf_token" value="test-csrf-token"' in form
    assert 'href="/calls/c2">call page' in form and 'href="/uploads/j1">progress' in form
    assert "line 3: no speaker" in form and "<b>bad</b>" not in form
    running = Job("j3", "c3", "x.srt", "running", "detectors", 0.42, None, datetime(2026, 1, 1))
    view = upload_view(running)
    assert (view.percent, view.call_id, view.error) == (42, None, None)
    assert view.message == "Analysing: detectors…"
    page = render("upload.html.j2", job=view)
    assert 'data-poll="/api/v1/uploads/j3"' in page and 'value="42"' in page
    assert upload_view(done).percent == 100 and upload_view(done).call_id == "c2"
    assert upload_view(failed).call_id is None


# -- charts ------------------------------------------------------------------------------


def test_score_lines_escape_names_and_break_at_unobserved_calls() -> None:
    svg = score_lines(
        ["2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22"],
        [
            Series("<b>Discovery</b>", (2, 3, None, 4)),
            Series("Listening", (None, None, None, None)),
        ],
        "scores",
    )
    assert "<b>" not in svg and "&lt;b&gt;Discovery&lt;/b&gt;" in svg
    assert svg.count("<polyline") == 1  # 2→3 joined; 4 stands alone after the gap
    assert svg.count('class="point"') == 3
    assert "n/o" in svg
    one = score_lines(["only"], [Series("A", (5,))], "one call")
    assert one.count('class="point"') == 1 and "<polyline" not in one


def test_reading_scorecards_by_rubric(repository: Repository, calls: list[StoredCall]) -> None:
    ids = [c.id for c in calls]
    assert set(repository.scorecards(ids)) == set(ids)
    assert repository.scorecards(ids, "no-such-rubric") == {}
    assert set(repository.overall_scores()) == set(ids)
