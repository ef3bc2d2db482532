"""Tune a rubric's thresholds against the expert's ratings by leave-one-call-out.

The detectors run once per call (``analyses``); a rubric variant only rescores the stored
findings, so trying many variants is cheap. Each criterion has two tunable knobs: a
*scale* applied to every threshold (and every step of a target rule) of that criterion
(1.0 = the rubric as written) and how its rules combine (as written, mean or min). For
each held-out call, every criterion's knobs are chosen on the other calls (smallest mean
absolute error against the expert, ties to the candidate listed first: the rubric as
written), and the held-out call is scored with the rubric so assembled. The numbers
this reports were never fitted on the call they are measured on.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from callcoach.eval.salescalls import (
    CRITERIA,
    AnalysedCall,
    CallResult,
    GoldCall,
    leave_one_call_out,
    scorecard_summary,
)
from callcoach.scoring import Rubric, load_rubric, score_call
from callcoach.scoring.rubric import parse_rubric

__all__ = [
    "COMBINES",
    "SCALES",
    "AnalysedCall",
    "LocoScorecards",
    "analyses",
    "fit_scales",
    "loco_scorecards",
    "loco_variants",
    "scaled",
    "score_with",
    "single_miss_changes",
]

# 1.0 first: on a tie the rubric as written wins.
SCALES: tuple[float, ...] = (1.0, 0.5, 0.67, 0.8, 1.25, 1.5, 2.0)
# Offered to ``loco_scorecards(combines=COMBINES)``; off by default: with 12 calls the
# extra choice overfits (leave-one-call-out MAE got worse when it was on).
COMBINES: tuple[str, ...] = ("as written", "mean", "min")
Knobs = tuple[float, str]  # (scale, combine)


def analyses(gold: Sequence[GoldCall], embedder: Any = None) -> list[AnalysedCall]:
    """Run every detector once per call that loads (with ``--rep`` = the gold reps)."""
    from callcoach.api import analyze
    from callcoach.errors import CallcoachError
    from callcoach.ingest import load_call

    out = []
    for g in gold:
        try:
            call = load_call(g.path)
            if not call.has_speakers:
                continue
            a = analyze(call, rep=list(g.reps), embedder=embedder)
        except CallcoachError:
            continue
        out.append(AnalysedCall(g, call, a.roles, tuple(a.metrics), dict(a.findings)))
    return out


def score_with(rubric: Rubric, item: AnalysedCall) -> CallResult:
    """The held-out style result of one call under ``rubric`` (criteria and overall)."""
    card = score_call(rubric, item.call, item.roles, item.metrics, item.findings)
    ids = {c.id: c.score for c in card.criteria}
    return CallResult(
        id=item.gold.id,
        style=item.gold.style,
        call_type=item.gold.call_type,
        criteria={name: ids.get(name) for name in CRITERIA},
        gold_criteria=item.gold.criteria,
        overall=card.overall,
        gold_overall=item.gold.overall,
        guessed_call_type=card.call_type,
        scorecard=card,
    )


def _scale_rule(rule: dict[str, Any], factor: float) -> None:
    for key in ("thresholds", "steps", "steps_below"):
        if rule.get(key) is not None:
            rule[key] = [round(float(v) * factor, 4) for v in rule[key]]


def scaled(
    rubric: Rubric, scales: Mapping[str, float], combines: Mapping[str, str] | None = None
) -> Rubric:
    """``rubric`` with every threshold and step of criterion ``c`` multiplied by ``scales[c]``
    and its rules combined by ``combines[c]`` ("mean", "min"; "as written" keeps it)."""
    combines = combines or {}
    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for criterion in data["criteria"]:
        factor = scales.get(criterion["id"], 1.0)
        combine = combines.get(criterion["id"], "as written")
        specs = [criterion["score"]]
        specs += [o["score"] for o in criterion["call_types"].values() if o.get("score")]
        for spec in specs:
            if combine != "as written":
                spec["combine"] = combine
            if factor != 1.0:
                for rule in spec["rules"]:
                    _scale_rule(rule, factor)
    import yaml

    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} scaled>")


def _criterion_mae(results: Sequence[CallResult], criterion: str) -> float:
    errors = [
        abs(float(p) - float(g))
        for r in results
        if (p := r.criteria.get(criterion)) is not None
        and (g := r.gold_criteria.get(criterion)) is not None
    ]
    return statistics.fmean(errors) if errors else 0.0


@dataclass(frozen=True)
class LocoScorecards:
    """Held-out results (one per call) and the knobs (scale, combine) chosen in each fold."""

    results: tuple[CallResult, ...]
    chosen: tuple[Mapping[str, Knobs], ...]
    in_sample: tuple[CallResult, ...]  # the rubric as written, on every call (for contrast)

    def summary(self) -> dict[str, Any]:
        return {
            "loco": scorecard_summary(self.results),
            "as_written": scorecard_summary(self.in_sample),
            "chosen": [{k: list(v) for k, v in c.items()} for c in self.chosen],
        }


def loco_scorecards(
    items: Sequence[AnalysedCall],
    rubric: Rubric | str = "expert-not-friend",
    scales: Sequence[float] = SCALES,
    combines: Sequence[str] = ("as written",),
) -> LocoScorecards:
    """Leave-one-call-out scorecards: per fold, each criterion's knobs chosen on the rest."""
    base = load_rubric(rubric) if isinstance(rubric, str) else rubric
    criteria = [c.id for c in base.criteria]
    knobs: list[Knobs] = [(s, c) for c in combines for s in scales]
    # Per knob setting, every call's result: criteria are scored independently, so one
    # rubric per setting (all criteria alike) gives every criterion's score under it.
    by_knob = {
        k: [
            score_with(
                scaled(base, dict.fromkeys(criteria, k[0]), dict.fromkeys(criteria, k[1])), i
            )
            for i in items
        ]
        for k in knobs
    }
    index = {id(item): n for n, item in enumerate(items)}
    chosen_per_criterion: dict[str, list[Knobs]] = {}
    for criterion in criteria:

        def objective(train: Sequence[AnalysedCall], k: Knobs, c: str = criterion) -> float:
            rows = [by_knob[k][index[id(t)]] for t in train]
            return -_criterion_mae(rows, c)

        loco = leave_one_call_out(list(items), knobs, objective, lambda _i, k: k)
        chosen_per_criterion[criterion] = [f.chosen for f in loco.folds]
    results, chosen = [], []
    for n, item in enumerate(items):
        picks = {c: chosen_per_criterion[c][n] for c in criteria}
        chosen.append(picks)
        tuned = scaled(
            base, {c: k[0] for c, k in picks.items()}, {c: k[1] for c, k in picks.items()}
        )
        results.append(score_with(tuned, item))
    in_sample = tuple(by_knob[(1.0, "as written")])
    return LocoScorecards(tuple(results), tuple(chosen), in_sample)


def fit_scales(
    items: Sequence[AnalysedCall],
    rubric: Rubric | str = "expert-not-friend",
    scales: Sequence[float] = SCALES,
) -> dict[str, tuple[float, float]]:
    """Per criterion, the scale with the smallest MAE on *all* ``items`` and that MAE.

    This is the final fit a shipped rubric uses; its error is optimistic by construction.
    Quote ``loco_scorecards`` for how well the procedure does on calls it has not seen.
    """
    base = load_rubric(rubric) if isinstance(rubric, str) else rubric
    criteria = [c.id for c in base.criteria]
    by_scale = {
        s: [score_with(scaled(base, dict.fromkeys(criteria, s)), i) for i in items] for s in scales
    }
    best: dict[str, tuple[float, float]] = {}
    for c in criteria:
        ranked = [(_criterion_mae(by_scale[s], c), n, s) for n, s in enumerate(scales)]
        mae, _, scale = min(ranked)
        best[c] = (scale, round(mae, 4))
    return best


def loco_variants(
    items: Sequence[AnalysedCall], variants: Mapping[str, Rubric], criterion: str
) -> tuple[float, tuple[str, ...]]:
    """Leave-one-call-out choice between whole rubric ``variants`` (a changed cap or rule,
    not a scale) for one ``criterion``: per fold the variant with the smallest MAE on the
    other calls (ties: the first variant), the held-out call scored with it. Returns the
    held-out MAE and the variant chosen in each fold.
    """
    names = list(variants)
    rows = {n: [score_with(variants[n], i) for i in items] for n in names}
    index = {id(item): k for k, item in enumerate(items)}

    def objective(train: Sequence[AnalysedCall], name: str) -> float:
        return -_criterion_mae([rows[name][index[id(t)]] for t in train], criterion)

    loco = leave_one_call_out(
        list(items), names, objective, lambda item, name: rows[name][index[id(item)]]
    )
    held = [f.result for f in loco.folds]
    return round(_criterion_mae(held, criterion), 4), tuple(f.chosen for f in loco.folds)


def single_miss_changes(
    items: Sequence[AnalysedCall], rubric: Rubric | str = "expert-not-friend"
) -> dict[str, dict[str, Any]]:
    """How far one missed finding moves each criterion: every finding of every call is
    dropped in turn (as a detector with lower recall on a new voice would miss it) and the
    call rescored. Per criterion: the histogram of score changes (score with the finding
    minus score without) and the largest, with the call, detector and label behind it.
    Only the detectors a criterion's measures read are dropped for it.
    """
    base_rubric = load_rubric(rubric) if isinstance(rubric, str) else rubric
    readers: dict[str, set[str]] = {}
    for criterion in base_rubric.criteria:
        names: set[str] = set()
        for m in criterion.measures:
            for wanted in (m.findings, m.of):
                stack = [wanted] if wanted is not None else []
                while stack:
                    f = stack.pop()
                    names.add(f.detector)
                    for inner in (f.overlaps, f.not_overlaps):
                        if isinstance(inner, tuple):
                            stack.extend(inner)
                        elif inner is not None:
                            stack.append(inner)
        readers[criterion.id] = names
    out: dict[str, dict[str, Any]] = {
        c: {"changes": {}, "largest": 0, "where": None} for c in readers
    }
    for item in items:
        base = {c.id: c.score for c in _card(base_rubric, item, item.findings).criteria}
        detectors = {d for names in readers.values() for d in names}
        for detector in sorted(detectors):
            found = tuple(item.findings.get(detector, ()))
            for k, dropped in enumerate(found):
                fewer = {**item.findings, detector: found[:k] + found[k + 1 :]}
                card = _card(base_rubric, item, fewer)
                for c in card.criteria:
                    if detector not in readers[c.id] or c.score is None:
                        continue
                    before = base.get(c.id)
                    if before is None:
                        continue
                    delta = before - c.score
                    row = out[c.id]
                    row["changes"][delta] = row["changes"].get(delta, 0) + 1
                    if abs(delta) > abs(row["largest"]):
                        row["largest"] = delta
                        row["where"] = (item.gold.id, detector, dropped.label)
    for row in out.values():
        row["changes"] = dict(sorted(row["changes"].items()))
    return out


def _card(rubric: Rubric, item: AnalysedCall, findings: Mapping[str, Any]) -> Any:
    return score_call(rubric, item.call, item.roles, item.metrics, findings)


# ---- robustness to the misses of detectors on calls they were not written on ----

# Share of each detector's findings that a fresh call's detector misses: 1 − recall on the
# invented blind calls nobody had read (sb17–24, docs/evaluation/blind-salescalls.md),
# rounded. The read calls' detectors are in-sample (recall 0.8–1.0 there), so a rubric
# chosen on them alone trusts every finding; these rates make the same calls look like
# fresh ones.
FRESH_MISS: Mapping[str, float] = {
    "stall": 0.5,
    "stall_response": 0.4,
    "quantified_pain": 0.5,
    "summarize": 0.5,
    "challenge": 0.3,
    "candor": 0.5,
    "next_step": 0.4,
    "needs_coverage": 0.5,
    "self_talk": 0.5,
    "question": 0.1,
    "question_topic": 0.1,
    "question_type": 0.1,
    "listening": 0.3,
    "small_talk": 0.3,
}
# A stall's handling read the other way round (probed ↔ accepted): about a third of the
# handlings found on the fresh calls.
FRESH_FLIP = 0.3
_FLIPPED = {
    "probed": "accepted",
    "reframed": "accepted",
    "accepted": "probed",
    "unanswered": "probed",
}
_ALWAYS_KEPT = frozenset({"self_talk_share"})  # one per call: a share, not a moment


def degraded(
    item: AnalysedCall,
    seed: int,
    miss: Mapping[str, float] = FRESH_MISS,
    flip: float = FRESH_FLIP,
) -> AnalysedCall:
    """``item`` with each finding dropped at its detector's ``miss`` rate and a stall's
    handling flipped at ``flip`` (seeded, so a variant comparison sees the same misses)."""
    import random
    from dataclasses import replace

    rng = random.Random(f"{item.gold.id}:{seed}")
    out: dict[str, tuple[Any, ...]] = {}
    for detector in sorted(item.findings):
        rate = miss.get(detector, 0.0)
        kept = []
        for f in item.findings[detector]:
            if f.label not in _ALWAYS_KEPT and rng.random() < rate:
                continue
            if detector == "stall_response" and f.label in _FLIPPED and rng.random() < flip:
                f = replace(f, label=_FLIPPED[f.label])
            kept.append(f)
        out[detector] = tuple(kept)
    return replace(item, findings=out)


def loco_variants_robust(
    items: Sequence[AnalysedCall],
    variants: Mapping[str, Rubric],
    criterion: str,
    seeds: int = 8,
) -> dict[str, Any]:
    """Leave one call out between rubric ``variants`` for ``criterion``, choosing on the
    other calls by their MAE as analysed plus their mean MAE with fresh-call misses
    (``degraded``, ``seeds`` draws). Returns the held-out MAE as analysed and with misses,
    the variant chosen per fold, and each variant's in-sample numbers for contrast."""
    names = list(variants)
    noisy = [[degraded(i, s) for s in range(seeds)] for i in items]

    def errors(name: str, results: Sequence[CallResult]) -> list[float]:
        return [
            abs(float(p) - float(g))
            for r in results
            if (p := r.criteria.get(criterion)) is not None
            and (g := r.gold_criteria.get(criterion)) is not None
        ]

    clean = {n: [score_with(variants[n], i) for i in items] for n in names}
    dirty = {n: [[score_with(variants[n], d) for d in ds] for ds in noisy] for n in names}

    def call_error(name: str, k: int) -> tuple[float | None, float | None]:
        c = errors(name, [clean[name][k]])
        d = errors(name, dirty[name][k])
        return (c[0] if c else None, statistics.fmean(d) if d else None)

    table = {n: [call_error(n, k) for k in range(len(items))] for n in names}

    def mean_of(values: Sequence[float | None]) -> float:
        present = [v for v in values if v is not None]
        return statistics.fmean(present) if present else 0.0

    index = {id(item): k for k, item in enumerate(items)}

    def objective(train: Sequence[AnalysedCall], name: str) -> float:
        rows = [table[name][index[id(t)]] for t in train]
        return -(mean_of([c for c, _ in rows]) + mean_of([d for _, d in rows]))

    loco = leave_one_call_out(
        list(items), names, objective, lambda item, name: table[name][index[id(item)]]
    )
    held = [f.result for f in loco.folds]
    return {
        "loco_clean": round(mean_of([c for c, _ in held]), 4),
        "loco_fresh_misses": round(mean_of([d for _, d in held]), 4),
        "chosen": [f.chosen for f in loco.folds],
        "in_sample": {
            n: {
                "clean": round(mean_of([c for c, _ in table[n]]), 4),
                "fresh_misses": round(mean_of([d for _, d in table[n]]), 4),
            }
            for n in names
        },
    }


def fresh_miss_summary(
    items: Sequence[AnalysedCall], rubric: Rubric | str = "expert-not-friend", seeds: int = 6
) -> dict[str, Any]:
    """The scorecard numbers of ``rubric`` on ``items`` with fresh-call misses simulated
    (``degraded``), averaged over ``seeds`` draws: criterion MAE, per criterion, overall
    Spearman and how many draws keep every friend-style call below every expert call."""
    base = load_rubric(rubric) if isinstance(rubric, str) else rubric
    runs = [
        scorecard_summary([score_with(base, degraded(i, s)) for i in items]) for s in range(seeds)
    ]

    def mean(values: Sequence[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return round(statistics.fmean(present), 4) if present else None

    return {
        "criterion_mae": mean([r["criterion_mae"] for r in runs]),
        "overall_spearman": mean([r["overall_spearman"] for r in runs]),
        "friend_below_expert": sum(bool(r["friend_below_expert"]) for r in runs),
        "draws": seeds,
        "criteria": {c: mean([r["criteria"][c]["mae"] for r in runs]) for c in CRITERIA},
    }


# ---- leave one batch out: one batch per writer (``lexicon_loco.READ_BATCHES``) ----

# False alarms per call on a fresh writer's calls (the detectors that fire now and then on
# ordinary talk there: sb33-40, docs/rubrics.md rubric 2.6). ``degraded`` copies that many
# findings of the detector onto the rep's own questions (a whole part per call, the rest
# drawn).
FRESH_FALSE: Mapping[str, float] = {"challenge": 0.75, "candor": 0.5, "summarize": 0.5}
_FALSE_LABEL = {"challenge": "challenge", "candor": "candor", "summarize": "summarize"}


def with_false_alarms(
    item: AnalysedCall, seed: int, rates: Mapping[str, float] = FRESH_FALSE
) -> AnalysedCall:
    """``item`` with ``rates[d]`` false findings of detector ``d`` per call added on the rep's
    own questions (seeded), as a detector that fires on a new writer's ordinary talk would."""
    import random
    from dataclasses import replace

    from callcoach.model import Finding

    rng = random.Random(f"{item.gold.id}:false:{seed}")
    rep = set(item.roles.reps)
    hosts = [
        f
        for f in item.findings.get("question", ())
        if f.label == "question" and f.evidence and f.evidence[0].speaker in rep
    ]
    if not hosts:
        return item
    out = dict(item.findings)
    for detector in sorted(rates):
        rate = rates[detector]
        count = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
        label = next(
            (f.label for f in item.findings.get(detector, ())), _FALSE_LABEL.get(detector, detector)
        )
        made = tuple(
            Finding(detector, "false", label, 0.5, rng.choice(hosts).evidence[:1])
            for _ in range(count)
        )
        out[detector] = tuple(item.findings.get(detector, ())) + made
    return replace(item, findings=out)


def fresh_draw(item: AnalysedCall, seed: int) -> AnalysedCall:
    """One simulated fresh-writer version of ``item``: misses (``degraded``), flipped
    handlings and false alarms (``with_false_alarms``)."""
    return with_false_alarms(degraded(item, seed), seed)


def lobo_variants_robust(
    items: Sequence[AnalysedCall],
    variants: Mapping[str, Rubric],
    criterion: str,
    seeds: int = 6,
    batch: Any = None,
) -> dict[str, Any]:
    """Leave one *batch* (writer) out between rubric ``variants`` for ``criterion``.

    For each held-out batch the variant with the smallest MAE as analysed plus mean MAE
    over ``seeds`` simulated fresh draws (``fresh_draw``) on the *other* batches is chosen
    (ties: the first variant, the rubric as written) and the held batch scored with it.
    ``batch`` maps a call id to its batch (default ``lexicon_loco.batch_of``). Returns the
    held-out MAE as analysed and with fresh draws, per batch and pooled over calls, the
    variant chosen per batch, and each variant's in-sample numbers."""
    from callcoach.eval.lexicon_loco import batch_of

    batch = batch or batch_of
    names = list(variants)
    groups = [batch(i.gold.id) for i in items]
    noisy = [[fresh_draw(i, s) for s in range(seeds)] for i in items]

    def error(result: CallResult) -> float | None:
        p, g = result.criteria.get(criterion), result.gold_criteria.get(criterion)
        return abs(float(p) - float(g)) if p is not None and g is not None else None

    table: dict[str, list[tuple[float | None, float | None]]] = {}
    for n in names:
        rows = []
        for k, item in enumerate(items):
            clean = error(score_with(variants[n], item))
            dirty = [e for d in noisy[k] if (e := error(score_with(variants[n], d))) is not None]
            rows.append((clean, statistics.fmean(dirty) if dirty else None))
        table[n] = rows

    def mean_of(values: Sequence[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.fmean(present) if present else None

    def cost(name: str, keep: Sequence[int]) -> float:
        c = mean_of([table[name][k][0] for k in keep])
        d = mean_of([table[name][k][1] for k in keep])
        return (c or 0.0) + (d or 0.0)

    held_rows: list[tuple[float | None, float | None]] = []
    per_batch: dict[str, dict[str, Any]] = {}
    for held in dict.fromkeys(groups):
        train = [k for k, g in enumerate(groups) if g != held]
        test = [k for k, g in enumerate(groups) if g == held]
        best = min(names, key=lambda n: (round(cost(n, train), 9), names.index(n)))
        rows = [table[best][k] for k in test]
        held_rows += rows
        base = [table[names[0]][k] for k in test]

        def r(v: float | None) -> float | None:
            return round(v, 4) if v is not None else None

        per_batch[held] = {
            "chosen": best,
            "clean": r(mean_of([c for c, _ in rows])),
            "fresh": r(mean_of([d for _, d in rows])),
            "base_clean": r(mean_of([c for c, _ in base])),
            "base_fresh": r(mean_of([d for _, d in base])),
        }
    base_all = table[names[0]]
    return {
        "criterion": criterion,
        "held_clean": round(mean_of([c for c, _ in held_rows]) or 0.0, 4),
        "held_fresh": round(mean_of([d for _, d in held_rows]) or 0.0, 4),
        "base_clean": round(mean_of([c for c, _ in base_all]) or 0.0, 4),
        "base_fresh": round(mean_of([d for _, d in base_all]) or 0.0, 4),
        "per_batch": per_batch,
        "in_sample": {
            n: {
                "clean": round(mean_of([c for c, _ in table[n]]) or 0.0, 4),
                "fresh": round(mean_of([d for _, d in table[n]]) or 0.0, 4),
            }
            for n in names
        },
    }


def lobo_whole(
    items: Sequence[AnalysedCall],
    variants: Mapping[str, Rubric],
    seeds: int = 6,
    batch: Any = None,
) -> dict[str, Any]:
    """Whole-scorecard numbers per batch for each rubric in ``variants`` (no choice made):
    criterion MAE and overall Spearman per batch as analysed, pooled over all calls, and the
    pooled criterion MAE with ``seeds`` fresh draws. For a main-vs-candidate table."""
    from callcoach.eval.lexicon_loco import batch_of

    batch = batch or batch_of
    groups = [batch(i.gold.id) for i in items]
    out: dict[str, Any] = {}
    for name, rubric in variants.items():
        results = [score_with(rubric, i) for i in items]
        rows: dict[str, Any] = {}
        for held in dict.fromkeys(groups):
            s = scorecard_summary([r for r, g in zip(results, groups, strict=True) if g == held])
            rows[held] = {"mae": s["criterion_mae"], "spearman": s["overall_spearman"]}
        pooled = scorecard_summary(results)
        draws = [
            scorecard_summary([score_with(rubric, fresh_draw(i, s)) for i in items])
            for s in range(seeds)
        ]
        out[name] = {
            "per_batch": rows,
            "mae": pooled["criterion_mae"],
            "spearman": pooled["overall_spearman"],
            "criteria": {c: pooled["criteria"][c]["mae"] for c in CRITERIA},
            "fresh_mae": _mean_present([d["criterion_mae"] for d in draws]),
            "fresh_spearman": _mean_present([d["overall_spearman"] for d in draws]),
            "friend_below_expert": bool(pooled["friend_below_expert"]),
        }
    return out


def lobo_scorecards(
    items: Sequence[AnalysedCall],
    rubric: Rubric | str = "expert-not-friend",
    scales: Sequence[float] = SCALES,
    batch: Any = None,
) -> LocoScorecards:
    """``loco_scorecards`` by batch: for each held-out batch (writer), every criterion's
    threshold scale is chosen on the *other* batches and the held batch scored with it."""
    from callcoach.eval.lexicon_loco import batch_of

    batch = batch or batch_of
    base = load_rubric(rubric) if isinstance(rubric, str) else rubric
    criteria = [c.id for c in base.criteria]
    by_scale = {
        s: [score_with(scaled(base, dict.fromkeys(criteria, s)), i) for i in items] for s in scales
    }
    groups = [batch(i.gold.id) for i in items]
    results: list[CallResult | None] = [None] * len(items)
    chosen: list[Mapping[str, Knobs]] = [{} for _ in items]
    for held in dict.fromkeys(groups):
        picks: dict[str, float] = {}
        for c in criteria:
            ranked = [
                (
                    _criterion_mae(
                        [r for r, g in zip(by_scale[s], groups, strict=True) if g != held], c
                    ),
                    n,
                    s,
                )
                for n, s in enumerate(scales)
            ]
            picks[c] = min(ranked)[2]
        tuned = scaled(base, picks)
        for k, item in enumerate(items):
            if groups[k] == held:
                results[k] = score_with(tuned, item)
                chosen[k] = {c: (s, "as written") for c, s in picks.items()}
    done = tuple(r for r in results if r is not None)
    return LocoScorecards(done, tuple(chosen), tuple(by_scale[scales[0]]))


def _score_specs(data: Mapping[str, Any], criterion: str) -> list[dict[str, Any]]:
    """In a dumped rubric, ``criterion``'s default score spec and every call-type
    override's, in order (the dicts themselves, to edit in place)."""
    return [
        spec
        for c in data["criteria"]
        if c["id"] == criterion
        for spec in [c["score"]] + [o["score"] for o in c["call_types"].values() if o.get("score")]
    ]


def with_shrink(
    rubric: Rubric,
    criterion: str,
    keep: float,
    within_caps: bool = True,
    thin: str | None = None,
    thin_at_most: float = 1.0,
) -> Rubric:
    """``rubric`` with ``criterion``'s shrink set to ``keep`` (1.0: no shrink), in its
    default score and every call-type override. A criterion that already shrinks keeps its
    own ``within_caps``. ``thin`` (a count measure): weigh only while it is at most
    ``thin_at_most`` (``Shrink.thin``)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, criterion):
        own = spec.get("shrink") or {}
        spec["shrink"] = (
            None
            if keep >= 1.0
            else {
                "keep": keep,
                "within_caps": own.get("within_caps", within_caps),
                "thin": thin,
                "thin_at_most": thin_at_most,
            }
        )
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} shrink {criterion}>")


#: Eleventh stop: a score resting on no found moment or one is weighed with the other
#: criteria (``Shrink.thin``); two or more found moments stand. Keeps and bounds offered.
THIN_KEEPS: tuple[float, ...] = (0.5, 0.25)
THIN_AT_MOST: tuple[float, ...] = (0.0, 1.0)


def thin_measure(criterion: Any) -> str | None:
    """The criterion's first rule's measure when it is a count of found moments scored
    higher-is-better by thresholds (the evidence a detector may miss or invent)."""
    rule = criterion.score.rules[0]
    kinds = {m.id: m.kind for m in criterion.measures}
    if rule.thresholds is None or not rule.higher_is_better or kinds.get(rule.measure) != "count":
        return None
    return str(rule.measure)


def _mean_present(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.fmean(present), 4) if present else None


# ---- rubric 2.8: choose every criterion's variant by how it does on the *worst* writer ----

#: How a variant's cost over the training batches is summed up: ``pooled`` (every call
#: alike, so the largest batch decides), ``worst`` (the batch it does worst on: robust to a
#: writer unlike the rest) or ``median`` (the middle batch).
SELECTIONS: tuple[str, ...] = ("pooled", "worst", "median")


def with_criteria_from(base: Rubric, picks: Mapping[str, Rubric]) -> Rubric:
    """``base`` with each criterion named in ``picks`` taken from that rubric (a variant that
    differs from ``base`` in that criterion only). The shrink reads the other criteria before
    any shrink, so choices made one criterion at a time compose."""
    import yaml

    data = base.model_dump(mode="json", exclude_defaults=False)
    for i, c in enumerate(data["criteria"]):
        if c["id"] in picks:
            src = picks[c["id"]].model_dump(mode="json", exclude_defaults=False)
            data["criteria"][i] = next(x for x in src["criteria"] if x["id"] == c["id"])
    return parse_rubric(yaml.safe_dump(data), source=f"<{base.id} tuned>")


def _selected(costs: Sequence[float], select: str) -> float:
    if select == "worst":
        return max(costs)
    if select == "median":
        return statistics.median(costs)
    return statistics.fmean(costs)


def variant_errors(
    items: Sequence[AnalysedCall],
    variants: Mapping[str, Mapping[str, Rubric]],
    seeds: int = 6,
) -> dict[str, dict[str, list[tuple[float | None, float | None]]]]:
    """``[criterion][variant][call]`` = the criterion's error as analysed and its mean error
    over ``seeds`` fresh-writer draws (``fresh_draw``): the costly part of ``lobo_tune``,
    computed once and reused for every way of choosing."""
    noisy = [[fresh_draw(i, s) for s in range(seeds)] for i in items]

    def error(result: CallResult, criterion: str) -> float | None:
        p, g = result.criteria.get(criterion), result.gold_criteria.get(criterion)
        return abs(float(p) - float(g)) if p is not None and g is not None else None

    table: dict[str, dict[str, list[tuple[float | None, float | None]]]] = {}
    for criterion, named in variants.items():
        table[criterion] = {}
        for name, rubric in named.items():
            rows = []
            for k, item in enumerate(items):
                clean = error(score_with(rubric, item), criterion)
                dirty = [
                    e
                    for d in noisy[k]
                    if (e := error(score_with(rubric, d), criterion)) is not None
                ]
                rows.append((clean, statistics.fmean(dirty) if dirty else None))
            table[criterion][name] = rows
    return table


def lobo_tune(
    items: Sequence[AnalysedCall],
    base: Rubric,
    variants: Mapping[str, Mapping[str, Rubric]],
    select: str = "worst",
    seeds: int = 6,
    batch: Any = None,
    fresh_weight: float = 1.0,
    errors: Mapping[str, Mapping[str, Sequence[tuple[float | None, float | None]]]] | None = None,
) -> dict[str, Any]:
    """Leave one batch (writer) out of the whole tuning: for each held-out batch, every
    criterion's variant (``variants[criterion][name]``, the first being the rubric as
    written) is chosen on the other batches, and the held batch is scored with the rubric so
    assembled (``with_criteria_from``), beside ``base`` on the same calls.

    A variant's cost on one batch is its criterion's MAE there as analysed plus its mean MAE
    over ``seeds`` simulated fresh-writer draws (``fresh_draw``); ``select`` sums the batch
    costs up (``SELECTIONS``; ties: the variant listed first). Returns per fold the choices
    and main vs tuned criterion MAE and overall Spearman (as analysed and with fresh draws),
    the pooled held-out numbers, and the choice made on every batch (what would ship)."""
    from callcoach.eval.lexicon_loco import batch_of

    if select not in SELECTIONS:
        raise ValueError(f"select: one of {', '.join(SELECTIONS)}, not {select!r}")
    batch = batch or batch_of
    groups = [batch(i.gold.id) for i in items]
    order = list(dict.fromkeys(groups))
    noisy = [[fresh_draw(i, s) for s in range(seeds)] for i in items]
    table = errors if errors is not None else variant_errors(items, variants, seeds)

    def batch_cost(criterion: str, name: str, b: str) -> float | None:
        rows = [table[criterion][name][k] for k, g in enumerate(groups) if g == b]
        c = _mean_present([r[0] for r in rows])
        d = _mean_present([r[1] for r in rows])
        return None if c is None and d is None else (c or 0.0) + fresh_weight * (d or 0.0)

    def choose(train: Sequence[str]) -> dict[str, str]:
        picks = {}
        for criterion, named in variants.items():
            names = list(named)

            def objective(name: str, criterion: str = criterion) -> float:
                if select == "pooled":
                    rows = [table[criterion][name][k] for k, g in enumerate(groups) if g in train]
                    return (_mean_present([r[0] for r in rows]) or 0.0) + fresh_weight * (
                        _mean_present([r[1] for r in rows]) or 0.0
                    )
                costs = [c for b in train if (c := batch_cost(criterion, name, b)) is not None]
                return _selected(costs, select) if costs else 0.0

            picks[criterion] = min(names, key=lambda n: (round(objective(n), 9), names.index(n)))
        return picks

    def summary(results: Sequence[CallResult]) -> tuple[Any, Any]:
        s = scorecard_summary(results)
        return s["criterion_mae"], s["overall_spearman"]

    def fresh(rubric: Rubric, ks: Sequence[int]) -> tuple[Any, Any]:
        runs = [summary([score_with(rubric, noisy[k][s]) for k in ks]) for s in range(seeds)]
        return _mean_present([r[0] for r in runs]), _mean_present([r[1] for r in runs])

    folds: dict[str, Any] = {}
    held_main: list[CallResult] = []
    held_tuned: list[CallResult] = []
    for held in order:
        picks = choose([b for b in order if b != held])
        tuned = with_criteria_from(base, {c: variants[c][n] for c, n in picks.items()})
        ks = [k for k, g in enumerate(groups) if g == held]
        main_r = [score_with(base, items[k]) for k in ks]
        tuned_r = [score_with(tuned, items[k]) for k in ks]
        held_main += main_r
        held_tuned += tuned_r
        folds[held] = {
            "calls": len(ks),
            "chosen": {c: n for c, n in picks.items() if n != next(iter(variants[c]))},
            "main": summary(main_r),
            "tuned": summary(tuned_r),
            "main_fresh": fresh(base, ks),
            "tuned_fresh": fresh(tuned, ks),
            "criteria_main": {c: scorecard_summary(main_r)["criteria"][c]["mae"] for c in CRITERIA},
            "criteria_tuned": {
                c: scorecard_summary(tuned_r)["criteria"][c]["mae"] for c in CRITERIA
            },
        }
    pooled_main, pooled_tuned = scorecard_summary(held_main), scorecard_summary(held_tuned)
    return {
        "select": select,
        "fresh_weight": fresh_weight,
        "folds": folds,
        "pooled": {
            "main": (pooled_main["criterion_mae"], pooled_main["overall_spearman"]),
            "tuned": (pooled_tuned["criterion_mae"], pooled_tuned["overall_spearman"]),
            "friend_below_expert": (
                pooled_main["friend_below_expert"],
                pooled_tuned["friend_below_expert"],
            ),
            "criteria_main": {c: pooled_main["criteria"][c]["mae"] for c in CRITERIA},
            "criteria_tuned": {c: pooled_tuned["criteria"][c]["mae"] for c in CRITERIA},
            "spearman_main": {c: pooled_main["criteria"][c]["spearman"] for c in CRITERIA},
            "spearman_tuned": {c: pooled_tuned["criteria"][c]["spearman"] for c in CRITERIA},
        },
        "worst_fold": {
            "main": max(f["main"][0] for f in folds.values()),
            "tuned": max(f["tuned"][0] for f in folds.values()),
        },
        "chosen_on_all": choose(order),
    }


#: ``shrink.keep`` values offered per criterion (1.0: no shrink).
KEEPS: tuple[float, ...] = (1.0, 0.75, 0.5, 0.25)
#: Threshold scales offered per criterion (``scaled``) beside the rubric as written.
VARIANT_SCALES: tuple[float, ...] = (0.67, 1.5)


def without_floor(rubric: Rubric, criterion: str) -> Rubric:
    """``rubric`` with ``criterion``'s absence floor removed (default score and overrides)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, criterion):
        spec["absence_floor"] = None
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} no floor {criterion}>")


def with_measure_at_least(
    rubric: Rubric, criterion: str, measure: str, at_least: Mapping[str, float] | None
) -> Rubric:
    """``rubric`` with the ``at_least`` filter of one measure replaced (None: removed)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for c in data["criteria"]:
        if c["id"] == criterion:
            for m in c["measures"]:
                if m["id"] == measure:
                    m["findings"]["at_least"] = dict(at_least or {})
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} {measure} at_least>")


def with_in_last(rubric: Rubric, criterion: str, fraction: float | None) -> Rubric:
    """``rubric`` with every measure of ``criterion`` that reads a part of the call
    (``in_last``) reading the last ``fraction`` of it instead (None: the whole call)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for c in data["criteria"]:
        if c["id"] == criterion:
            for m in c["measures"]:
                found = m.get("findings") or {}
                if found.get("in_last") is not None:
                    found["in_last"] = fraction
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} {criterion} in_last>")


def with_floor(rubric: Rubric, criterion: str, floor: int, when: float) -> Rubric:
    """``rubric`` with ``criterion``'s absence floor set to ``floor`` when the other
    criteria average ``when`` or more (default score and overrides that have one)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, criterion):
        if spec.get("absence_floor"):
            spec["absence_floor"] = {
                **spec["absence_floor"],
                "floor": floor,
                "when_others_at_least": when,
            }
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} floor {criterion}>")


#: ``in_last`` fractions offered for the criteria that rate the close (None: whole call).
IN_LAST: tuple[float | None, ...] = (0.33, 0.67, None)


def criterion_variants(rubric: Rubric, mappings: bool = False) -> dict[str, dict[str, Rubric]]:
    """Per criterion, the rubric as written first, then each variant that differs from it in
    that criterion only: every ``shrink.keep`` of ``KEEPS``, every threshold scale of
    ``VARIANT_SCALES``, no absence floor (where it has one) and, for summarize, breadth read
    from every summary or from those the head scores 0.8 or more. ``mappings`` adds the
    tenth stop's evidence-to-score mappings (``mapping_variants``)."""
    out: dict[str, dict[str, Rubric]] = {}
    for c in rubric.criteria:
        named: dict[str, Rubric] = {"as written": rubric}
        named.update({f"keep {k}": with_shrink(rubric, c.id, k) for k in KEEPS})
        named.update({f"scale x{s}": scaled(rubric, {c.id: s}) for s in VARIANT_SCALES})
        thin = thin_measure(c)
        if thin is not None:
            named.update(
                {
                    f"thin<={n:g} keep {k}": with_shrink(rubric, c.id, k, thin=thin, thin_at_most=n)
                    for n in THIN_AT_MOST
                    for k in THIN_KEEPS
                }
            )
        if c.score.absence_floor is not None:
            named["no absence floor"] = without_floor(rubric, c.id)
            # rubric 2.8 candidates: a miss on a strong call floored higher, or sooner
            named["floor 3 at 3.5"] = with_floor(rubric, c.id, 3, 3.5)
            named["floor 2 at 2.5"] = with_floor(rubric, c.id, 2, 2.5)
        if any(m.findings is not None and m.findings.in_last is not None for m in c.measures):
            named.update({f"in_last {f}": with_in_last(rubric, c.id, f) for f in IN_LAST})
        out[c.id] = named
    if mappings:
        for cid, named in mapping_variants(rubric).items():
            if cid in out:
                out[cid].update(named)
    if "summarize" in out:
        out["summarize"]["breadth any summary"] = with_measure_at_least(
            rubric, "summarize", "played_back", None
        )
        out["summarize"]["breadth head>=0.8"] = with_measure_at_least(
            rubric, "summarize", "played_back", {"head": 0.8}
        )
    return out


# ---- tenth stop: the mapping from evidence to a score, with fewer free parameters ----


def with_rules(
    rubric: Rubric, criterion: str, measures: Sequence[str] | None, combine: str | None = None
) -> Rubric:
    """``rubric`` with ``criterion`` scored by only the rules that read ``measures`` (None:
    every rule) and combined by ``combine`` (None: as written), in its default score and
    every call-type override. A spec left with no rule keeps its own (the variant then
    differs from the rubric only where the rules exist)."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, criterion):
        if measures is not None:
            kept = [r for r in spec["rules"] if r["measure"] in measures]
            if kept:
                spec["rules"] = kept
        if combine is not None:
            spec["combine"] = combine
    tag = f"{criterion} rules {','.join(measures or ['all'])} {combine or ''}"
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} {tag}>")


#: Per criterion, the mappings offered beside the rubric as written: a subset of its rules
#: (fewer free parameters: one signal, not an average of several that a fresh writer's
#: detector errors move apart) or another way to combine them, and for the criteria whose
#: detector finds a third of the moments on a fresh writer, keep 0 (the criterion is the
#: mean of the rep's other criteria). Names are (measures or None, combine or None, keep).
MAPPINGS: Mapping[str, Mapping[str, tuple[tuple[str, ...] | None, str | None, float | None]]] = {
    "discovery": {
        "mean": (None, "mean", None),
        "open only": (("open_business_questions",), None, None),
        "open + rate": (("open_business_questions", "open_business_rate"), None, None),
        "all questions only": (("business_questions",), None, None),
    },
    "listening": {
        "mean": (None, "mean", None),
        "room only": (("talk_ratio", "interruptions", "monologue"), None, None),
    },
    "stalls": {
        "handling only": (("probed_share",), None, None),
        "booked close only": (("booked_close",), None, None),
        "max": (None, "max", None),
        "min": (None, "min", None),
    },
    "next_step": {
        "mean_down": (None, "mean_down", None),
        "max": (None, "max", None),
        "no vague rule": (("dated_steps", "committed_steps", "agreed_steps"), None, None),
        "dated + agreed": (("dated_steps", "agreed_steps"), None, None),
    },
    "challenge": {"keep 0": (None, None, 0.0)},
    "candor": {"keep 0": (None, None, 0.0)},
}


def mapping_variants(rubric: Rubric) -> dict[str, dict[str, Rubric]]:
    """``MAPPINGS`` as rubrics, each differing from ``rubric`` in one criterion only."""
    ids = {c.id for c in rubric.criteria}
    out: dict[str, dict[str, Rubric]] = {}
    for cid, named in MAPPINGS.items():
        if cid not in ids:
            continue
        out[cid] = {}
        for name, (measures, combine, keep) in named.items():
            r = with_rules(rubric, cid, measures, combine) if measures or combine else rubric
            out[cid][f"map: {name}"] = with_shrink(r, cid, keep) if keep is not None else r
    return out


#: One call's (score, expert rating) for a criterion, or None where either is missing.
_Pair = tuple[float, float] | None


def criterion_table(
    items: Sequence[AnalysedCall],
    variants: Mapping[str, Mapping[str, Rubric]],
    batch: Any = None,
) -> dict[str, dict[str, Any]]:
    """Per criterion and variant (no simulated draws): MAE and Spearman over every call,
    MAE per batch, and the leave-one-batch-out choice (per held-out batch the variant with
    the smallest pooled MAE on the other batches, ties to the first listed) with its
    held-out MAE and Spearman. A fixed variant's per-batch numbers are held out already
    (nothing in it was fitted); the choice is what a tuning over the variants would do."""
    from callcoach.eval.lexicon_loco import batch_of
    from callcoach.eval.salescalls import spearman

    batch = batch or batch_of
    groups = [batch(i.gold.id) for i in items]
    order = list(dict.fromkeys(groups))

    def mae(rows: Sequence[_Pair]) -> float | None:
        e = [abs(x[0] - x[1]) for x in rows if x is not None]
        return round(statistics.fmean(e), 4) if e else None

    def rho(rows: Sequence[_Pair]) -> float | None:
        xs = [x for x in rows if x is not None]
        s = spearman([p for p, _ in xs], [g for _, g in xs]) if len(xs) > 2 else None
        return round(s, 4) if s is not None else None

    def within(rows: Sequence[_Pair], b: str, inside: bool) -> list[_Pair]:
        return [x for x, g in zip(rows, groups, strict=True) if (g == b) == inside]

    out: dict[str, dict[str, Any]] = {}
    for criterion, named in variants.items():
        names = list(named)
        pairs: dict[str, list[_Pair]] = {}
        for name in names:
            rows: list[_Pair] = []
            for item in items:
                r = score_with(named[name], item)
                p, g = r.criteria.get(criterion), r.gold_criteria.get(criterion)
                rows.append((float(p), float(g)) if p is not None and g is not None else None)
            pairs[name] = rows
        table = {
            n: {
                "mae": mae(pairs[n]),
                "spearman": rho(pairs[n]),
                "per_batch": {b: mae(within(pairs[n], b, True)) for b in order},
            }
            for n in names
        }
        held: list[_Pair] = [None] * len(items)
        picks = {}
        for b in order:
            costs = {n: mae(within(pairs[n], b, False)) or 0.0 for n in names}
            best = min(names, key=lambda n: (round(costs[n], 9), names.index(n)))
            picks[b] = best
            for k, g in enumerate(groups):
                if g == b:
                    held[k] = pairs[best][k]
        out[criterion] = {
            "variants": table,
            "lobo": {"mae": mae(held), "spearman": rho(held), "chosen": picks},
        }
    return out
