from __future__ import annotations

from datetime import date

from callcoach.scoring.team import CriterionResult, ScoredCall, summarize_team


def _call(day: int, rep: str, discovery: int | None, listening: int | None) -> ScoredCall:
    return ScoredCall(
        call_id=f"{rep}-{day}",
        source=f"{rep}-{day}.vtt",
        date=date(2026, 10, day),
        reps=(rep,),
        rubric_id="expert-not-friend",
        overall=None,
        criteria=(
            CriterionResult("discovery", "Discovery", 2.0, discovery),
            CriterionResult("listening", "Listening", 2.0, listening),
        ),
    )


def test_means_distribution_trend_and_biggest_gap() -> None:
    calls = [_call(1, "Ana", 1, 4), _call(11, "Ana", 2, 4), _call(21, "Ana", 3, None)]
    summary = summarize_team(calls)
    (ana,) = summary.reps
    discovery, listening = ana.criteria
    assert discovery.mean == 2.0 and discovery.distribution == (1, 1, 1, 0, 0)
    assert discovery.trend_per_30_days == 3.0  # one point per 10 days
    assert listening.observed == 2 and listening.trend_per_30_days is None
    assert ana.biggest_gap == "discovery"
    assert "lowest mean score: 2.0 of 5 over 3 calls" in ana.biggest_gap_reason


def test_a_call_with_two_reps_counts_for_both() -> None:
    call = _call(5, "Ana", 3, 3)
    two = ScoredCall(
        call.call_id, call.source, call.date, ("Ana", "Ben"), call.rubric_id, None, call.criteria
    )
    summary = summarize_team([two])
    assert [r.rep for r in summary.reps] == ["Ana", "Ben"]


def test_empty_team() -> None:
    assert summarize_team([]).reps == ()


def _scored(rep: str, overall: float | None, summary: int, raised: bool) -> ScoredCall:
    return ScoredCall(
        call_id=f"{rep}-{overall}-{summary}",
        source=f"{rep}.vtt",
        date=None,
        reps=(rep,),
        rubric_id="expert-not-friend",
        overall=overall,
        criteria=(
            CriterionResult("summarize", "Summarize back", 1.0, summary, raised),
            CriterionResult("listening", "Truly listen", 1.0, 3),
        ),
    )


def test_reps_are_ranked_by_their_mean_overall_score() -> None:
    calls = [
        _scored("Ana", 2.5, 3, False),
        _scored("Ben", 4.1, 3, False),
        _scored("Cleo", None, 3, False),
        _scored("Dev", 4.1, 3, False),
    ]
    assert [r.rep for r in summarize_team(calls).reps] == ["Ben", "Dev", "Ana", "Cleo"]


def test_a_mean_made_only_of_floor_raised_scores_is_not_the_biggest_gap() -> None:
    # Two strong calls where the summary detector found nothing (raised to 2) and a measured
    # listening 3: coach the 3, as each call report does.
    (rep,) = summarize_team([_scored("Ana", 4.0, 2, True), _scored("Ana", 4.2, 2, True)]).reps
    summarize, listening = rep.criteria
    assert summarize.raised == 2 and summarize.only_raised
    assert listening.raised == 0 and not listening.only_raised
    assert rep.biggest_gap == "listening"


def test_one_measured_low_score_keeps_the_criterion_a_gap() -> None:
    (rep,) = summarize_team([_scored("Ana", 4.0, 2, True), _scored("Ana", 3.0, 1, False)]).reps
    assert rep.criteria[0].raised == 1 and not rep.criteria[0].only_raised
    assert rep.biggest_gap == "summarize"
