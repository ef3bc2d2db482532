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

``--follow-up-words 0,2,3`` (stop 41) runs the CV once per setting of the detector's
``follow_up_words`` (a short follow-up read after the last ``--context-words`` words before
it, the folds' models trained the same way) and prints each, plus the choice made on the
other folds' held-out scores; with ``--inner`` each fold's setting is chosen by a CV inside
its design folds instead (fully nested, slow); with ``--sales`` a model trained with each
setting scores the sales calls' topics. The option is off in the detector
(docs/evaluation/question_topic.md).

Usage: python scripts/cv_question_topic.py [--folds 5] [--data ../shared/data]
       [--strip-punct] [--limit N] [--p4g-only] [--sales BATCHES]
       [--c C] [--embedding-weight W]
       [--follow-up-words 0,2,3 [--context-words N] [--inner]]
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

import callcoach.detectors.question_topic as question_topic
from callcoach.eval.corpus import CorpusConversation, load_corpus
from callcoach.eval.crossval import CV_SPLITS, fold_of, labelled_texts, sample
from callcoach.eval.runner import evaluate, predictions
from callcoach.eval.scoring import point_scores
from callcoach.eval.tasks.question_topic import gold
from callcoach.model import Call, Finding
from callcoach.nlp.linear import LinearTextModel

CORPUS = "persuasionforgood_annotated"


def train_rows(
    conversations: Sequence[CorpusConversation], follow_up_words: int | None = None
) -> tuple[list[str], list[str]]:
    """Texts and business/personal labels of the inquiry rows (as the training script:
    a short row after the row before it, ``train_question_topic.with_context``)."""
    from train_question_topic import conversation_rows

    texts, labels = conversation_rows(conversations, follow_up_words)
    assert labels == labelled_texts(conversations, gold)[1]
    return texts, labels


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


def _params(follow_up_words: int) -> dict[str, int]:
    """The detector parameters a fold runs with: the setting and the training script's
    context length (``--context-words``)."""
    import train_question_topic

    return {"follow_up_words": follow_up_words, "follow_up_context": train_question_topic.CONTEXT}


def cross_validate(
    folds: int,
    strip_punct: bool,
    limit: int | None = None,
    invented: bool = True,
    follow_up_words: int | None = None,
) -> list[float]:
    """Held-out macro-F1 of each fold; with ``limit``, on that many conversations chosen
    by hash (``eval.crossval.sample``), training rows included. ``follow_up_words``
    (default: the shipped value) trains and runs every fold with that setting."""
    words = question_topic.FOLLOW_UP_WORDS if follow_up_words is None else follow_up_words
    conversations = sample([c for c in load_corpus(CORPUS, None) if c.split in CV_SPLITS], limit)
    scores = []
    for k in range(folds):
        design = [c for c in conversations if fold_of(c, folds) != k]
        held = [c for c in conversations if fold_of(c, folds) == k]
        with fold_model(*fit(*train_rows(design, words), invented=invented)):
            rows = predictions("question_topic", held, strip_punct, params=_params(words))
        scores.append(point_scores([p.gold for p in rows], [p.pred for p in rows], None)[2])
    return scores


def inner_nested(
    folds: int, strip_punct: bool, settings: Sequence[int], limit: int | None = None
) -> tuple[list[float], list[int]]:
    """Fully nested CV: each outer fold's setting is chosen by a (K−1)-fold CV inside the
    other folds (models retrained per inner fold; ties keep the first setting), then a
    model trained on all the other folds with it scores the outer fold."""
    conversations = sample([c for c in load_corpus(CORPUS, None) if c.split in CV_SPLITS], limit)
    scores, chosen = [], []
    for k in range(folds):
        design = [c for c in conversations if fold_of(c, folds) != k]
        inner: dict[int, float] = {}
        for words in settings:
            inner_scores = []
            for j in range(folds):
                if j == k:
                    continue
                train = [c for c in design if fold_of(c, folds) != j]
                test = [c for c in design if fold_of(c, folds) == j]
                with fold_model(*fit(*train_rows(train, words))):
                    rows = predictions("question_topic", test, strip_punct, params=_params(words))
                inner_scores.append(
                    point_scores([p.gold for p in rows], [p.pred for p in rows], None)[2]
                )
            inner[words] = statistics.mean(inner_scores)
        best = max(settings, key=lambda n: inner[n])
        held = [c for c in conversations if fold_of(c, folds) == k]
        with fold_model(*fit(*train_rows(design, best))):
            rows = predictions("question_topic", held, strip_punct, params=_params(best))
        chosen.append(best)
        scores.append(point_scores([p.gold for p in rows], [p.pred for p in rows], None)[2])
        print(
            f"outer fold {k}: inner "
            + " ".join(f"{n}:{v:.4f}" for n, v in inner.items())
            + f" -> {best}, held-out {scores[-1]:.3f}",
            flush=True,
        )
    return scores, chosen


def nested(grid: dict[int, list[float]]) -> tuple[list[float], list[int]]:
    """Each fold's score with the setting best on the other folds' held-out scores (ties
    keep the first, the shipped-before setting): the selection never sees the fold."""
    settings = list(grid)
    folds = len(grid[settings[0]])
    scores, chosen = [], []
    for k in range(folds):
        best = max(
            settings,
            key=lambda n: statistics.mean(s for j, s in enumerate(grid[n]) if j != k),
        )
        chosen.append(best)
        scores.append(grid[best][k])
    return scores, chosen


@dataclass(frozen=True)
class SalesQuestion:
    """A question of a read sales call that a gold question moment matched."""

    batch: str
    call: str
    sentence: str
    gold: str
    before: str = ""


def sales_questions(batches: Sequence[str]) -> list[SalesQuestion]:
    """The matched questions (with a gold topic) of the named read batches."""
    from callcoach.eval.lexicon_loco import READ_BATCHES, check_read_folder
    from callcoach.eval.salescalls import evaluate_call, load_gold, resolve_salescalls
    from callcoach.nlp.embeddings import default_embedder

    analysed: dict[str, Call] = {}

    def keep_call(gold_call: Any, analysis: Any) -> None:
        analysed[gold_call.id] = analysis.call

    out = []
    for batch in batches:
        folder = READ_BATCHES[batch]
        check_read_folder(folder)
        for gold_call in load_gold(resolve_salescalls(folder)):
            result = evaluate_call(
                gold_call, "question_topic", default_embedder(), analysis_hook=keep_call
            )
            call = analysed.get(gold_call.id)
            score = result.labels.get("question")
            for match in score.matches if score is not None else ():
                topic = match.gold.attrs.get("topic")
                finding = match.pred.source
                if topic and call is not None and isinstance(finding, Finding) and finding.evidence:
                    before = question_topic._text_before(call, finding)
                    out.append(
                        SalesQuestion(batch, gold_call.id, match.pred.quote, str(topic), before)
                    )
    return out


def sales_topics(
    questions: Sequence[SalesQuestion],
    model: LinearTextModel,
    embedding_coef: NDArray[np.float32],
    follow_up_words: int | None = None,
) -> list[str]:
    """The detector's topic of each question (lexicons, then this model), in the gold's
    names (``other`` → ``logistics``)."""
    from callcoach.eval.salescall_labels import QUESTION_TOPICS
    from callcoach.nlp.embeddings import default_embedder

    words = question_topic.FOLLOW_UP_WORDS if follow_up_words is None else follow_up_words
    import train_question_topic

    context = train_question_topic.CONTEXT
    inputs = [question_topic.model_input(q.sentence, q.before, words, context) for q in questions]
    texts = list(dict.fromkeys(inputs))
    with fold_model(model, embedding_coef):
        scores = question_topic.personal_probabilities(texts, default_embedder()).tolist()
    personal = dict(zip(texts, scores, strict=True))
    labels = []
    for q, text in zip(questions, inputs, strict=True):
        decision = question_topic.lexicon_topic(q.sentence) or question_topic.model_topic(
            personal[text], 0.5
        )
        labels.append(QUESTION_TOPICS.get(decision.label, decision.label))
    return labels


def sales_report(batches: Sequence[str], follow_up_grid: Sequence[int] = ()) -> None:
    """Per-batch topic accuracy: the shipped model against P4G train+dev alone, and (with
    ``follow_up_grid``) against models trained as the shipped one with each setting."""
    from train_question_topic import rows as split_rows

    questions = sales_questions(batches)
    shipped = question_topic.load_model(question_topic.MODEL_NAME)
    models: dict[str, tuple[LinearTextModel, NDArray[np.float32], int | None]] = {
        "shipped": (shipped, question_topic._embedding_coef()[None, :], None)
    }
    if follow_up_grid:
        for words in follow_up_grid:
            texts, labels = [], []
            for split in ("train", "dev"):
                split_texts, split_labels = split_rows(split, words)
                texts += split_texts
                labels += split_labels
            models[f"follow_up_words {words}"] = (*fit(texts, labels), words)
    else:
        texts, labels = [], []
        for split in ("train", "dev"):
            split_texts, split_labels = split_rows(split)
            texts += split_texts
            labels += split_labels
        models["P4G train+dev only"] = (*fit(texts, labels, invented=False), None)
    for name, (model, coef, words) in models.items():
        right = [
            q.gold == p
            for q, p in zip(questions, sales_topics(questions, model, coef, words), strict=True)
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
    parser.add_argument(
        "--context-words",
        type=int,
        help="read at most this many words before a follow-up (0: all; default: the detector's)",
    )
    parser.add_argument(
        "--inner",
        action="store_true",
        help="with --follow-up-words: choose each fold's setting by an inner CV (slow)",
    )
    parser.add_argument("--c", type=float, help="retrain the folds with this C")
    parser.add_argument(
        "--embedding-weight", type=float, help="retrain the folds with this embedding weight"
    )
    parser.add_argument(
        "--follow-up-words",
        help="comma-separated settings (e.g. 0,2,3,4): the CV of each and the nested choice; "
        "with --sales, a model trained with each",
    )
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data
    import train_question_topic

    if args.c is not None:
        train_question_topic.C = args.c
    if args.embedding_weight is not None:
        train_question_topic.EMBEDDING_WEIGHT = args.embedding_weight
    grid = [int(w) for w in args.follow_up_words.split(",")] if args.follow_up_words else []
    if args.context_words is not None:
        train_question_topic.CONTEXT = args.context_words
    if args.sales:
        sales_report([b for b in args.sales.split(",") if b], grid)
        return 0
    if grid and args.inner:
        scores, chosen = inner_nested(args.folds, args.strip_punct, grid, args.limit)
        print(
            f"fully nested: mean {statistics.mean(scores):.4f} sd {statistics.stdev(scores):.4f}"
            "; per fold "
            + " ".join(f"{s:.3f}" for s in scores)
            + "; chosen "
            + " ".join(str(c) for c in chosen)
        )
        return 0
    if grid:
        per_setting = {
            words: cross_validate(
                args.folds, args.strip_punct, args.limit, not args.p4g_only, words
            )
            for words in grid
        }
        for words, fold_scores in per_setting.items():
            print(
                f"follow_up_words {words}: mean {statistics.mean(fold_scores):.4f} "
                f"sd {statistics.stdev(fold_scores):.4f}; per fold "
                + " ".join(f"{s:.3f}" for s in fold_scores),
                flush=True,
            )
        scores, chosen = nested(per_setting)
        print(
            f"nested (each fold's setting chosen on the other folds): mean "
            f"{statistics.mean(scores):.4f} sd {statistics.stdev(scores):.4f}; per fold "
            + " ".join(f"{s:.3f}" for s in scores)
            + "; chosen "
            + " ".join(str(c) for c in chosen)
        )
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
