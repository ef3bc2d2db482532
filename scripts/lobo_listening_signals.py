"""What the expert's listening rating follows, and which mapping of it cross-validates (stop 36).

    python scripts/lobo_listening_signals.py --cache DIR [--batches dev,open,...]

Read calls only (``tune_rubric._analysed``, gold reps). Prints, for each candidate signal
named below, its Spearman with the expert's listening rating over the calls, the number of
batches where it is positive within the batch, then a leave-one-batch-out (LOBO) grid of
mappings, named before scoring:

- ``as written``: the rubric's listening score (room half, follow-up half, mean_down);
- ``third part``: a rule on one signal, thresholds fitted on the other batches, as a third
  part of listening's mean_down beside the room and follow-up halves;
- ``replace follow-ups``: the room half and the fitted rule (the follow-up half dropped);
- ``alone``: the fitted rule alone.

Thresholds are four non-decreasing cut points taken from the training calls' deciles of the
signal (the lowest MAE on the training batches; ties: the earliest). Per held batch each
family and signal is fitted on the other batches, and the ``LOBO choice`` picks among the
families and signals by training MAE too. The untimed cap (at most 4 without monologue
times) is kept. Prints listening MAE / Spearman and the overall Spearman (plain mean of the
criteria, as rubric 2.9) with the held-out listening scores. Nothing is written.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import math
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.rubric_tuning import _score_specs, score_with
from callcoach.eval.salescalls import CRITERIA, spearman
from callcoach.scoring import Rubric, load_rubric
from callcoach.scoring.rubric import parse_rubric

FAMILIES = ("third part", "replace follow-ups", "alone")
# signals fitted by the mapping grid (higher is better for all: negatives are flipped)
FITTED = (
    "open_business_rate",
    "rep_question_rate",
    "follow_up_rate",
    "summaries",
    "buyer_words_per_turn",
    "buyer_word_share",
    "pred_discovery",
)


def part_rubric(rubric: Rubric, keep: str) -> Rubric:
    """``rubric`` with listening scored by its room rules (keep='room') or its follow-up rule
    (keep='follow') alone, caps kept."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, "listening"):
        rules = [r for r in spec["rules"] if (r.get("group") == "room") == (keep == "room")]
        spec["rules"] = copy.deepcopy(rules)
    return parse_rubric(yaml.safe_dump(data), source=f"<listening {keep}>")


def signals(item: Any, rubric: Rubric, room: Rubric, follow: Rubric) -> dict[str, float | None]:
    """The candidate signals of one analysed call."""
    res = score_with(rubric, item)
    card = res.scorecard
    m = {f"{c.id}.{v.id}": v.value for c in card.criteria for v in c.measures}
    call, roles = item.call, item.roles
    reps = set(roles.reps)
    utts = list(call.utterances)
    rep_words = sum(len(u.text.split()) for u in utts if u.speaker in reps)
    buyer = [len(u.text.split()) for u in utts if u.speaker not in reps]
    times = [t for u in utts for t in (u.start, u.end) if t is not None]
    minutes = (max(times) - min(times)) / 60 if len(times) >= 2 else None
    questions = [
        f
        for f in item.findings.get("question", ())
        if f.label == "question" and f.evidence and f.evidence[0].speaker in reps
    ]
    summaries = [
        f
        for f in item.findings.get("summarize", ())
        if f.label == "summarize" and f.evidence and f.evidence[0].speaker in reps
    ]
    follow_ups = m.get("listening.follow_ups")
    others = [res.criteria[c] for c in CRITERIA if c != "listening" and res.criteria.get(c)]
    rscore = score_with(room, item).criteria.get("listening")
    fscore = score_with(follow, item).criteria.get("listening")

    def per10(n: float) -> float | None:
        return None if not minutes else 10 * n / minutes

    return {
        "as_written": res.criteria.get("listening"),
        "room_part": rscore,
        "follow_part": fscore,
        "follow_ups": follow_ups,
        "follow_up_rate": None if follow_ups is None else per10(follow_ups),
        "talk_ratio": m.get("listening.talk_ratio"),
        "-interruptions": None
        if m.get("listening.interruptions") is None
        else -m["listening.interruptions"],  # type: ignore[operator]
        "-monologue": None if m.get("listening.monologue") is None else -m["listening.monologue"],  # type: ignore[operator]
        "customer_story": m.get("listening.customer_story"),
        "summaries": float(len(summaries)),
        "rep_question_rate": per10(len(questions)),
        "open_business_rate": m.get("discovery.open_business_rate"),
        "buyer_words_per_turn": statistics.fmean(buyer) if buyer else None,
        "buyer_longest_turn": float(max(buyer)) if buyer else None,
        "buyer_word_share": sum(buyer) / (sum(buyer) + rep_words) if buyer else None,
        "pred_discovery": res.criteria.get("discovery"),
        "pred_mean_others": statistics.fmean(others) if others else None,
        "untimed": float(m.get("listening.monologue") is None),
    }


def rule_score(x: float | None, cuts: tuple[float, ...]) -> int | None:
    return None if x is None else 1 + sum(x >= t for t in cuts)


def combine(parts: list[int | None], untimed: bool) -> int | None:
    got = [p for p in parts if p is not None]
    if not got:
        return None
    score = math.ceil(sum(got) / len(got) - 0.5)  # mean_down
    return min(score, 4) if untimed else score


def mapped(family: str, row: dict[str, Any], signal: str, cuts: tuple[float, ...]) -> int | None:
    new = rule_score(row[signal], cuts)
    untimed = bool(row["untimed"])
    if family == "third part":
        return combine([row["room_part"], row["follow_part"], new], untimed)
    if family == "replace follow-ups":
        return combine([row["room_part"], new], untimed)
    return combine([new], untimed)


def fit(rows: list[dict[str, Any]], family: str, signal: str) -> tuple[float, tuple[float, ...]]:
    """The cuts (from the rows' deciles of ``signal``) with the lowest listening MAE."""
    values = sorted(r[signal] for r in rows if r[signal] is not None)
    deciles = sorted({values[int(q * (len(values) - 1) / 10)] for q in range(1, 10)})
    best: tuple[float, tuple[float, ...]] = (math.inf, ())
    for cuts in itertools.combinations_with_replacement(deciles, 4):
        errs = [
            abs(p - r["gold"]) for r in rows if (p := mapped(family, r, signal, cuts)) is not None
        ]
        err = statistics.fmean(errs) if errs else math.inf
        if err < best[0] - 1e-9:
            best = (err, cuts)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    parser.add_argument("--cache", required=True, metavar="DIR")
    args = parser.parse_args(argv)
    batches = args.batches.split(",")
    rubric = load_rubric("expert-not-friend")
    room, follow = part_rubric(rubric, "room"), part_rubric(rubric, "follow")
    rows: dict[str, list[dict[str, Any]]] = {}
    for b in batches:
        rows[b] = []
        for item in _analysed(b, args.cache):
            gold = item.gold.criteria.get("listening")
            if gold is None:
                continue
            row = signals(item, rubric, room, follow)
            row.update(
                gold=float(gold),
                batch=b,
                id=item.gold.id,
                style=item.gold.style,
                crit=score_with(rubric, item).criteria,
                gold_overall=item.gold.overall,
            )
            rows[b].append(row)
    allrows = [r for b in batches for r in rows[b]]
    print(f"{len(allrows)} calls with a listening rating, {len(batches)} batches")
    names = [
        k
        for k in allrows[0]
        if k not in ("gold", "batch", "id", "style", "crit", "gold_overall", "untimed")
    ]
    print("| signal | Spearman with gold listening (n) | batches with within-batch ρ > 0 / < 0 |")
    print("|---|---:|---|")
    for name in names:
        ps = [(r[name], r["gold"]) for r in allrows if r[name] is not None]
        rho = spearman([p for p, _ in ps], [g for _, g in ps])
        pos = neg = 0
        for b in batches:
            bp = [(r[name], r["gold"]) for r in rows[b] if r[name] is not None]
            if len(bp) >= 3 and len({p for p, _ in bp}) > 1 and len({g for _, g in bp}) > 1:
                rb = spearman([p for p, _ in bp], [g for _, g in bp])
                pos += rb > 0
                neg += rb < 0
        print(f"| {name} | {rho:+.3f} ({len(ps)}) | {pos} / {neg} |")

    def overall_rho(pred: dict[str, int | None]) -> tuple[float, bool]:
        xs, gs, friend, expert = [], [], [], []
        for r in allrows:
            crit = dict(r["crit"])
            crit["listening"] = pred[r["id"]]
            got = [float(v) for v in crit.values() if v is not None]
            if not got or r["gold_overall"] is None:
                continue
            ov = statistics.fmean(got)
            xs.append(ov)
            gs.append(float(r["gold_overall"]))
            if r["style"] == "friend":
                friend.append(ov)
            elif r["style"] == "expert":
                expert.append(ov)
        return spearman(xs, gs), (max(friend) < min(expert)) if friend and expert else True

    def report(label: str, pred: dict[str, int | None]) -> None:
        ps = [(float(pred[r["id"]]), r["gold"]) for r in allrows if pred[r["id"]] is not None]  # type: ignore[arg-type]
        mae = statistics.fmean(abs(p - g) for p, g in ps)
        signed = statistics.fmean(p - g for p, g in ps)
        rho = spearman([p for p, _ in ps], [g for _, g in ps])
        orho, order = overall_rho(pred)
        print(
            f"| {label} | {mae:.3f} / {rho:.3f} (signed {signed:+.2f}) | {orho:.3f} | "
            f"{'yes' if order else 'NO'} |"
        )

    print()
    print("| mapping (held-out scores) | listening MAE / ρ | overall ρ | friend < expert |")
    print("|---|---:|---:|---|")
    report("as written", {r["id"]: r["as_written"] for r in allrows})
    choices: dict[str, list[str]] = {}
    lobo_pred: dict[str, dict[str, int | None]] = {}
    pick: dict[str, int | None] = {}
    for family in FAMILIES:
        for signal in FITTED:
            key = f"{family} · {signal}"
            lobo_pred[key] = {}
    for held in batches:
        train = [r for b in batches if b != held for r in rows[b]]
        base_err = statistics.fmean(
            abs(r["as_written"] - r["gold"]) for r in train if r["as_written"] is not None
        )
        best: tuple[float, str, tuple[float, ...]] = (base_err, "as written", ())
        for family in FAMILIES:
            for signal in FITTED:
                key = f"{family} · {signal}"
                err, cuts = fit(train, family, signal)
                for r in rows[held]:
                    lobo_pred[key][r["id"]] = mapped(family, r, signal, cuts)
                if err < best[0] - 1e-9:
                    best = (err, key, cuts)
        choices.setdefault(best[1], []).append(f"{held} {best[2]}")
        for r in rows[held]:
            pick[r["id"]] = (
                r["as_written"] if best[1] == "as written" else lobo_pred[best[1]][r["id"]]
            )
    for key, pred in lobo_pred.items():
        report(key, pred)
    report("**LOBO choice**", pick)
    print()
    for key, folds in choices.items():
        print(f"chosen {key}: {len(folds)} folds: {'; '.join(folds)}")
    for family in FAMILIES:
        for signal in FITTED:
            err, cuts = fit(allrows, family, signal)
            print(f"all calls: {family} · {signal}: in-sample MAE {err:.3f} cuts {cuts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
