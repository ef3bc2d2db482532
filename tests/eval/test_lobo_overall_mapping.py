"""scripts/lobo_overall_mapping.py and lobo_criterion_variants.py: the stop-37 grids."""

from __future__ import annotations

import pytest

from callcoach.scoring import load_rubric
from tests.scripts import load_script

SCORES = {
    "discovery": 4,
    "quantify": 3,
    "challenge": 5,
    "listening": 4,
    "summarize": 2,
    "candor": 4,
    "recommendation": 1,
    "stalls": None,
    "next_step": 5,
}


def test_each_overall_mapping_reads_the_observed_scores_only() -> None:
    script = load_script("lobo_overall_mapping")
    maps = script.fixed_mappings({c: 1.0 for c in SCORES})
    # eight observed scores, 28 in all; stalls (not observed) is left out
    assert maps["mean"](SCORES) == pytest.approx(3.5)
    assert maps["median"](SCORES) == pytest.approx(4.0)
    # without the highest (5) and the lowest (1): 22 / 6
    assert maps["trim1"](SCORES) == pytest.approx(22 / 6)
    # the worst of discovery, recommendation and next step is 1: at most 2 / 2.5
    assert maps["cap3_1"](SCORES) == pytest.approx(2.0)
    assert maps["cap3_1.5"](SCORES) == pytest.approx(2.5)
    assert maps["blend3_25"](SCORES) == pytest.approx(0.75 * 3.5 + 0.25 * 1)
    assert maps["mean"]({c: None for c in SCORES}) is None


def test_the_recommendation_grid_edits_only_the_caps_it_names() -> None:
    script = load_script("lobo_criterion_variants")
    variants = script.grid(load_rubric("expert-not-friend"), "recommendation")

    def caps(name: str) -> set[tuple[str, int]]:
        rec = next(c for c in variants[name].criteria if c.id == "recommendation")
        return {(cap.measure, cap.max) for cap in rec.score.caps}

    written = caps("as written")
    assert ("recommendations", 1) in written and ("recommendations", 2) not in written
    assert caps("no coverage cap") == written - {("needs_covered", 3)}
    rec = next(c for c in variants["shrink free of caps"].criteria if c.id == "recommendation")
    assert rec.score.shrink is not None and not rec.score.shrink.within_caps


def test_the_rec_free_bound_grid_binds_only_the_caps_it_names() -> None:
    # stop 41: rubric 2.19 ships "nothing-recommended and coverage caps bind", so on 2.19
    # that variant is as written
    script = load_script("lobo_criterion_variants")
    variants = script.grid(load_rubric("expert-not-friend"), "rec_free_bound")

    def binding(name: str) -> set[str]:
        rec = next(c for c in variants[name].criteria if c.id == "recommendation")
        assert rec.score.shrink is not None and not rec.score.shrink.within_caps
        return {cap.measure for cap in rec.score.caps if cap.binds_weighed}

    assert binding("as written") == {"recommendations", "needs_covered"}
    assert binding("free, nothing-recommended and coverage caps bind") == binding("as written")
    # a binding added by the grid never unbinds the shipped ones
    assert binding("free, nothing-recommended cap binds") >= {"recommendations"}


def test_the_coverage_grid_adds_a_needs_found_condition_to_the_coverage_cap_only() -> None:
    script = load_script("lobo_criterion_variants")
    variants = script.grid(load_rubric("expert-not-friend"), "coverage")

    def conditions(name: str) -> dict[str, tuple[tuple[str, float | None], ...]]:
        rec = next(c for c in variants[name].criteria if c.id == "recommendation")
        return {
            f"{cap.measure} {cap.max}": tuple((c.measure, c.at_least) for c in cap.also)
            for cap in rec.score.caps
        }

    written = conditions("as written")
    assert "needs_covered 3" not in conditions("no coverage cap")
    for n in (1, 2):
        edited = conditions(f"coverage cap with {n}+ needs")
        assert edited["needs_covered 3"] == (("needs_stated", n),)
        assert {k: v for k, v in edited.items() if k != "needs_covered 3"} == {
            k: v for k, v in written.items() if k != "needs_covered 3"
        }


def test_the_stop_39_pain_grids_edit_only_the_cuts_and_parts_they_name() -> None:
    script = load_script("lobo_criterion_variants")
    rubric = load_rubric("expert-not-friend")
    quantify = script.grid(rubric, "quantify_119")

    def cuts(name: str) -> tuple[float, ...]:
        crit = next(c for c in quantify[name].criteria if c.id == "quantify")
        return next(r.thresholds for r in crit.score.rules if r.measure == "quantified")

    assert cuts("as written") == cuts("top cut higher") == (1, 2, 4, 6)  # rubric 2.17
    assert cuts("every cut higher") == (2, 3, 5, 6) and cuts("three a 4") == (1, 2, 3, 5)
    discovery = script.grid(rubric, "discovery_pain")

    def parts(name: str) -> list[tuple[float, ...]]:
        crit = next(c for c in discovery[name].criteria if c.id == "discovery")
        return [r.thresholds for r in crit.score.rules if r.measure == "quantified_pain"]

    assert parts("as written") == [(1.5, 3, 4.5, 6)]
    assert parts("pain part twice at quantify's cuts") == [(1, 2, 4, 5)] * 2
    crit = next(
        c for c in discovery["at most 4 below 2 pain numbers"].criteria if c.id == "discovery"
    )
    assert ("quantified_pain", 2, 4) in {(c.measure, c.below, c.max) for c in crit.score.caps}
