"""Cross-validate question_topic on Persuasion For Good annotated without in-sample rows.

The shipped model was trained on every P4G annotated train row, so ``callcoach eval
--data persuasionforgood_annotated --cv 5`` scores most of its held-out folds with a model
that saw them (in-sample). Here, for each of K folds over the train+dev conversations
(``callcoach.eval.crossval.fold_of``: the same folds as ``eval --cv``), a model is trained
on the inquiry rows of the other folds exactly as ``scripts/train_question_topic.py``
trains the shipped one, and the full detector (the ``question`` detector, the lexicons,
then that model) labels the held-out fold, scored by the ``question_topic`` eval task
(macro-F1, strict: an inquiry left unlabelled is an error). The mean and spread over folds
are what to expect on test; dev with the shipped model is printed for comparison. The
regression floor in tests/detectors/test_question_topic.py runs ``cross_validate`` on a
deterministic sample of conversations (``--limit``).

Usage: python scripts/cv_question_topic.py [--folds 5] [--data ../shared/data]
       [--strip-punct] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from numpy.typing import NDArray

import callcoach.detectors.question_topic as question_topic
from callcoach.eval.corpus import CorpusConversation, load_corpus, strip_punctuation
from callcoach.eval.crossval import CV_SPLITS, fold_of, labelled_texts, sample
from callcoach.eval.runner import evaluate, predictions
from callcoach.eval.scoring import point_scores
from callcoach.eval.tasks.question_topic import gold
from callcoach.nlp.linear import LinearTextModel

CORPUS = "persuasionforgood_annotated"


def train_rows(conversations: Sequence[CorpusConversation]) -> tuple[list[str], list[str]]:
    """Texts and business/personal labels of the inquiry rows (as the training script)."""
    return labelled_texts(conversations, gold)


def fit(texts: list[str], labels: list[str]) -> tuple[LinearTextModel, NDArray[np.float32]]:
    """A model trained as scripts/train_question_topic.py trains the shipped one."""
    from train_question_topic import SEED
    from train_question_topic import fit as train

    rng = np.random.default_rng(SEED)
    stripped = rng.random(len(texts)) < 0.5
    mixed = [strip_punctuation(t) if s else t for t, s in zip(texts, stripped, strict=True)]
    return train(mixed, labels)


@contextmanager
def fold_model(model: LinearTextModel, embedding_coef: NDArray[np.float32]) -> Iterator[None]:
    """Run the detector with this fold's model instead of the shipped one."""
    original = question_topic.load_model, question_topic._embedding_coef
    question_topic.load_model = lambda name: model  # type: ignore[assignment]
    question_topic._embedding_coef = lambda: embedding_coef[0]  # type: ignore[assignment]
    try:
        yield
    finally:
        question_topic.load_model, question_topic._embedding_coef = original  # type: ignore[assignment]


def cross_validate(folds: int, strip_punct: bool, limit: int | None = None) -> list[float]:
    """Held-out macro-F1 of each fold; with ``limit``, on that many conversations chosen
    by hash (``eval.crossval.sample``), training rows included."""
    conversations = sample([c for c in load_corpus(CORPUS, None) if c.split in CV_SPLITS], limit)
    scores = []
    for k in range(folds):
        design = [c for c in conversations if fold_of(c, folds) != k]
        held = [c for c in conversations if fold_of(c, folds) == k]
        with fold_model(*fit(*train_rows(design))):
            rows = predictions("question_topic", held, strip_punct)
        scores.append(point_scores([p.gold for p in rows], [p.pred for p in rows], None)[2])
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--strip-punct", action="store_true", help="lower-case, no punctuation")
    parser.add_argument("--limit", type=int, help="a deterministic sample of N conversations")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data
    scores = cross_validate(args.folds, args.strip_punct, args.limit)
    dev = evaluate(CORPUS, "dev", "question_topic", args.strip_punct)["question_topic"]["f1"]
    text = "no punctuation" if args.strip_punct else "as written"
    print(
        f"{CORPUS} question_topic ({text}) {args.folds}-fold macro-F1, model retrained per "
        f"fold: mean {statistics.mean(scores):.3f} sd {statistics.stdev(scores):.3f} "
        f"range [{min(scores):.3f}, {max(scores):.3f}]; dev (shipped model) {dev:.3f}"
    )
    print("per fold:", " ".join(f"{s:.3f}" for s in scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
