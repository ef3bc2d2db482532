"""Train the ``question_topic`` model on Persuasion For Good annotated train (Apache-2.0).

Rows labelled task-related-inquiry (persuader or persuadee) are "business", rows labelled
personal-related-inquiry are "personal" (rows with both are skipped). Half of the rows,
chosen with a fixed seed, are lower-cased with punctuation removed so the model also
reads ASR text. Dev scores are recorded in the model's metadata; nothing is tuned on
dev here (the detector's threshold is a parameter, documented in
docs/evaluation/question_topic.md).

Usage: python scripts/train_question_topic.py [--data ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from callcoach.eval.corpus import load_corpus, strip_punctuation
from callcoach.eval.tasks.question_topic import P4G_TOPICS
from callcoach.nlp.linear import MODELS_DIR, FeatureConfig, LinearTextModel

SEED = 17
MODEL_NAME = "question_topic"
C = 1.0
CONFIG = FeatureConfig(word_ngrams=(1, 2), char_ngrams=(2, 4), n_features=2**18)


def rows(split: str) -> tuple[list[str], list[str]]:
    """Texts and business/personal labels of the inquiry rows of ``split``."""
    texts, labels = [], []
    for conv in load_corpus("persuasionforgood_annotated", split):
        for row in conv.utterances:
            found = {
                P4G_TOPICS[label.partition(":")[2]]
                for label in row.labels
                if label.partition(":")[2] in P4G_TOPICS
            }
            if len(found) == 1 and row.text.strip():
                texts.append(row.text)
                labels.append(found.pop())
    return texts, labels


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    scores = []
    for cls in sorted(set(gold)):
        tp = sum(g == p == cls for g, p in zip(gold, pred, strict=True))
        denominator = sum(g == cls for g in gold) + sum(p == cls for p in pred)
        scores.append(2 * tp / denominator if denominator else 0.0)
    return float(np.mean(scores))


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
    digest = hashlib.sha256(
        "\n".join(
            f"{label}\t{text}" for text, label in zip(train_texts, labels, strict=True)
        ).encode("utf-8")
    ).hexdigest()
    model = LinearTextModel.fit(
        train_texts, labels, CONFIG, c=C, seed=SEED, class_weight="balanced"
    )
    dev_texts, dev_labels = rows("dev")
    dev_pred = [model.classes[i] for i in model.predict_proba(dev_texts).argmax(axis=1)]
    dev_score = macro_f1(dev_labels, dev_pred)
    path = model.save(
        args.out,
        MODEL_NAME,
        {
            "corpus": "persuasionforgood_annotated",
            "split": "train",
            "license": "Apache-2.0",
            "training_rows": len(train_texts),
            "training_data_sha256": digest,
            "seed": SEED,
            "c": C,
            "class_weight": "balanced",
            "dev_rows": len(dev_texts),
            "dev_macro_f1_argmax": round(dev_score, 4),
        },
    )
    print(f"wrote {path}: {len(train_texts)} train rows, dev macro-F1 (argmax) {dev_score:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
