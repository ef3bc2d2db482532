"""Team view: only named reps are counted; one name per person; one story per rep."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app
from callcoach.report.team import (
    CriterionStatsOut,
    RepOut,
    TeamReport,
    gap_story,
    team_focus,
)
from callcoach.scoring.team import (
    CriterionResult,
    ScoredCall,
    canonical_reps,
    is_diarization_label,
    summarize_team,
)


def _call(
    name: str, reps: tuple[str, ...], listening: int = 3, focus: str | None = None
) -> ScoredCall:
    return ScoredCall(
        call_id=name,
        source=f"{name}.vtt",
        date=date(2026, 11, 3),
        reps=reps,
        rubric_id="expert-not-friend",
        overall=3.0,
        criteria=(
            CriterionResult("discovery", "Discovery", 2.0, 4),
            CriterionResult("listening", "Listening", 2.0, listening),
        ),
        focus=focus,
    )


@pytest.mark.parametrize(
    "label", ["SPEAKER_00", "spk_0", "Speaker 1", "Speaker A", "A", "0", "speaker-2", "SPK_12"]
)
def test_diarization_labels_are_not_names(label: str) -> None:
    assert is_diarization_label(label)


@pytest.mark.parametrize("name", ["Dana", "Dana Whitfield", "Al", "Speaker Johnson", "Ng"])
def test_names_are_names(name: str) -> None:
    assert not is_diarization_label(name)


def test_one_name_per_person() -> None:
    names = canonical_reps(
        ["Dana", "Dana Whitfield", "dana  whitfield", "Sam", "Sam Lee", "Sam Ng"]
    )
    assert {names["Dana"], names["dana  whitfield"]} == {"Dana Whitfield"}
    assert names["Sam"] == "Sam"  # ambiguous: two Sams, never guessed


def test_calls_without_a_named_rep_are_left_out_with_the_reason() -> None:
    calls = [
        _call("a", ("Dana Whitfield",)),
        _call("b", ("Dana",)),
        _call("c", ("SPEAKER_00",)),
        _call("d", ()),
        _call("e", ("spk_0",)),
    ]
    summary = summarize_team(calls)
    assert [r.rep for r in summary.reps] == ["Dana Whitfield"]
    assert summary.reps[0].calls == 2 and summary.calls == 2
    reasons = {o.call_id: o.reason for o in summary.left_out}
    assert set(reasons) == {"c", "d", "e"}
    assert reasons["d"] == "rep unknown — give --rep, --rep-roster or --manifest"
    assert "SPEAKER_00" in reasons["c"]


def _report(calls: list[ScoredCall]) -> TeamReport:
    from callcoach.report import team

    summary = summarize_team(calls)
    rep_out = team.RepOut(
        rep=summary.reps[0].rep,
        calls=summary.reps[0].calls,
        first_date=None,
        last_date=None,
        overall_mean=None,
        criteria=[],
        biggest_gap=summary.reps[0].biggest_gap,
        biggest_gap_reason=summary.reps[0].biggest_gap_reason,
        call_focus=dict(summary.reps[0].call_focus),
    )
    return TeamReport(generator="t", rubric_id="r", calls=[], reps=[rep_out])


def test_biggest_gap_and_call_focus_tell_one_story() -> None:
    same = _report([_call("a", ("Ana Ruiz",), listening=2, focus="listening")])
    titles = {"discovery": "Discovery", "listening": "Listening"}
    assert "The same as the call report's one thing to work on" in gap_story(same.reps[0], titles)
    differ = _report(
        [
            _call("a", ("Ana Ruiz",), listening=2, focus="listening"),
            _call("b", ("Ana Ruiz",), listening=5, focus="discovery"),
        ]
    )
    story = gap_story(differ.reps[0], titles)
    assert "Biggest gap: Listening" in story and "Discovery in 1 of 2 calls" in story
    assert "Each call report looks at that call alone" in story


CALL = (
    "[00:00:00] {rep}: How does month-end close work for your team today?\n"
    "[00:00:06] {other}: It takes nine days and two people.\n"
    "[00:00:15] {rep}: What does that cost you?\n"
    "[00:00:20] {other}: Forty hours of overtime a month.\n"
)


def test_team_page_says_which_calls_are_left_out_and_why(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CALL.format(rep="Dana Reyes", other="Sam Patel"))
    (tmp_path / "b.txt").write_text(CALL.format(rep="SPEAKER_00", other="SPEAKER_01"))
    (tmp_path / "m.yaml").write_text(
        "calls:\n- {file: a.txt, reps: [Dana Reyes]}\n- {file: b.txt, reps: [SPEAKER_00]}\n"
    )
    out = tmp_path / "out"
    args = ["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    args += ["--manifest", str(tmp_path / "m.yaml"), "--out", str(out), "-f", "md", "-f", "html"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    md = (out / "team.md").read_text(encoding="utf-8")
    assert "1 call counted · 1 rep" in md
    assert "1 call left out of the team numbers: rep known only as a diarization label" in md
    assert "| Dana Reyes | 1 |" in md and "| SPEAKER_00 |" not in md
    page = (out / "team.html").read_text(encoding="utf-8")
    assert 'id="left-out"' in page and 'data-rep="SPEAKER_00"' not in page


def test_a_call_without_a_known_rep_never_reads_nothing_below_5(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    call = EXAMPLES / "04-summitridge-demo-friend.whisper.json"
    out = tmp_path / "call.html"
    args = ["analyze", str(call), "--rubric", "expert-not-friend", "-f", "html", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "nothing below 5" not in page
    assert "Nothing could be scored" in page
    terminal = CliRunner().invoke(app, args[:4])
    assert "Nothing could be scored" in " ".join(terminal.output.split())


def test_a_call_scored_on_nothing_is_not_blamed_on_a_missing_rep_name() -> None:
    # A transcript without speaker labels has no rep and no score: "give --rep-roster"
    # beside a run that gave one sent the manager the wrong way.
    blank = ScoredCall(
        call_id="z",
        source="z.json",
        date=None,
        reps=(),
        rubric_id="expert-not-friend",
        overall=None,
        criteria=(CriterionResult("discovery", "Discovery", 2.0, None),),
    )
    summary = summarize_team([_call("a", ("Ana Ruiz",)), blank, _call("d", ())])
    reasons = {o.call_id: o.reason for o in summary.left_out}
    assert reasons["z"].startswith("nothing could be scored") and "--rep" not in reasons["z"]
    assert reasons["d"].startswith("rep unknown")


def _rep(name: str, means: dict[str, float], raised: frozenset[str] = frozenset()) -> RepOut:
    return RepOut(
        rep=name,
        calls=1,
        first_date=None,
        last_date=None,
        overall_mean=None,
        criteria=[
            CriterionStatsOut(
                id=cid,
                title=cid.title(),
                weight=1.0,
                mean=mean,
                observed=1,
                distribution=[0, 0, 0, 0, 1],
                trend_per_30_days=None,
                trend_reason="",
                raised=int(cid in raised),
            )
            for cid, mean in means.items()
        ],
        biggest_gap=None,
        biggest_gap_reason="",
    )


def test_the_team_line_names_what_most_reps_score_low_on() -> None:
    reps = [
        _rep("A", {"quantify": 1.0, "summarize": 2.0, "listening": 4.0}),
        _rep("B", {"quantify": 2.0, "summarize": 1.0, "listening": 2.0}),
        _rep("C", {"quantify": 1.0, "summarize": 4.0, "listening": 2.5}),
    ]
    team = TeamReport(generator="t", rubric_id="r", calls=[], reps=reps)
    # quantify: 3 of 3 reps below 3; summarize and listening: 2 of 3
    assert team_focus(team) == (
        "To coach the team on first: Quantify — 3 of 3 reps average below 3 on it "
        "(team mean 1.3 of 5)."
    )
    assert team_focus(TeamReport(generator="t", rubric_id="r", calls=[], reps=reps[:1])) is None
    fine = [_rep(n, {"quantify": 4.0, "summarize": 2.0}) for n in "AB"]
    fine[0] = _rep("A", {"quantify": 4.0, "summarize": 4.0})
    assert team_focus(TeamReport(generator="t", rubric_id="r", calls=[], reps=fine)) is None


def test_the_team_line_leaves_out_means_made_only_of_floor_raised_scores() -> None:
    # Summarize is low for every rep, but for two of them only through the absence floor
    # (nothing found on strong calls): quantify, measured low for two, comes first.
    reps = [
        _rep("A", {"quantify": 2.0, "summarize": 2.0}, raised=frozenset({"summarize"})),
        _rep("B", {"quantify": 2.5, "summarize": 2.0}, raised=frozenset({"summarize"})),
        _rep("C", {"quantify": 4.0, "summarize": 1.0}),
    ]
    team = TeamReport(generator="t", rubric_id="r", calls=[], reps=reps)
    assert team_focus(team) == (
        "To coach the team on first: Quantify — 2 of 3 reps average below 3 on it "
        "(team mean 2.8 of 5)."
    )


def test_the_table_ranks_reps_and_marks_floor_raised_means(tmp_path: Path) -> None:
    from callcoach.report.team import RAISED_NOTE, RANKED, mean_cell, render_html, render_markdown

    calls = [
        ScoredCall(
            call_id=f"{rep}-{i}",
            source=f"{rep}-{i}.vtt",
            date=None,
            reps=(rep,),
            rubric_id="expert-not-friend",
            overall=overall,
            criteria=(
                CriterionResult("summarize", "Summarize back", 1.0, 2, rep == "Zoe Park"),
                CriterionResult("listening", "Truly listen", 1.0, 3),
            ),
        )
        for i, (rep, overall) in enumerate([("Ana Ruiz", 2.4), ("Zoe Park", 4.2)])
    ]
    summary = summarize_team(calls)
    team = TeamReport(
        generator="t",
        rubric_id="expert-not-friend",
        calls=[],
        reps=[RepOut.model_validate(r, from_attributes=True) for r in summary.reps],
    )
    assert [r.rep for r in team.reps] == ["Zoe Park", "Ana Ruiz"]
    zoe = team.reps[0]
    assert mean_cell(zoe.criteria[0]) == "2.0*" and mean_cell(team.reps[1].criteria[0]) == "2.0"
    assert zoe.biggest_gap == "listening"
    titles = {"summarize": "Summarize back", "listening": "Truly listen"}
    assert gap_story(zoe, titles).startswith(
        "Biggest gap: Truly listen — the lowest measured mean score (3.0 of 5); Summarize back "
        "scored lower only through floor-raised scores"
    )
    md = render_markdown(team)
    assert "| 1 | Zoe Park | 1 | 4.2 | 2.0* | 3.0 | Truly listen |" in md
    assert "| 2 | Ana Ruiz | 1 | 2.4 | 2.0 | 3.0 | Summarize back |" in md
    assert RANKED in md and RAISED_NOTE in md
    html = render_html(team)
    assert html.index("Zoe Park") < html.index("Ana Ruiz") and 'id="raised-note"' in html
