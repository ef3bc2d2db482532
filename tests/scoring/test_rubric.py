from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.errors import RubricError
from callcoach.scoring import builtin_rubrics, load_rubric, parse_rubric
from callcoach.scoring.rubric import check_references

MINIMAL = """
id: tiny
title: Tiny
version: "1"
description: one criterion
criteria:
  - id: asks
    title: Asks questions
    description: rep questions
    weight: 1
    measures:
      - {id: q, description: rep questions, kind: count, findings: {detector: question, role: rep}}
    score:
      rules:
        - {measure: q, thresholds: [1, 2, 3, 4]}
"""


def test_builtin_rubrics_are_valid_and_read_known_detectors() -> None:
    assert set(builtin_rubrics()) >= {"expert-not-friend", "spin", "meddicc", "challenger", "bant"}
    for name in builtin_rubrics():
        rubric = load_rubric(name)
        check_references(rubric, source=name)
        assert rubric.observability, f"{name} must say what a transcript can and cannot show"


def test_minimal_rubric_parses() -> None:
    rubric = parse_rubric(MINIMAL, source="tiny.yaml")
    assert rubric.criteria[0].score.rules[0].thresholds == (1, 2, 3, 4)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("thresholds: [1, 2, 3, 4]", "thresholds: [4, 3, 2, 1]"),
            "criteria[0 (asks)].score.rules[0]",
        ),
        (("weight: 1", "weight: -2"), "criteria[0 (asks)].weight"),
        (("measure: q,", "measure: nope,"), "unknown measure 'nope'"),
        (
            ("[1, 2, 3, 4]}\n", "[1, 2, 3, 4]}\n      shrink: {keep: 0.5, thin: nope}\n"),
            "shrink.thin names unknown measure 'nope'",
        ),
        (("kind: count", "kind: average"), "criteria[0 (asks)].measures[0 (q)].kind"),
        (("title: Tiny\n", "title: Tiny\nsurprise: 1\n"), "surprise"),
    ],
)
def test_invalid_rubric_names_file_field_and_problem(change: tuple[str, str], message: str) -> None:
    text = MINIMAL.replace(*change)
    with pytest.raises(RubricError) as info:
        parse_rubric(text, source="team-rubric.yaml")
    assert str(info.value).startswith("team-rubric.yaml: invalid rubric:")
    assert message in str(info.value)


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(RubricError, match=r"bad.yaml:3: not valid YAML"):
        parse_rubric("id: x\ntitle: y\n  - : : [\n", source="bad.yaml")


def test_unknown_detector_is_reported_by_check() -> None:
    rubric = parse_rubric(MINIMAL.replace("detector: question", "detector: telepathy"), "t.yaml")
    with pytest.raises(RubricError, match=r"measures\[0\]\.detector: unknown detector 'telepathy'"):
        check_references(rubric, source="t.yaml")


def test_missing_file_lists_builtins(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="expert-not-friend"):
        load_rubric(tmp_path / "missing.yaml")


def test_expert_rubric_2_12_discovery_weighs_the_cost_of_the_problem() -> None:
    # docs/rubrics.md: discovery's rules met halfway rounded down from 2.5; rubric 2.12 adds
    # the pain numbers the rep asked for or played back as a fourth part (quantify's own
    # thresholds) and rounds the four parts' mean a half up, in every call-type override.
    # Rubric 2.13 lowered quantify's own cut points a count; the part keeps 2.12's (2.14
    # changed candor's cap only; 2.15 recommendation's; 2.16 added stalls' caps). Rubric
    # 2.17 raised quantify's top cut a count (quantified_pain 1.19 finds more numbers);
    # 2.18 counts an announced recap's turns for summarize's breadth; 2.19 weighs
    # recommendation free of its caps but two.
    rubric = load_rubric("expert-not-friend")
    assert rubric.version == "2.19"
    discovery = next(c for c in rubric.criteria if c.id == "discovery")
    quantify = next(c for c in rubric.criteria if c.id == "quantify")
    specs = [discovery.score, *(o.score for o in discovery.call_types.values() if o.score)]
    own = next(r for r in quantify.score.rules if r.measure == "quantified")
    for spec in specs:
        assert spec.combine == "mean"
        part = next(r for r in spec.rules if r.measure == "quantified_pain")
        assert part.thresholds == (1.5, 3, 4.5, 6)
    assert own.thresholds == (1, 2, 4, 6)
    measure = next(m for m in discovery.measures if m.id == "quantified_pain")
    assert not measure.evidence  # the card quotes the questions; quantify quotes the numbers
    assert measure.findings == next(m for m in quantify.measures if m.id == "quantified").findings


def test_expert_rubric_2_7_shrinks_candor_and_recommendation_only() -> None:
    # docs/rubrics.md: candor (2.6) and recommendation (2.7) are weighed with the other
    # criteria (keep chosen by leave one batch out); challenge and listening are not (they
    # lost on the sealed calls); summarize (2.9) only on a call where no summary was found;
    # next_step (2.10) always, half its own score. Recommendation stays within its caps.
    rubric = load_rubric("expert-not-friend")
    keeps = {c.id: c.score.shrink.keep for c in rubric.criteria if c.score.shrink is not None}
    assert keeps == {"candor": 0.5, "recommendation": 0.25, "summarize": 0.25, "next_step": 0.5}
    summarize = next(c for c in rubric.criteria if c.id == "summarize")
    assert summarize.score.shrink is not None
    assert (summarize.score.shrink.thin, summarize.score.shrink.thin_at_most) == ("summaries", 0)
    recommendation = next(c for c in rubric.criteria if c.id == "recommendation")
    # 2.19: free of the caps, but "0 % covered" and "nothing recommended after no
    # discovery" still bound the weighed score
    assert recommendation.score.shrink is not None
    assert not recommendation.score.shrink.within_caps
    binding = {c.measure for c in recommendation.score.caps if c.binds_weighed}
    assert binding == {"needs_covered", "recommendations"}
    candor = next(c for c in rubric.criteria if c.id == "candor")
    assert candor.score.shrink is not None and not candor.score.shrink.within_caps


def test_expert_rubric_2_9_overall_is_the_plain_mean() -> None:
    # docs/rubrics.md, stop 35: equal weights chosen by leave one batch out in 14 of 14
    # folds (overall Spearman 0.935 -> 0.944; 56 sealed 0.848 -> 0.859)
    assert load_rubric("expert-not-friend").overall == "mean"
    assert all(load_rubric(n).overall == "weighted" for n in ("spin", "meddicc", "bant"))
