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


def test_the_stop_42_listening_grids_add_the_tours_and_the_follow_up_filter_they_name() -> None:
    script = load_script("lobo_criterion_variants")
    rubric = load_rubric("expert-not-friend")
    tours = script.grid(rubric, "listening_tours_lenient")

    def rules(name: str, grid: dict) -> list[tuple[str | None, tuple[float, ...], bool]]:
        crit = next(c for c in grid[name].criteria if c.id == "listening")
        specs = [crit.score, *(o.score for o in crit.call_types.values() if o.score)]
        return [
            (r.group, r.thresholds, r.higher_is_better)
            for spec in specs
            for r in spec.rules
            if r.measure == "self_talk_tours"
        ]

    assert rules("as written", tours) == []
    # one room rule in the default spec and in each call type's (discovery, negotiation,
    # follow-up, demo, cold call), lower is better
    assert rules("tours in the room 4/6/8/12", tours) == [("room", (4, 6, 8, 12), False)] * 6
    third = script.grid(rubric, "listening_tours")["tours a third part 1/2.5/4.5/7"]
    assert {g for g, _, _ in rules("x", {"x": third})} == {None}
    crit = next(c for c in tours["tours in the room 4/6/8/12"].criteria if c.id == "listening")
    assert [m.id for m in crit.measures].count("self_talk_tours") == 1
    follow = script.grid(rubric, "listening_follow")

    def dropped(name: str) -> list[str]:
        crit = next(c for c in follow[name].criteria if c.id == "listening")
        measure = next(m for m in crit.measures if m.id == "follow_ups")
        assert measure.findings is not None
        got = measure.findings.not_overlaps
        if got is None:
            return []
        return sorted(f.detector for f in (got if isinstance(got, tuple) else (got,)))

    assert dropped("as written") == []
    assert dropped("follow-ups not small talk, a step or an aside") == [
        "next_step",
        "question_topic",
        "small_talk",
    ]


def test_a_rep_touring_our_firm_loses_the_prospects_room_under_the_tours_grid() -> None:
    # Invented: a rep who walks the buyer through the firm's history, clients and features
    # instead of asking; 295 s timed, so each tour is 2.03 per 10 minutes.
    from callcoach.model import Evidence, Finding, Metric, RoleAssignment
    from callcoach.scoring import score_call
    from callcoach.testing import make_call

    call = make_call(
        [
            ("Rep", "Thanks for making time this morning."),
            ("Prospect", "Sure. Our depots swap the van rota by spreadsheet."),
            ("Rep", "We started in a garage in 2009 and now run four offices."),
            ("Prospect", "Right."),
            ("Rep", "Half the couriers up north already plan their routes on us."),
            ("Prospect", "Okay."),
            ("Rep", "Our planner also prints the loading list for every van."),
            ("Prospect", "Hm."),
            ("Rep", "And the new dashboard shows fuel per drop, which clients love."),
            ("Prospect", "I see."),
        ],
        slot=30.0,
        speaking=25.0,
    )
    roles = RoleAssignment({"Rep": "rep", "Prospect": "prospect"}, 1.0, "explicit")
    metrics = (
        Metric("talk_ratio_time", 45.0, "%", "rep share of time"),
        Metric("longest_monologue", 25.0, "s", "longest rep monologue"),
    )
    script = load_script("lobo_criterion_variants")
    variant = script.grid(load_rubric("expert-not-friend"), "listening_tours_lenient")[
        "tours in the room 4/6/8/12"
    ]

    def listening(tours: int) -> int | None:
        found = tuple(
            Finding("self_talk", "1", "self_talk", 0.9, (Evidence.of(call.utterances[i]),))
            for i in (2, 4, 6, 8)[:tours]
        )
        card = score_call(
            variant, call, roles, metrics, {"listening": (), "question": (), "self_talk": found}
        )
        return card.criterion("listening").score

    # no follow-up question: that half is 1; the room half is 5 while the tours stay at or
    # under 4 per 10 minutes, then 4 (6 or under), 3 (8), 2 (12): (5 + 1) / 2 = 3;
    # (4 + 1) / 2 and (2 + 1) / 2 rounded a half down, 2 and 1
    assert [listening(n) for n in (0, 1, 2, 4)] == [3, 3, 2, 1]
