"""needs_coverage on the annotated sales calls, leave-one-call-out, and what it embeds.

    python scripts/loco_needs_coverage.py [--data PATH] [--also PATH ...] [--needs] [--tokens N]
                                          [--need-head] [--no-criterion] [--json]

- ``recommendation``: the capability threshold (a capability is reported as a
  recommendation when its cosine to a stated need reaches it), the answer threshold
  (the same for a capability answering the need stated just before it; ``ANSWER_GRID``,
  where 1.0 means "no answer rule" and -1.0 "no similarity needed") and how many rep
  sentences after the need are in answer position (``SENTENCES_GRID``) chosen together on
  the other calls (best pooled F1; ties to the shipped values), the held-out call scored
  with them; P/R/F1 pooled over the held-out calls, plus the in-sample score of the
  shipped values. ``--beta 0.5`` chooses by F0.5 instead of F1 (precision first).
- ``--also PATH`` (repeatable): more annotated calls pooled into the LOCO (e.g. the open
  blind calls: ``--also tests/data/salescalls_blind/open --also
  tests/data/salescalls_blind/open2``: dev 12 + open 4 + open2 4, 20 folds).
- ``criterion``: the recommendation criterion's MAE against the expert, leave-one-call-out
  as ``tests/eval/test_salesneeds_loco.py`` computes it (the rubric as shipped).
- ``--read``: every read batch of ``eval.lexicon_loco.READ_BATCHES`` (dev 12, open …
  open6: seven writers) instead of ``--data``/``--also``; ``--lobo``: the recommendation
  thresholds chosen on the other batches (``eval.lexicon_loco.batch_of``), one writer's
  batch held out at a time.
- ``--tokens N``: texts and tokens the detector adds to the call's one embedding pass on
  realistic 1-hour calls 0..N-1 (``benchmarks/realistic.py``): everything the pass embeds
  with every detector minus without ``needs_coverage``, so texts other detectors embed
  anyway count once, where they are spent.
  ``--tokens-need-head T`` counts them with the need head on at threshold ``T``.

- ``--phrases``: the rep phrases' leave-one-call-out (``recommendation`` and ``capability``
  of ``lexicons/recommendations.yaml``; vetoes as written; thresholds as shipped): lenient
  and strict backward elimination on the other calls, as ``callcoach.eval.lexicon_loco``
  does for the need phrases, the held-out call scored with what is left.
- ``--need-head``: the need head's threshold (``need_head``; ``None``: off) chosen on the
  other calls (best sum of the pooled ``need`` and ``recommendation`` F1; ties to the
  setting that lets the head decide more, since the phrases are in-sample on the read
  calls), the held-out call scored with it; plus the head alone (every candidate sentence
  at or above the threshold is a need, no phrases) at each threshold of the grid.
- ``--no-thresholds``: skip the recommendation thresholds' leave-one-call-out.
- ``--switch NAME``: a boolean detector parameter (e.g. ``stall_words``) off and on, the
  ``need`` and ``recommendation`` tp/fp/fn pooled and per batch (``batch_of``) over the
  calls given (a fixed rule: nothing is chosen on the calls, so every batch held out scores
  as in the pool). With ``--read`` the fresh batch (open21) shows on its own line.
- ``--needs``: the need phrases' leave-one-call-out (lenient and strict, as
  ``scripts/loco_lexicons.py --detector needs`` computes it on the dev calls) over all the
  calls given, ``--also`` ones included.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.needs_coverage import NeedsCoverageDetector
from callcoach.eval.lexicon_loco import (
    READ_BATCHES,
    PreparedCall,
    batch_of,
    check_read_folder,
    prepare_read_calls,
)
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import load_gold, predicted_moments, resolve_salescalls

GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
# -1.0: an answer needs no similarity to the need it answers (its place is the evidence);
# 1.0: no answer rule.
ANSWER_GRID = (-1.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 1.0)
SENTENCES_GRID = (1, 2, 3)

Thresholds = tuple[float, float, int]  # (capability, answer, answer sentences)


def _score(calls: Sequence[PreparedCall], embedder: Any, threshold: Thresholds) -> list[LabelScore]:
    detector = NeedsCoverageDetector(
        capability_threshold=threshold[0],
        answer_threshold=threshold[1],
        answer_sentences=threshold[2],
    )
    out = []
    for c in calls:
        found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
        pred = predicted_moments({detector.name: found}, c.roles, c.alignment, ["recommendation"])
        out.append(score_label("recommendation", c.gold.moments, pred))
    return out


def f_beta(score: LabelScore, beta: float) -> float:
    """F-beta of pooled counts (beta < 1 weighs precision more: a wrong quote under a
    strength costs more than a miss)."""
    b2 = beta * beta
    denominator = (1 + b2) * score.tp + b2 * score.fn + score.fp
    return (1 + b2) * score.tp / denominator if denominator else 0.0


def recommendation_loco(
    calls: Sequence[PreparedCall],
    embedder: Any,
    beta: float = 1.0,
    batches: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Thresholds chosen on the other calls (``batches``: on the other batches, one
    writer's batch held out at a time), the held-out call or batch scored with them."""
    params = NeedsCoverageDetector.default_params()
    shipped = (
        float(params["capability_threshold"]),
        float(params["answer_threshold"]),
        int(params["answer_sentences"]),
    )
    grid = sorted(
        {
            (c, a, n)
            for c in {*GRID, shipped[0]}
            for a in {*ANSWER_GRID, shipped[1]}
            for n in {*SENTENCES_GRID, shipped[2]}
        },
        key=lambda t: (t != shipped, t),
    )
    per = {t: _score(calls, embedder, t) for t in grid}
    held: list[LabelScore] = []
    chosen: list[Thresholds] = []
    groups = list(batches) if batches is not None else [str(k) for k in range(len(calls))]
    for group in dict.fromkeys(groups):
        test = [i for i, g in enumerate(groups) if g == group]
        train = [i for i, g in enumerate(groups) if g != group]
        best = max(
            grid,
            key=lambda t: (
                f_beta(LabelScore.total("recommendation", [per[t][i] for i in train]), beta),
                t == shipped,
            ),
        )
        chosen.append(best)
        held.extend(per[best][k] for k in test)
    return {
        "in_sample": LabelScore.total("recommendation", per[shipped]).counts(),
        "loco": LabelScore.total("recommendation", held).counts(),
        "chosen": chosen,
    }


NEED_HEAD_GRID: tuple[float | None, ...] = (None, 0.5, 0.6, 0.7, 0.8, 0.9)


def need_head_loco(calls: Sequence[PreparedCall], embedder: Any) -> dict[str, Any]:
    from callcoach.detectors.needs_coverage import need_candidates
    from callcoach.eval.moments import Moment
    from callcoach.model import Evidence
    from callcoach.nlp.heads import load_head

    labels = ("need", "recommendation")
    per: dict[float | None, dict[str, list[LabelScore]]] = {}
    for t in NEED_HEAD_GRID:
        detector = NeedsCoverageDetector(need_head=t)
        per[t] = {label: [] for label in labels}
        for c in calls:
            found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
            pred = predicted_moments({detector.name: found}, c.roles, c.alignment, list(labels))
            for label in labels:
                per[t][label].append(score_label(label, c.gold.moments, pred))

    def objective(t: float | None, indices: Sequence[int]) -> float:
        return sum(
            LabelScore.total(label, [per[t][label][i] for i in indices]).f1 for label in labels
        )

    held: dict[str, list[LabelScore]] = {label: [] for label in labels}
    chosen = []
    for k in range(len(calls)):
        train = [i for i in range(len(calls)) if i != k]
        best = max(
            NEED_HEAD_GRID,
            key=lambda t: (round(objective(t, train), 9), -(t if t is not None else 2.0)),
        )
        chosen.append(best)
        for label in labels:
            held[label].append(per[best][label][k])
    head = load_head("need")
    head_only: dict[str, Any] = {}
    probabilities = []
    for c in calls:
        candidates = need_candidates(c.call, c.roles)
        texts = [u.text[a:b] for u, a, b in candidates]
        probabilities.append(
            list(zip(candidates, head.probabilities(texts, embedder), strict=True))
        )
    for t in NEED_HEAD_GRID:
        if t is None:
            continue
        scores = []
        for c, scored in zip(calls, probabilities, strict=True):
            pred = []
            for (u, a, b), p in scored:
                placed = c.alignment.span(Evidence.of(u, a, b)) if p >= t else None
                if placed is not None:
                    pred.append(Moment(placed[0], "need", placed[1], placed[2], u.text[a:b]))
            scores.append(score_label("need", c.gold.moments, pred))
        head_only[str(t)] = LabelScore.total("need", scores).counts()
    return {
        "in_sample": {
            str(t): {label: LabelScore.total(label, per[t][label]).counts() for label in labels}
            for t in NEED_HEAD_GRID
        },
        "loco": {label: LabelScore.total(label, held[label]).counts() for label in labels},
        "chosen": chosen,
        "head_only": head_only,
    }


def phrases_loco(calls: Sequence[PreparedCall], embedder: Any) -> dict[str, Any]:
    from callcoach.detectors._patterns import Lexicon
    from callcoach.eval.lexicon_loco import _loco, _raw_lexicon, _Scorer
    from callcoach.model import Finding

    def run(c: PreparedCall, lexicon: Lexicon) -> Sequence[Finding]:
        class Narrowed(NeedsCoverageDetector):
            def _rep_phrases(self) -> Lexicon:
                return lexicon

        return Narrowed().detect(c.call, DetectionContext(c.roles, embedder=embedder))

    raw = _raw_lexicon("recommendations")
    scorer = _Scorer(
        NeedsCoverageDetector.name,
        "recommendation",
        calls,
        raw,
        lambda cat: cat in ("recommendation", "capability"),
        "rep",
        run,
    )
    summary = _loco(scorer, calls, None).summary()
    return {k: summary[k] for k in ("phrases", "in_sample", "loco_lenient", "loco_strict")}


def criterion_loco(calls: Sequence[PreparedCall], embedder: Any, data: str) -> float:
    from callcoach.eval.rubric_tuning import analyses, loco_variants
    from callcoach.scoring import load_rubric

    check_read_folder(data)
    items = analyses(load_gold(resolve_salescalls(data)), embedder)
    mae, _ = loco_variants(items, {"shipped": load_rubric("expert-not-friend")}, "recommendation")
    return mae


def tokens(n: int, need_head: float | None = None) -> list[dict[str, Any]]:
    from benchmarks.detectors import _load
    from benchmarks.realistic import realistic_call
    from callcoach import pipeline
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    every = [
        NeedsCoverageDetector(need_head=need_head) if d.name == NeedsCoverageDetector.name else d
        for d in pipeline.build()
    ]
    others = [d for d in every if d.name != NeedsCoverageDetector.name]
    rows = []
    for seed in range(n):
        call, roles = _load(realistic_call(seed))
        spent = {}
        for name, detectors in (("with", every), ("without", others)):
            embedder.cache_clear()
            pipeline.run(call, roles, detectors, embedder=embedder)
            spent[name] = (embedder.stats.texts, embedder.stats.tokens)
        rows.append(
            {
                "call": seed,
                "texts": spent["with"][0] - spent["without"][0],
                "tokens": spent["with"][1] - spent["without"][1],
            }
        )
    return rows


def switch_counts(calls: Sequence[PreparedCall], embedder: Any, name: str) -> dict[str, Any]:
    """``need`` and ``recommendation`` tp/fp/fn with the boolean parameter ``name`` off and
    on: pooled and per batch."""
    out: dict[str, Any] = {}
    for value in (False, True):
        detector = NeedsCoverageDetector(**{name: value})
        per: dict[str, dict[str, list[int]]] = {}
        for c in calls:
            found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
            labels = ["need", "recommendation"]
            pred = predicted_moments({detector.name: found}, c.roles, c.alignment, labels)
            for label in labels:
                s = score_label(label, c.gold.moments, pred)
                for key in ("all", batch_of(c.gold.id)):
                    row = per.setdefault(label, {}).setdefault(key, [0, 0, 0])
                    row[0], row[1], row[2] = row[0] + s.tp, row[1] + s.fp, row[2] + s.fn
        out[f"{name}={value}"] = per
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--needs", action="store_true")
    parser.add_argument("--need-head", action="store_true")
    parser.add_argument("--no-thresholds", action="store_true", help="skip the threshold LOCO")
    parser.add_argument("--phrases", action="store_true")
    parser.add_argument("--tokens", type=int, default=0, metavar="N")
    parser.add_argument(
        "--tokens-need-head",
        type=float,
        default=None,
        metavar="T",
        help="with --tokens: count with the need head on at threshold T",
    )
    parser.add_argument("--no-criterion", action="store_true")
    parser.add_argument(
        "--beta", type=float, default=1.0, help="choose thresholds by F-beta (0.5: precision)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--switch", default=None, metavar="NAME")
    parser.add_argument(
        "--read",
        action="store_true",
        help="pool every read batch of eval.lexicon_loco.READ_BATCHES (--data/--also ignored)",
    )
    parser.add_argument(
        "--lobo", action="store_true", help="thresholds: leave one batch (writer) out"
    )
    args = parser.parse_args(argv)
    if args.read:
        folders = list(READ_BATCHES.values())
        args.data, args.also = folders[0], folders[1:]
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    calls = prepare_read_calls(args.data, args.also)
    out: dict[str, Any] = {}
    if not args.no_thresholds:
        batches = [batch_of(c.gold.id) for c in calls] if args.lobo else None
        out["recommendation"] = recommendation_loco(calls, embedder, args.beta, batches)
    if args.phrases:
        out["recommendation_phrases"] = phrases_loco(calls, embedder)
    if args.need_head:
        out["need_head"] = need_head_loco(calls, embedder)
    if args.needs:
        from callcoach.eval.lexicon_loco import needs_loco

        summary = needs_loco(calls).summary()
        out["need"] = {k: summary[k] for k in ("in_sample", "loco_lenient", "loco_strict")}
    if not args.no_criterion:
        out["criterion_mae_loco"] = criterion_loco(calls, embedder, args.data)
    if args.switch:
        out["switch"] = switch_counts(calls, embedder, args.switch)
    if args.tokens:
        out["tokens"] = tokens(args.tokens, args.tokens_need_head)
    sys.stdout.write(json.dumps(out, indent=None if not args.json else 2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
