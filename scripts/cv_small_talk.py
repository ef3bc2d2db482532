"""Cross-validate the small_talk detector: CaSiNo 5-fold and sales-call leave-one-call-out.

CaSiNo (CC BY 4.0, the model's training corpus): the shipped model saw every train row, so
scoring train with it would be in-sample. Instead, for each of K folds over train+dev
conversations (``callcoach.eval.crossval.fold_of``: a hash of dataset/id, as
``callcoach eval --cv`` folds them) both stages are trained on the other folds as
``scripts/train_small_talk.py`` trains the shipped ones (the second stage on first-stage
scores out of inner folds: the other outer folds, see ``fold_models``), and the full
detector (lexicons, context stage, edges, gaps, spans) runs on the held-out fold with them.
Dev is also scored with the shipped model (17 positives: for reference only). The spread
over folds is what to expect on test.

Sales calls (evaluation only): for each call, the parameter set (threshold x gap score x
echo, v1.7) with the best moment F1 on the other calls is chosen from ``GRID`` and scores
the held-out call (turn sets, as the README's rule for small talk).

``--also`` pools more annotated calls into the leave-one-call-out (the open blind calls:
``--also tests/data/salescalls_blind/open``; never the sealed ones).

``--variant JSON`` (repeatable) compares parameter overrides with the defaults on the CaSiNo
folds (fitted once) and, with ``--batches dev,open,...``, on the read batches' turns.

``--veto-lobo --batches dev,open,...`` judges the veto head (v1.10) leave-one-batch-out:
for each batch named, a head is trained on the turns of the other opened blind batches named
(``train_small_talk.veto_rows``; the dev calls never train) and the detector scores the
held-out batch with it, against the detector with the veto off.

Usage: python scripts/cv_small_talk.py [--folds 5] [--data ../shared/data] [--strip-punct]
       [--also FOLDER] [--variant JSON ... [--batches B1,B2,...]]
       [--veto-lobo --batches B1,B2,... [--no-off] [--veto-c C] [--veto-threshold T]]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np
from train_small_talk import (
    CONTEXT_FEATURES,
    VETO_C,
    VETO_THRESHOLD,
    Rows,
    fit_context,
    fit_veto,
    veto_features,
    veto_rows,
)

import callcoach.detectors.small_talk as small_talk
from callcoach.detectors.base import DetectionContext
from callcoach.eval.corpus import CorpusConversation, default_roles, load_corpus, to_call
from callcoach.eval.crossval import fold_of
from callcoach.eval.tasks.small_talk import gold
from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead
from callcoach.nlp.linear import LinearTextModel

GRID: list[dict[str, Any]] = [
    {"threshold": t, "gap_score": g, "echo": e}
    for t in (0.65, 0.7, 0.75, 0.8)
    for g in (1.01, 0.3, 0.4)
    for e in (0, 1, 2, 3)
]


@contextmanager
def _loading(loader: str, value: object) -> Iterator[None]:
    """Run the detector with its ``loader`` (``load_model`` / ``load_head``) returning
    ``value`` whatever the name asked for."""
    original = getattr(small_talk, loader)
    setattr(small_talk, loader, lambda name: value)
    try:
        yield
    finally:
        setattr(small_talk, loader, original)


def first_stage(model: LinearTextModel) -> AbstractContextManager[None]:
    """Run the detector with ``model`` (and its second stage) instead of the shipped one."""
    return _loading("load_model", model)


def fold_models(
    rows: Rows, folds: int, features: Sequence[str] = CONTEXT_FEATURES
) -> list[LinearTextModel]:
    """Both stages for each outer fold ``k``, trained on the other folds alone, as
    ``scripts/train_small_talk.py`` trains the shipped model on train: the first stage on
    every design conversation, the second stage on first-stage scores out of inner folds.
    The inner folds are the other outer folds: a design conversation of fold ``j`` is scored
    by a model trained on the folds other than ``j`` and ``k``. That model serves outer
    fold ``j`` too, so the ``folds * (folds - 1) / 2`` pair models are fitted once each
    (15 fits for 5 folds instead of 30) and no model ever sees the held-out fold."""
    fold = [fold_of(conv, folds) for conv in rows.conversations]
    pairs = {
        (j, k): rows.fit([c for c, f in enumerate(fold) if f not in (j, k)])
        for j in range(folds)
        for k in range(j + 1, folds)
    }
    models = []
    for k in range(folds):
        inner = {
            c: rows.probabilities(pairs[min(f, k), max(f, k)], c)
            for c, f in enumerate(fold)
            if f != k
        }
        context = fit_context(*rows.context(inner, features), features)
        model = rows.fit([c for c, f in enumerate(fold) if f != k])
        models.append(dataclasses.replace(model, metadata={**model.metadata, "context": context}))
    return models


@contextmanager
def detector_params(params: dict[str, Any]) -> Iterator[None]:
    """Make ``params`` the detector's defaults (the sales-call harness builds its own)."""
    cls = small_talk.SmallTalkDetector
    original = cls.default_params
    cls.default_params = classmethod(lambda _: {**original(), **params})  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        cls.default_params = original  # type: ignore[method-assign]


def rows_f1(
    conversations: Sequence[CorpusConversation], params: dict[str, Any], strip: bool = False
) -> float:
    tp = fp = fn = 0
    detector = small_talk.SmallTalkDetector(**params)
    for conv in conversations:
        call = to_call(conv, strip_punct=strip)
        found = detector.detect(call, DetectionContext(roles=default_roles(conv)[0]))
        covered = {e.utterance_id for f in found for e in f.evidence}
        for row, utterance in zip(conv.utterances, call.utterances, strict=True):
            label = gold(row)
            if label is None or not row.text.strip():
                continue
            predicted = utterance.id in covered
            tp += predicted and label == "yes"
            fp += predicted and label == "no"
            fn += label == "yes" and not predicted
    return 2 * tp / max(1, 2 * tp + fp + fn)


def casino(
    folds: int,
    params: dict[str, Any],
    strip: bool = False,
    features: Sequence[str] = CONTEXT_FEATURES,
) -> tuple[list[float], float]:
    """Per-fold F1 over train+dev conversations, and dev F1 with the shipped model
    (``strip``: the held-out text lower-cased without punctuation, as ASR writes it)."""
    dev = annotated(load_corpus("casino", "dev"))
    scores = casino_variants(folds, [params], strip, features)[0]
    return scores, rows_f1(dev, params, strip)


def casino_variants(
    folds: int,
    variants: Sequence[dict[str, Any]],
    strip: bool = False,
    features: Sequence[str] = CONTEXT_FEATURES,
) -> list[list[float]]:
    """Per-fold F1 over train+dev conversations of each parameter set in ``variants``, the
    fold models fitted once for all of them (the fits and embeddings are the cost)."""
    conversations = annotated(load_corpus("casino", "train")) + annotated(
        load_corpus("casino", "dev")
    )
    models = fold_models(Rows.of(conversations), folds, features)
    held = [[c for c in conversations if fold_of(c, folds) == k] for k in range(folds)]
    results = []
    for params in variants:
        scores = []
        for k, model in enumerate(models):
            with first_stage(model):
                scores.append(rows_f1(held[k], params, strip))
        results.append(scores)
    return results


def annotated(conversations: Sequence[CorpusConversation]) -> list[CorpusConversation]:
    """The conversations with a gold row: the others neither train a stage nor score (the
    folds stay those of every conversation, ``fold_of`` hashes each one alone)."""
    return [c for c in conversations if any(gold(row) is not None for row in c.utterances)]


def sales_loco(
    grid: Sequence[dict[str, Any]], also: Sequence[str] = ()
) -> tuple[float, float, list[dict[str, Any]]]:
    """Leave-one-call-out F1 and precision over the dev calls and the folders ``also``."""
    from callcoach.eval.salescalls import evaluate_call, load_gold, resolve_salescalls

    calls = [c for data in ("salescalls", *also) for c in load_gold(resolve_salescalls(data))]
    counts: dict[tuple[int, int], tuple[int, int, int]] = {}
    for g, params in enumerate(grid):
        with detector_params(params):
            for c, call in enumerate(calls):
                moment = evaluate_call(call, "small_talk").labels["small_talk"]
                counts[g, c] = (moment.tp, moment.fp, moment.fn)

    def f1(total: Sequence[int]) -> float:
        return 2 * total[0] / max(1, 2 * total[0] + total[1] + total[2])

    pooled = [0, 0, 0]
    chosen = []
    for c in range(len(calls)):
        others = [i for i in range(len(calls)) if i != c]
        best = max(
            range(len(grid)),
            key=lambda g: f1([sum(counts[g, i][k] for i in others) for k in range(3)]),
        )
        chosen.append(grid[best])
        pooled = [a + b for a, b in zip(pooled, counts[best, c], strict=True)]
    return f1(pooled), pooled[0] / max(1, pooled[0] + pooled[1]), chosen


def batch_counts(batches: Sequence[str], params: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """Small-talk turns (tp, fp, fn) per read batch (``READ_BATCHES``) with ``params`` as the
    detector's defaults: no parameter is chosen on the calls, so the pooled F1 over the batches
    is also their leave-one-batch-out F1. A sealed or unopened folder is refused."""
    from callcoach.eval.lexicon_loco import READ_BATCHES, check_read_folder
    from callcoach.eval.salescalls import evaluate_call, load_gold, resolve_salescalls

    counts = {}
    for batch in batches:
        check_read_folder(READ_BATCHES[batch])
        total = [0, 0, 0]
        with detector_params(params):
            for call in load_gold(resolve_salescalls(READ_BATCHES[batch])):
                moment = evaluate_call(call, "small_talk").labels["small_talk"]
                total = [
                    a + b for a, b in zip(total, (moment.tp, moment.fp, moment.fn), strict=True)
                ]
        counts[batch] = (total[0], total[1], total[2])
    return counts


def _turns(counts: Sequence[int]) -> str:
    tp, fp, fn = counts
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    return f"F1 {f1:.3f} P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} ({tp}/{fp}/{fn})"


def veto_head(head: EmbeddingHead) -> AbstractContextManager[None]:
    """Run the detector with ``head`` as its veto head."""
    return _loading("load_head", head)


def veto_lobo(
    batches: Sequence[str],
    c: float = VETO_C,
    threshold: float = VETO_THRESHOLD,
    variants: Sequence[dict[str, Any]] = ({},),
    off: bool = True,
) -> dict[str, tuple[tuple[int, int, int], ...]]:
    """Per held-out batch: small-talk turns (tp, fp, fn) with the veto off, then with the
    veto on for each of ``variants`` (parameter overrides), with a head trained on the
    other opened blind batches of ``batches``."""
    from callcoach.nlp.embeddings import default_embedder

    rows = veto_rows([b for b in batches if b != "dev"])
    x = veto_features(rows.contexts, rows.texts, default_embedder().encode)
    out = {}
    for held in batches:
        train = np.asarray([b != held for b in rows.row_batches])
        model = fit_veto(x[train], rows.labels[train], c)
        head = EmbeddingHead(
            small_talk.VETO_HEAD,
            model.coef_[0].astype(np.float32),
            float(model.intercept_[0]),
            threshold,
            {"features": PAIR_FEATURES},
        )
        without = batch_counts([held], {"veto": False})[held] if off else (0, 0, 0)
        with veto_head(head):
            on = [batch_counts([held], {**v, "veto": True})[held] for v in variants]
        out[held] = (without, *on)
    return out


def veto_main(args: argparse.Namespace) -> int:
    batches = [b for b in args.batches.split(",") if b]
    variants = [{}, *(json.loads(v) for v in args.variant)]
    names = ["off", "veto", *(f"veto {v}" for v in args.variant)]
    result = veto_lobo(batches, args.veto_c, args.veto_threshold, variants, not args.no_off)
    for held, counts in result.items():
        print(
            f"{held}: " + "; ".join(f"{n} {_turns(c)}" for n, c in zip(names, counts, strict=True))
        )
    for k, name in enumerate(names):
        pooled = [sum(r[k][i] for r in result.values()) for i in range(3)]
        print(f"pooled {name}: {_turns(pooled)}")
    return 0


def variants_main(args: argparse.Namespace) -> int:
    """``--variant``: the CaSiNo CV of the shipped defaults and each variant, and with
    ``--batches`` their turns per read batch."""
    variants = [{}, *(json.loads(v) for v in args.variant)]
    for params, scores in zip(
        variants, casino_variants(args.folds, variants, args.strip_punct), strict=True
    ):
        folds = " ".join(f"{s:.3f}" for s in scores)
        print(
            f"casino {json.dumps(params)}: {statistics.mean(scores):.4f} "
            f"± {statistics.stdev(scores):.4f} ({folds})"
        )
    batches = [b for b in args.batches.split(",") if b]
    for params in variants if batches else []:
        counts = batch_counts(batches, params)
        pooled = [sum(c[k] for c in counts.values()) for k in range(3)]
        per = ", ".join(f"{b} {c[0]}/{c[1]}/{c[2]}" for b, c in counts.items())
        print(f"sales {json.dumps(params)}: pooled {_turns(pooled)}; {per}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--strip-punct", action="store_true", help="CaSiNo lower-cased without punctuation"
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        help="more annotated sales calls pooled into the leave-one-call-out (a folder)",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        help="JSON of parameter overrides to compare with the defaults (repeatable)",
    )
    parser.add_argument(
        "--batches",
        default="",
        help="with --variant: comma-separated read batches (READ_BATCHES) to score turns on",
    )
    parser.add_argument(
        "--veto-lobo",
        action="store_true",
        help="with --batches: the veto head leave-one-batch-out against the veto off",
    )
    parser.add_argument(
        "--no-off",
        action="store_true",
        help="with --veto-lobo: skip the veto-off pass (printed as 0/0/0)",
    )
    parser.add_argument("--veto-c", type=float, default=VETO_C)
    parser.add_argument("--veto-threshold", type=float, default=VETO_THRESHOLD)
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data
    if args.veto_lobo or args.variant:
        from callcoach.eval.lexicon_loco import READ_BATCHES

        unknown = [b for b in args.batches.split(",") if b and b not in READ_BATCHES]
        if unknown:
            parser.error(
                f"--batches: not a read batch: {', '.join(unknown)} "
                f"(read: {', '.join(READ_BATCHES)})"
            )
        if args.veto_lobo:
            return veto_main(args)
        for v in args.variant:
            try:
                json.loads(v)
            except ValueError as exc:
                parser.error(f"--variant {v!r}: not JSON: {exc}")
        return variants_main(args)
    scores, dev = casino(args.folds, {}, args.strip_punct)
    print(
        f"casino small_talk {args.folds}-fold F1 mean {statistics.mean(scores):.3f} "
        f"sd {statistics.stdev(scores):.3f} range [{min(scores):.3f}, {max(scores):.3f}]; "
        f"dev (shipped model) {dev:.3f}"
    )
    f1, precision, chosen = sales_loco(GRID, args.also)
    pooled = f" (with {', '.join(args.also)})" if args.also else ""
    print(f"salescalls{pooled} small_talk LOCO F1 {f1:.3f} (precision {precision:.3f})")
    print("parameters chosen per held-out call:", sorted({str(c) for c in chosen}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
