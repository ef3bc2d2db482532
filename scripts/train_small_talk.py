"""Train the ``small_talk`` model on CaSiNo train (CC BY 4.0).

Rows of strategy-annotated dialogues are "yes" when labelled small-talk and "no"
otherwise (the gold rule of callcoach/eval/tasks/small_talk.py). Half of the rows, chosen
with a fixed seed, are lower-cased with punctuation removed so the model also reads ASR
text. The decision threshold is chosen on 5-fold out-of-fold predictions on train (dev is
too small to choose it: 17 small-talk rows); dev F1 is recorded in the metadata.

Usage: python scripts/train_small_talk.py [--data ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from callcoach.eval.corpus import load_corpus, strip_punctuation
from callcoach.eval.tasks.small_talk import gold
from callcoach.nlp.linear import MODELS_DIR, FeatureConfig, LinearTextModel

SEED = 23
MODEL_NAME = "small_talk"
C = 4.0
FOLDS = 5
CONFIG = FeatureConfig(word_ngrams=(1, 2), char_ngrams=(2, 4), n_features=2**18)


def rows(split: str) -> tuple[list[str], list[str]]:
    """Texts and yes/no labels of the strategy-annotated CaSiNo rows of ``split``."""
    texts, labels = [], []
    for conv in load_corpus("casino", split):
        for row in conv.utterances:
            label = gold(row)
            if label is not None and row.text.strip():
                texts.append(row.text)
                labels.append(label)
    return texts, labels


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

    texts, labels = rows("train")
    rng = np.random.default_rng(SEED)
    stripped = rng.random(len(texts)) < 0.5
    train_texts = [strip_punctuation(t) if s else t for t, s in zip(texts, stripped, strict=True)]
    positive = np.asarray([label == "yes" for label in labels])
    oof = out_of_fold(train_texts, labels)
    grid = [round(t, 2) for t in np.arange(0.3, 0.81, 0.05)]
    threshold = max(grid, key=lambda t: f1(oof, positive, t))
    digest = hashlib.sha256(
        "\n".join(
            f"{label}\t{text}" for text, label in zip(train_texts, labels, strict=True)
        ).encode("utf-8")
    ).hexdigest()
    model = LinearTextModel.fit(
        train_texts, labels, CONFIG, c=C, seed=SEED, class_weight="balanced"
    )
    dev_texts, dev_labels = rows("dev")
    column = model.classes.index("yes")
    dev_scores = model.predict_proba(dev_texts)[:, column]
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
            "threshold": threshold,
            "train_oof_f1": round(f1(oof, positive, threshold), 4),
            "dev_rows": len(dev_texts),
            "dev_f1_rows": round(dev_f1, 4),
        },
    )
    print(
        f"wrote {path}: threshold {threshold}, out-of-fold F1 {f1(oof, positive, threshold):.3f}, "
        f"dev F1 (rows, model only) {dev_f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
