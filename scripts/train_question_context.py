"""Train the ``question`` detector's second stage for text without punctuation.

The model ``question_context`` (``callcoach/detectors/models/question_context.json``) is a
logistic regression over ``callcoach.detectors.question.CONTEXT_FEATURES``: the text
model's probability, the lexical rule's verdict and cue, where the unit sits in its turn,
whether the same speaker goes on and how the next speaker starts. It is trained on MRDA
train+dev (CC BY 4.0) with every row lower-cased and stripped of punctuation, exactly as
the detector sees an ASR transcript, twice: one utterance per corpus row, and a speaker's
consecutive rows merged into one run-on turn (as ASR exports write them). The detector
cuts each utterance into units; a unit is a question when a corpus row it overlaps is.
SwDA, DailyDialog and AnnoMI are NC-licensed or unlicensed and are never used here.

The threshold is chosen by 5-fold cross-validation over conversations
(``callcoach.eval.crossval.fold_of``): for each fold the model is refitted on the other
four and scored on it (row F1: a row is a question when any of its units passes), the
threshold of each fold is the best on its own training folds, and the shipped threshold is
the best on all out-of-fold scores. The CV mean and spread are stored with the model.

Usage: python scripts/train_question_context.py [--data ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors.question import (
    CONTEXT_FEATURES,
    CONTEXT_MODEL,
    QuestionDetector,
    context_features,
)
from callcoach.eval.corpus import (
    CorpusConversation,
    load_corpus,
    merged_call,
    resolve_corpus,
    to_call,
    utterance_id,
)
from callcoach.eval.crossval import CV_SPLITS, fold_of
from callcoach.eval.tasks.question import is_question
from callcoach.model import Call
from callcoach.nlp.dense import fit_dense
from callcoach.nlp.linear import MODELS_DIR, sha256_file

K = 5
C = 1.0
GRID = [round(float(t), 2) for t in np.arange(0.10, 0.91, 0.01)]


class Data:
    """Units of both settings (one utterance per row; a speaker's rows merged into one
    run-on turn) with their labels and the (unit, row) pairs that credit a row."""

    def __init__(self) -> None:
        self.features: list[NDArray[np.float64]] = []
        self.labels: list[bool] = []
        self.unit_fold: list[int] = []
        self.pairs: dict[str, list[tuple[int, int]]] = {"rows": [], "merged": []}
        self.gold: dict[str, list[bool]] = {"rows": [], "merged": []}
        self.row_fold: dict[str, list[int]] = {"rows": [], "merged": []}

    def add(
        self,
        setting: str,
        call: Call,
        covering: Mapping[int, tuple[str, int, int]],
        conv: CorpusConversation,
        fold: int,
    ) -> None:
        # Its logit is the ``question`` model's (``question_asr`` has its own context model).
        detector = QuestionDetector(model_unpunctuated="question")
        spans, probs, rules = detector.unit_rules(call, punctuated=False)
        rows: list[tuple[int, str, int, int]] = []
        for row in conv.utterances:
            flag = is_question(row)
            if flag is not None:
                uid, start, end = covering[row.turn]
                rows.append((len(self.gold[setting]), uid, start, end))
                self.gold[setting].append(flag)
                self.row_fold[setting].append(fold)
        keep = [i for i, rule in enumerate(rules) if rule.needs != "never"]
        if not keep:
            return
        matrix = context_features(call, spans, probs, rules)
        base = len(self.labels)
        for n, i in enumerate(keep):
            utterance, start, end = spans[i]
            start += rules[i].offset
            hit = [
                index for index, uid, a, b in rows if uid == utterance.id and a < end and b > start
            ]
            self.labels.append(any(self.gold[setting][index] for index in hit))
            self.unit_fold.append(fold)
            self.pairs[setting] += [(base + n, index) for index in hit]
        self.features.append(matrix[keep])


def collect(corpus: str) -> Data:
    data = Data()
    for conv in load_corpus(corpus, None):
        if conv.split not in CV_SPLITS:
            continue
        fold = fold_of(conv, K)
        call = to_call(conv, strip_punct=True)
        rows = {row.turn: (utterance_id(row.turn), 0, 1 << 30) for row in conv.utterances}
        data.add("rows", call, rows, conv, fold)
        merged, spans = merged_call(conv, strip_punct=True)
        data.add("merged", merged, spans, conv, fold)
    return data


def row_f1(
    scores: NDArray[np.float64],
    pairs: NDArray[np.int64],
    gold: NDArray[np.bool_],
    rows: NDArray[np.bool_],
    t: float,
) -> float:
    """F1 over the rows selected by ``rows``; a row is "yes" when a unit crediting it
    scores at least ``t`` (``scores`` indexed by unit; NaN for units not scored)."""
    pred = np.zeros(len(gold), dtype=bool)
    passed = pairs[scores[pairs[:, 0]] >= t]
    pred[passed[:, 1]] = True
    pred &= rows
    truth = gold & rows
    tp = float(np.sum(pred & truth))
    if tp == 0:
        return 0.0
    precision, recall = tp / pred.sum(), tp / truth.sum()
    return float(2 * precision * recall / (precision + recall))


def both_f1(
    data: Data, scores: NDArray[np.float64], folds: NDArray[np.bool_] | None, t: float
) -> tuple[float, float]:
    """Row F1 in the rows and the merged setting, over rows whose fold is in ``folds``."""
    result = []
    for setting in ("rows", "merged"):
        gold = np.asarray(data.gold[setting])
        fold = np.asarray(data.row_fold[setting])
        rows = np.ones(len(gold), dtype=bool) if folds is None else folds[fold]
        pairs = np.asarray(data.pairs[setting], dtype=np.int64).reshape(-1, 2)
        result.append(row_f1(scores, pairs, gold, rows, t))
    return result[0], result[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data

    data = collect("mrda")
    x = np.vstack(data.features)
    y = np.asarray(data.labels)
    unit_fold = np.asarray(data.unit_fold)
    oof = np.zeros(len(y))
    folds = []
    for fold in range(K):
        train = unit_fold != fold
        model = fit_dense(CONTEXT_FEATURES, x[train], y[train], 0.5, {}, c=C)
        inside = np.full(len(y), -1.0)
        inside[train] = model.predict_proba(x[train])
        oof[~train] = model.predict_proba(x[~train])
        train_folds = np.arange(K) != fold
        # The fold's threshold: the best mean of both settings on its own training rows.
        best = max(GRID, key=lambda t: sum(both_f1(data, inside, train_folds, t)))
        rows_f1, merged_f1 = both_f1(data, oof, ~train_folds, best)
        folds.append(
            {
                "fold": fold,
                "threshold": best,
                "rows_f1": round(rows_f1, 4),
                "merged_f1": round(merged_f1, 4),
            }
        )
        print(
            f"fold {fold}: threshold {best:.2f} held-out rows F1 {rows_f1:.4f}"
            f" merged {merged_f1:.4f}"
        )
    threshold = max(GRID, key=lambda t: sum(both_f1(data, oof, None, t)))
    rows_f1s = [f["rows_f1"] for f in folds]
    merged_f1s = [f["merged_f1"] for f in folds]
    digest = hashlib.sha256(x.tobytes() + y.tobytes()).hexdigest()
    final = fit_dense(
        CONTEXT_FEATURES,
        x,
        y,
        threshold,
        {
            "task": "question (text without punctuation), second stage",
            "corpus": "mrda",
            "corpus_license": "CC BY 4.0",
            "train_splits": list(CV_SPLITS),
            "train_units": len(y),
            "train_rows": len(data.gold["rows"]),
            "train_file_sha256": sha256_file(resolve_corpus("mrda")),
            "train_features_sha256": digest,
            "C": C,
            "cv": {
                "k": K,
                "folds": folds,
                "rows_f1_mean": round(statistics.fmean(rows_f1s), 4),
                "rows_f1_sd": round(statistics.stdev(rows_f1s), 4),
                "merged_f1_mean": round(statistics.fmean(merged_f1s), 4),
                "merged_f1_sd": round(statistics.stdev(merged_f1s), 4),
                "threshold_out_of_fold": threshold,
            },
        },
        c=C,
    )
    path = final.save(args.out / f"{CONTEXT_MODEL}.json")
    print(
        f"wrote {path}: threshold {threshold}, CV rows F1 {statistics.fmean(rows_f1s):.4f}"
        f" merged {statistics.fmean(merged_f1s):.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
