"""Score rubric variants on blind sets from one analysis per call (aggregates only, stop 36).

    python scripts/sealed_rubric_variants.py --sets sealed,sealed2,... --variants NAMES

Each call is analysed once as ``scripts/blind_salescalls.py`` does (``evaluate_salescalls``),
and each named variant re-scores the stored findings (``score_with``). Prints, per variant,
the pooled criterion MAE / Spearman of every criterion, all criteria's MAE, the overall
Spearman and whether every friend-style call is below every expert (pooled and per set).
Nothing per call is printed or written. Every variant named counts as one scoring of the
sealed sets (at most 3 per branch). Variants: ``main`` (the rubric as shipped),
``listening_obr`` and ``next_step_keep50`` (``scripts/lobo_criterion_variants.py``); stop 36
scored the three at rubric 2.9 (docs/rubrics.md). Stop 37 (at rubric 2.10): ``main``,
``rec_no_norec_cap`` (recommendation's "no recommendation was found" cap dropped) and
``rec_no_norec_cap_listening_obr`` (that and listening's open-business-rate part). Stop 37,
second rubric helper (at rubric 2.11): ``main``, ``rec_no_coverage_cap`` (the 0 % coverage
cap dropped) and ``rec_coverage_cap_2_needs`` (that cap only when two or more stated needs
were found). Stop 37, third rubric helper (at 2.11): ``main`` and ``booked_days`` (also
``booked_days_rep``, not scored: the stalls criterion's ``booked_close`` grid of
``lobo_criterion_variants.py``). Stop 37, fourth rubric helper (at 2.11): ``main``,
``stall_unprobed2`` (stalls at most 2 when no stall was probed or reframed) and
``stall_accepted1`` (at most 1 when, too, every answer was read as accepted or unanswered);
``stall_booked_if_probed``, ``stall_unprobed2_2stalls`` and ``stall_accepted2`` not scored.
Stop 38 (rubric helper, at 2.11): ``main`` and ``discovery_quantify`` (quantify's rule as a
fourth part of discovery, a half rounded up: the ``discovery`` grid's LOBO choice);
``discovery_quantify_down`` and ``discovery_stretch`` not scored. Stop 38, second rubric
helper (at 2.12): ``quantify_1234``, ``quantify_lower``, ``quantify_top_lower``,
``candor_one2``, ``candor_higher`` (the ``quantify`` and ``candor`` grids); which were
scored is in docs/rubrics.md. Stop 38, third rubric helper (at 2.13): ``candor_lift4``,
``candor_lift3`` (the ``candor_cap`` grid); which was scored is in docs/rubrics.md.
Stop 39, rubric helper (at 2.14): ``rec_little_cap_dropped`` (recommendation's "a
recommendation on little discovery", at most 3, dropped) and
``rec_keep375_little_cap_dropped`` (that and recommendation weighed keep 0.375): the
``rec_discovery_cap`` grid; scored with ``main`` in one run (three scorings). Rubric 2.15
ships the first: on 2.15 ``main`` is it. Stop 39, second rubric helper (at 2.15):
``stall_some_accepted3`` (stalls at most 3 when an answer to a stall was read as accepted
or unanswered), ``stall_some_accepted3_unprobed2`` and ``stall_some_accepted3_accepted1``
(the ``stall_handling`` grid), ``stall_some_accepted3_others`` and
``stall_some_accepted3_accepted1_others`` (the same with the other criteria's weighing
reading the stalls score before those caps: ``stall_handling_others``); scored: ``main``,
``stall_some_accepted3_accepted1`` and ``stall_some_accepted3_accepted1_others`` in one run
(three scorings). Rubric 2.16 ships the last: on 2.16 ``main`` is it.
Stop 39, fourth rubric helper (at 2.16, after quantified_pain 1.19): ``quantify_top6``,
``quantify_top56``, ``quantify_higher``, ``quantify_three4`` (the ``quantify_119`` grid)
and ``discovery_pain_qcuts``, ``discovery_pain_higher``, ``discovery_pain_twice``,
``discovery_pain_twice_qcuts``, ``discovery_pain_cap`` (the ``discovery_pain`` grid);
which were scored is in docs/rubrics.md.
Stop 40, rubric helper (at 2.17): ``listening_obr_unseen`` (the ``listening_unseen``
grid), ``listening_obr_unseen_fit84`` and ``listening_obr_unseen_max4`` (the
``listening_unseen_cuts`` grid), ``rec_thin1`` and ``rec_thin2`` (the ``rec_thin`` grid);
scored: ``main``, ``listening_obr_unseen`` and ``listening_obr_unseen_max4`` in one run (three
scorings); the others not (docs/rubrics.md).
Stop 40, second rubric helper (at 2.17, after candor 1.20 and summarize 1.8.6):
``summarize_framed`` (a ``framed`` recap counts for breadth whatever its head: the
``summarize_framed`` grid), ``summarize_framed_no5``, ``summarize_head05`` and
``candor_120_lift3`` (the ``candor_120`` grid); scored: ``main`` and ``summarize_framed`` in
one run (two scorings). Rubric 2.18 ships ``summarize_framed``: on 2.18 ``main`` is it.
Stop 41, rubric helper (at 2.18, needs_coverage 1.21): ``rec_free`` (recommendation's
weighing free of its caps), ``rec_free_keep375`` and ``rec_free_keep125`` (the same at keep
0.375 / 0.125): the ``rec_free`` grid; ``rec_free_bound``, ``rec_free_bound_cover`` and
``rec_free_bound_keep375`` (the ``rec_free_bound`` grid: free, but the "nothing recommended
after no discovery" cap, and the 0 % coverage cap, still bind); scored: ``main``,
``rec_free_bound`` and ``rec_free_bound_cover`` in one run (three scorings). Rubric 2.19
ships ``rec_free_bound_cover``: on 2.19 ``main`` is it.
Stop 42, listening helper (at 2.19): ``listening_fu_plain`` (listening's follow-ups without
small talk, a proposed step or an aside), ``listening_fu_plain4`` (that with cut points
1 / 2 / 3 / 4) and ``listening_fu4`` (as written with those cut points): the
``listening_follow`` grid; ``listening_tours_room``, ``listening_tours_room2``,
``listening_tours_third`` and ``listening_tours_room2_fu`` (the ``listening_tours`` grid: the
rep's self-talk tours per 10 minutes in the room part or as a third part);
``listening_tours_25``, ``listening_tours_3``, ``listening_tours_4`` and ``listening_tours_5``
(the ``listening_tours_lenient`` grid: the tours in the room part at later cut points);
scored: ``listening_tours_4`` alone (one scoring; main's numbers are the lead's), not shipped
(docs/rubrics.md).
Each line also counts the calls whose recommendation is
rated one or more above the expert's, the cards with 0 % of the needs covered next to a 4
and the calls whose stalls criterion is rated one or more too high (counts only), and the
calls whose summarize is rated one or more too high or too low.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lobo_criterion_variants import grid

from callcoach.eval.rubric_tuning import score_with, with_shrink
from callcoach.eval.salescalls import CRITERIA, evaluate_salescalls, scorecard_summary
from callcoach.scoring import load_rubric

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "salescalls_blind"
#: The sets this script may score: the open (read) batches and the sealed aggregates of
#: stop 42; the lead's fresh batches (open22 … and sealed22 …) are refused.
ALLOWED = {"open", "sealed"} | {f"{k}{n}" for k in ("open", "sealed") for n in range(2, 22)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True)
    parser.add_argument("--variants", required=True)
    args = parser.parse_args()
    names = args.sets.split(",")
    refused = sorted(set(names) - ALLOWED)
    if refused:
        parser.error(f"refused sets {refused}: only {sorted(ALLOWED)}")
    base = load_rubric("expert-not-friend")
    known = {
        "main": lambda: base,
        "listening_obr": lambda: grid(base, "listening")["open business rate part"],
        "next_step_keep50": lambda: with_shrink(base, "next_step", 0.5),
        "rec_no_norec_cap": lambda: grid(base, "recommendation")["no no-rec cap"],
        "rec_no_norec_cap_listening_obr": lambda: grid(
            grid(base, "recommendation")["no no-rec cap"], "listening"
        )["open business rate part"],
        "rec_no_coverage_cap": lambda: grid(base, "coverage")["no coverage cap"],
        "rec_coverage_cap_2_needs": lambda: grid(base, "coverage")["coverage cap with 2+ needs"],
        "booked_days": lambda: grid(base, "booked_close")["distinct days"],
        "booked_days_rep": lambda: grid(base, "booked_close")["distinct days, rep/both steps"],
        "stall_unprobed2": lambda: grid(base, "stall_probe")["unprobed at most 2"],
        "stall_unprobed2_2stalls": lambda: grid(base, "stall_probe")[
            "unprobed at most 2, 2+ stalls"
        ],
        "stall_booked_if_probed": lambda: grid(base, "stall_probe")["booked only if probed"],
        "stall_accepted2": lambda: grid(base, "stall_accepted")["all accepted at most 2"],
        "stall_accepted1": lambda: grid(base, "stall_accepted")["all accepted at most 1"],
        "discovery_quantify": lambda: grid(base, "discovery")["quantify part, half up"],
        "discovery_quantify_down": lambda: grid(base, "discovery")["quantify part"],
        "discovery_stretch": lambda: grid(base, "discovery")["stretch 1.5"],
        "quantify_1234": lambda: grid(base, "quantify")["1/2/3/4"],
        "quantify_lower": lambda: grid(base, "quantify")["one count lower"],
        "quantify_top_lower": lambda: grid(base, "quantify")["top cuts lower"],
        "candor_one2": lambda: grid(base, "candor")["one moment a 2"],
        "candor_higher": lambda: grid(base, "candor")["one step higher"],
        "candor_lift4": lambda: grid(base, "candor_cap")["lift at 4 of 2 kinds"],
        "candor_lift3": lambda: grid(base, "candor_cap")["lift at 3 of 2 kinds"],
        "rec_little_cap_dropped": lambda: grid(base, "rec_discovery_cap")[
            "little-discovery cap dropped"
        ],
        "rec_keep375_little_cap_dropped": lambda: grid(base, "rec_discovery_cap")[
            "keep 0.375, little-discovery cap dropped"
        ],
        "stall_some_accepted3": lambda: grid(base, "stall_handling")["an accepted stall at most 3"],
        "stall_some_accepted3_unprobed2": lambda: grid(base, "stall_handling")[
            "accepted at most 3, unprobed at most 2"
        ],
        "stall_some_accepted3_accepted1": lambda: grid(base, "stall_handling")[
            "accepted at most 3, all accepted at most 1"
        ],
        "stall_some_accepted3_others": lambda: grid(base, "stall_handling_others")[
            "accepted at most 3, others read before"
        ],
        "stall_some_accepted3_accepted1_others": lambda: grid(base, "stall_handling_others")[
            "both caps, others read before"
        ],
        "quantify_top6": lambda: grid(base, "quantify_119")["top cut higher"],
        "quantify_top56": lambda: grid(base, "quantify_119")["top two cuts higher"],
        "quantify_higher": lambda: grid(base, "quantify_119")["every cut higher"],
        "quantify_three4": lambda: grid(base, "quantify_119")["three a 4"],
        "discovery_pain_qcuts": lambda: grid(base, "discovery_pain")[
            "pain part at quantify's cuts"
        ],
        "discovery_pain_higher": lambda: grid(base, "discovery_pain")["pain part one higher"],
        "discovery_pain_twice": lambda: grid(base, "discovery_pain")["pain part twice"],
        "discovery_pain_twice_qcuts": lambda: grid(base, "discovery_pain")[
            "pain part twice at quantify's cuts"
        ],
        "discovery_pain_cap": lambda: grid(base, "discovery_pain")[
            "at most 4 below 2 pain numbers"
        ],
        "listening_obr_unseen": lambda: grid(base, "listening_unseen")[
            "open business rate part, others read without"
        ],
        "listening_obr_unseen_fit84": lambda: grid(base, "listening_unseen_cuts")[
            "unseen part 0.9/1.29/3.11/3.11"
        ],
        "listening_obr_unseen_max4": lambda: grid(base, "listening_unseen_cuts")[
            "unseen part at most 4"
        ],
        "rec_thin1": lambda: grid(base, "rec_thin")["weighed while recommendations <= 1"],
        "rec_thin2": lambda: grid(base, "rec_thin")["weighed while recommendations <= 2"],
        "summarize_framed": lambda: grid(base, "summarize_framed")["framed counts for breadth"],
        "summarize_framed_no5": lambda: grid(base, "summarize_framed")[
            "framed counts, no 5 from it"
        ],
        "summarize_head05": lambda: grid(base, "summarize_framed")["every summary from head 0.5"],
        "candor_120_lift3": lambda: grid(base, "candor_120")["lift at 3 of 2 kinds"],
        "rec_free": lambda: grid(base, "rec_free")["shrink free of caps"],
        "rec_free_keep375": lambda: grid(base, "rec_free")["free of caps, keep 0.375"],
        "rec_free_keep125": lambda: grid(base, "rec_free")["free of caps, keep 0.125"],
        "rec_free_bound": lambda: grid(base, "rec_free_bound")[
            "free, nothing-recommended cap binds"
        ],
        "rec_free_bound_cover": lambda: grid(base, "rec_free_bound")[
            "free, nothing-recommended and coverage caps bind"
        ],
        "rec_free_bound_keep375": lambda: grid(base, "rec_free_bound")[
            "free, nothing-recommended cap binds, keep 0.375"
        ],
        "listening_fu_plain": lambda: grid(base, "listening_follow")[
            "follow-ups not small talk, a step or an aside"
        ],
        "listening_fu_plain4": lambda: grid(base, "listening_follow")["those follow-ups, 1/2/3/4"],
        "listening_fu4": lambda: grid(base, "listening_follow")["as written, 1/2/3/4"],
        "listening_tours_room": lambda: grid(base, "listening_tours")[
            "tours in the room 1/2.5/4.5/7"
        ],
        "listening_tours_room2": lambda: grid(base, "listening_tours")["tours in the room 2/4/6/9"],
        "listening_tours_third": lambda: grid(base, "listening_tours")[
            "tours a third part 1/2.5/4.5/7"
        ],
        "listening_tours_room2_fu": lambda: grid(base, "listening_tours")[
            "tours in the room 2/4/6/9, plain follow-ups 1/2/3/4"
        ],
        "listening_tours_25": lambda: grid(base, "listening_tours_lenient")[
            "tours in the room 2.5/4.5/6.5/9"
        ],
        "listening_tours_3": lambda: grid(base, "listening_tours_lenient")[
            "tours in the room 3/5/7/10"
        ],
        "listening_tours_4": lambda: grid(base, "listening_tours_lenient")[
            "tours in the room 4/6/8/12"
        ],
        "listening_tours_5": lambda: grid(base, "listening_tours_lenient")[
            "tours in the room 5/7/9/12"
        ],
    }
    variants = {n: known[n]() for n in args.variants.split(",")}
    analysed = {}
    for name in names:
        _, results = evaluate_salescalls(str(ROOT / name))
        analysed[name] = [r.analysed for r in results if r.analysed is not None]
    for vname, rubric in variants.items():
        per_set = {n: [score_with(rubric, a) for a in items] for n, items in analysed.items()}
        pooled = [x for xs in per_set.values() for x in xs]
        s = scorecard_summary(pooled)
        crits = ", ".join(
            f"{c} {s['criteria'][c]['mae']}/{s['criteria'][c]['spearman']}" for c in CRITERIA
        )
        high = zero4 = stalls_high = stalls_low = disc_high = disc_low = 0
        cand_high = cand_low = cand_friend_high = summ_high = summ_low = 0
        lis_high = lis_low = 0
        for x in pooled:
            p, g = x.criteria.get("listening"), x.gold_criteria.get("listening")
            lis_high += p is not None and g is not None and p - g >= 1
            lis_low += p is not None and g is not None and g - p >= 1
            p, g = x.criteria.get("summarize"), x.gold_criteria.get("summarize")
            summ_high += p is not None and g is not None and p - g >= 1
            summ_low += p is not None and g is not None and g - p >= 1
            p, g = x.criteria.get("candor"), x.gold_criteria.get("candor")
            cand_high += p is not None and g is not None and p - g >= 1
            cand_low += p is not None and g is not None and g - p >= 1
            cand_friend_high += (
                p is not None and g is not None and p - g >= 1 and x.style != "expert"
            )
            p, g = x.criteria.get("discovery"), x.gold_criteria.get("discovery")
            disc_high += p is not None and g is not None and p - g >= 1
            disc_low += p is not None and g is not None and g - p >= 1
            p, g = x.criteria.get("stalls"), x.gold_criteria.get("stalls")
            stalls_high += p is not None and g is not None and p - g >= 1
            stalls_low += p is not None and g is not None and g - p >= 1
            rec = x.scorecard.criterion("recommendation") if x.scorecard else None
            if rec is None or rec.score is None:
                continue
            gold = x.gold_criteria.get("recommendation")
            high += gold is not None and rec.score - gold >= 1
            covered = next((m.value for m in rec.measures if m.id == "needs_covered"), None)
            zero4 += rec.score >= 4 and covered == 0
        order = sum(scorecard_summary(xs)["friend_below_expert"] for xs in per_set.values())
        print(
            f"{vname} ({len(pooled)} calls): all criteria MAE {s['criterion_mae']}, overall "
            f"Spearman {s['overall_spearman']}, friend < expert {s['friend_below_expert']} "
            f"(sets {order}/{len(per_set)}); recommendation rated too high {high}, 0 % covered "
            f"next to a 4 {zero4}, stalls rated too high {stalls_high}, too low {stalls_low}, "
            f"discovery rated too high {disc_high}, too low {disc_low}, candor rated too high "
            f"{cand_high} (not expert-style {cand_friend_high}), too low {cand_low}, summarize "
            f"rated too high {summ_high}, too low {summ_low}, listening rated too high "
            f"{lis_high}, too low {lis_low}; "
            f"{crits}"
        )


if __name__ == "__main__":
    main()
