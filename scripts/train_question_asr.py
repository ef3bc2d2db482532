"""Train the ``question`` detector's models for text without punctuation, stacked.

Two models, both trained on MRDA train+dev (CC BY 4.0) with every row lower-cased and
stripped of punctuation, as the detector sees an ASR transcript, once one utterance per
corpus row and once a speaker's consecutive rows merged into one run-on turn:

1. ``question_asr``: hashed word n-grams (1-3, with start/end markers) and a logistic
   regression over the *units* the detector cuts those utterances into (a unit is a
   question when a corpus row it overlaps is). The older ``question`` model was trained on
   MRDA rows with "?" in half of them: without the mark it leans on little else, so clear
   inverted questions scored low.
2. ``question_asr_context`` (``callcoach.detectors.question.CONTEXT_FEATURES``): the second
   stage, whose ``logit`` feature is now ``question_asr``'s. It is fitted on *out-of-fold*
   logits (5 folds over conversations, ``callcoach.eval.crossval.fold_of``), so that it
   learns how far to trust the text model on text that model has not seen.

With ``--extra casino --extra persuasionforgood`` (question 1.10, shipped) the text model
also learns from typed chat: every end-marked sentence of those corpora's train+dev
dialogues (CC BY 4.0 and Apache-2.0), a question when its writer ended it with "?",
lower-cased and stripped like the units (43,624 sentences, 10,216 questions). They join every
fit of the text model (CV folds included) and are never scored; the context model and the
threshold are still fitted on MRDA units only.

The threshold is chosen as in ``train_question_context.py``: per fold, both models are
refitted on the other four folds, the fold's threshold is the best on its own training
rows and it is scored on the held-out fold (row F1: a row is a question when any of its
units passes); the shipped threshold is the best on all out-of-fold scores. The CV mean and
spread are stored with each model. SwDA, DailyDialog and AnnoMI are NC-licensed or
unlicensed and are never used here.

Usage: python scripts/train_question_asr.py [--data ../shared/data] [--out DIR] [--c C]
       [--extra casino --extra persuasionforgood] [--extra-weight W]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors.question import (
    ASR_CONTEXT_MODEL,
    ASR_MODEL,
    CONTEXT_FEATURES,
    QuestionDetector,
    context_features,
)
from callcoach.errors import EvalError
from callcoach.eval.corpus import (
    CorpusConversation,
    load_corpus,
    merged_call,
    resolve_corpus,
    to_call,
    utterance_id,
)
from callcoach.eval.crossval import CHAT_CORPORA, CV_SPLITS, chat_messages, fold_of
from callcoach.eval.tasks.question import is_question
from callcoach.model import Call
from callcoach.nlp.dense import fit_dense
from callcoach.nlp.linear import MODELS_DIR, FeatureConfig, LinearTextModel, featurize, sha256_file
from callcoach.nlp.sentences import asr_text, sentences

K = 5
C_CONTEXT = 1.0
SEED = 13
CONFIG = FeatureConfig(word_ngrams=(1, 3), char_ngrams=None, n_features=2**18)
GRID = [round(float(t), 2) for t in np.arange(0.10, 0.91, 0.01)]
LOGIT = CONTEXT_FEATURES.index("logit")
# Typed chat corpora whose licence allows training (CC BY 4.0, Apache-2.0): their writers
# end a question with "?" far more reliably than a transcriber marks one, so each typed
# sentence ending in "?" is a (silver) question and one ending in "." or "!" is not, once
# lower-cased and stripped like ASR text. Sentences with no end mark are left out.
EXTRA_CORPORA = tuple(CHAT_CORPORA)


def extra_rows(corpora: Sequence[str]) -> tuple[list[str], list[bool]]:
    """(stripped text, is question) of every end-marked sentence of the train+dev
    conversations of ``corpora`` (typed chat; see ``CHAT_CORPORA``)."""
    texts: list[str] = []
    labels: list[bool] = []
    try:
        for message in chat_messages(corpora):
            for sentence in sentences(message):
                end = sentence.rstrip()[-1:]
                text = asr_text(sentence)
                if end in ("?", ".", "!") and text:
                    texts.append(text)
                    labels.append(end == "?")
    except EvalError as exc:
        raise SystemExit(f"--extra {exc}") from None
    return texts, labels


@dataclass(frozen=True)
class Extra:
    """Silver chat rows added to every fit of the text model (never scored)."""

    matrix: Any
    labels: list[str]
    weight: float


def fit_units(
    matrix: Any, labels: Sequence[str], mask: NDArray[np.bool_], extra: Extra | None, c: float
) -> LinearTextModel:
    """The text model on the units selected by ``mask`` (plus the chat rows, weighted)."""
    index = np.flatnonzero(mask)
    chosen = [labels[int(i)] for i in index]
    if extra is None:
        return LinearTextModel.fit_features(matrix[index], chosen, CONFIG, c, SEED)
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    weights = np.concatenate([np.ones(len(index)), np.full(len(extra.labels), extra.weight)])
    classifier = LogisticRegression(C=c, max_iter=2000, random_state=SEED, solver="liblinear")
    classifier.fit(
        vstack([matrix[index], extra.matrix]).tocsr(), chosen + extra.labels, sample_weight=weights
    )
    return LinearTextModel(
        config=CONFIG,
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        classes=tuple(str(label) for label in classifier.classes_),
        metadata={},
    )


class Data:
    """Units of both settings with their texts, context features, labels, folds, and the
    (unit, row) pairs that credit a row."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.features: list[NDArray[np.float64]] = []
        self.labels: list[bool] = []
        self.unit_fold: list[int] = []
        self.merged: list[bool] = []
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
        # Units and rules only: the text model's logits are refitted below.
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
            self.texts.append(utterance.text[start:end])
            start += rules[i].offset
            hit = [
                index for index, uid, a, b in rows if uid == utterance.id and a < end and b > start
            ]
            self.labels.append(any(self.gold[setting][index] for index in hit))
            self.unit_fold.append(fold)
            self.merged.append(setting == "merged")
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
    scores at least ``t``."""
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


def _logits(model: LinearTextModel, features: Any) -> NDArray[np.float64]:
    """The text model's logit as the detector computes it (probability clipped)."""
    assert model.classes == ("no", "yes"), model.classes  # binary: row 0 scores "yes"
    scores = np.asarray(features @ model.coef[0].astype(np.float64), dtype=np.float64)
    scores = scores.reshape(-1) + float(model.intercept[0])
    p = np.clip(1.0 / (1.0 + np.exp(-scores)), 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)), dtype=np.float64)


def out_of_fold_logits(
    matrix: Any,
    labels: Sequence[str],
    unit_fold: NDArray[np.int64],
    learn: NDArray[np.bool_],
    c: float,
    skip: int,
    extra: Extra | None = None,
) -> NDArray[np.float64]:
    """Logits of the text model for every unit, from a model fitted (on the ``learn``
    units) without the unit's fold, and (``skip`` >= 0) without fold ``skip`` either
    (nested, for the outer CV)."""
    logits = np.zeros(len(labels))
    for fold in range(K):
        if fold == skip:
            continue
        train = (unit_fold != fold) & (unit_fold != skip) & learn
        model = fit_units(matrix, labels, train, extra, c)
        logits[unit_fold == fold] = _logits(model, matrix[unit_fold == fold])
    return logits


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--c", type=float, default=1.0, help="text model's C")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        help=f"add a typed chat corpus' end-marked sentences to the text model: {EXTRA_CORPORA}",
    )
    parser.add_argument("--extra-weight", type=float, default=1.0, help="weight of a chat row")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data

    data = collect("mrda")
    x = np.vstack(data.features)
    y = np.asarray(data.labels)
    labels = ["yes" if flag else "no" for flag in data.labels]
    unit_fold = np.asarray(data.unit_fold, dtype=np.int64)
    matrix = featurize(data.texts, CONFIG)
    # The text model learns from the units of one-row utterances only: a unit of a merged
    # turn that the segmenter left uncut spans a statement and a question, and labelling
    # its statement words "question" blurred the model on run-on turns (SwDA CV).
    learn = ~np.asarray(data.merged)
    print(f"{len(y)} units, {int(y.sum())} questions, {int(learn.sum())} learnt", flush=True)
    extra: Extra | None = None
    extra_texts: list[str] = []
    if args.extra:
        extra_texts, extra_flags = extra_rows(args.extra)
        extra = Extra(
            featurize(extra_texts, CONFIG),
            ["yes" if flag else "no" for flag in extra_flags],
            args.extra_weight,
        )
        print(f"{len(extra_texts)} chat sentences, {sum(extra_flags)} questions", flush=True)

    # Outer CV: for each held-out fold, the text model's logits on the training folds are
    # themselves out-of-fold (fitted on the other training folds), and the held-out fold's
    # logits come from a text model fitted on all four training folds.
    oof = np.zeros(len(y))
    folds = []
    for fold in range(K):
        train = unit_fold != fold
        xf = x.copy()
        xf[:, LOGIT] = out_of_fold_logits(
            matrix, labels, unit_fold, learn, args.c, skip=fold, extra=extra
        )
        text = fit_units(matrix, labels, train & learn, extra, args.c)
        xf[~train, LOGIT] = _logits(text, matrix[~train])
        model = fit_dense(CONTEXT_FEATURES, xf[train], y[train], 0.5, {}, c=C_CONTEXT)
        inside = np.full(len(y), -1.0)
        inside[train] = model.predict_proba(xf[train])
        oof[~train] = model.predict_proba(xf[~train])
        train_folds = np.arange(K) != fold
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
            f" merged {merged_f1:.4f}",
            flush=True,
        )
    threshold = max(GRID, key=lambda t: sum(both_f1(data, oof, None, t)))
    rows_f1s = [f["rows_f1"] for f in folds]
    merged_f1s = [f["merged_f1"] for f in folds]
    cv = {
        "k": K,
        "folds": folds,
        "rows_f1_mean": round(statistics.fmean(rows_f1s), 4),
        "rows_f1_sd": round(statistics.stdev(rows_f1s), 4),
        "merged_f1_mean": round(statistics.fmean(merged_f1s), 4),
        "merged_f1_sd": round(statistics.stdev(merged_f1s), 4),
        "threshold_out_of_fold": threshold,
    }

    # Shipped: the text model on every unit; the context model on out-of-fold logits.
    text = fit_units(matrix, labels, learn, extra, args.c)
    x[:, LOGIT] = out_of_fold_logits(matrix, labels, unit_fold, learn, args.c, skip=-1, extra=extra)
    corpus_sha = sha256_file(resolve_corpus("mrda"))
    digest = hashlib.sha256(x.tobytes() + y.tobytes()).hexdigest()
    text_path = text.save(
        args.out,
        ASR_MODEL,
        {
            "task": "question (text without punctuation), unit text model",
            "labels": "MRDA da-general in {qy,qw,qo,qh,qr,qrr} or da-basic Q -> yes",
            "corpus": "mrda",
            "corpus_license": "CC BY 4.0",
            "train_splits": list(CV_SPLITS),
            "train_units": int(learn.sum()),
            "train_file_sha256": corpus_sha,
            "train_texts_sha256": hashlib.sha256("\n".join(data.texts).encode()).hexdigest(),
            "C": args.c,
            "seed": SEED,
            "cv": cv,
            **(
                {
                    "extra_corpora": {
                        name: "CC BY 4.0" if name == "casino" else "Apache-2.0"
                        for name in args.extra
                    },
                    "extra_rows": "typed sentences of train+dev ending in '?' (yes) or '.'/'!'"
                    " (no), lower-cased without punctuation",
                    "extra_sentences": len(extra_texts),
                    "extra_weight": args.extra_weight,
                    "extra_texts_sha256": hashlib.sha256(
                        "\n".join(extra_texts).encode()
                    ).hexdigest(),
                }
                if extra is not None
                else {}
            ),
        },
    )
    final = fit_dense(
        CONTEXT_FEATURES,
        x,
        y,
        threshold,
        {
            "task": "question (text without punctuation), second stage",
            "text_model": ASR_MODEL,
            "logit": "out-of-fold logits of the text model (5 folds over conversations)",
            "corpus": "mrda",
            "corpus_license": "CC BY 4.0",
            "train_splits": list(CV_SPLITS),
            "train_units": len(y),
            "train_rows": len(data.gold["rows"]),
            "train_file_sha256": corpus_sha,
            "train_features_sha256": digest,
            "C": C_CONTEXT,
            "cv": cv,
        },
        c=C_CONTEXT,
    )
    path = final.save(args.out / f"{ASR_CONTEXT_MODEL}.json")
    print(
        f"wrote {text_path} and {path}: threshold {threshold}, CV rows F1"
        f" {cv['rows_f1_mean']:.4f} merged {cv['merged_f1_mean']:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
