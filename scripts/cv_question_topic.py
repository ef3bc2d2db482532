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
invented sales questions (``training/question_topic_sales.jsonl``) join every fold's
training rows, as they join the shipped model's (``--p4g-only`` leaves them out). The
regression floor in tests/detectors/test_question_topic.py runs ``cross_validate`` on a
deterministic sample of conversations (``--limit``).

``--sales BATCHES`` (v2.2) instead scores topic accuracy on the matched questions of the
read sales calls (``callcoach.eval.lexicon_loco.READ_BATCHES``, e.g. ``dev,open,open2``),
per batch: the shipped model against one trained like it on P4G annotated train+dev
without the invented rows. No sales-call sentence trains either model.

``--c`` and ``--embedding-weight`` (stop 39) retrain every fold with another C or embedding
weight than the shipped ``train_question_topic.C`` / ``EMBEDDING_WEIGHT``: the grid over both
is flat within the fold spread (docs/evaluation/question_topic.md).

Usage: python scripts/cv_question_topic.py [--folds 5] [--data ../shared/data]
       [--strip-punct] [--limit N] [--p4g-only] [--sales BATCHES]
       [--c C] [--embedding-weight W]
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

import callcoach.detectors.question_topic as question_topic
from callcoach.eval.corpus import CorpusConversation, load_corpus
from callcoach.eval.crossval import CV_SPLITS, fold_of, labelled_texts, sample
from callcoach.eval.runner import evaluate, predictions
from callcoach.eval.scoring import point_scores
from callcoach.eval.tasks.question_topic import gold
from callcoach.nlp.linear import LinearTextModel

CORPUS = "persuasionforgood_annotated"


def train_rows(conversations: Sequence[CorpusConversation]) -> tuple[list[str], list[str]]:
    """Texts and business/personal labels of the inquiry rows (as the training script)."""
    return labelled_texts(conversations, gold)


def fit(
    texts: list[str], labels: list[str], invented: bool = True
) -> tuple[LinearTextModel, NDArray[np.float32]]:
    """A model trained as scripts/train_question_topic.py trains the shipped one (without
    the invented sales questions when ``invented`` is False)."""
    from train_question_topic import fit as train
    from train_question_topic import p4g_mixed, sales_rows

    extra_texts, extra_labels = sales_rows() if invented else ([], [])
    return train(p4g_mixed(texts) + extra_texts, labels + extra_labels)


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


def cross_validate(
    folds: int, strip_punct: bool, limit: int | None = None, invented: bool = True
) -> list[float]:
    """Held-out macro-F1 of each fold; with ``limit``, on that many conversations chosen
    by hash (``eval.crossval.sample``), training rows included."""
    conversations = sample([c for c in load_corpus(CORPUS, None) if c.split in CV_SPLITS], limit)
    scores = []
    for k in range(folds):
        design = [c for c in conversations if fold_of(c, folds) != k]
        held = [c for c in conversations if fold_of(c, folds) == k]
        with fold_model(*fit(*train_rows(design), invented=invented)):
            rows = predictions("question_topic", held, strip_punct)
        scores.append(point_scores([p.gold for p in rows], [p.pred for p in rows], None)[2])
    return scores


@dataclass(frozen=True)
class SalesQuestion:
    """A question of a read sales call that a gold question moment matched."""

    batch: str
    call: str
    sentence: str
    gold: str


def sales_questions(batches: Sequence[str]) -> list[SalesQuestion]:
    """The matched questions (with a gold topic) of the named read batches."""
    from callcoach.eval.lexicon_loco import READ_BATCHES, check_read_folder
    from callcoach.eval.salescalls import evaluate_call, load_gold, resolve_salescalls
    from callcoach.nlp.embeddings import default_embedder

    out = []
    for batch in batches:
        folder = READ_BATCHES[batch]
        check_read_folder(folder)
        for gold_call in load_gold(resolve_salescalls(folder)):
            result = evaluate_call(gold_call, "question_topic", default_embedder())
            score = result.labels.get("question")
            for match in score.matches if score is not None else ():
                topic = match.gold.attrs.get("topic")
                if topic:
                    out.append(SalesQuestion(batch, gold_call.id, match.pred.quote, str(topic)))
    return out


def sales_topics(
    questions: Sequence[SalesQuestion],
    model: LinearTextModel,
    embedding_coef: NDArray[np.float32],
) -> list[str]:
    """The detector's topic of each question (lexicons, then this model), in the gold's
    names (``other`` → ``logistics``)."""
    from callcoach.eval.salescall_labels import QUESTION_TOPICS
    from callcoach.nlp.embeddings import default_embedder

    texts = list(dict.fromkeys(question_topic.model_text(q.sentence) for q in questions))
    with fold_model(model, embedding_coef):
        scores = question_topic.personal_probabilities(texts, default_embedder()).tolist()
    personal = dict(zip(texts, scores, strict=True))
    labels = []
    for q in questions:
        decision = question_topic.lexicon_topic(q.sentence) or question_topic.model_topic(
            personal[question_topic.model_text(q.sentence)], 0.5
        )
        labels.append(QUESTION_TOPICS.get(decision.label, decision.label))
    return labels


def sales_report(batches: Sequence[str]) -> None:
    """Per-batch topic accuracy: the shipped model against P4G train+dev alone."""
    from train_question_topic import rows as split_rows

    questions = sales_questions(batches)
    shipped = question_topic.load_model(question_topic.MODEL_NAME)
    models = {"shipped": (shipped, question_topic._embedding_coef()[None, :])}
    texts, labels = [], []
    for split in ("train", "dev"):
        split_texts, split_labels = split_rows(split)
        texts += split_texts
        labels += split_labels
    models["P4G train+dev only"] = fit(texts, labels, invented=False)
    for name, (model, coef) in models.items():
        right = [
            q.gold == p
            for q, p in zip(questions, sales_topics(questions, model, coef), strict=True)
        ]
        cells = []
        for batch in batches:
            hits = [r for q, r in zip(questions, right, strict=True) if q.batch == batch]
            cells.append(f"{batch} {sum(hits)}/{len(hits)}")
        print(
            f"{name}: {sum(right)}/{len(right)} = {sum(right) / max(len(right), 1):.3f}; "
            + ", ".join(cells)
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--strip-punct", action="store_true", help="lower-case, no punctuation")
    parser.add_argument("--limit", type=int, help="a deterministic sample of N conversations")
    parser.add_argument(
        "--p4g-only", action="store_true", help="train the folds without the invented rows"
    )
    parser.add_argument("--sales", help="comma-separated read batches: sales topic accuracy")
    parser.add_argument("--c", type=float, help="retrain the folds with this C")
    parser.add_argument(
        "--embedding-weight", type=float, help="retrain the folds with this embedding weight"
    )
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data
    import train_question_topic

    if args.c is not None:
        train_question_topic.C = args.c
    if args.embedding_weight is not None:
        train_question_topic.EMBEDDING_WEIGHT = args.embedding_weight
    if args.sales:
        sales_report([b for b in args.sales.split(",") if b])
        return 0
    scores = cross_validate(args.folds, args.strip_punct, args.limit, not args.p4g_only)
    dev = evaluate(CORPUS, "dev", "question_topic", args.strip_punct)["question_topic"]["f1"]
    text = "no punctuation" if args.strip_punct else "as written"
    print(
        f"{CORPUS} question_topic ({text}) {args.folds}-fold macro-F1, model retrained per "
        f"fold (C {train_question_topic.C}, embedding weight "
        f"{train_question_topic.EMBEDDING_WEIGHT}): mean {statistics.mean(scores):.3f} "
        f"sd {statistics.stdev(scores):.3f} "
        f"range [{min(scores):.3f}, {max(scores):.3f}]; dev (shipped model) {dev:.3f}"
    )
    print("per fold:", " ".join(f"{s:.3f}" for s in scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
