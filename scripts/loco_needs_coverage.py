"""needs_coverage on the annotated sales calls, leave-one-call-out, and what it embeds.

    python scripts/loco_needs_coverage.py [--data PATH] [--also PATH ...] [--tokens N] [--json]

- ``recommendation``: the capability threshold (a capability is reported as a
  recommendation when its cosine to a stated need reaches it) chosen on 11 calls from
  ``GRID`` (best pooled F1; ties to the shipped value), the 12th call scored with it;
  P/R/F1 pooled over the held-out calls, plus the in-sample score of the shipped value.
- ``--also PATH``: more annotated calls pooled into the recommendation LOCO (e.g. the open
  blind calls, ``tests/data/salescalls_blind/open``: dev 12 + open 4, 16 folds).
- ``criterion``: the recommendation criterion's MAE against the expert, leave-one-call-out
  as ``tests/eval/test_salesneeds_loco.py`` computes it (the rubric as shipped).
- ``--tokens N``: texts and tokens the detector adds to the call's one embedding pass on
  realistic 1-hour calls 0..N-1 (``benchmarks/realistic.py``): everything the pass embeds
  with every detector minus without ``needs_coverage``, so texts other detectors embed
  anyway count once, where they are spent.

The need phrases' own leave-one-call-out is ``scripts/loco_lexicons.py --detector needs``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.needs_coverage import NeedsCoverageDetector
from callcoach.eval.lexicon_loco import PreparedCall, prepare_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import load_gold, predicted_moments, resolve_salescalls

GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def _score(calls: Sequence[PreparedCall], embedder: Any, threshold: float) -> list[LabelScore]:
    detector = NeedsCoverageDetector(capability_threshold=threshold)
    out = []
    for c in calls:
        found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
        pred = predicted_moments({detector.name: found}, c.roles, c.alignment, ["recommendation"])
        out.append(score_label("recommendation", c.gold.moments, pred))
    return out


def recommendation_loco(calls: Sequence[PreparedCall], embedder: Any) -> dict[str, Any]:
    shipped = float(NeedsCoverageDetector.default_params()["capability_threshold"])
    grid = sorted(set(GRID) | {shipped}, key=lambda t: (t != shipped, t))
    per = {t: _score(calls, embedder, t) for t in grid}
    held, chosen = [], []
    for k in range(len(calls)):
        train = [i for i in range(len(calls)) if i != k]
        best = max(
            grid,
            key=lambda t: (
                LabelScore.total("recommendation", [per[t][i] for i in train]).f1,
                t == shipped,
            ),
        )
        chosen.append(best)
        held.append(per[best][k])
    return {
        "in_sample": LabelScore.total("recommendation", per[shipped]).counts(),
        "loco": LabelScore.total("recommendation", held).counts(),
        "chosen": chosen,
    }


def criterion_loco(calls: Sequence[PreparedCall], embedder: Any, data: str) -> float:
    from callcoach.eval.rubric_tuning import analyses, loco_variants
    from callcoach.scoring import load_rubric

    items = analyses(load_gold(resolve_salescalls(data)), embedder)
    mae, _ = loco_variants(items, {"shipped": load_rubric("expert-not-friend")}, "recommendation")
    return mae


def tokens(n: int) -> list[dict[str, Any]]:
    from benchmarks.detectors import _load
    from benchmarks.realistic import realistic_call
    from callcoach import pipeline
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    every = pipeline.build()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--tokens", type=int, default=0, metavar="N")
    parser.add_argument("--no-criterion", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    calls = prepare_calls(load_gold(resolve_salescalls(args.data)))
    for more in args.also:
        calls += prepare_calls(load_gold(resolve_salescalls(more)))
    out: dict[str, Any] = {"recommendation": recommendation_loco(calls, embedder)}
    if not args.no_criterion:
        out["criterion_mae_loco"] = criterion_loco(calls, embedder, args.data)
    if args.tokens:
        out["tokens"] = tokens(args.tokens)
    sys.stdout.write(json.dumps(out, indent=None if not args.json else 2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
