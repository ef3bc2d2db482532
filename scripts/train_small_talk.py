"""Train the ``small_talk`` model on CaSiNo train (CC BY 4.0).

Rows of strategy-annotated dialogues are "yes" when labelled small-talk and "no"
otherwise (the gold rule of callcoach/eval/tasks/small_talk.py). Half of the rows, chosen
with a fixed seed, are lower-cased with punctuation removed so the model also reads ASR
text. Small talk comes in stretches, so a second stage (logistic regression stored in the
metadata as ``context``) rescores each row from its own first-stage probability and those of
the rows before and after it; it is fitted on 5-fold out-of-fold first-stage scores. The
decision threshold is chosen on out-of-fold second-stage scores on train (dev is too small
to choose it: 17 small-talk rows); dev F1 is recorded in the metadata.

Usage: python scripts/train_small_talk.py [--data ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from callcoach.eval.corpus import load_corpus, strip_punctuation
from callcoach.eval.tasks.small_talk import gold
from callcoach.nlp.linear import MODELS_DIR, FeatureConfig, LinearTextModel

SEED = 23
MODEL_NAME = "small_talk"
C = 4.0
FOLDS = 5
CONTEXT_FEATURES = ["own", "previous", "next"]
CONFIG = FeatureConfig(word_ngrams=(1, 2), char_ngrams=(2, 4), n_features=2**18)


def rows(split: str) -> tuple[list[str], list[str], list[str]]:
    """Texts, yes/no labels and conversation ids of the annotated CaSiNo rows of ``split``."""
    texts, labels, conversations = [], [], []
    for conv in load_corpus("casino", split):
        for row in conv.utterances:
            label = gold(row)
            if label is not None and row.text.strip():
                texts.append(row.text)
                labels.append(label)
                conversations.append(conv.conversation_id)
    return texts, labels, conversations


def neighbours(scores: np.ndarray, conversations: Sequence[str]) -> np.ndarray:
    """Rows of [own score, previous row's score, next row's score] (0 at conversation edges)."""
    previous = np.zeros_like(scores)
    following = np.zeros_like(scores)
    for i in range(len(scores)):
        if i > 0 and conversations[i - 1] == conversations[i]:
            previous[i] = scores[i - 1]
        if i + 1 < len(scores) and conversations[i + 1] == conversations[i]:
            following[i] = scores[i + 1]
    return np.stack([scores, previous, following], axis=1)


def context_scores(features: np.ndarray, coef: Sequence[float], intercept: float) -> np.ndarray:
    """Second-stage P(yes), as the detector computes it."""
    return np.asarray(1.0 / (1.0 + np.exp(-(features @ np.asarray(coef) + intercept))))


def f1(scores: np.ndarray, positive: np.ndarray, threshold: float) -> float:
    pred = scores >= threshold
    tp = float(np.sum(pred & positive))
    return 2 * tp / max(1.0, float(pred.sum() + positive.sum()))


def out_of_fold(texts: list[str], labels: list[str]) -> np.ndarray:
    """P(yes) of every training row from a model that did not see it."""
    rng = np.random.default_rng(SEED)
    fold = rng.integers(0, FOLDS, len(texts))
    scores = np.zeros(len(texts))
    for k in range(FOLDS):
        train = np.flatnonzero(fold != k)
        held = np.flatnonzero(fold == k)
        model = LinearTextModel.fit(
            [texts[i] for i in train],
            [labels[i] for i in train],
            CONFIG,
            c=C,
            seed=SEED,
            class_weight="balanced",
        )
        column = model.classes.index("yes")
        scores[held] = model.predict_proba([texts[i] for i in held])[:, column]
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data

    texts, labels, conversations = rows("train")
    rng = np.random.default_rng(SEED)
    stripped = rng.random(len(texts)) < 0.5
    train_texts = [strip_punctuation(t) if s else t for t, s in zip(texts, stripped, strict=True)]
    positive = np.asarray([label == "yes" for label in labels])
    stacked = neighbours(out_of_fold(train_texts, labels), conversations)
    second = LogisticRegression(class_weight="balanced", random_state=SEED).fit(stacked, positive)
    coef = [round(float(w), 6) for w in second.coef_[0]]
    intercept = round(float(second.intercept_[0]), 6)
    oof = cross_val_predict(
        LogisticRegression(class_weight="balanced", random_state=SEED),
        stacked,
        positive,
        cv=FOLDS,
        method="predict_proba",
    )[:, 1]
    grid = [round(t, 2) for t in np.arange(0.3, 0.91, 0.05)]
    threshold = max(grid, key=lambda t: f1(oof, positive, t))
    digest = hashlib.sha256(
        "\n".join(
            f"{label}\t{text}" for text, label in zip(train_texts, labels, strict=True)
        ).encode("utf-8")
    ).hexdigest()
    model = LinearTextModel.fit(
        train_texts, labels, CONFIG, c=C, seed=SEED, class_weight="balanced"
    )
    dev_texts, dev_labels, dev_conversations = rows("dev")
    column = model.classes.index("yes")
    dev_first = model.predict_proba(dev_texts)[:, column].astype(np.float64)
    dev_scores = context_scores(neighbours(dev_first, dev_conversations), coef, intercept)
    dev_f1 = f1(dev_scores, np.asarray([label == "yes" for label in dev_labels]), threshold)
    path = model.save(
        args.out,
        MODEL_NAME,
        {
            "corpus": "casino",
            "split": "train",
            "license": "CC BY 4.0",
            "training_rows": len(train_texts),
            "training_data_sha256": digest,
            "seed": SEED,
            "c": C,
            "class_weight": "balanced",
            "context": {"coef": coef, "intercept": intercept, "features": CONTEXT_FEATURES},
            "threshold": threshold,
            "train_oof_f1": round(f1(oof, positive, threshold), 4),
            "dev_rows": len(dev_texts),
            "dev_f1_rows": round(dev_f1, 4),
        },
    )
    print(
        f"wrote {path}: threshold {threshold}, out-of-fold F1 {f1(oof, positive, threshold):.3f}, "
        f"dev F1 (rows, without lexicons) {dev_f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
