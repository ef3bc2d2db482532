"""The sales-call matching rule on invented spans (no evaluation data)."""

from __future__ import annotations

import pytest

from callcoach.eval.moments import (
    Moment,
    find_span,
    match_moments,
    overlap,
    score_label,
    score_quotes,
    score_turns,
    words,
)


def m(turn: int, start: int, end: int, label: str = "question") -> Moment:
    return Moment(turn, label, start, end)


def test_words_fold_case_and_apostrophes() -> None:
    assert words("What’s it COST you?") == ["what's", "it", "cost", "you"]


def test_find_span_locates_quote_by_words() -> None:
    text = "Thanks, Lee. So how many invoices do you process a month? Roughly."
    assert find_span(text, "how many invoices do you process a month?") == (3, 11)
    assert find_span(text, "not in the turn") is None
    assert find_span(text, "") is None


def test_overlap_is_share_of_the_shorter_span() -> None:
    assert overlap(m(1, 0, 10), m(1, 2, 4)) == 1.0
    assert overlap(m(1, 0, 4), m(1, 2, 8)) == 0.5
    assert overlap(m(1, 0, 4), m(1, 3, 8)) == 0.25
    assert overlap(m(1, 0, 4), m(2, 0, 4)) == 0.0  # other turn never matches


def test_half_overlap_matches_and_less_does_not() -> None:
    assert score_label("question", [m(1, 0, 4)], [m(1, 2, 8)]).tp == 1
    result = score_label("question", [m(1, 0, 4)], [m(1, 3, 8)])
    assert (result.tp, result.fp, result.fn) == (0, 1, 1)


def test_matching_is_one_to_one() -> None:
    # One long prediction over two gold questions in the same turn: one pair, one miss.
    result = score_label("question", [m(3, 0, 5), m(3, 5, 10)], [m(3, 0, 10)])
    assert (result.tp, result.fp, result.fn) == (1, 0, 1)
    # Two predictions on one gold moment: one pair, one false alarm.
    result = score_label("question", [m(3, 0, 10)], [m(3, 0, 5), m(3, 5, 10)])
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)


def test_matching_maximises_pairs_not_greedy_overlap() -> None:
    # Gold A overlaps both predictions (best with P1); gold B only overlaps P1.
    gold = [m(0, 0, 4), m(0, 4, 6)]
    pred = [m(0, 2, 6), m(0, 0, 2)]
    assert len(match_moments(gold, pred)) == 2


def test_labels_are_scored_separately() -> None:
    result = score_label("challenge", [m(1, 0, 4, "candor")], [m(1, 0, 4, "challenge")])
    assert (result.tp, result.fp, result.fn) == (0, 1, 0)


def test_turn_sets_for_small_talk() -> None:
    gold = [m(0, 0, 3, "small_talk"), m(0, 5, 9, "small_talk"), m(1, 0, 2, "small_talk")]
    pred = [m(0, 1, 2, "small_talk"), m(4, 0, 2, "small_talk")]
    result = score_turns("small_talk", gold, pred)
    assert (result.tp, result.fp, result.fn) == (1, 1, 1)
    assert result.by_turns
    assert result.precision == pytest.approx(0.5)
    assert result.f1 == pytest.approx(0.5)


def test_scores_add_and_undefined_f1() -> None:
    empty = score_label("stall", [], [])
    assert not empty.defined and empty.f1 == 0.0
    one = score_label("stall", [m(2, 0, 3, "stall")], [m(2, 0, 3, "stall")])
    total = one + empty + one
    assert (total.tp, total.fp, total.fn) == (2, 0, 0)
    with pytest.raises(ValueError):
        _ = one + score_label("question", [], [])


def test_ties_go_to_the_prediction_sharing_more_words() -> None:
    # Gold "How do you pay today? Checks or cards?" split into two predicted questions:
    # both lie inside it (overlap 1.0); the longer one is the match, the other an alarm.
    result = score_label("question", [m(5, 0, 8)], [m(5, 0, 5), m(5, 5, 8)])
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)
    assert result.matches[0].pred.end == 5
    assert result.false_alarms[0].start == 5


def test_score_quotes_places_findings_by_their_words() -> None:
    text = "Thanks for that. We won an award last year. Our team is in Austin."
    start = text.index("Our team")
    result = score_quotes(
        "self_talk", text, ["We won an award last year."], [(start, "Our team is in Austin.")]
    )
    assert (result.tp, result.fp, result.fn) == (0, 1, 1)
    hit = score_quotes(
        "self_talk", text, ["We won an award"], [(text.index("We won"), "We won an award last")]
    )
    assert (hit.tp, hit.fp, hit.fn) == (1, 0, 0)


def test_score_quotes_refuses_a_gold_quote_not_in_its_text() -> None:
    with pytest.raises(ValueError, match="not found"):
        score_quotes("self_talk", "We sell software.", ["We build houses."], [])
