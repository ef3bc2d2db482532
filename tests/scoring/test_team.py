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
